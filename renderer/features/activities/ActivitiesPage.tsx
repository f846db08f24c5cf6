// 活动: the list grouped by 学年 and 学期, and the form for a new activity.
import { useEffect, useMemo, useState } from 'react';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import { formatRangeZh } from '../../../shared/domain/format';
import type { ActivitySummary } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { useActivities } from '../../stores/activities';
import { StatusChip } from '../../components/StatusChip';
import { ActivityForm } from './ActivityForm';

interface YearGroup { year: number; terms: { term: number; items: ActivitySummary[] }[] }

export function groupByYearAndTerm(items: readonly ActivitySummary[]): YearGroup[] {
  const years = new Map<number, Map<number, ActivitySummary[]>>();
  for (const a of items) {
    const terms = years.get(a.schoolYear) ?? years.set(a.schoolYear, new Map()).get(a.schoolYear)!;
    (terms.get(a.term) ?? terms.set(a.term, []).get(a.term)!).push(a);
  }
  return [...years.entries()].sort((x, y) => y[0] - x[0]).map(([year, terms]) => ({
    year,
    terms: [...terms.entries()].sort((x, y) => y[0] - x[0]).map(([term, list]) => ({ term, items: list })),
  }));
}

export function ActivitiesPage() {
  const t = useT();
  const info = useApp((s) => s.info);
  const client = useApp((s) => s.client);
  const { items, loading, error, load, schoolYear, setSchoolYear } = useActivities();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
    return client?.on('archive.changed', () => void load());
  }, [client, load]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'n') { e.preventDefault(); setCreating(true); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const groups = useMemo(() => groupByYearAndTerm(items), [items]);

  return (
    <section className="page" aria-labelledby="activities-title">
      <header className="page-header">
        <h1 id="activities-title">{t('activity.list.title')}</h1>
        <label className="inline-field">
          <span>学年</span>
          <select value={schoolYear ?? ''} onChange={(e) => setSchoolYear(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('common.all')}</option>
            {info?.schoolYears.map((y) => <option key={y} value={y}>{schoolYearLabel(y)}</option>)}
          </select>
        </label>
        <span className="muted">{t('activity.count', { n: items.length })}</span>
        <button className="primary" onClick={() => setCreating(true)} title="Ctrl+N">{t('activity.new')}</button>
      </header>
      {creating && <ActivityForm onClose={() => setCreating(false)} />}
      {error && <div role="alert" className="banner error">{error}</div>}
      {loading && items.length === 0 && <p className="muted">{t('common.loading')}</p>}
      {!loading && items.length === 0 && <p className="muted">{t('common.empty')}</p>}
      {groups.map((g) => (
        <div key={g.year} className="year-group">
          <h2>{schoolYearLabel(g.year)}</h2>
          {g.terms.map((tg) => (
            <div key={tg.term} className="term-group">
              <h3>{t(tg.term === 1 ? 'term.1' : 'term.2')} <span className="muted">（{tg.items.length}）</span></h3>
              <ul className="activity-list">
                {tg.items.map((a) => <ActivityRow key={a.id} a={a} />)}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}

function ActivityRow({ a }: { a: ActivitySummary }) {
  const t = useT();
  return (
    <li className="activity-row" data-id={a.id}>
      <div className="activity-date">{formatRangeZh(a.startDate, a.endDate)}</div>
      <div className="activity-main">
        <div className="activity-title">{a.title}</div>
        <div className="activity-meta">
          <span className="chip">{a.type}</span>
          <StatusChip status={a.status} />
          {a.rescheduleCount > 0 && <span className="chip warn">{t('activity.rescheduled', { n: a.rescheduleCount })}</span>}
          {a.location && <span>{a.location}</span>}
          {a.teacherNames.length > 0 && <span>{a.teacherNames.join('、')}</span>}
          {a.headCount ? <span>{a.headCountNote ?? ''} {a.headCount} {t('common.people')}</span> : a.participantCount > 0 && <span>{t('activity.participants', { n: a.participantCount })}</span>}
          {a.photoCount > 0 && <span>{t('activity.photos', { n: a.photoCount })}</span>}
        </div>
      </div>
    </li>
  );
}
