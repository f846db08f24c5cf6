// 小组: the groups on the left; on the right the chosen group's members, who can join (on a date)
// and leave (on a date). Former members stay listed with their period.
import { useMemo, useState } from 'react';
import { dateMessage, formatDateZh, isRealDate, normalizeDate, localIsoDate } from '../../../shared/domain/format';
import { DateInput } from '../../components/DateInput';
import type { Group, Membership } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useGroupMembers, usePeople, usePeoplePage } from '../../stores/people';
import { classOn, useRecords } from '../../stores/records';
import { undoDelete } from '../../stores/trash';
import {
  FormActions,
  FieldError,
  isInvalid,
  FormBanner,
  imeSafeEnter,
  Req,
  shortMessage,
  useFormKeys,
  useHotkey,
} from '../../components/records/form';
import { useDraft } from '../../components/records/useDraft';
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
  const people = useRecords((s) => s.people);
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher'), [people]);
  const init = { name: group?.name ?? '', description: group?.description ?? '', teacherId: group?.teacherId ?? '' };
  const { draft: held, set: setField, confirmDiscard, error, fail, formRef } = useDraft(init, 'name');
  const draft = held ?? init; // never null: the draft starts from `init`
  async function save() {
    const input = { name: draft.name, description: draft.description || null, teacherId: draft.teacherId || null };
    try {
      const g = await usePeople.getState().saveGroup(group?.id ?? null, input);
      useRecords.getState().showToast(`${t('common.saved')}：${g.name}`);
      onClose(g.id);
    } catch (e) {
      fail(e);
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
      ref={formRef}
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
            name="name"
            aria-required="true"
            placeholder={t('group.name.placeholder')}
            value={draft.name}
            onChange={(e) => setField('name', e.target.value)}
            onKeyDown={imeSafeEnter}
            aria-invalid={isInvalid(error, 'name')}
          />
          <FieldError error={error} field="name" />
        </label>
        <label>
          <span>{t('group.field.teacherId')}</span>
          <select name="teacherId" value={draft.teacherId} onChange={(e) => setField('teacherId', e.target.value)}>
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
            onChange={(e) => setField('description', e.target.value)}
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
  const { people, calendar, showToast } = useRecords();
  const set = usePeoplePage((s) => s.set);
  const members = useGroupMembers(group.id, group.memberCount);
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
      await fn(day);
    } catch (e) {
      setError(shortMessage((e as Error).message));
    }
  }
  async function toTrash() {
    try {
      await usePeople.getState().trashGroup(group.id);
      set({ groupId: null });
      showToast(t('records.deleted', { title: group.name }), () => undoDelete('group', group.id));
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
          onPick={(p) => void run((day) => usePeople.getState().join(group.id, [p.id], day))}
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
                  onClick={() => void run((day) => usePeople.getState().leave(group.id, m.personId, day))}
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
