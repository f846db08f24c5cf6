// Activities slice: the filtered list a page at a time (activities.page: the core's count and its
// 学年/学期 headings, and only the pages of rows near the viewport held), list or calendar view,
// which activity is open, and the calls that change one.
import { create } from 'zustand';
import type { ActivityPage } from '../../shared/calls/lists';
import { localIsoDate } from '../../shared/domain/format';
import type { ActivityStatus } from '../../shared/domain/vocab';
import type { Activity, ActivityInput, ActivitySummary } from '../../shared/schemas';
import { ApiError } from '../api/client';
import { client } from './app';

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

type SaveResult<T> = { ok: true; value: T } | { ok: false; message: string; field?: string };
const fail = (e: unknown): { ok: false; message: string; field?: string } =>
  e instanceof ApiError
    ? { ok: false, message: e.message, field: e.field }
    : { ok: false, message: (e as Error).message };

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
  create(input: ActivityInput): Promise<SaveResult<Activity>>;
  update(id: string, input: ActivityInput): Promise<SaveResult<Activity>>;
  reschedule(
    id: string,
    startDate: string,
    endDate: string | null,
    reason: string | null,
  ): Promise<SaveResult<Activity>>;
  setStatus(id: string, status: ActivityStatus): Promise<SaveResult<Activity>>;
  remove(id: string): Promise<SaveResult<true>>;
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
});

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
  async create(input) {
    try {
      const value = await client().call('activities.create', input);
      await get().load();
      return { ok: true, value };
    } catch (e) {
      return fail(e);
    }
  },
  async update(id, input) {
    try {
      const value = await client().call('activities.update', { id, patch: input });
      await get().load();
      return { ok: true, value };
    } catch (e) {
      return fail(e);
    }
  },
  async reschedule(id, startDate, endDate, reason) {
    try {
      const value = await client().call('activities.reschedule', { id, startDate, endDate, reason });
      await get().load();
      return { ok: true, value };
    } catch (e) {
      return fail(e);
    }
  },
  async setStatus(id, status) {
    try {
      const value = await client().call('activities.setStatus', { id, status });
      await get().load();
      return { ok: true, value };
    } catch (e) {
      return fail(e);
    }
  },
  async remove(id) {
    try {
      await client().call('trash.delete', { kind: 'activity', id });
      await get().load();
      return { ok: true, value: true };
    } catch (e) {
      return fail(e);
    }
  },
}));
