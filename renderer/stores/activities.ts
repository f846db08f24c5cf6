// Activities slice: the list for the chosen 学年 and the editing form's save.
import { create } from 'zustand';
import type { ActivitySummary, ActivityInput } from '../../shared/schemas';
import { ApiError } from '../api/client';
import { client } from './app';

interface ActivitiesState {
  items: ActivitySummary[];
  loading: boolean;
  error: string | null;
  schoolYear: number | null;
  setSchoolYear(y: number | null): void;
  load(): Promise<void>;
  create(input: ActivityInput): Promise<{ ok: true } | { ok: false; message: string; field?: string }>;
}

export const useActivities = create<ActivitiesState>((set, get) => ({
  items: [],
  loading: false,
  error: null,
  schoolYear: null,
  setSchoolYear(schoolYear) {
    set({ schoolYear });
    void get().load();
  },
  async load() {
    set({ loading: true, error: null });
    try {
      const y = get().schoolYear;
      const items = await client().call('activities.list', y === null ? {} : { schoolYear: y });
      set({ items, loading: false });
    } catch (e) {
      set({ error: (e as Error).message, loading: false });
    }
  },
  async create(input) {
    try {
      await client().call('activities.create', input);
      await get().load();
      return { ok: true };
    } catch (e) {
      return e instanceof ApiError ? { ok: false, message: e.message, field: e.field } : { ok: false, message: (e as Error).message };
    }
  },
}));
