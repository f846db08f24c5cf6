// 作品与获奖 slice: every work and award (with each award's certificate-scan count), the competitions
// an award form picks from, the 级别 × 等级 figures of the 统计表, and the calls that change them.
// The page, its lists and its forms all read it: nothing is handed from one to another. What a
// component shows is fetched when it mounts and again on every archive change while it is shown
// (useWorksShown, useCompetitions, useAwardStats); an action's own change is in the store when it answers.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { CallInput } from '../../shared/contract';
import type { Award, AwardInput, Competition, Period, Stats, Work, WorkInput } from '../../shared/schemas';
import type { Client } from '../api/client';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';

/** What the 作品与获奖 forms put in the 回收站 (and take back). */
export type WorksKind = 'work' | 'award';

interface WorksState {
  works: Work[];
  awards: Award[];
  /** Certificate scans linked to each award (an award with none is absent). */
  mediaCounts: Record<string, number>;
  /** Works and awards have been answered once (a form tells "still loading" from "not there"). */
  loaded: boolean;
  competitions: Competition[];
  /** The 统计表's figures, for `statsPeriod`. */
  stats: Stats | null;
  statsPeriod: Period | null;
  statsError: string | null;

  /** Works, awards and their certificate counts, from the core. Callers that overlap share the
   * round trip; one that comes while an answer is on its way gets the next one (never an answer
   * to a question asked before its call). */
  load(): Promise<void>;
  loadCompetitions(): Promise<void>;
  /** The figures of `period`; a slower answer to an older period never overwrites a newer one. */
  loadStats(period: Period): Promise<void>;

  // Actions: each answers what the core saved, the store already holding it; errors reach the
  // caller's form (useDraft's fail).
  createCompetition(input: CallInput<'competitions.create'>): Promise<Competition>;
  createWork(input: WorkInput): Promise<Work>;
  updateWork(id: string, input: WorkInput): Promise<Work>;
  createAward(input: AwardInput): Promise<Award>;
  updateAward(id: string, input: AwardInput): Promise<Award>;
  trash(kind: WorksKind, id: string): Promise<void>;
  restore(kind: WorksKind, id: string): Promise<void>;
}

/** The store as it is before anything is asked (and again when the client changes; a test starts
 * each case from it). */
export const worksStart = () => ({
  works: [] as Work[],
  awards: [] as Award[],
  mediaCounts: {} as Record<string, number>,
  loaded: false,
  competitions: [] as Competition[],
  stats: null as Stats | null,
  statsPeriod: null as Period | null,
  statsError: null as string | null,
});

/** records.mediaCounts takes at most this many ids a call. */
const COUNT_BATCH = 20000;

let running: Promise<void> | null = null;
let queued: Promise<void> | null = null;
let statsSeq = 0;

/** Answers are kept only while the client that asked is still the app's (a test's next core, or
 * another archive, must not get this one's rows). */
const current = (c: Client) => useApp.getState().client === c;

export const useWorks = create<WorksState>((set, get) => {
  async function fetchAll() {
    const c = client();
    try {
      const [works, awards] = await Promise.all([c.call('works.list', {}), c.call('awards.list', {})]);
      const mediaCounts: Record<string, number> = {};
      for (let i = 0; i < awards.length; i += COUNT_BATCH) {
        const ids = awards.slice(i, i + COUNT_BATCH).map((a) => a.id);
        Object.assign(mediaCounts, await c.call('records.mediaCounts', { kind: 'award', ids }));
      }
      if (current(c)) set({ works, awards, mediaCounts, loaded: true });
    } catch (e) {
      if (current(c)) reportLoadError(e);
    }
  }
  /** Loads, then answers the saved record (an action's change is in the store when it answers). */
  async function reloaded<T>(value: T): Promise<T> {
    await get().load();
    return value;
  }
  return {
    ...worksStart(),
    load() {
      if (!running) {
        running = fetchAll().finally(() => {
          running = null;
        });
        return running;
      }
      // Asked while an answer is on its way: that answer may predate the caller's change.
      queued ??= running.then(() => {
        queued = null;
        return get().load();
      });
      return queued;
    },
    async loadCompetitions() {
      const c = client();
      try {
        const competitions = await c.call('competitions.list', {});
        if (current(c)) set({ competitions });
      } catch (e) {
        if (current(c)) reportLoadError(e);
      }
    },
    async loadStats(period) {
      const seq = ++statsSeq;
      const c = client();
      try {
        const stats = await c.call('stats.get', period);
        if (seq === statsSeq && current(c)) set({ stats, statsPeriod: period, statsError: null });
      } catch (e) {
        if (seq === statsSeq && current(c)) set({ statsError: (e as Error).message });
      }
    },
    async createCompetition(input) {
      const created = await client().call('competitions.create', input);
      // At once, not at the next load: the form that made it selects it.
      set((s) => ({ competitions: [created, ...s.competitions.filter((x) => x.id !== created.id)] }));
      return created;
    },
    async createWork(input) {
      return reloaded(await client().call('works.create', input));
    },
    async updateWork(id, input) {
      return reloaded(await client().call('works.update', { id, patch: input }));
    },
    async createAward(input) {
      return reloaded(await client().call('awards.create', input));
    },
    async updateAward(id, input) {
      return reloaded(await client().call('awards.update', { id, patch: input }));
    },
    async trash(kind, id) {
      await client().call('trash.delete', { kind, id });
      await get().load();
    },
    async restore(kind, id) {
      await client().call('trash.restore', { kind, id });
      await get().load();
    },
  };
});

useApp.subscribe((s, prev) => {
  if (s.client !== prev.client) {
    statsSeq++;
    useWorks.setState(worksStart());
  }
});

/** Keeps `refresh` running while the component is shown: once when it mounts (or the client
 * changes), again on every archive change. */
function useLive(refresh: () => unknown, deps: readonly unknown[]) {
  const c = useApp((s) => s.client);
  useEffect(() => {
    if (!c) return;
    void refresh();
    return refreshOnChange(refresh);
  }, [c, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** Works and awards for the page that shows them (its forms read the same store). */
export function useWorksShown(): void {
  useLive(() => useWorks.getState().load(), []);
}

/** The competitions an award form offers, fetched while it is open. */
export function useCompetitions(): Competition[] {
  useLive(() => useWorks.getState().loadCompetitions(), []);
  return useWorks((s) => s.competitions);
}

/** The 统计表's figures for `period` (null until answered), fetched again when it or the archive changes. */
export function useAwardStats(period: Period): { stats: Stats | null; error: string | null } {
  const { from, to } = period;
  useLive(() => useWorks.getState().loadStats({ from, to }), [from, to]);
  // Another period's figures are not shown under this one's caption.
  const stats = useWorks((s) => (s.statsPeriod?.from === from && s.statsPeriod.to === to ? s.stats : null));
  const error = useWorks((s) => s.statsError);
  return { stats, error };
}

// ---- the 作品与获奖 page's state (survives switching pages, so the teacher comes back where they were) ----

export type WorksTab = 'works' | 'awards' | 'table';
export type WorksPane =
  { mode: 'list' } | { mode: 'work'; id: string | null } | { mode: 'award'; id: string | null; workId?: string };
interface WorksPageState {
  tab: WorksTab;
  pane: WorksPane;
  text: string;
  /** 获奖 list: calendar year of 颁奖日期, '' = all. */
  year: string;
  level: string;
  /** 统计表: 学年 start year, or null for all years. */
  tableYear: number | null;
  /** The work or award the list shows when it comes back: scrolled to, and marked when just saved. */
  focus?: { id: string; mark: boolean } | null;
  set(patch: Partial<Omit<WorksPageState, 'set'>>): void;
}
export const useWorksPage = create<WorksPageState>((set) => ({
  tab: 'works',
  pane: { mode: 'list' },
  text: '',
  year: '',
  level: '',
  tableYear: null,
  focus: null,
  set: (patch) => set(patch),
}));
