// Adding or editing a student or a teacher. For a student the teacher picks the 年级 as it is in the
// chosen 学年 (or types the 入学年份); the archive stores the entry year so the grade moves on by itself.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  entryYearFromGrade,
  gradeLabelOf,
  gradeNames,
  gradeNumberOf,
  schoolYearLabel,
} from '../../../shared/domain/calendar';
import { GENDERS, STAGES, type Stage } from '../../../shared/domain/vocab';
import { STUDENT_FIELDS, TEACHER_FIELDS, type Person, type PersonInput } from '../../../shared/schemas';
import type { Duplicate } from '../../../shared/calls/people';
import { useT } from '../../i18n';
import { usePeople, usePeoplePage } from '../../stores/people';
import { classOn, currentSchoolYear, useRecords, yearStart } from '../../stores/records';
import {
  ConfirmDialog,
  Req,
  FormActions,
  FieldError,
  isInvalid,
  FormBanner,
  imeSafeEnter,
  useFormKeys,
} from '../../components/records/form';
import { useDraft } from '../../components/records/useDraft';

interface Draft {
  kind: 'student' | 'teacher';
  name: string;
  gender: string;
  stage: Stage;
  entryYear: string;
  classNo: string;
  studentNo: string;
  ethnicity: string;
  birthMonth: string;
  idNumber: string;
  guardianPhone: string;
  subject: string;
  title: string;
  phone: string;
  notes: string;
}
const blank = (kind: 'student' | 'teacher', entryYear: number): Draft => ({
  kind,
  name: '',
  gender: '',
  stage: '小学',
  entryYear: String(entryYear),
  classNo: '',
  studentNo: '',
  ethnicity: '',
  birthMonth: '',
  idNumber: '',
  guardianPhone: '',
  subject: '',
  title: '',
  phone: '',
  notes: '',
});
const fromPerson = (p: Person): Draft => ({
  kind: p.kind,
  name: p.name,
  gender: p.gender ?? '',
  stage: (p.stage ?? '小学') as Stage,
  entryYear: p.entryYear == null ? '' : String(p.entryYear),
  classNo: p.classNo == null ? '' : String(p.classNo),
  studentNo: p.studentNo ?? '',
  ethnicity: p.ethnicity ?? '',
  birthMonth: p.birthMonth ?? '',
  idNumber: p.idNumber ?? '',
  guardianPhone: p.guardianPhone ?? '',
  subject: p.subject ?? '',
  title: p.title ?? '',
  phone: p.phone ?? '',
  notes: p.notes ?? '',
});
const orNull = (s: string) => (s.trim() ? s.trim() : null);
function toInput(d: Draft): PersonInput {
  if (d.kind === 'teacher') {
    return {
      kind: 'teacher',
      name: d.name,
      gender: orNull(d.gender) as '男' | '女' | null,
      subject: orNull(d.subject),
      title: orNull(d.title),
      phone: orNull(d.phone),
      notes: orNull(d.notes),
    };
  }
  return {
    kind: 'student',
    name: d.name,
    gender: orNull(d.gender) as '男' | '女' | null,
    stage: d.stage,
    entryYear: d.entryYear.trim() === '' ? Number.NaN : Number(d.entryYear),
    classNo: d.classNo.trim() === '' ? null : Number(d.classNo),
    studentNo: orNull(d.studentNo),
    ethnicity: orNull(d.ethnicity),
    birthMonth: orNull(d.birthMonth),
    idNumber: orNull(d.idNumber),
    guardianPhone: orNull(d.guardianPhone),
    notes: orNull(d.notes),
  };
}
const SHOWN = ['name', ...new Set([...STUDENT_FIELDS, ...TEACHER_FIELDS])];

export function PersonForm({
  id,
  kind,
  onClose,
}: {
  id?: string;
  kind?: 'student' | 'teacher';
  onClose(savedId?: string): void;
}) {
  const t = useT();
  const { calendar, showToast } = useRecords();
  const schoolYear = usePeoplePage((s) => s.schoolYear) ?? currentSchoolYear(calendar);
  const asOf = yearStart(schoolYear, calendar);
  const initial = useMemo(() => blank(kind ?? 'student', schoolYear), [kind, schoolYear]);
  const { draft, set, reset, markSaved, confirmDiscard, error, setError, fail, formRef } = useDraft<Draft>(
    id ? null : initial,
    'name',
  );
  const [saving, setSaving] = useState(false);
  // The person as the archive holds them: an edit asks about namesakes only when it changes who they are.
  const loaded = useRef<Draft | null>(null);

  useEffect(() => {
    if (!id) return;
    usePeople
      .getState()
      .getPerson(id)
      .then((p) => {
        const d = fromPerson(p);
        loaded.current = d;
        reset(d);
      })
      .catch((e: Error) => setError({ message: e.message }));
  }, [id, reset, setError]);

  const [dups, setDups] = useState<Duplicate[] | null>(null);
  async function save(anyway = false) {
    if (saving || !draft) return;
    setSaving(true);
    try {
      const input = toInput(draft);
      // A second 邓佳 in 一年级(1)班 is almost always the same child typed twice: ask first — when adding,
      // and when an edit moves someone onto a name+class or 学号 that another record has (an edit of
      // anything else never asks again about a namesake the teacher already kept).
      const was = id ? loaded.current : null;
      const identityChanged =
        !was || (['name', 'entryYear', 'classNo', 'studentNo'] as const).some((k) => was[k].trim() !== draft[k].trim());
      if (identityChanged && !anyway && input.name.trim()) {
        const found = await usePeople.getState().duplicates({
          kind: input.kind,
          name: input.name,
          ...(id ? { excludeId: id } : {}),
          ...(input.kind === 'student'
            ? {
                entryYear: Number.isFinite(input.entryYear) ? input.entryYear : null,
                classNo: input.classNo ?? null,
                studentNo: input.studentNo ?? null,
              }
            : {}),
        });
        if (found.length) {
          setDups(found);
          return;
        }
      }
      setDups(null);
      const p = await usePeople.getState().savePerson(id, input);
      markSaved();
      showToast(
        `${t('common.saved')}：${p.name}（${p.kind === 'student' ? `${schoolYearLabel(schoolYear)} ${classOn(p, asOf, calendar)}` : p.classLabel}）`,
      );
      onClose(p.id);
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  }
  const cancel = () => {
    if (confirmDiscard()) onClose();
  };
  const openExisting = (pid: string) => {
    markSaved();
    setDups(null);
    usePeoplePage.getState().set({ pane: { mode: 'record', id: pid } });
  };
  const onKeyDown = useFormKeys(() => void save(), cancel);
  if (!draft) return <p className="muted">{error ? error.message : t('common.loading')}</p>;

  const isStudent = draft.kind === 'student';
  const entry = Number(draft.entryYear);
  const gradeNo = Number.isFinite(entry) && draft.entryYear ? gradeNumberOf(entry, asOf, calendar) : 0;
  const names = gradeNames(draft.stage);
  const gradeValue = gradeNo >= 1 && gradeNo <= names.length ? names[gradeNo - 1] : '';
  const gradeNow = Number.isFinite(entry) && draft.entryYear ? gradeLabelOf(draft.stage, entry, asOf, calendar) : '';
  const title = id
    ? t(isStudent ? 'people.editStudent' : 'people.editTeacher')
    : t(isStudent ? 'people.newStudent' : 'people.newTeacher');

  return (
    <>
      <form
        ref={formRef}
        className="card form person-form"
        aria-labelledby="person-form-title"
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-head">
          <h2 id="person-form-title">{title}</h2>
          <span className="muted small">{t('records.keys')}</span>
        </div>
        <div className="form-grid">
          <label>
            <span>
              {t('person.field.name')}
              <Req />
            </span>
            <input
              name="name"
              aria-required="true"
              value={draft.name}
              onChange={(e) => set('name', e.target.value)}
              onKeyDown={imeSafeEnter}
              aria-invalid={isInvalid(error, 'name')}
              autoComplete="off"
            />
            <FieldError error={error} field="name" />
          </label>
          <label>
            <span>{t('person.field.gender')}</span>
            <select name="gender" value={draft.gender} onChange={(e) => set('gender', e.target.value)}>
              <option value="">—</option>
              {GENDERS.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </select>
          </label>
          {isStudent ? (
            <>
              <label>
                <span>{t('person.field.stage')}</span>
                <select name="stage" value={draft.stage} onChange={(e) => set('stage', e.target.value as Stage)}>
                  {STAGES.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
              <label>
                <span>
                  {t('people.grade')}（{schoolYearLabel(schoolYear)}）
                </span>
                <select
                  name="grade"
                  value={gradeValue}
                  onChange={(e) => {
                    const y = entryYearFromGrade(draft.stage, e.target.value, asOf, calendar);
                    if (y) set('entryYear', String(y));
                  }}
                >
                  {!gradeValue && <option value="">{gradeNow || '—'}</option>}
                  {names.map((g) => (
                    <option key={g}>{g}</option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('person.field.classNo')}</span>
                <input
                  type="number"
                  min={1}
                  max={50}
                  name="classNo"
                  value={draft.classNo}
                  onChange={(e) => set('classNo', e.target.value)}
                  aria-invalid={isInvalid(error, 'classNo')}
                />
                <FieldError error={error} field="classNo" />
              </label>
              <label>
                <span>
                  {t('person.field.entryYear')}
                  <Req />
                </span>
                <input
                  type="number"
                  min={1990}
                  max={2100}
                  name="entryYear"
                  aria-required="true"
                  value={draft.entryYear}
                  onChange={(e) => set('entryYear', e.target.value)}
                  aria-invalid={isInvalid(error, 'entryYear')}
                  aria-describedby="entry-hint"
                />
                <span id="entry-hint" className="muted small">
                  {gradeNow ? t('person.entryHint', { year: schoolYearLabel(schoolYear), grade: gradeNow }) : ''}
                </span>
                <FieldError error={error} field="entryYear" />
              </label>
              <label>
                <span>{t('person.field.studentNo')}</span>
                <input
                  name="studentNo"
                  value={draft.studentNo}
                  onChange={(e) => set('studentNo', e.target.value)}
                  onKeyDown={imeSafeEnter}
                />
                <FieldError error={error} field="studentNo" />
              </label>
            </>
          ) : (
            <>
              <label>
                <span>{t('person.field.subject')}</span>
                <input
                  name="subject"
                  value={draft.subject}
                  onChange={(e) => set('subject', e.target.value)}
                  onKeyDown={imeSafeEnter}
                />
                <FieldError error={error} field="subject" />
              </label>
              <label>
                <span>{t('person.field.title')}</span>
                <input
                  name="title"
                  value={draft.title}
                  onChange={(e) => set('title', e.target.value)}
                  onKeyDown={imeSafeEnter}
                />
              </label>
              <label>
                <span>{t('person.field.phone')}</span>
                <input
                  name="phone"
                  type="tel"
                  placeholder={t('person.phone.placeholder')}
                  value={draft.phone}
                  onChange={(e) => set('phone', e.target.value)}
                  onKeyDown={imeSafeEnter}
                  aria-invalid={isInvalid(error, 'phone')}
                />
                <FieldError error={error} field="phone" />
              </label>
            </>
          )}
          <label className="wide">
            <span>{t('person.field.notes')}</span>
            <textarea name="notes" rows={2} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
            <FieldError error={error} field="notes" />
          </label>
          {isStudent && (
            <fieldset className="wide sensitive">
              <legend>{t('people.sensitive')}</legend>
              <div className="form-grid">
                <label>
                  <span>{t('person.field.ethnicity')}</span>
                  <input
                    name="ethnicity"
                    value={draft.ethnicity}
                    onChange={(e) => set('ethnicity', e.target.value)}
                    onKeyDown={imeSafeEnter}
                  />
                </label>
                <label>
                  <span>{t('person.field.birthMonth')}</span>
                  <input
                    type="month"
                    name="birthMonth"
                    value={draft.birthMonth}
                    onChange={(e) => set('birthMonth', e.target.value)}
                  />
                  <FieldError error={error} field="birthMonth" />
                </label>
                <label>
                  <span>{t('person.field.idNumber')}</span>
                  <input
                    name="idNumber"
                    value={draft.idNumber}
                    placeholder={t('person.idNumber.placeholder')}
                    autoComplete="off"
                    maxLength={30}
                    onChange={(e) => set('idNumber', e.target.value)}
                    aria-invalid={isInvalid(error, 'idNumber')}
                  />
                  <FieldError error={error} field="idNumber" />
                </label>
                <label>
                  <span>{t('person.field.guardianPhone')}</span>
                  <input
                    name="guardianPhone"
                    type="tel"
                    placeholder={t('person.phone.placeholder')}
                    value={draft.guardianPhone}
                    onChange={(e) => set('guardianPhone', e.target.value)}
                    aria-invalid={isInvalid(error, 'guardianPhone')}
                  />
                  <FieldError error={error} field="guardianPhone" />
                </label>
              </div>
            </fieldset>
          )}
        </div>
        <FormBanner error={error} shown={SHOWN} />
        <FormActions onCancel={cancel} saving={saving} />
      </form>
      {dups && (
        <ConfirmDialog
          title={t('people.dup.title', { name: draft.name.trim() })}
          confirmLabel={t(id ? 'people.dup.saveAnyway' : 'people.dup.anyway')}
          body={
            <>
              <p>{t(id ? 'people.dup.bodyEdit' : 'people.dup.body')}</p>
              <ul className="dup-list">
                {dups.map((d) => (
                  <li key={d.id}>
                    <button type="button" className="link-btn" onClick={() => openExisting(d.id)}>
                      {d.name}
                    </button>
                    {'　'}
                    {d.kind === 'student' ? classOn(d, asOf, calendar) : d.classLabel}
                    {d.studentNo ? `　${t('person.field.studentNo')} ${d.studentNo}` : ''}
                    <span className="muted small">
                      （{t(`people.dup.${d.reason}`)}
                      {d.archivedAt ? `，${t('people.archived')}` : ''}）
                    </span>
                  </li>
                ))}
              </ul>
            </>
          }
          extra={
            <button type="button" onClick={() => openExisting(dups[0].id)}>
              {t('people.dup.open')}
            </button>
          }
          onConfirm={() => {
            setDups(null);
            void save(true);
          }}
          onCancel={() => setDups(null)}
        />
      )}
    </>
  );
}
