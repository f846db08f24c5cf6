// A work: 作品名称, 类别, 学科, 组别, ordered authors (at most 3 students) or a 小组, ordered advisors.
// Below the form, the work's awards along its promotion path, and 登记获奖 for it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDateZh } from '../../../shared/domain/format';
import { STAGES } from '../../../shared/domain/vocab';
import type { Work, WorkInput } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { AttachZone, useAttachDrop } from '../gallery/AttachZone';
import { useApp } from '../../stores/app';
import { useRecords } from '../../stores/records';
import {
  Req,
  errorAfterEdit,
  FormActions,
  FieldError,
  isInvalid,
  FormBanner,
  focusField,
  imeSafeEnter,
  shortMessage,
  snapshotOf,
  toFormError,
  useFormKeys,
  useUnsavedGuard,
  type FormError,
} from '../../components/records/form';
import { OrderedPeople } from '../../components/records/pickers';
import type { useWorksData } from './WorksPage';

interface Draft {
  title: string;
  category: string;
  subject: string;
  stage: string;
  authorIds: string[];
  groupId: string;
  advisorIds: string[];
  summary: string;
}
const blank: Draft = {
  title: '',
  category: '',
  subject: '',
  stage: '小学',
  authorIds: [],
  groupId: '',
  advisorIds: [],
  summary: '',
};
const fromWork = (w: Work): Draft => ({
  title: w.title,
  category: w.category,
  subject: w.subject ?? '',
  stage: w.stage ?? '',
  authorIds: w.authorIds,
  groupId: w.groupId ?? '',
  advisorIds: w.advisorIds,
  summary: w.summary ?? '',
});
const toInput = (d: Draft): WorkInput => ({
  title: d.title,
  category: d.category,
  subject: d.subject || null,
  stage: (d.stage || null) as WorkInput['stage'],
  authorIds: d.authorIds,
  groupId: d.groupId || null,
  advisorIds: d.advisorIds,
  summary: d.summary || null,
});
const SHOWN = ['title', 'category', 'subject', 'stage', 'authorIds', 'groupId', 'advisorIds', 'summary'];

export function WorkForm({
  id,
  data,
  onClose,
  onAward,
}: {
  id: string | null;
  data: ReturnType<typeof useWorksData>;
  onClose(savedId?: string): void;
  onAward(workId: string, awardId: string | null): void;
}) {
  const t = useT();
  const client = useApp((s) => s.client);
  const { people, groups, showToast } = useRecords();
  const [categories, setCategories] = useState<string[]>([]);
  const [subjects, setSubjects] = useState<string[]>([]);
  const [draft, setDraft] = useState<Draft | null>(id ? null : blank);
  const [base, setBase] = useState(id ? '' : snapshotOf(blank));
  const [savedId, setSavedId] = useState<string | null>(id);
  const [error, setError] = useState<FormError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const students = useMemo(() => people.filter((p) => p.kind === 'student'), [people]);
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher'), [people]);

  useEffect(() => {
    if (!client) return;
    void client.call('vocab.list', { kind: 'category' }).then((c) => {
      setCategories(c);
      if (!id) {
        setDraft((d) => (d && !d.category ? { ...d, category: c[0] ?? '' } : d));
        setBase(snapshotOf({ ...blank, category: c[0] ?? '' }));
      }
    });
    void client.call('vocab.list', { kind: 'subject' }).then(setSubjects);
    if (id)
      void client
        .call('works.get', { id })
        .then((w) => {
          const d = fromWork(w);
          setDraft(d);
          setBase(snapshotOf(d));
        })
        .catch((e: Error) => setError({ message: e.message }));
  }, [client, id]);
  useEffect(() => {
    if (draft) formRef.current?.querySelector<HTMLInputElement>('input[name="title"]')?.focus();
  }, [draft === null]); // eslint-disable-line react-hooks/exhaustive-deps

  // Photos of the work dropped anywhere on a saved work are attached to it.
  const drop = useAttachDrop({ kind: 'work', id: savedId ?? '' });
  const dirty = !!draft && snapshotOf(draft) !== base;
  const confirmDiscard = useUnsavedGuard(dirty);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => (d ? { ...d, [k]: v } : d));
    setError((e) => errorAfterEdit(e, k, v));
  };

  async function save(): Promise<string | null> {
    if (!draft || !client) return null;
    try {
      const w = savedId
        ? await client.call('works.update', { id: savedId, patch: toInput(draft) })
        : await client.call('works.create', toInput(draft));
      setBase(snapshotOf(draft));
      setSavedId(w.id);
      setError(null);
      showToast(`${t('common.saved')}：《${w.title}》`);
      void data.reload();
      return w.id;
    } catch (e) {
      const err = toFormError(e);
      setError(err);
      setTimeout(() => focusField(formRef.current, err.field), 0);
      return null;
    }
  }
  const cancel = () => {
    if (confirmDiscard()) onClose();
  };
  const onKeyDown = useFormKeys(() => void save(), cancel);
  async function toTrash() {
    if (!savedId || !client) return;
    try {
      await client.call('trash.delete', { kind: 'work', id: savedId });
      showToast(
        t('records.deleted', { title: `《${draft?.title ?? ''}》` }),
        () => void client.call('trash.restore', { kind: 'work', id: savedId }),
      );
      setBase(snapshotOf(draft));
      onClose();
    } catch (e) {
      setError({ message: shortMessage((e as Error).message) });
    }
  }

  const workAwards = useMemo(
    () =>
      data.awards
        .filter((a) => a.workId && a.workId === savedId)
        .sort((a, b) => a.awardedOn.localeCompare(b.awardedOn)),
    [data.awards, savedId],
  );
  if (!draft) return <p className="muted">{error ? error.message : t('common.loading')}</p>;

  return (
    <div className={`work-detail attach-target${drop.over ? ' over' : ''}`} {...(savedId ? drop.props : {})}>
      <form
        ref={formRef}
        className="card form"
        aria-labelledby="work-form-title"
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save().then((wid) => {
            if (wid && !id) onClose(wid);
          });
        }}
      >
        <div className="form-head">
          <button type="button" onClick={cancel} title="Esc">
            ← {t('records.back')}
          </button>
          <h2 id="work-form-title">{savedId ? t('work.edit') : t('work.new')}</h2>
          <span className="muted small">{t('records.keys')}</span>
        </div>
        <div className="form-grid">
          <label className="wide">
            <span>
              {t('work.field.title')}
              <Req />
            </span>
            <input
              name="title"
              aria-required="true"
              value={draft.title}
              onChange={(e) => set('title', e.target.value)}
              onKeyDown={imeSafeEnter}
              aria-invalid={isInvalid(error, 'title')}
            />
            <FieldError error={error} field="title" />
          </label>
          <label>
            <span>
              {t('work.field.category')}
              <Req />
            </span>
            <select
              name="category"
              aria-required="true"
              value={draft.category}
              onChange={(e) => set('category', e.target.value)}
            >
              {draft.category && !categories.includes(draft.category) && <option>{draft.category}</option>}
              {categories.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
            <FieldError error={error} field="category" />
          </label>
          <label>
            <span>{t('work.field.subject')}</span>
            <select name="subject" value={draft.subject} onChange={(e) => set('subject', e.target.value)}>
              <option value="">—</option>
              {draft.subject && !subjects.includes(draft.subject) && <option>{draft.subject}</option>}
              {subjects.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('work.field.stage')}</span>
            <select name="stage" value={draft.stage} onChange={(e) => set('stage', e.target.value)}>
              <option value="">—</option>
              {STAGES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <div className="wide field-block">
            {/* A work needs its authors, or the 小组 whose work it is: marked while neither is given. */}
            <span className="field-label">
              {t('work.field.authorIds')}
              {!draft.groupId && <Req />}
            </span>
            <OrderedPeople
              label={t('work.field.authorIds')}
              field="authorIds"
              ids={draft.authorIds}
              candidates={students}
              max={3}
              fullMessage={t('work.authorsFull')}
              required={!draft.groupId}
              onChange={(v) => set('authorIds', v)}
            />
            <FieldError error={error} field="authorIds" />
          </div>
          <label>
            <span>{t('work.field.groupId')}</span>
            <select name="groupId" value={draft.groupId} onChange={(e) => set('groupId', e.target.value)}>
              <option value="">{t('records.none')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <div className="wide field-block">
            <span className="field-label">{t('work.field.advisorIds')}</span>
            <OrderedPeople
              label={t('work.field.advisorIds')}
              field="advisorIds"
              ids={draft.advisorIds}
              candidates={teachers}
              onChange={(v) => set('advisorIds', v)}
            />
            <FieldError error={error} field="advisorIds" />
          </div>
          <label className="wide">
            <span>{t('work.field.summary')}</span>
            <textarea name="summary" rows={3} value={draft.summary} onChange={(e) => set('summary', e.target.value)} />
            <FieldError error={error} field="summary" />
          </label>
        </div>
        <FormBanner error={error} shown={SHOWN} />
        <FormActions onCancel={cancel} onTrash={savedId ? () => void toTrash() : undefined} />
      </form>
      {savedId && (
        <section className="card">
          <AttachZone target={{ kind: 'work', id: savedId }} label={t('attach.workFiles')} drop={drop} />
        </section>
      )}
      {savedId && (
        <section className="card">
          <div className="form-head">
            <h2>{t('works.tab.awards')}</h2>
            <button
              type="button"
              className="primary"
              onClick={() => {
                if (!dirty || confirmDiscard()) onAward(savedId, null);
              }}
            >
              {t('award.new')}
            </button>
          </div>
          {workAwards.length === 0 ? (
            <p className="muted">{t('common.empty')}</p>
          ) : (
            <ol className="work-awards">
              {workAwards.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      if (!dirty || confirmDiscard()) onAward(savedId, a.id);
                    }}
                  >
                    <strong>
                      {a.level}
                      {a.grade}
                    </strong>{' '}
                    · {a.competitionName ?? ''}
                    {a.competitionSession ? `（${a.competitionSession}）` : ''} · {formatDateZh(a.awardedOn)}
                    {a.promotedFromId && (
                      <span className="muted">
                        {' '}
                        · {t('award.field.promotedFromId')}{' '}
                        {(() => {
                          const f = workAwards.find((x) => x.id === a.promotedFromId);
                          return f ? `${f.level}${f.grade}` : '';
                        })()}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
