// Activities slice: the filtered list (grouped by 学年/学期 on the page), list or calendar view,
// which activity is open, and the calls that change one.
import { create } from 'zustand';
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

interface ActivitiesState {
  items: ActivitySummary[];
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
  load(): Promise<void>;
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

export const useActivities = create<ActivitiesState>((set, get) => ({
  items: [],
  loading: false,
  error: null,
  filters: NO_FILTERS,
  view: 'list',
  month: new Date().toISOString().slice(0, 8) + '01',
  pane: { mode: 'list' },
  focus: null,
  schoolYear: null,
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
  async load() {
    const seq = ++loadSeq; // a slow answer to an older filter must not overwrite a newer one
    set({ loading: true, error: null });
    try {
      const items = await client().call('activities.list', { ...listFilter(get().filters), limit: 20000 });
      if (seq === loadSeq) set({ items, loading: false });
    } catch (e) {
      if (seq === loadSeq) set({ error: (e as Error).message, loading: false });
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
