// Activities slice: the filtered list a page at a time (activities.page: the core's count and its
// 学年/学期 headings, and only the pages of rows near the viewport held), list or calendar view
// (the calendar's days: activities.range), which activity is open and the one being viewed (with its
// photos and files), and the calls that change one. While the page is shown its list, and the
// activity viewed, are fetched again whenever the archive changes (useActivitiesShown,
// useViewedActivity). Actions that change an activity answer it or throw the core's ApiError.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ActivityPage, ActivityRange } from '../../shared/calls/lists';
import type { LinkedMedia } from '../../shared/calls/records';
import { localIsoDate } from '../../shared/domain/format';
import type { ActivityStatus } from '../../shared/domain/vocab';
import type { Activity, ActivityInput, ActivitySummary, Membership } from '../../shared/schemas';
import { client, useApp } from './app';
import { refreshOnChange } from './live';
import { useRecords } from './records';

export interface ActivityFilters {
  schoolYear: number | null;
  type: string;
  status: ActivityStatus | '';
  teacherId: string;
  groupId: string;
  text: string;
}
export const NO_FILTERS: ActivityFilters = {
  schoolYear: null,
  type: '',
  status: '',
  teacherId: '',
  groupId: '',
  text: '',
};

/** What the page shows besides the list: nothing, one activity, its edit form, or a new one. */
export type ActivityPane =
  { mode: 'list' } | { mode: 'view'; id: string } | { mode: 'edit'; id: string } | { mode: 'new'; date?: string };

/** The activity being viewed: fetched with its linked photos and files; `error`: its last fetch failed. */
export interface ViewedActivity {
  id: string;
  activity: Activity | null;
  media: LinkedMedia[];
  error: string | null;
}

/** Rows per activities.page answer. */
export const PAGE_SIZE = 200;
/** Pages held at most; those farthest from the rows on screen are let go (asked for again if scrolled back to). */
const MAX_PAGES = 8;

interface ActivitiesState {
  /** Every activity the filter matches, as the core counts them. */
  total: number;
  /** The whole list's 学年/学期 headings with their counts, in list order. */
  groups: ActivityPage['groups'];
  /** The pages of the list held: page k is rows k·PAGE_SIZE… */
  pages: Record<number, ActivitySummary[]>;
  /** Where `focus` stands in the filtered list (-1: the filter hides it), from the last load. */
  located: number | null;
  /** Counts up with every load answered (the calendar asks again then). */
  version: number;
  loading: boolean;
  error: string | null;
  filters: ActivityFilters;
  view: 'list' | 'calendar';
  /** First day of the month the calendar shows ('2025-10-01'). */
  month: string;
  pane: ActivityPane;
  /** The row the list shows when it comes back: scrolled to, and marked when just saved. */
  focus: { id: string; mark: boolean } | null;
  /** Kept for the older callers: same as filters.schoolYear. */
  schoolYear: number | null;
  setSchoolYear(y: number | null): void;
  setFilters(patch: Partial<ActivityFilters>): void;
  setView(v: 'list' | 'calendar'): void;
  setMonth(m: string): void;
  open(pane: ActivityPane): void;
  /** Back to the list with this activity in view (and marked). */
  setFocus(focus: { id: string; mark: boolean } | null): void;
  /** Asks the core for the first page (count, headings, where `focus` stands) and the pages on screen. */
  load(): Promise<void>;
  /** The rows `first`…`last` (activity indexes) are on screen: ask for the pages they are in. */
  showRange(first: number, last: number): void;
  /** The calendar's days (activities.range under the filter) and the message of its last failed fetch. */
  range: ActivityRange | null;
  rangeError: string | null;
  /** Asks for the activities running from `from` to `to` under the filter (a slow older answer is dropped). */
  loadRange(from: string, to: string): Promise<void>;
  viewed: ViewedActivity | null;
  /** Fetches activity `id` and its media into `viewed` (kept as it was, with the error, when that fails). */
  loadViewed(id: string): Promise<void>;
  /** One activity as the archive holds it, for its edit form; throws the core's error. */
  fetchActivity(id: string): Promise<Activity>;
  create(input: ActivityInput): Promise<Activity>;
  update(id: string, input: ActivityInput): Promise<Activity>;
  reschedule(id: string, startDate: string, endDate: string | null, reason: string | null): Promise<Activity>;
  setStatus(id: string, status: ActivityStatus): Promise<Activity>;
  /** To the trash. */
  remove(id: string): Promise<void>;
  /** Back from the trash (the toast's 撤销). */
  restore(id: string): Promise<void>;
}

/** The filter as activities.list (and the Excel export) take it. */
export function listFilter(f: ActivityFilters) {
  return {
    ...(f.schoolYear !== null ? { schoolYear: f.schoolYear } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.teacherId ? { teacherId: f.teacherId } : {}),
    ...(f.groupId ? { groupId: f.groupId } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
  };
}

let loadSeq = 0;
/** The activity indexes on screen, as last reported. */
let onScreen: [number, number] = [0, 0];
/** Pages asked for and not yet answered, under the current load (`${loadSeq}:${page}`). */
const asked = new Set<string>();
const pageOf = (i: number) => Math.floor(i / PAGE_SIZE);
/** The pages the screen needs: those of the rows on it, and the focused row's. */
function wantedPages(total: number, located: number | null): number[] {
  const want = new Set<number>();
  for (let k = pageOf(onScreen[0]); k <= pageOf(onScreen[1]); k++) want.add(k);
  if (located !== null && located >= 0) want.add(pageOf(located));
  return [...want].filter((k) => k > 0 && k * PAGE_SIZE < total);
}
/** Drops the held pages farthest from the screen, past MAX_PAGES. */
function trim(pages: Record<number, ActivitySummary[]>): Record<number, ActivitySummary[]> {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_PAGES) return pages;
  const mid = pageOf((onScreen[0] + onScreen[1]) / 2);
  const keep = keys.sort((x, y) => Math.abs(x - mid) - Math.abs(y - mid)).slice(0, MAX_PAGES);
  return Object.fromEntries(keep.map((k) => [k, pages[k]]));
}

/** The page as it first opens (a test starts each case from it): the list, no filter, this month
 * where the teacher is (not UTC's: on the 1st before 08:00 in China UTC is still last month). */
export const activitiesStart = () => ({
  total: 0,
  groups: [],
  pages: {},
  located: null,
  version: 0,
  loading: false,
  error: null,
  filters: NO_FILTERS,
  view: 'list' as const,
  month: localIsoDate(new Date()).slice(0, 8) + '01',
  pane: { mode: 'list' as const },
  focus: null,
  schoolYear: null,
  range: null,
  rangeError: null,
  viewed: null,
});

let rangeSeq = 0;
let viewSeq = 0;

export const useActivities = create<ActivitiesState>((set, get) => ({
  ...activitiesStart(),
  setSchoolYear(schoolYear) {
    get().setFilters({ schoolYear });
  },
  setFilters(patch) {
    const filters = { ...get().filters, ...patch };
    set({ filters, schoolYear: filters.schoolYear });
    void get().load();
  },
  setView: (view) => set({ view }),
  setMonth: (month) => set({ month }),
  open: (pane) => set({ pane }),
  setFocus(focus) {
    set({ focus });
    if (focus) void get().load(); // where it stands in the list is the core's to say
  },
  async load() {
    const seq = ++loadSeq; // a slow answer to an older filter must not overwrite a newer one
    set({ loading: true, error: null });
    try {
      const filter = listFilter(get().filters);
      const focus = get().focus;
      const first = await client().call('activities.page', {
        ...filter,
        offset: 0,
        limit: PAGE_SIZE,
        ...(focus ? { locate: focus.id } : {}),
      });
      if (seq !== loadSeq) return;
      // The pages on screen are asked for again before the answer replaces them: no grey rows flash.
      const more = wantedPages(first.total, first.located);
      const answers = await Promise.all(
        more.map((k) => client().call('activities.page', { ...filter, offset: k * PAGE_SIZE, limit: PAGE_SIZE })),
      );
      if (seq !== loadSeq) return;
      const pages: Record<number, ActivitySummary[]> = { 0: first.items };
      more.forEach((k, j) => (pages[k] = answers[j].items));
      asked.clear();
      set({
        total: first.total,
        groups: first.groups,
        pages: trim(pages),
        located: first.located,
        loading: false,
        version: get().version + 1,
      });
    } catch (e) {
      if (seq === loadSeq) set({ error: (e as Error).message, loading: false });
    }
  },
  showRange(first, last) {
    onScreen = [first, last];
    const seq = loadSeq;
    const { total, pages } = get();
    for (let k = pageOf(first); k <= pageOf(last) && k * PAGE_SIZE < total; k++) {
      if (pages[k] || asked.has(`${seq}:${k}`)) continue;
      asked.add(`${seq}:${k}`);
      client()
        .call('activities.page', { ...listFilter(get().filters), offset: k * PAGE_SIZE, limit: PAGE_SIZE })
        .then(
          (p) => {
            asked.delete(`${seq}:${k}`); // a page let go later is asked for again when it comes back into view
            if (seq === loadSeq) set({ pages: trim({ ...get().pages, [k]: p.items }) });
          },
          (e: unknown) => {
            asked.delete(`${seq}:${k}`);
            if (seq === loadSeq) set({ error: (e as Error).message });
          },
        );
    }
  },
  async loadRange(from, to) {
    const seq = ++rangeSeq;
    try {
      const range = await client().call('activities.range', { ...listFilter(get().filters), from, to });
      if (seq === rangeSeq) set({ range, rangeError: null });
    } catch (e) {
      if (seq === rangeSeq) set({ rangeError: (e as Error).message });
    }
  },
  async loadViewed(id) {
    const seq = ++viewSeq;
    if (get().viewed?.id !== id) set({ viewed: { id, activity: null, media: [], error: null } });
    try {
      const [activity, media] = await Promise.all([
        client().call('activities.get', { id }),
        client().call('records.mediaOf', { kind: 'activity', id }),
      ]);
      if (seq === viewSeq) set({ viewed: { id, activity, media, error: null } });
    } catch (e) {
      const v = get().viewed;
      if (seq === viewSeq && v?.id === id) set({ viewed: { ...v, error: (e as Error).message } });
    }
  },
  fetchActivity: (id) => client().call('activities.get', { id }),
  async create(input) {
    const value = await client().call('activities.create', input);
    await get().load();
    return value;
  },
  async update(id, input) {
    const value = await client().call('activities.update', { id, patch: input });
    showChanged(value);
    await get().load();
    return value;
  },
  async reschedule(id, startDate, endDate, reason) {
    const value = await client().call('activities.reschedule', { id, startDate, endDate, reason });
    showChanged(value);
    await get().load();
    return value;
  },
  async setStatus(id, status) {
    const value = await client().call('activities.setStatus', { id, status });
    showChanged(value);
    await get().load();
    return value;
  },
  async remove(id) {
    await client().call('trash.delete', { kind: 'activity', id });
    await get().load();
  },
  async restore(id) {
    await client().call('trash.restore', { kind: 'activity', id });
    await get().load();
  },
}));

/** The activity just changed, shown at once where it is being viewed (the refetch follows). */
function showChanged(a: Activity) {
  const v = useActivities.getState().viewed;
  if (v?.id === a.id) useActivities.setState({ viewed: { ...v, activity: a, error: null } });
}

/** The 活动 page is shown: its list, and the people and 小组 its filters and forms name, are fetched
 * now and again whenever the archive changes (here, an import, a merge, a restore) until it closes. */
export function useActivitiesShown(): void {
  const c = useApp((s) => s.client);
  useEffect(() => {
    if (!c) return;
    const refresh = () => {
      void useActivities.getState().load();
      void useRecords.getState().load();
    };
    refresh();
    return refreshOnChange(refresh);
  }, [c]);
}

/** The activity `id` for its detail page: fetched when shown, again when the archive changes;
 * null until the first answer (then `error` says why when it never came). */
export function useViewedActivity(id: string): ViewedActivity | null {
  const c = useApp((s) => s.client);
  useEffect(() => {
    if (!c) return;
    const refresh = () => useActivities.getState().loadViewed(id);
    void refresh();
    return refreshOnChange(refresh);
  }, [c, id]);
  return useActivities((s) => (s.viewed?.id === id ? s.viewed : null));
}

/** A 小组's memberships, for adding its members to an activity at once; throws the core's error. */
export const groupMembers = (groupId: string): Promise<Membership[]> =>
  client().call('groups.members', { id: groupId });
