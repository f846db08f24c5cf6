// 活动: filters, the list grouped by 学年 and 学期 (virtualised) or a month calendar, and one
// activity's detail / edit form in place of the list.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import { formatRangeZh } from '../../../shared/domain/format';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../shared/domain/vocab';
import type { ActivityPage } from '../../../shared/calls/lists';
import type { ActivitySummary } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { listFilter, NO_FILTERS, PAGE_SIZE, useActivities, useActivitiesShown } from '../../stores/activities';
import { useRecords } from '../../stores/records';
import { useVocabList } from '../../stores/vocab';
import { StatusChip } from '../../components/StatusChip';
import { VirtualList } from '../../components/VirtualList';
import { useHotkey } from '../../components/records/form';
import { ExportSlot } from '../../components/records/SheetSlots';
import { Toast } from '../../components/records/Toast';
import { SavedHiddenNotice } from '../../components/records/SavedHidden';
import { ActivityForm } from './ActivityForm';
import { ActivityDetail } from './ActivityDetail';
import { CalendarView } from './CalendarView';
import './activities.css';

type Row =
  | { kind: 'year'; year: number; n: number }
  | { kind: 'term'; year: number; term: number; n: number }
  /** The `index`-th activity of the filtered list (its page may not be loaded yet). */
  | { kind: 'act'; index: number };
const ROW_HEIGHT = { year: 48, term: 34, act: 64 } as const;
const rowHeight = (r: Row) => ROW_HEIGHT[r.kind];
/** The keyboard cursor stops on activities, not on the 学年/学期 headings. */
const isActRow = (r: Row) => r.kind === 'act';

/** The whole list's rows from the core's headings (学年, then its 学期, newest first) and counts:
 * the page lays out every row while holding only the pages near the screen. */
export function rowsOfGroups(groups: ActivityPage['groups']): Row[] {
  const rows: Row[] = [];
  let index = 0;
  groups.forEach((g, i) => {
    if (i === 0 || groups[i - 1].schoolYear !== g.schoolYear) {
      const n = groups.filter((x) => x.schoolYear === g.schoolYear).reduce((s, x) => s + x.count, 0);
      rows.push({ kind: 'year', year: g.schoolYear, n });
    }
    rows.push({ kind: 'term', year: g.schoolYear, term: g.term, n: g.count });
    for (let k = 0; k < g.count; k++) rows.push({ kind: 'act', index: index++ });
  });
  return rows;
}

export function ActivitiesPage() {
  const t = useT();
  const { total, version, located, loading, error, pane, open, view, setView, filters, focus, setFilters } =
    useActivities();
  const setFocus = useActivities((s) => s.setFocus);
  const [filtersKey, setFiltersKey] = useState(0); // a new key clears the search box the filter bar holds
  useActivitiesShown();
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
            if (savedId) setFocus({ id: savedId, mark: true });
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
            setFocus({ id: pane.id, mark: !!f && f.id === pane.id && f.mark });
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
        <span className="muted">{t('activity.count', { n: total })}</span>
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
        located === -1 && (
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
      {version === 0 && loading && <p className="muted">{t('common.loading')}</p>}
      {version > 0 && !loading && total === 0 && <p className="muted">{t('common.empty')}</p>}
      {view === 'calendar' ? <CalendarView /> : <ActivityList />}
      <Toast />
    </section>
  );
}

function Filters() {
  const t = useT();
  const info = useApp((s) => s.info);
  const { filters, setFilters } = useActivities();
  const { people, groups } = useRecords();
  const teachers = useMemo(() => people.filter((p) => p.kind === 'teacher' && !p.deletedAt), [people]);
  const types = useVocabList('activityType');
  const [text, setText] = useState(filters.text);
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

function ActivityList() {
  const t = useT();
  const groups = useActivities((s) => s.groups);
  const pages = useActivities((s) => s.pages);
  const total = useActivities((s) => s.total);
  const showRange = useActivities((s) => s.showRange);
  const rows = useMemo(() => rowsOfGroups(groups), [groups]);
  const focus = useActivities((s) => s.focus);
  const located = useActivities((s) => s.located);
  const filters = useActivities((s) => s.filters);
  const focusIndex = useMemo(
    () => (located !== null && located >= 0 ? rows.findIndex((r) => r.kind === 'act' && r.index === located) : -1),
    [rows, located],
  );
  // The rows in the DOM → the activities they are → the pages to ask for.
  const onRange = useCallback(
    (first: number, last: number) => {
      let lo = Infinity,
        hi = -1;
      for (let r = first; r <= last && r < rows.length; r++) {
        const row = rows[r];
        if (row.kind !== 'act') continue;
        lo = Math.min(lo, row.index);
        hi = Math.max(hi, row.index);
      }
      if (hi >= 0) showRange(lo, hi);
    },
    [rows, showRange],
  );
  if (!total) return null;
  const itemAt = (i: number): ActivitySummary | undefined => pages[Math.floor(i / PAGE_SIZE)]?.[i % PAGE_SIZE];
  return (
    <VirtualList
      key={JSON.stringify(filters)} // another filter is another list: from its top
      className="activity-list"
      label={t('activity.list.title')}
      items={rows}
      itemHeight={rowHeight}
      renderAllBelow={120}
      scrollAlign="center"
      scrollToIndex={focusIndex >= 0 ? focusIndex : null}
      isItem={isActRow}
      onRange={onRange}
      getKey={(r) => (r.kind === 'act' ? `a${r.index}` : r.kind === 'year' ? `y${r.year}` : `t${r.year}-${r.term}`)}
      renderItem={(r) => {
        if (r.kind === 'year')
          return (
            <div className="year-group">
              <h2>{schoolYearLabel(r.year)}</h2>
            </div>
          );
        if (r.kind === 'term')
          return (
            <div className="term-group">
              <h3>
                {t(r.term === 1 ? 'term.1' : 'term.2')} <span className="muted">（{r.n}）</span>
              </h3>
            </div>
          );
        const a = itemAt(r.index);
        // Not yet answered: a grey row of the same height, the page is on its way.
        return a ? (
          <ActivityRow a={a} marked={!!focus?.mark && focus.id === a.id} />
        ) : (
          <div className="activity-row-loading" aria-busy="true">
            <span className="muted">{t('list.loadingRows')}</span>
          </div>
        );
      }}
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
