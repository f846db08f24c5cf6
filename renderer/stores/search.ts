// Search slice: the Ctrl+K box — open or not, the text and filters, the answer, the selected hit.
// While the box is open its answer is asked for again when the archive changes (an import, a
// restore, an edit elsewhere), the selection kept where it was.
import { create } from 'zustand';
import type { SearchHit, SearchInput, SearchResult } from '../../shared/calls/search';
import { ApiError } from '../api/client';
import { client } from './app';
import { refreshOnChange } from './live';

export type SearchFilters = Omit<SearchInput, 'text' | 'limit'>;

interface SearchState {
  open: boolean;
  text: string;
  filters: SearchFilters;
  result: SearchResult | null;
  loading: boolean;
  error: string | null;
  /** Index of the selected hit in reading order (groups, then hits). */
  active: number;
  show(): void;
  hide(): void;
  setText(text: string): void;
  setFilters(patch: Partial<SearchFilters>): void;
  clearFilters(): void;
  /** Asks the core for the text and filters (`keep`: the selection stays on the same row, for a refresh). */
  run(keep?: boolean): Promise<void>;
  move(delta: number): void;
  setActive(i: number): void;
}

/** The hits in the order they are shown (and arrowed through). */
export const flatHits = (r: SearchResult | null): SearchHit[] => r?.groups.flatMap((g) => g.hits) ?? [];

const hasFilters = (f: SearchFilters) => Object.entries(f).some(([k, v]) => k !== 'includeTrashed' && v !== undefined);

let seq = 0;

export const useSearch = create<SearchState>((set, get) => ({
  open: false,
  text: '',
  filters: {},
  result: null,
  loading: false,
  error: null,
  active: 0,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
  setText: (text) => set({ text }),
  setFilters: (patch) => {
    const filters = { ...get().filters, ...patch };
    if (filters.schoolYear === undefined) delete filters.term; // a 学期 needs its 学年
    for (const k of Object.keys(filters) as (keyof SearchFilters)[]) if (filters[k] === undefined) delete filters[k];
    set({ filters });
  },
  clearFilters: () => set({ filters: get().filters.includeTrashed ? { includeTrashed: true } : {} }),
  async run(keep = false) {
    const { text, filters } = get();
    const mine = ++seq;
    if (!text.trim() && !hasFilters(filters)) {
      set({ result: null, loading: false, error: null, active: 0 });
      return;
    }
    set({ loading: true });
    try {
      const result = await client().call('search.query', { text, ...filters });
      // Answers to older keystrokes are dropped.
      if (mine === seq)
        set({
          result,
          loading: false,
          error: null,
          active: keep ? Math.max(0, Math.min(get().active, flatHits(result).length - 1)) : 0,
        });
    } catch (e) {
      if (mine === seq) set({ loading: false, error: e instanceof ApiError ? e.message : (e as Error).message });
    }
  },
  move: (delta) => {
    const n = flatHits(get().result).length;
    if (n) set({ active: (get().active + delta + n) % n });
  },
  setActive: (active) => set({ active }),
}));

refreshOnChange(() => {
  if (useSearch.getState().open) void useSearch.getState().run(true);
});
