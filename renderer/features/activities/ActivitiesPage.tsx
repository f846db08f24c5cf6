// 活动: filters, the list grouped by 学年 and 学期 (virtualised) or a month calendar, and one
// activity's detail / edit form in place of the list.
import { useEffect, useMemo, useState } from 'react';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import { formatRangeZh } from '../../../shared/domain/format';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../shared/domain/vocab';
import type { ActivitySummary } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { listFilter, NO_FILTERS, useActivities } from '../../stores/activities';
import { useRecords } from '../../stores/records';
import { StatusChip } from '../../components/StatusChip';
import { VirtualList } from '../../components/VirtualList';
import { useHotkey } from '../records/form';
import { ExportSlot } from '../records/SheetSlots';
import { Toast } from '../records/Toast';
import { SavedHiddenNotice } from '../records/SavedHidden';
import { ActivityForm } from './ActivityForm';
import { ActivityDetail } from './ActivityDetail';
import { CalendarView } from './CalendarView';
import './activities.css';

interface YearGroup {
  year: number;
  terms: { term: number; items: ActivitySummary[] }[];
}

export function groupByYearAndTerm(items: readonly ActivitySummary[]): YearGroup[] {
  const years = new Map<number, Map<number, ActivitySummary[]>>();
  for (const a of items) {
    const terms = years.get(a.schoolYear) ?? years.set(a.schoolYear, new Map()).get(a.schoolYear)!;
    (terms.get(a.term) ?? terms.set(a.term, []).get(a.term)!).push(a);
  }
  return [...years.entries()]
    .sort((x, y) => y[0] - x[0])
    .map(([year, terms]) => ({
      year,
      terms: [...terms.entries()].sort((x, y) => y[0] - x[0]).map(([term, list]) => ({ term, items: list })),
    }));
}

type Row =
  | { kind: 'year'; year: number; n: number }
  | { kind: 'term'; year: number; term: number; n: number }
  | { kind: 'act'; a: ActivitySummary };
const ROW_HEIGHT = { year: 48, term: 34, act: 64 } as const;
const rowHeight = (r: Row) => ROW_HEIGHT[r.kind];
/** The keyboard cursor stops on activities, not on the 学年/学期 headings. */
const isActRow = (r: Row) => r.kind === 'act';

/** The grouped list flattened into rows a virtual list can window. */
export function flattenGroups(groups: readonly YearGroup[]): Row[] {
  const rows: Row[] = [];
  for (const g of groups) {
    rows.push({ kind: 'year', year: g.year, n: g.terms.reduce((s, t) => s + t.items.length, 0) });
    for (const tg of g.terms) {
      rows.push({ kind: 'term', year: g.year, term: tg.term, n: tg.items.length });
      for (const a of tg.items) rows.push({ kind: 'act', a });
    }
  }
  return rows;
}

export function ActivitiesPage() {
  const t = useT();
  const client = useApp((s) => s.client);
  const { items, loading, error, load, pane, open, view, setView, filters, focus, setFilters } = useActivities();
  const loadRecords = useRecords((s) => s.load);
  const [filtersKey, setFiltersKey] = useState(0); // a new key clears the search box the filter bar holds

  useEffect(() => {
    void load();
    void loadRecords();
    return client?.on('archive.changed', () => {
      void load();
      void loadRecords();
    });
  }, [client, load, loadRecords]);
  useHotkey('n', () => {
    if (useActivities.getState().pane.mode === 'list') open({ mode: 'new' });
  });

  if (pane.mode === 'new' || pane.mode === 'edit') {
    return (
      <section className="page" aria-labelledby="activity-form-title">
        <ActivityForm
          key={pane.mode === 'edit' ? pane.id : 'new'}
          id={pane.mode === 'edit' ? pane.id : undefined}
          date={pane.mode === 'new' ? pane.date : undefined}
          onClose={(savedId) => {
            // Back where the teacher was, with the saved activity in view and marked (not the top of the list).
            if (savedId) useActivities.setState({ focus: { id: savedId, mark: true } });
            open(pane.mode === 'edit' ? { mode: 'view', id: pane.id } : { mode: 'list' });
          }}
        />
        <Toast />
      </section>
    );
  }
  if (pane.mode === 'view') {
    return (
      <section className="page" aria-labelledby="activity-detail-title">
        <ActivityDetail
          id={pane.id}
          onBack={() => {
            const f = useActivities.getState().focus;
            useActivities.setState({ focus: { id: pane.id, mark: !!f && f.id === pane.id && f.mark } });
            open({ mode: 'list' });
          }}
          onEdit={() => open({ mode: 'edit', id: pane.id })}
        />
        <Toast />
      </section>
    );
  }
  return (
    <section className="page page-fill" aria-labelledby="activities-title">
      <header className="page-header">
        <h1 id="activities-title">{t('activity.list.title')}</h1>
        <span className="muted">{t('activity.count', { n: items.length })}</span>
        <div
          className="segmented"
          role="group"
          aria-label={t('activity.view.list') + '/' + t('activity.view.calendar')}
        >
          <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            {t('activity.view.list')}
          </button>
          <button type="button" aria-pressed={view === 'calendar'} onClick={() => setView('calendar')}>
            {t('activity.view.calendar')}
          </button>
        </div>
        <ExportSlot list="activities" filter={listFilter(filters)} />
        <button className="primary" onClick={() => open({ mode: 'new' })} title="Ctrl+N">
          {t('activity.new')}
        </button>
      </header>
      <Filters key={filtersKey} />
      {view === 'list' &&
        !loading &&
        !!focus?.mark &&
        JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) &&
        !items.some((x) => x.id === focus.id) && (
          <SavedHiddenNotice
            onShowAll={() => {
              setFiltersKey((k) => k + 1);
              setFilters(NO_FILTERS);
            }}
          />
        )}
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {loading && items.length === 0 && <p className="muted">{t('common.loading')}</p>}
      {!loading && items.length === 0 && <p className="muted">{t('common.empty')}</p>}
      {view === 'calendar' ? <CalendarView items={items} /> : <ActivityList items={items} />}
      <Toast />
    </section>
  );
}

function Filters() {
  const t = useT();
  const info = useApp((s) => s.info);
  const client = useApp((s) => s.client);
  const { filters, setFilters } = useActivities();
  const { people, groups } = useRecords();
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher' && !p.deletedAt), [people]);
  const [types, setTypes] = useState<string[]>([]);
  const [text, setText] = useState(filters.text);
  useEffect(() => {
    void client?.call('vocab.list', { kind: 'activityType' }).then(setTypes);
  }, [client]);
  // Typing is not a query per key: wait for a pause (and for the IME to finish).
  useEffect(() => {
    if (text === filters.text) return;
    const h = setTimeout(() => setFilters({ text }), 250);
    return () => clearTimeout(h);
  }, [text, filters.text, setFilters]);
  const active = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  return (
    <div className="filter-bar" role="search" aria-label={t('records.filter')}>
      <label className="inline-field">
        <span>{t('records.schoolYear')}</span>
        <select
          value={filters.schoolYear ?? ''}
          onChange={(e) => setFilters({ schoolYear: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('common.all')}</option>
          {info?.schoolYears.map((y) => (
            <option key={y} value={y}>
              {schoolYearLabel(y)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('activity.filter.type')}</span>
        <select value={filters.type} onChange={(e) => setFilters({ type: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {types.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('activity.filter.status')}</span>
        <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value as ActivityStatus | '' })}>
          <option value="">{t('common.all')}</option>
          {ACTIVITY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`activity.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('activity.filter.teacher')}</span>
        <select value={filters.teacherId} onChange={(e) => setFilters({ teacherId: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {teachers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('activity.filter.group')}</span>
        <select value={filters.groupId} onChange={(e) => setFilters({ groupId: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field grow">
        <span>{t('activity.filter.text')}</span>
        <input
          type="search"
          value={text}
          placeholder={t('activity.filter.textPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) setFilters({ text });
          }}
        />
      </label>
      {active && (
        <button
          type="button"
          onClick={() => {
            setText('');
            setFilters(NO_FILTERS);
          }}
        >
          {t('activity.filter.clear')}
        </button>
      )}
    </div>
  );
}

function ActivityList({ items }: { items: readonly ActivitySummary[] }) {
  const t = useT();
  const rows = useMemo(() => flattenGroups(groupByYearAndTerm(items)), [items]);
  const focus = useActivities((s) => s.focus);
  const focusIndex = focus ? rows.findIndex((r) => r.kind === 'act' && r.a.id === focus.id) : -1;
  if (!items.length) return null;
  return (
    <VirtualList
      className="activity-list"
      label={t('activity.list.title')}
      items={rows}
      itemHeight={rowHeight}
      renderAllBelow={120}
      scrollAlign="center"
      scrollToIndex={focusIndex >= 0 ? focusIndex : null}
      isItem={isActRow}
      getKey={(r) => (r.kind === 'act' ? r.a.id : r.kind === 'year' ? `y${r.year}` : `t${r.year}-${r.term}`)}
      renderItem={(r) =>
        r.kind === 'year' ? (
          <div className="year-group">
            <h2>{schoolYearLabel(r.year)}</h2>
          </div>
        ) : r.kind === 'term' ? (
          <div className="term-group">
            <h3>
              {t(r.term === 1 ? 'term.1' : 'term.2')} <span className="muted">（{r.n}）</span>
            </h3>
          </div>
        ) : (
          <ActivityRow a={r.a} marked={!!focus?.mark && focus.id === r.a.id} />
        )
      }
    />
  );
}

function ActivityRow({ a, marked }: { a: ActivitySummary; marked?: boolean }) {
  const t = useT();
  const open = useActivities((s) => s.open);
  return (
    <button
      type="button"
      className={marked ? 'activity-row just-saved' : 'activity-row'}
      data-id={a.id}
      aria-current={marked ? 'true' : undefined}
      onClick={() => open({ mode: 'view', id: a.id })}
    >
      <span className="activity-date">{formatRangeZh(a.startDate, a.endDate)}</span>
      <span className="activity-main">
        <span className="activity-title">{a.title}</span>
        <span className="activity-meta">
          <span className="chip">{a.type}</span>
          <StatusChip status={a.status} />
          {a.rescheduleCount > 0 && (
            <span className="chip warn">{t('activity.rescheduled', { n: a.rescheduleCount })}</span>
          )}
          {a.location && <span>{a.location}</span>}
          {a.teacherNames.length > 0 && <span>{a.teacherNames.join('、')}</span>}
          {a.headCount ? (
            <span>
              {a.headCountNote ?? ''} {a.headCount} {t('common.people')}
            </span>
          ) : (
            a.participantCount > 0 && <span>{t('activity.participants', { n: a.participantCount })}</span>
          )}
          {a.photoCount > 0 && <span>{t('activity.photos', { n: a.photoCount })}</span>}
        </span>
      </span>
    </button>
  );
}
