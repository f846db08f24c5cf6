// A person's whole record across the years — every activity, work and award by 学年, with the class
// the student was in that year: the evidence a 综合素质评价 asks for. Teachers see what they organised and advised.
import { useEffect, useMemo, useState } from 'react';
import { schoolYearLabel, schoolYearOf } from '../../../shared/domain/calendar';
import { formatDateZh, formatRangeZh, isRealDate } from '../../../shared/domain/format';
import { useActivities } from '../../stores/activities';
import { useWorksPage } from '../../stores/works';
import { useT } from '../../i18n';
import { AttachZone } from '../gallery/AttachZone';
import { openPersonGallery } from '../../stores/gallery';
import { useApp } from '../../stores/app';
import { classOn, useRecords, yearStart } from '../../stores/records';
import { usePeople, usePeoplePage, usePersonRecord } from '../../stores/people';
import { undoDelete } from '../../stores/trash';
import { StatusChip } from '../../components/StatusChip';
import { shortMessage } from '../../components/records/form';

const BAD_YEAR = -1;
const maskId = (s: string) => (s.length > 8 ? `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}` : '****');

export function PersonRecordView({ id, onBack, onEdit }: { id: string; onBack(): void; onEdit(): void }) {
  const t = useT();
  const { calendar, showToast } = useRecords();
  const { rec, error: loadError } = usePersonRecord(id);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? loadError;
  const [showId, setShowId] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.isComposing && !document.querySelector('[role="dialog"]')) onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  // Everything by 学年, newest first.
  const years = useMemo(() => {
    if (!rec) return [];
    const ys = new Set<number>();
    // A row whose date is no real day (written before dates were checked) goes to its own section
    // at the end (year -1), never into a made-up 学年 and never thrown on.
    const yearOf = (d: string) => (isRealDate(d) ? schoolYearOf(d, calendar) : BAD_YEAR);
    const actYear = (a: { startDate: string }) => yearOf(a.startDate);
    rec.activities.forEach((a) => ys.add(actYear(a)));
    rec.awards.forEach((a) => ys.add(yearOf(a.awardedOn)));
    rec.works.forEach((w) => ys.add(yearOf(w.createdAt.slice(0, 10))));
    return [...ys]
      .sort((a, b) => b - a)
      .map((y) => ({
        year: y,
        activities: rec.activities.filter((a) => actYear(a) === y),
        awards: rec.awards.filter((a) => yearOf(a.awardedOn) === y),
        works: rec.works.filter((w) => yearOf(w.createdAt.slice(0, 10)) === y),
      }));
  }, [rec, calendar]);

  if (!rec) return <p className="muted">{error ?? t('common.loading')}</p>;
  const p = rec.person;
  const isStudent = p.kind === 'student';

  async function setArchived(archived: boolean) {
    setError(null);
    try {
      await usePeople.getState().setArchived(id, archived);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function toTrash() {
    setError(null);
    try {
      await usePeople.getState().trashPerson(id);
      showToast(t('records.deleted', { title: p.name }), () => undoDelete('person', id));
      onBack();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  const selectedYear = usePeoplePage.getState().schoolYear;
  // Each row of the 成长记录 opens its record; 返回 on that page comes back to its list.
  const go = useApp.getState().go;
  const openActivity = (aid: string) => {
    useActivities.getState().open({ mode: 'view', id: aid });
    go('activities');
  };
  const openWork = (wid: string) => {
    useWorksPage.getState().set({ tab: 'works', pane: { mode: 'work', id: wid } });
    go('works');
  };
  const openAward = (aid: string) => {
    useWorksPage.getState().set({ tab: 'awards', pane: { mode: 'award', id: aid } });
    go('works');
  };

  return (
    <article className="card person-record">
      <div className="detail-head">
        <button type="button" onClick={onBack} title="Esc">
          ← {t('records.back')}
        </button>
        <h1 id="person-record-title">{p.name}</h1>
        <span className="chip">
          {isStudent && selectedYear != null ? classOn(p, yearStart(selectedYear, calendar), calendar) : p.classLabel}
        </span>
        {p.archivedAt && <span className="chip">{t('people.archived')}</span>}
      </div>
      <div className="detail-actions">
        <button type="button" className="primary" onClick={onEdit}>
          {t('common.edit')}
        </button>
        {isStudent && (
          <button type="button" onClick={() => void setArchived(!p.archivedAt)}>
            {p.archivedAt ? t('people.unarchive') : t('people.archive')}
          </button>
        )}
        <button type="button" className="danger-outline" onClick={() => void toTrash()}>
          {t('records.toTrash')}
        </button>
      </div>
      {error && (
        <div role="alert" className="banner error">
          {shortMessage(error)}
        </div>
      )}
      <dl className="detail-grid">
        <dt>{t('person.field.gender')}</dt>
        <dd>{p.gender ?? '—'}</dd>
        {isStudent ? (
          <>
            <dt>{t('person.field.entryYear')}</dt>
            <dd>
              {p.entryYear}（{p.stage}）
            </dd>
            <dt>{t('person.field.studentNo')}</dt>
            <dd>{p.studentNo ?? '—'}</dd>
            {p.ethnicity && (
              <>
                <dt>{t('person.field.ethnicity')}</dt>
                <dd>{p.ethnicity}</dd>
              </>
            )}
            {p.birthMonth && (
              <>
                <dt>{t('person.field.birthMonth')}</dt>
                <dd>{p.birthMonth}</dd>
              </>
            )}
            {p.idNumber && (
              <>
                <dt>{t('person.field.idNumber')}</dt>
                <dd>
                  {showId ? p.idNumber : maskId(p.idNumber)}{' '}
                  <button type="button" className="small-btn" onClick={() => setShowId(!showId)}>
                    {showId ? t('people.hideId') : t('people.showId')}
                  </button>
                </dd>
              </>
            )}
            {p.guardianPhone && (
              <>
                <dt>{t('person.field.guardianPhone')}</dt>
                <dd>{p.guardianPhone}</dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>{t('person.field.subject')}</dt>
            <dd>{p.subject ?? '—'}</dd>
            <dt>{t('person.field.title')}</dt>
            <dd>{p.title ?? '—'}</dd>
            <dt>{t('person.field.phone')}</dt>
            <dd>{p.phone ?? '—'}</dd>
          </>
        )}
        {p.notes && (
          <>
            <dt>{t('person.field.notes')}</dt>
            <dd>{p.notes}</dd>
          </>
        )}
        {rec.groups.length > 0 && (
          <>
            <dt>{t('people.record.groups')}</dt>
            <dd>
              {rec.groups.map((g) => (
                <div key={g.groupId + g.joinedOn}>
                  {g.groupName}
                  <span className="muted small">
                    （
                    {g.leftOn
                      ? t('group.period', { from: formatDateZh(g.joinedOn), to: formatDateZh(g.leftOn) })
                      : t('group.since', { from: formatDateZh(g.joinedOn) })}
                    ）
                  </span>
                </div>
              ))}
            </dd>
          </>
        )}
      </dl>
      <AttachZone
        target={{ kind: 'person', id: p.id }}
        label={t('attach.personFiles')}
        open={{ label: t('attach.personGallery'), go: () => openPersonGallery(p.id) }}
      />
      <h2 className="section-title">{t('people.record')}</h2>
      <p className="muted">
        {t('people.record.summary', {
          a: rec.activities.filter((a) => a.status === 'done').length,
          w: rec.works.length,
          x: rec.awards.length,
        })}
      </p>
      {years.map((y) => (
        <section
          key={y.year}
          className="record-year"
          aria-label={y.year === BAD_YEAR ? t('date.invalidYear') : schoolYearLabel(y.year)}
        >
          {y.year === BAD_YEAR ? (
            <h3>{t('date.invalidYear')}</h3>
          ) : (
            <h3>
              {schoolYearLabel(y.year)}
              {isStudent && <span className="muted">　{classOn(p, yearStart(y.year, calendar), calendar)}</span>}
            </h3>
          )}
          {y.awards.length > 0 && (
            <table className="data-table record-table">
              <caption>{t('people.record.awards')}</caption>
              <tbody>
                {y.awards.map((a) => (
                  <tr
                    key={a.id}
                    className="record-row"
                    tabIndex={0}
                    title={t('people.record.open')}
                    onClick={() => openAward(a.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') openAward(a.id);
                    }}
                  >
                    <td className="row-head">{formatDateZh(a.awardedOn)}</td>
                    <td className="row-head">
                      {a.competitionName ?? ''}
                      {a.competitionSession ? `（${a.competitionSession}）` : ''}
                    </td>
                    <td>
                      {a.level}
                      {a.grade}
                    </td>
                    <td className="row-head">{a.workTitle ? `《${a.workTitle}》` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {y.works.length > 0 && (
            <table className="data-table record-table">
              <caption>{t('people.record.works')}</caption>
              <tbody>
                {y.works.map((w) => (
                  <tr
                    key={w.id + w.role}
                    className="record-row"
                    tabIndex={0}
                    title={t('people.record.open')}
                    onClick={() => openWork(w.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') openWork(w.id);
                    }}
                  >
                    <td className="row-head">《{w.title}》</td>
                    <td>{w.category}</td>
                    <td className="row-head">
                      {w.authorNames.join('、')}
                      {w.role === 'advisor' ? `（${t('people.record.asAdvisor')}）` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {y.activities.length > 0 && (
            <table className="data-table record-table">
              <caption>{t('people.record.activities')}</caption>
              <tbody>
                {y.activities.map((a) => (
                  <tr
                    key={a.id}
                    className="record-row"
                    tabIndex={0}
                    title={t('people.record.open')}
                    onClick={() => openActivity(a.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') openActivity(a.id);
                    }}
                  >
                    <td className="row-head">{formatRangeZh(a.startDate, a.endDate)}</td>
                    <td className="row-head">
                      {a.title}
                      {a.role === 'teacher' ? `（${t('people.record.asTeacher')}）` : ''}
                    </td>
                    <td>{a.type}</td>
                    <td>
                      <StatusChip status={a.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </article>
  );
}
