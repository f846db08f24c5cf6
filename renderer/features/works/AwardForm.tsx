// An award: the competition (name, 届次, 年度, 级别 — pick one or add it here), who won (a work,
// a person or the school), 级别 and 等级 (the teacher may add a word of their own), 证书编号, date,
// 晋级自 (the same work's award one level down), and the slot for the certificate scan.
import { useEffect, useMemo, useState } from 'react';
import { formatDateZh, normalizeDate, localIsoDate } from '../../../shared/domain/format';
import { DateInput } from '../../components/DateInput';
import { AWARD_LEVELS, rankOf } from '../../../shared/domain/vocab';
import type { Award, AwardInput } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { AttachZone, useAttachDrop } from '../gallery/AttachZone';
import { useApp } from '../../stores/app';
import { useRecords } from '../../stores/records';
import { useVocab, useVocabList } from '../../stores/vocab';
import { useCompetitions, useWorks } from '../../stores/works';
import {
  Req,
  FormActions,
  FieldError,
  isInvalid,
  FormBanner,
  imeSafeEnter,
  shortMessage,
  toFormError,
  useFormKeys,
} from '../../components/records/form';
import { useDraft } from '../../components/records/useDraft';
import { PersonSearch } from '../../components/records/pickers';
import { chainOf, promotionIndex } from './awardChain';

const NEW = '__new';
const OTHER = '__other';
interface Draft {
  competitionId: string;
  compName: string;
  compSession: string;
  compYear: string;
  compLevel: string;
  compOrganizer: string;
  recipientKind: 'work' | 'person' | 'school';
  workId: string;
  personId: string;
  level: string;
  grade: string;
  category: string;
  certificateNo: string;
  awardedOn: string;
  promotedFromId: string;
  notes: string;
}
const today = () => localIsoDate(new Date());
const blank = (workId?: string): Draft => ({
  competitionId: '',
  compName: '',
  compSession: '',
  compYear: String(new Date().getFullYear()),
  compLevel: '县级',
  compOrganizer: '',
  recipientKind: 'work',
  workId: workId ?? '',
  personId: '',
  level: '县级',
  grade: '一等奖',
  category: '',
  certificateNo: '',
  awardedOn: today(),
  promotedFromId: '',
  notes: '',
});
const fromAward = (a: Award): Draft => ({
  ...blank(),
  competitionId: a.competitionId ?? '',
  recipientKind: a.recipientKind,
  workId: a.workId ?? '',
  personId: a.personId ?? '',
  level: a.level,
  grade: a.grade,
  category: a.category ?? '',
  certificateNo: a.certificateNo ?? '',
  awardedOn: a.awardedOn,
  promotedFromId: a.promotedFromId ?? '',
  notes: a.notes ?? '',
});
const SHOWN = [
  'competitionId',
  'name',
  'session',
  'year',
  'recipientKind',
  'workId',
  'personId',
  'level',
  'grade',
  'category',
  'certificateNo',
  'awardedOn',
  'promotedFromId',
  'notes',
];

export function AwardForm({
  id,
  workId,
  onClose,
}: {
  id: string | null;
  workId?: string;
  onClose(savedId?: string): void;
}) {
  const t = useT();
  const { people, showToast } = useRecords();
  const works = useWorks((s) => s.works);
  const awards = useWorks((s) => s.awards);
  const loaded = useWorks((s) => s.loaded);
  const competitions = useCompetitions();
  const levelList = useVocabList('level');
  const levels: readonly string[] = levelList.length ? levelList : AWARD_LEVELS;
  const grades = useVocabList('grade');
  const [newGrade, setNewGrade] = useState<string | null>(null);
  const {
    draft,
    patch: set,
    reset,
    markSaved,
    confirmDiscard,
    error,
    setError,
    fail,
    formRef,
  } = useDraft<Draft>(id ? null : blank(workId), 'competitionId');

  const record = id ? awards.find((x) => x.id === id) : undefined;
  useEffect(() => {
    // The award list may arrive after the form opened.
    if (record && !draft) reset(fromAward(record));
  }, [record, draft, reset]);

  // A certificate scan dropped anywhere on a saved award is attached to it.
  const drop = useAttachDrop({ kind: 'award', id: id ?? '' });
  const { byId, children } = useMemo(() => promotionIndex(awards), [awards]);
  const person = draft?.personId ? people.find((p) => p.id === draft.personId) : undefined;

  async function save() {
    if (!draft) return;
    const store = useWorks.getState();
    try {
      let competitionId = draft.competitionId === NEW ? '' : draft.competitionId;
      if (draft.competitionId === NEW) {
        const c = await store.createCompetition({
          name: draft.compName,
          session: draft.compSession || null,
          year: draft.compYear ? Number(draft.compYear) : null,
          level: draft.compLevel,
          organizer: draft.compOrganizer || null,
        });
        // Kept even if the award below fails, so a second try does not add the competition twice.
        competitionId = c.id;
        set({ competitionId: c.id });
      }
      const input: AwardInput = {
        competitionId: competitionId || null,
        recipientKind: draft.recipientKind,
        workId: draft.recipientKind === 'work' ? draft.workId || null : null,
        personId: draft.recipientKind === 'person' ? draft.personId || null : null,
        level: draft.level,
        grade: draft.grade,
        category: draft.category || null,
        certificateNo: draft.certificateNo || null,
        awardedOn: normalizeDate(draft.awardedOn),
        promotedFromId: draft.recipientKind === 'work' ? draft.promotedFromId || null : null,
        notes: draft.notes || null,
      };
      const a = id ? await store.updateAward(id, input) : await store.createAward(input);
      markSaved();
      showToast(`${t('common.saved')}：${a.level}${a.grade}`);
      onClose(a.id);
    } catch (e) {
      fail(e);
    }
  }
  const cancel = () => {
    if (confirmDiscard()) onClose();
  };
  const onKeyDown = useFormKeys(() => void save(), cancel);
  async function addGrade() {
    const label = newGrade?.trim();
    if (!label) return;
    try {
      await useVocab.getState().add('grade', label);
      set({ grade: label });
      setNewGrade(null);
    } catch (e) {
      setError(toFormError(e));
    }
  }
  async function toTrash() {
    if (!id) return;
    const { trash, restore } = useWorks.getState();
    try {
      await trash('award', id);
      showToast(t('records.deleted', { title: `${draft?.level}${draft?.grade}` }), () =>
        restore('award', id).catch((e: Error) => useApp.getState().setError(shortMessage(e.message))),
      );
      markSaved();
      onClose();
    } catch (e) {
      setError({ message: shortMessage((e as Error).message) });
    }
  }
  if (!draft) return <p className="muted">{loaded && id && !record ? t('error.NOT_FOUND') : t('common.loading')}</p>;

  const sameWork = awards.filter((a) => a.workId && a.workId === draft.workId && a.id !== id);
  const current = id ? byId.get(id) : undefined;
  const chain = current ? chainOf(current, byId, children) : [];
  const comp = competitions.find((c) => c.id === draft.competitionId);
  const e = (f: string) => <FieldError error={error} field={f} />;

  return (
    <form
      ref={formRef}
      className={`card form award-form attach-target${drop.over ? ' over' : ''}`}
      {...(id ? drop.props : {})}
      aria-labelledby="award-form-title"
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <div className="form-head">
        <button type="button" onClick={cancel} title="Esc">
          ← {t('records.back')}
        </button>
        <h2 id="award-form-title">{id ? t('award.edit') : t('award.new')}</h2>
        <span className="muted small">{t('records.keys')}</span>
      </div>
      <div className="form-grid">
        <label className="wide">
          <span>{t('award.field.competitionId')}</span>
          <select
            name="competitionId"
            value={draft.competitionId}
            onChange={(ev) => {
              const c = competitions.find((x) => x.id === ev.target.value);
              set({ competitionId: ev.target.value, ...(c ? { level: c.level } : {}) });
            }}
          >
            <option value="">—</option>
            {competitions.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.session ? ` ${c.session}` : ''}
                {c.year ? `（${t('records.year', { y: c.year })}）` : ''} · {c.level}
              </option>
            ))}
            <option value={NEW}>{t('award.newCompetition')}</option>
          </select>
          {e('competitionId')}
        </label>
        {draft.competitionId === NEW && (
          <fieldset className="wide new-competition">
            <legend>{t('award.newCompetition')}</legend>
            <div className="form-grid">
              <label className="wide">
                <span>
                  {t('competition.field.name')}
                  <Req />
                </span>
                <input
                  name="compName"
                  data-field="name"
                  aria-required="true"
                  placeholder={t('competition.name.placeholder')}
                  value={draft.compName}
                  onChange={(ev) => set({ compName: ev.target.value })}
                  onKeyDown={imeSafeEnter}
                  aria-invalid={isInvalid(error, 'name')}
                />
                {e('name')}
              </label>
              <label>
                <span>{t('competition.field.session')}</span>
                <input
                  name="compSession"
                  value={draft.compSession}
                  placeholder={t('competition.session.placeholder')}
                  onChange={(ev) => set({ compSession: ev.target.value })}
                  onKeyDown={imeSafeEnter}
                />
                {e('session')}
              </label>
              <label>
                <span>{t('competition.field.year')}</span>
                <input
                  type="number"
                  name="compYear"
                  value={draft.compYear}
                  onChange={(ev) => set({ compYear: ev.target.value })}
                />
                {e('year')}
              </label>
              <label>
                <span>
                  {t('competition.field.level')}
                  <Req />
                </span>
                <select
                  name="compLevel"
                  aria-required="true"
                  value={draft.compLevel}
                  onChange={(ev) => set({ compLevel: ev.target.value, level: ev.target.value })}
                >
                  {levels.map((l) => (
                    <option key={l}>{l}</option>
                  ))}
                </select>
              </label>
              <label className="wide">
                <span>{t('competition.field.organizer')}</span>
                <input
                  name="compOrganizer"
                  value={draft.compOrganizer}
                  onChange={(ev) => set({ compOrganizer: ev.target.value })}
                  onKeyDown={imeSafeEnter}
                />
              </label>
            </div>
          </fieldset>
        )}
        <fieldset className="wide recipient" data-field="recipientKind">
          <legend>{t('award.field.recipientKind')}</legend>
          {(['work', 'person', 'school'] as const).map((k) => (
            <label key={k} className="inline-field">
              <input
                type="radio"
                name="recipientKind"
                checked={draft.recipientKind === k}
                onChange={() => set({ recipientKind: k })}
              />{' '}
              {t(`award.recipient.${k}`)}
            </label>
          ))}
        </fieldset>
        {draft.recipientKind === 'work' && (
          <label className="wide">
            <span>
              {t('award.field.workId')}
              <Req />
            </span>
            <select
              name="workId"
              aria-required="true"
              value={draft.workId}
              onChange={(ev) => set({ workId: ev.target.value, promotedFromId: '' })}
              aria-invalid={isInvalid(error, 'workId')}
            >
              <option value="">—</option>
              {works.map((w) => (
                <option key={w.id} value={w.id}>
                  《{w.title}》 {w.authorNames.join('、')}
                </option>
              ))}
            </select>
            {e('workId')}
          </label>
        )}
        {draft.recipientKind === 'person' && (
          <div className="wide field-block" data-field="personId">
            <span className="field-label">
              {t('award.field.personId')}
              <Req />
              {person ? `：${person.name}（${person.classLabel}）` : ''}
            </span>
            <PersonSearch
              label={t('award.field.personId')}
              placeholder={t('records.searchPlaceholder')}
              candidates={people}
              required={!draft.personId}
              onPick={(p) => set({ personId: p.id })}
            />
            {e('personId')}
          </div>
        )}
        <label>
          <span>
            {t('award.field.level')}
            <Req />
          </span>
          <select
            name="level"
            aria-required="true"
            value={draft.level}
            onChange={(ev) => set({ level: ev.target.value })}
          >
            {!levels.includes(draft.level) && <option>{draft.level}</option>}
            {levels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          {comp && comp.level !== draft.level && (
            <span className="muted small">
              {t('competition.field.level')}：{comp.level}
            </span>
          )}
          {e('level')}
        </label>
        <label>
          <span>
            {t('award.field.grade')}
            <Req />
          </span>
          <select
            name="grade"
            aria-required="true"
            value={newGrade !== null ? OTHER : draft.grade}
            onChange={(ev) => {
              if (ev.target.value === OTHER) setNewGrade('');
              else {
                setNewGrade(null);
                set({ grade: ev.target.value });
              }
            }}
          >
            {!grades.includes(draft.grade) && <option>{draft.grade}</option>}
            {grades.map((g) => (
              <option key={g}>{g}</option>
            ))}
            <option value={OTHER}>{t('award.newGrade')}</option>
          </select>
          {e('grade')}
        </label>
        {newGrade !== null && (
          <div className="field-block new-grade">
            <label>
              <span>{t('award.newGrade.prompt')}</span>
              <input
                name="newGrade"
                value={newGrade}
                autoFocus
                onChange={(ev) => setNewGrade(ev.target.value)}
                onKeyDown={(ev) => {
                  if (ev.key === 'Enter' && !ev.nativeEvent.isComposing && ev.keyCode !== 229) {
                    ev.preventDefault();
                    void addGrade();
                  }
                }}
              />
            </label>
            <button type="button" onClick={() => void addGrade()}>
              {t('records.add')}
            </button>
          </div>
        )}
        <label>
          <span>
            {t('award.field.awardedOn')}
            <Req />
          </span>
          <DateInput
            name="awardedOn"
            value={draft.awardedOn}
            onChange={(v) => set({ awardedOn: v })}
            aria-invalid={isInvalid(error, 'awardedOn')}
            aria-required="true"
          />
          {e('awardedOn')}
        </label>
        <label>
          <span>{t('award.field.certificateNo')}</span>
          <input
            name="certificateNo"
            value={draft.certificateNo}
            onChange={(ev) => set({ certificateNo: ev.target.value })}
            onKeyDown={imeSafeEnter}
          />
          {e('certificateNo')}
        </label>
        <label>
          <span>{t('award.field.category')}</span>
          <input
            name="category"
            value={draft.category}
            onChange={(ev) => set({ category: ev.target.value })}
            onKeyDown={imeSafeEnter}
          />
        </label>
        {draft.recipientKind === 'work' && (
          <label>
            <span>{t('award.field.promotedFromId')}</span>
            <select
              name="promotedFromId"
              value={draft.promotedFromId}
              onChange={(ev) => set({ promotedFromId: ev.target.value })}
            >
              <option value="">{t('records.none')}</option>
              {sameWork
                .sort((a, b) => rankOf(AWARD_LEVELS, b.level) - rankOf(AWARD_LEVELS, a.level))
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.level}
                    {a.grade}（{formatDateZh(a.awardedOn)}）
                  </option>
                ))}
            </select>
            {e('promotedFromId')}
          </label>
        )}
        <label className="wide">
          <span>{t('award.field.notes')}</span>
          <textarea name="notes" rows={2} value={draft.notes} onChange={(ev) => set({ notes: ev.target.value })} />
        </label>
        <div className="wide field-block certificate-slot" data-slot="award-certificate">
          {id ? (
            <AttachZone
              target={{ kind: 'award', id }}
              label={t('award.certificate')}
              drop={drop}
              onChange={() => void useWorks.getState().load()}
            />
          ) : (
            <>
              <span className="field-label">{t('award.certificate')}</span>
              <span className="muted">{t('attach.saveFirst')}</span>
            </>
          )}
        </div>
        {chain.length > 1 && (
          <div className="wide field-block">
            <span className="field-label">{t('award.chain')}</span>
            <span className="chain">
              {chain.map((c) => `${c.level}${c.grade}（${c.awardedOn.slice(0, 4)}）`).join(' → ')}
            </span>
          </div>
        )}
      </div>
      <FormBanner error={error} shown={SHOWN} />
      <FormActions onCancel={cancel} onTrash={id ? () => void toTrash() : undefined} />
    </form>
  );
}
