// 小组: the groups on the left; on the right the chosen group's members, who can join (on a date)
// and leave (on a date). Former members stay listed with their period.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { dateMessage, formatDateZh, isRealDate, normalizeDate, localIsoDate } from '../../../shared/domain/format';
import { DateInput } from '../../components/DateInput';
import type { Group, Membership } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { classOn, usePeoplePage, useRecords } from '../../stores/records';
import {
  FormActions,
  FieldError,
  isInvalid,
  FormBanner,
  imeSafeEnter,
  Req,
  shortMessage,
  snapshotOf,
  toFormError,
  useFormKeys,
  useHotkey,
  useUnsavedGuard,
  type FormError,
} from '../../components/records/form';
import { PersonSearch } from '../../components/records/pickers';

const today = () => localIsoDate(new Date());

export function GroupsTab() {
  const t = useT();
  const { groups, people } = useRecords();
  const { groupId, set } = usePeoplePage();
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const selected = groups.find((g) => g.id === groupId) ?? null;
  useHotkey('n', () => setEditing('new'), editing === null);
  return (
    <div className="split groups-split">
      <div className="list-box group-list">
        <div className="group-list-head">
          <button type="button" className="primary" title="Ctrl+N" onClick={() => setEditing('new')}>
            {t('group.new')}
          </button>
        </div>
        {groups.length === 0 && <p className="muted pad">{t('group.none')}</p>}
        <div role="list" aria-label={t('people.tab.groups')}>
          {groups.map((g) => (
            <div role="listitem" key={g.id}>
              <button
                type="button"
                className={`list-row group-row${g.id === groupId ? ' selected' : ''}`}
                aria-current={g.id === groupId ? 'true' : undefined}
                onClick={() => {
                  setEditing(null);
                  set({ groupId: g.id });
                }}
              >
                <span className="name">{g.name}</span>
                <span className="muted">{g.teacherId ? (byId.get(g.teacherId)?.name ?? '') : ''}</span>
                <span className="muted">{t('group.members', { n: g.memberCount })}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div className="card detail-card">
        {editing ? (
          <GroupForm
            group={editing === 'new' ? null : editing}
            onClose={(id) => {
              setEditing(null);
              if (id) set({ groupId: id });
            }}
          />
        ) : selected ? (
          <GroupPanel group={selected} onEdit={() => setEditing(selected)} />
        ) : (
          <p className="muted">{t('group.choose')}</p>
        )}
      </div>
    </div>
  );
}

function GroupForm({ group, onClose }: { group: Group | null; onClose(id?: string): void }) {
  const t = useT();
  const client = useApp((s) => s.client);
  const { people, load } = useRecords();
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher'), [people]);
  const init = { name: group?.name ?? '', description: group?.description ?? '', teacherId: group?.teacherId ?? '' };
  const [draft, setDraft] = useState(init);
  const [error, setError] = useState<FormError | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  const confirmDiscard = useUnsavedGuard(snapshotOf(draft) !== snapshotOf(init));
  async function save() {
    if (!client) return;
    const input = { name: draft.name, description: draft.description || null, teacherId: draft.teacherId || null };
    try {
      const g = group
        ? await client.call('records.updateGroup', { id: group.id, patch: input })
        : await client.call('groups.create', input);
      await load();
      useRecords.getState().showToast(`${t('common.saved')}：${g.name}`);
      onClose(g.id);
    } catch (e) {
      setError(toFormError(e));
    }
  }
  const onKeyDown = useFormKeys(
    () => void save(),
    () => {
      if (confirmDiscard()) onClose();
    },
  );
  return (
    <form
      className="form"
      aria-labelledby="group-form-title"
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="group-form-title">{group ? t('group.edit') : t('group.new')}</h2>
      <div className="form-grid two">
        <label>
          <span>
            {t('group.field.name')}
            <Req />
          </span>
          <input
            ref={first}
            name="name"
            aria-required="true"
            placeholder={t('group.name.placeholder')}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            onKeyDown={imeSafeEnter}
            aria-invalid={isInvalid(error, 'name')}
          />
          <FieldError error={error} field="name" />
        </label>
        <label>
          <span>{t('group.field.teacherId')}</span>
          <select
            name="teacherId"
            value={draft.teacherId}
            onChange={(e) => setDraft({ ...draft, teacherId: e.target.value })}
          >
            <option value="">—</option>
            {teachers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          <span>{t('group.field.description')}</span>
          <textarea
            name="description"
            rows={3}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
          <FieldError error={error} field="description" />
        </label>
      </div>
      <FormBanner error={error} shown={['name', 'description']} />
      <FormActions
        onCancel={() => {
          if (confirmDiscard()) onClose();
        }}
      />
    </form>
  );
}

function GroupPanel({ group, onEdit }: { group: Group; onEdit(): void }) {
  const t = useT();
  const client = useApp((s) => s.client);
  const { people, calendar, load, showToast } = useRecords();
  const set = usePeoplePage((s) => s.set);
  const [members, setMembers] = useState<Membership[]>([]);
  const [on, setOn] = useState(today());
  const [error, setError] = useState<string | null>(null);
  // The join / leave date: typed like every date in the app; an impossible day says so next to the
  // box (and nobody joins or leaves on it), the message going as soon as the date is right.
  const [dateError, setDateError] = useState<string | null>(null);
  const checkDate = (v: string) => {
    const n = normalizeDate(v);
    const m = n ? dateMessage(n) : t('group.dateRequired');
    setDateError(m);
    return m ? null : n;
  };
  const editDate = (v: string) => {
    setOn(v);
    if (dateError) checkDate(v);
  };
  const reload = useCallback(async () => {
    if (client) setMembers(await client.call('groups.members', { id: group.id }));
  }, [client, group.id]);
  useEffect(() => {
    void reload();
  }, [reload, group.memberCount]);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const current = members.filter((m) => !m.leftOn);
  const former = members.filter((m) => m.leftOn);
  const students = useMemo(() => people.filter((p) => p.kind === 'student' && !p.archivedAt), [people]);
  const currentIds = useMemo(() => new Set(current.map((m) => m.personId)), [current]);

  async function run(fn: (on: string) => Promise<Membership[]>) {
    const day = checkDate(on);
    if (!day) return;
    setError(null);
    try {
      setMembers(await fn(day));
      await load();
    } catch (e) {
      setError(shortMessage((e as Error).message));
    }
  }
  async function toTrash() {
    try {
      await client!.call('trash.delete', { kind: 'group', id: group.id });
      await load();
      set({ groupId: null });
      showToast(
        t('records.deleted', { title: group.name }),
        () => void client!.call('trash.restore', { kind: 'group', id: group.id }).then(load),
      );
    } catch (e) {
      setError(shortMessage((e as Error).message));
    }
  }
  const shownOn = isRealDate(normalizeDate(on)) ? normalizeDate(on) : today(); // classes as of a real day, even mid-typing
  const label = (id: string) => {
    const p = byId.get(id);
    return p ? classOn(p, shownOn, calendar) : '';
  };
  return (
    <div className="group-panel">
      <div className="detail-head">
        <h2>{group.name}</h2>
        <button type="button" onClick={onEdit}>
          {t('common.edit')}
        </button>
        <button type="button" className="danger-outline" onClick={() => void toTrash()}>
          {t('records.toTrash')}
        </button>
      </div>
      {group.description && <p className="muted">{group.description}</p>}
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      <div className="join-row">
        <label className="inline-field">
          <span>
            {t('group.joinOn')}/{t('group.leaveOn')}
            <Req />
          </span>
          <DateInput
            name="on"
            value={on}
            onChange={editDate}
            onBlur={(e) => {
              if (dateError || !isRealDate(normalizeDate(e.target.value))) checkDate(e.target.value);
            }}
            aria-required="true"
            aria-invalid={!!dateError}
            aria-describedby={dateError ? 'err-on' : undefined}
          />
        </label>
        <PersonSearch
          label={t('group.pick')}
          placeholder={t('group.pick')}
          candidates={students}
          exclude={currentIds}
          date={shownOn}
          onPick={(p) =>
            void run((day) => client!.call('groups.join', { groupId: group.id, personIds: [p.id], on: day }))
          }
        />
        {dateError && (
          <span className="field-error" role="alert" id="err-on">
            {dateError}
          </span>
        )}
      </div>
      <h3 className="section-title">{t('group.members', { n: current.length })}</h3>
      <table className="data-table members-table">
        <tbody>
          {current.map((m) => (
            <tr key={m.personId + m.joinedOn}>
              <td className="row-head">{m.name}</td>
              <td>{label(m.personId)}</td>
              <td>{t('group.since', { from: formatDateZh(m.joinedOn) })}</td>
              <td>
                <button
                  type="button"
                  className="small-btn"
                  onClick={() =>
                    void run((day) =>
                      client!.call('groups.leave', { groupId: group.id, personId: m.personId, on: day }),
                    )
                  }
                >
                  {t('group.leave')}
                  <span className="sr-only"> {m.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {former.length > 0 && (
        <>
          <h3 className="section-title">{t('group.formerMembers')}</h3>
          <table className="data-table members-table">
            <tbody>
              {former.map((m) => (
                <tr key={m.personId + m.joinedOn}>
                  <td className="row-head">{m.name}</td>
                  <td>{t('group.period', { from: formatDateZh(m.joinedOn), to: formatDateZh(m.leftOn!) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
