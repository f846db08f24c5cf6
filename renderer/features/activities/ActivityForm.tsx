// The activity form, for a new activity and for editing one. Ctrl+S saves, Esc cancels;
// Enter during IME composition never submits; a failed save keeps everything typed and puts
// the Chinese message next to the field. Changing a planned activity's dates here is a 改期 (kept).
import { useEffect, useMemo, useState } from 'react';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../shared/domain/vocab';
import type { Activity, ActivityInput } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useActivities } from '../../stores/activities';
import { useRecords } from '../../stores/records';
import { useVocabList } from '../../stores/vocab';
import { Req, FormActions, FieldError, FormBanner, imeSafeEnter, useFormKeys } from '../../components/records/form';
import { useDraft } from '../../components/records/useDraft';
import { OrderedPeople } from '../../components/records/pickers';
import { ParticipantPicker } from './ParticipantPicker';
import { TagInput } from './TagInput';
import { DateInput } from '../../components/DateInput';
import { normalizeDate, localIsoDate } from '../../../shared/domain/format';

interface Draft {
  title: string;
  type: string;
  status: ActivityStatus;
  startDate: string;
  endDate: string;
  location: string;
  groupId: string;
  teacherIds: string[];
  participantIds: string[];
  headCount: string;
  headCountNote: string;
  content: string;
  process: string;
  reflection: string;
  tags: string[];
}

const today = () => localIsoDate(new Date());
const emptyDraft = (date?: string): Draft => ({
  title: '',
  type: '',
  status: date && date > today() ? 'planned' : 'done',
  startDate: date ?? today(),
  endDate: '',
  location: '',
  groupId: '',
  teacherIds: [],
  participantIds: [],
  headCount: '',
  headCountNote: '',
  content: '',
  process: '',
  reflection: '',
  tags: [],
});
const fromActivity = (a: Activity): Draft => ({
  title: a.title,
  type: a.type,
  status: a.status,
  startDate: a.startDate,
  endDate: a.endDate ?? '',
  location: a.location ?? '',
  groupId: a.groupId ?? '',
  teacherIds: a.teacherIds,
  participantIds: a.participantIds,
  headCount: a.headCount == null ? '' : String(a.headCount),
  headCountNote: a.headCountNote ?? '',
  content: a.content ?? '',
  process: a.process ?? '',
  reflection: a.reflection ?? '',
  tags: a.tags,
});
export function toInput(d: Draft): ActivityInput {
  const n = d.headCount.trim() === '' ? null : Number(d.headCount);
  return {
    title: d.title,
    type: d.type,
    status: d.status,
    startDate: normalizeDate(d.startDate),
    endDate: normalizeDate(d.endDate) || null,
    location: d.location || null,
    groupId: d.groupId || null,
    teacherIds: d.teacherIds,
    participantIds: d.participantIds,
    headCount: n,
    headCountNote: n != null ? d.headCountNote || null : null,
    content: d.content || null,
    process: d.process || null,
    reflection: d.reflection || null,
    tags: d.tags,
  };
}
const SHOWN = [
  'title',
  'type',
  'status',
  'startDate',
  'endDate',
  'location',
  'groupId',
  'teacherIds',
  'participantIds',
  'headCount',
  'headCountNote',
  'content',
  'process',
  'reflection',
  'tags',
];

export function ActivityForm({ id, date, onClose }: { id?: string; date?: string; onClose(savedId?: string): void }) {
  const t = useT();
  const { create, update, fetchActivity } = useActivities();
  const { people, groups } = useRecords();
  const types = useVocabList('activityType');
  const { draft, set, reset, markSaved, dirty, confirmDiscard, error, setError, fail, formRef } = useDraft<Draft>(
    id ? null : emptyDraft(date),
    'title',
  );
  const [saving, setSaving] = useState(false);
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher' && !p.archivedAt), [people]);

  useEffect(() => {
    if (!id) return;
    let live = true;
    fetchActivity(id).then(
      (a) => live && reset(fromActivity(a)),
      (e: unknown) => live && setError({ message: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [id, fetchActivity, reset, setError]);
  // A new activity starts with the first 活动类型 (not an edit of hers: nothing unsaved yet).
  const noType = !id && !!draft && !draft.type && types.length > 0;
  useEffect(() => {
    if (noType && draft) reset({ ...draft, type: types[0] }, !dirty);
  }, [noType]); // eslint-disable-line react-hooks/exhaustive-deps

  async function save() {
    if (saving || !draft) return;
    setSaving(true);
    const input = toInput(draft);
    try {
      const saved = id ? await update(id, input) : await create(input);
      markSaved();
      useRecords.getState().showToast(`${t('common.saved')}：${saved.title}`);
      onClose(saved.id);
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  }
  function cancel() {
    if (confirmDiscard()) onClose();
  }
  const onKeyDown = useFormKeys(() => void save(), cancel);

  if (!draft) return <p className="muted">{error ? error.message : t('common.loading')}</p>;
  const title = id ? t('activity.edit') : t('activity.new');
  return (
    <form
      ref={formRef}
      className="card form activity-form"
      aria-labelledby="activity-form-title"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <div className="form-head">
        <h2 id="activity-form-title">{title}</h2>
        <span className="muted small">{t('records.keys')}</span>
      </div>
      <div className="form-grid">
        <label className="wide">
          <span>
            {t('activity.field.title')}
            <Req />
          </span>
          <input
            name="title"
            aria-required="true"
            value={draft.title}
            placeholder={t('activity.field.title.placeholder')}
            aria-invalid={error?.field === 'title'}
            onChange={(e) => set('title', e.target.value)}
            onKeyDown={imeSafeEnter}
          />
          <FieldError error={error} field="title" />
        </label>
        <label>
          <span>
            {t('activity.field.type')}
            <Req />
          </span>
          <select name="type" aria-required="true" value={draft.type} onChange={(e) => set('type', e.target.value)}>
            {!types.includes(draft.type) && draft.type && <option>{draft.type}</option>}
            {types.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
          <FieldError error={error} field="type" />
        </label>
        <label>
          <span>{t('activity.field.status')}</span>
          <select name="status" value={draft.status} onChange={(e) => set('status', e.target.value as ActivityStatus)}>
            {ACTIVITY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`activity.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('activity.field.location')}</span>
          <input
            name="location"
            value={draft.location}
            onChange={(e) => set('location', e.target.value)}
            onKeyDown={imeSafeEnter}
          />
          <FieldError error={error} field="location" />
        </label>
        <label>
          <span>
            {t('activity.field.startDate')}
            <Req />
          </span>
          <DateInput
            name="startDate"
            value={draft.startDate}
            onChange={(v) => set('startDate', v)}
            aria-invalid={error?.field === 'startDate'}
            aria-required="true"
          />
          <FieldError error={error} field="startDate" />
        </label>
        <label>
          <span>{t('activity.field.endDate')}</span>
          <DateInput
            name="endDate"
            value={draft.endDate}
            min={draft.startDate}
            onChange={(v) => set('endDate', v)}
            aria-invalid={error?.field === 'endDate'}
          />
          <FieldError error={error} field="endDate" />
        </label>
        <label>
          <span>{t('activity.field.group')}</span>
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
          <span className="field-label" id="teachers-label">
            {t('activity.field.teachers')}
          </span>
          <OrderedPeople
            label={t('activity.field.teachers')}
            field="teacherIds"
            ids={draft.teacherIds}
            candidates={teachers}
            onChange={(v) => set('teacherIds', v)}
          />
          <FieldError error={error} field="teacherIds" />
        </div>
        <fieldset className="wide participants">
          <legend>{t('activity.field.participants')}</legend>
          <div className="headcount-row">
            <label>
              <span>{t('activity.field.headCount')}</span>
              <input
                type="number"
                min={0}
                name="headCount"
                value={draft.headCount}
                onChange={(e) => set('headCount', e.target.value)}
                aria-invalid={error?.field === 'headCount'}
              />
              <FieldError error={error} field="headCount" />
            </label>
            <label>
              <span>{t('activity.field.headCountNote')}</span>
              <input
                name="headCountNote"
                value={draft.headCountNote}
                placeholder={t('activity.headCountNote.default')}
                onChange={(e) => set('headCountNote', e.target.value)}
                onKeyDown={imeSafeEnter}
              />
            </label>
            <span className="muted small">{t('activity.mode.headCount')}</span>
          </div>
          <ParticipantPicker
            date={draft.startDate}
            ids={draft.participantIds}
            onChange={(v) => set('participantIds', v)}
          />
          <FieldError error={error} field="participantIds" />
        </fieldset>
        <label className="wide">
          <span>{t('activity.field.content')}</span>
          <textarea name="content" rows={3} value={draft.content} onChange={(e) => set('content', e.target.value)} />
          <FieldError error={error} field="content" />
        </label>
        <label className="wide">
          <span>{t('activity.field.process')}</span>
          <textarea name="process" rows={4} value={draft.process} onChange={(e) => set('process', e.target.value)} />
          <FieldError error={error} field="process" />
        </label>
        <label className="wide">
          <span>{t('activity.field.reflection')}</span>
          <textarea
            name="reflection"
            rows={3}
            value={draft.reflection}
            onChange={(e) => set('reflection', e.target.value)}
          />
          <FieldError error={error} field="reflection" />
        </label>
        <div className="wide field-block">
          <span className="field-label">{t('activity.field.tags')}</span>
          <TagInput tags={draft.tags} onChange={(v) => set('tags', v)} label={t('activity.field.tags')} />
          <FieldError error={error} field="tags" />
        </div>
      </div>
      <FormBanner error={error} shown={SHOWN} />
      <FormActions onCancel={cancel} saving={saving} />
    </form>
  );
}
