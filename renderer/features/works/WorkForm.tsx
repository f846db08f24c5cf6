// A work: 作品名称, 类别, 学科, 组别, ordered authors (at most 3 students) or a 小组, ordered advisors.
// Below the form, the work's awards along its promotion path, and 登记获奖 for it.
import { useEffect, useMemo, useState } from 'react';
import { formatDateZh } from '../../../shared/domain/format';
import { STAGES } from '../../../shared/domain/vocab';
import type { Work, WorkInput } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { AttachZone, useAttachDrop } from '../gallery/AttachZone';
import { useApp } from '../../stores/app';
import { useRecords } from '../../stores/records';
import { useVocabList } from '../../stores/vocab';
import { useWorks } from '../../stores/works';
import {
  Req,
  FormActions,
  FieldError,
  isInvalid,
  FormBanner,
  imeSafeEnter,
  shortMessage,
  useFormKeys,
} from '../../components/records/form';
import { useDraft } from '../../components/records/useDraft';
import { OrderedPeople } from '../../components/records/pickers';

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
  onClose,
  onAward,
}: {
  id: string | null;
  onClose(savedId?: string): void;
  onAward(workId: string, awardId: string | null): void;
}) {
  const t = useT();
  const { people, groups, showToast } = useRecords();
  const works = useWorks((s) => s.works);
  const awards = useWorks((s) => s.awards);
  const loaded = useWorks((s) => s.loaded);
  const categories = useVocabList('category');
  const subjects = useVocabList('subject');
  // A new work starts in the first 类别 (set once the list is there, if it was not yet).
  const { draft, set, reset, markSaved, dirty, confirmDiscard, error, setError, fail, formRef } = useDraft<Draft>(
    id ? null : { ...blank, category: categories[0] ?? '' },
    'title',
  );
  const [savedId, setSavedId] = useState<string | null>(id);
  const students = useMemo(() => people.filter((p) => p.kind === 'student'), [people]);
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher'), [people]);

  const record = id ? works.find((w) => w.id === id) : undefined;
  useEffect(() => {
    // The work list may arrive after the form opened.
    if (record && !draft) reset(fromWork(record));
  }, [record, draft, reset]);
  useEffect(() => {
    if (savedId || !draft || draft.category || !categories[0]) return;
    // Untouched, the blank with its 类别 is what counts as unchanged.
    reset({ ...draft, category: categories[0] }, !dirty);
  }, [savedId, draft, dirty, categories, reset]);

  // Photos of the work dropped anywhere on a saved work are attached to it.
  const drop = useAttachDrop({ kind: 'work', id: savedId ?? '' });

  async function save(): Promise<string | null> {
    if (!draft) return null;
    const { createWork, updateWork } = useWorks.getState();
    try {
      const w = savedId ? await updateWork(savedId, toInput(draft)) : await createWork(toInput(draft));
      markSaved();
      setSavedId(w.id);
      setError(null);
      showToast(`${t('common.saved')}：《${w.title}》`);
      return w.id;
    } catch (e) {
      fail(e);
      return null;
    }
  }
  const cancel = () => {
    if (confirmDiscard()) onClose();
  };
  const onKeyDown = useFormKeys(() => void save(), cancel);
  async function toTrash() {
    if (!savedId) return;
    const { trash, restore } = useWorks.getState();
    try {
      await trash('work', savedId);
      showToast(t('records.deleted', { title: `《${draft?.title ?? ''}》` }), () =>
        restore('work', savedId).catch((e: Error) => useApp.getState().setError(shortMessage(e.message))),
      );
      markSaved();
      onClose();
    } catch (e) {
      setError({ message: shortMessage((e as Error).message) });
    }
  }

  const workAwards = useMemo(
    () => awards.filter((a) => a.workId && a.workId === savedId).sort((a, b) => a.awardedOn.localeCompare(b.awardedOn)),
    [awards, savedId],
  );
  if (!draft) return <p className="muted">{loaded && id && !record ? t('error.NOT_FOUND') : t('common.loading')}</p>;

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
