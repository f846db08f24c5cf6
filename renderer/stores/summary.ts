// 总结导出 slice: the chosen period, its statistics, the draft the teacher edits (with unsaved
// texts kept per section until saved), the photo picks, and downloads of the exported files; what
// the page holds is asked for again when the archive changes while it is shown (useSummaryShown).
// Also 设置 → 工作总结用的信息 (the 领导小组, enrolment per 学年): fetched and saved here.
import { useEffect } from 'react';
import { create } from 'zustand';
import type {
  Draft,
  ExportFormat,
  ExportKind,
  PhotoCandidate,
  PhotoPick,
  ReportSettings,
  SectionKey,
  SummaryStats,
} from '../../shared/calls/summary';
import type { CallInput } from '../../shared/contract';
import { termOf, DEFAULT_CALENDAR, type CalendarSettings } from '../../shared/domain/calendar';
import { periodKey, type PeriodSpec } from '../../shared/domain/periods';
import { localIsoDate } from '../../shared/domain/format';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';
import { saveBlob } from '../components/saveBlob';

export type SummaryTab = 'stats' | 'draft' | 'photos' | 'export';

interface SummaryState {
  spec: PeriodSpec | null;
  calendar: CalendarSettings;
  tab: SummaryTab;
  stats: SummaryStats | null;
  draft: Draft | null;
  candidates: PhotoCandidate[];
  loading: boolean;
  error: string | null;
  /** Texts typed but not saved yet, by section (saved by themselves a moment after the last keystroke). */
  unsaved: Partial<Record<SectionKey, string>>;
  /** Sections whose text is on its way to the archive. */
  saving: Partial<Record<SectionKey, boolean>>;
  /** Sections whose last save failed: they wait for the next keystroke or 保存此节. */
  failed: Partial<Record<SectionKey, boolean>>;
  savedAt: Partial<Record<SectionKey, number>>;
  init(today: string): Promise<void>;
  setSpec(spec: PeriodSpec): void;
  setTab(tab: SummaryTab): void;
  load(): Promise<void>;
  type(key: SectionKey, text: string): void;
  discard(key: SectionKey): void;
  save(key: SectionKey): Promise<void>;
  /** Saves every typed text now (waiting for saves under way); true when nothing is left unsaved. */
  flush(): Promise<boolean>;
  regenerate(key: SectionKey): Promise<void>;
  setPhotos(photos: PhotoPick[] | null): Promise<void>;
}

const key = (s: SummaryState) => (s.spec ? periodKey(s.spec) : '');

/** How long after the last keystroke a section saves itself. */
export const AUTOSAVE_MS = 700;
const timers = new Map<SectionKey, ReturnType<typeof setTimeout>>();
const inflight = new Map<SectionKey, Promise<void>>();
const stopTimer = (k: SectionKey) => {
  clearTimeout(timers.get(k));
  timers.delete(k);
};
const without = <T extends object>(m: T, k: SectionKey): T => {
  const { [k as keyof T]: _gone, ...rest } = m;
  return rest as T;
};

export const useSummary = create<SummaryState>((set, get) => ({
  spec: null,
  calendar: DEFAULT_CALENDAR,
  tab: 'stats',
  stats: null,
  draft: null,
  candidates: [],
  loading: false,
  error: null,
  unsaved: {},
  saving: {},
  failed: {},
  savedAt: {},
  async init(today) {
    if (get().spec) return get().load();
    let calendar = DEFAULT_CALENDAR;
    try {
      calendar = (await client().call('settings.get', {})).calendar;
    } catch (e) {
      reportLoadError(e); // the default term dates meanwhile, and the banner says why
    }
    const t = termOf(today, calendar);
    set({ calendar, spec: { kind: 'term', year: t.year, term: t.term } });
    return get().load();
  },
  setSpec(spec) {
    for (const k of [...timers.keys()]) stopTimer(k);
    set({ spec, unsaved: {}, saving: {}, failed: {}, savedAt: {} });
    void get().load();
  },
  setTab: (tab) => set({ tab }),
  async load() {
    const period = key(get());
    if (!period) return;
    set({ loading: true, error: null });
    try {
      const [stats, draft, candidates] = await Promise.all([
        client().call('summary.stats', { period }),
        client().call('summary.draft', { period }),
        client().call('summary.photoCandidates', { period }),
      ]);
      if (key(get()) !== period) return; // the teacher picked another period meanwhile
      set({ stats, draft, candidates, loading: false });
    } catch (e) {
      set({ error: (e as Error).message, loading: false });
    }
  },
  type(k, text) {
    set({ unsaved: { ...get().unsaved, [k]: text }, failed: without(get().failed, k) });
    stopTimer(k);
    timers.set(
      k,
      setTimeout(() => {
        timers.delete(k);
        void get().save(k);
      }, AUTOSAVE_MS),
    );
  },
  discard(k) {
    stopTimer(k);
    set({ unsaved: without(get().unsaved, k), failed: without(get().failed, k) });
  },
  async save(k) {
    stopTimer(k);
    const before = inflight.get(k);
    if (before) await before; // one save of a section at a time, in typing order
    const text = get().unsaved[k];
    const period = key(get());
    if (text === undefined || !period) return;
    const run = (async () => {
      set({ saving: { ...get().saving, [k]: true } });
      try {
        const draft = await client().call('summary.saveSection', { period, key: k, text });
        if (key(get()) !== period) return;
        // Text typed while this save was on its way stays unsaved (its own save follows).
        const unsaved = get().unsaved[k] === text ? without(get().unsaved, k) : get().unsaved;
        set({ draft, unsaved, savedAt: { ...get().savedAt, [k]: Date.now() }, error: null });
      } catch (e) {
        if (key(get()) === period) set({ error: (e as Error).message, failed: { ...get().failed, [k]: true } }); // the typed text stays in `unsaved`
      } finally {
        set({ saving: without(get().saving, k) });
      }
    })();
    inflight.set(k, run);
    try {
      await run;
    } finally {
      if (inflight.get(k) === run) inflight.delete(k);
    }
  },
  async flush() {
    const keys = new Set<SectionKey>([...(Object.keys(get().unsaved) as SectionKey[]), ...inflight.keys()]);
    await Promise.all([...keys].map((k) => get().save(k)));
    return Object.keys(get().unsaved).length === 0;
  },
  async regenerate(k) {
    try {
      stopTimer(k);
      const draft = await client().call('summary.regenerateSection', { period: key(get()), key: k });
      set({ draft, unsaved: without(get().unsaved, k), failed: without(get().failed, k), error: null });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  async setPhotos(photos) {
    const before = get().draft;
    // Shown at once; the answer from the archive (or the old picks on failure) follows.
    if (before && photos) set({ draft: { ...before, photos, photosChosen: true } });
    try {
      set({ draft: await client().call('summary.setPhotos', { period: key(get()), photos }), error: null });
    } catch (e) {
      set({ draft: before, error: (e as Error).message });
    }
  },
}));

/** The 总结导出 page is shown: its period's numbers, draft and photos, now and after every change to the archive. */
export function useSummaryShown(): void {
  const c = useApp((s) => s.client);
  useEffect(() => {
    if (!c) return;
    void useSummary.getState().init(localIsoDate(new Date()));
    return refreshOnChange(() => useSummary.getState().load());
  }, [c]);
}

/** 工作总结用的信息 as the archive holds it; throws the core's error. */
export const fetchReportSettings = (): Promise<ReportSettings> => client().call('summary.reportSettings', {});
/** Saves it and answers what is now held; throws the core's error. */
export const saveReportSettings = (input: CallInput<'summary.setReportSettings'>): Promise<ReportSettings> =>
  client().call('summary.setReportSettings', input);

export interface DownloadRequest {
  kind: ExportKind;
  format: ExportFormat;
  period?: string;
  personId?: string;
  maskNames?: boolean;
}

/**
 * The download URL of an exported file. The web host answers it (GET with Content-Disposition);
 * the desktop host answers the same path on its archive:// protocol (Electron then asks where to save).
 */
export function downloadUrl(r: DownloadRequest): string {
  const q = new URLSearchParams({ kind: r.kind, format: r.format });
  if (r.period) q.set('period', r.period);
  if (r.personId) q.set('person', r.personId);
  if (r.maskNames) q.set('mask', '1');
  const base = typeof window !== 'undefined' && window.keji ? 'archive://download' : '/download';
  return `${base}/summary?${q}`;
}

/** Fetches the file and hands it to the browser as a download; throws the host's Chinese message. */
export async function download(r: DownloadRequest): Promise<string> {
  const res = await fetch(downloadUrl(r), { credentials: 'same-origin' });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as { error: { message: string } }).error.message;
    } catch {
      /* not JSON */
    }
    throw new Error(message);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const fileName = m ? decodeURIComponent(m[1]) : `export.${r.format}`;
  saveBlob(fileName, await res.blob());
  return fileName;
}
