// 相册 slice: the filter, the group headings, pages of tiles fetched as they scroll into view
// (a bounded cache, so 20,000 photos never sit in memory at once), the open lightbox, the import
// job with its progress, 调整拍摄时间 and its 撤销; and the 证书墙 (useCertificates). Both are
// fetched again when the archive changes while their page shows them.
import { useEffect } from 'react';
import { create } from 'zustand';
import {
  STAGE_CHUNK,
  type Certificate,
  type GroupBy,
  type ImportResult,
  type LinkTarget,
  type MediaGroup,
  type MediaItem,
  type TakenTime,
} from '../../shared/calls/media';
import type { CallInput, JobProgress } from '../../shared/contract';
import { isDesktop } from '../api/desktop';
import { tokenHeaders } from '../api/transports';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';

export const PAGE_SIZE = 120;
/** Pages kept in memory; the ones farthest from what is on screen go first. */
const MAX_PAGES = 30;

export interface GalleryFilter {
  groupBy: GroupBy;
  activityId?: string;
  kind?: 'photo' | 'video' | 'document';
  personId?: string;
  tag?: string;
  schoolYear?: number;
  month?: string;
  /** 日期不确定: files dated only by their modified time. */
  dateUncertain?: boolean;
  /** Only the files of one record (a work's files, an award's certificate). */
  target?: LinkTarget;
}

export type ImportPhase = 'idle' | 'uploading' | 'importing' | 'done';
export interface ImportState {
  phase: ImportPhase;
  jobId: string | null;
  done: number;
  total: number;
  current: string | null;
  etaSeconds: number | null;
  cancelling: boolean;
  result: ImportResult | null;
  error: string | null;
  /** The record the files are being added to, if any. */
  target: LinkTarget | null;
}
const IMPORT_IDLE: ImportState = {
  phase: 'idle',
  jobId: null,
  done: 0,
  total: 0,
  current: null,
  etaSeconds: null,
  cancelling: false,
  result: null,
  error: null,
  target: null,
};

interface GalleryState {
  filter: GalleryFilter;
  groups: MediaGroup[];
  total: number;
  loaded: boolean;
  error: string | null;
  /** Bumped on every reload, so late answers for an old filter are dropped. */
  version: number;
  pages: Map<number, MediaItem[]>;
  lightbox: number | null;
  importing: ImportState;
  /** After an import: the grid scrolls to tile `index` (once per `seq`). */
  reveal: { index: number; seq: number } | null;
  /** Files of the last import the filter hides ("N 项被筛选隐藏 · 显示全部"). */
  hiddenNew: number;
  /** Ids of the last import, marked in the grid. */
  fresh: ReadonlySet<string>;
  /** Clears the filter and scrolls to the files of the last import. */
  showAllNew(): Promise<void>;
  setFilter(patch: Partial<GalleryFilter>): void;
  clearFilter(): void;
  reload(): Promise<void>;
  /** Makes sure the tiles from..to (inclusive) are loaded. */
  ensure(from: number, to: number): void;
  itemAt(i: number): MediaItem | undefined;
  /** Changes a loaded tile in place (a rotation) without reloading the gallery. */
  patchItem(id: string, patch: Partial<MediaItem>): void;
  open(i: number | null): void;
  importPaths(paths: string[], target?: LinkTarget): Promise<void>;
  uploadAndImport(files: File[], target?: LinkTarget): Promise<void>;
  cancelImport(): Promise<void>;
  closeImport(): void;
  /** 调整拍摄时间 of the chosen files; answers how many changed and their times before (for 撤销).
   * Throws the core's reason. */
  retime(input: CallInput<'media.retime'>): Promise<{ changed: number; before: TakenTime[] }>;
  /** 撤销: puts the times back as they were. Throws the core's reason. */
  restoreTimes(before: TakenTime[]): Promise<void>;
}

/**
 * Hands one file's bytes to the host; answers where it was kept. The web host takes an HTTP
 * upload; the desktop host (no path for a dropped file reaches the page) takes it over IPC in chunks.
 */
async function sendFile(f: File, batch: string, seq: number): Promise<string> {
  if (isDesktop()) {
    let path = '';
    for (let offset = 0; offset === 0 || offset < f.size; offset += STAGE_CHUNK) {
      const data = await base64Of(f.slice(offset, offset + STAGE_CHUNK));
      path = (await client().call('media.stage', { batch, seq, name: f.name, offset, data })).path;
    }
    return path;
  }
  const res = await fetch(`/media/upload?batch=${batch}&name=${encodeURIComponent(f.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', ...tokenHeaders() },
    body: f,
  });
  const body = (await res.json()) as { ok: boolean; value?: { path: string }; error?: { message: string } };
  if (!body.ok || !body.value) throw new Error(body.error?.message ?? String(res.status));
  return body.value.path;
}

/** A blob as base64, read by the browser (no megabyte strings built by hand). */
function base64Of(b: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read'));
    r.readAsDataURL(b);
  });
}

/** Where `ids` are in the grid under the current filter; null (and the reason in the banner) when
 * the core cannot say: the grid is then shown without scrolling to them. */
async function locate(ids: string[]) {
  try {
    return await client().call('media.locate', { ...useGallery.getState().filter, ids });
  } catch (e) {
    reportLoadError(e);
    return null;
  }
}

let revealSeq = 0;
/** Scrolls the grid to `ids`; with `clearIfHidden`, first clears a filter that hides every one of them. */
async function revealNew(ids: string[], clearIfHidden = false): Promise<void> {
  const g = useGallery.getState;
  useGallery.setState({ fresh: new Set(ids) });
  let where = await locate(ids);
  if (
    clearIfHidden &&
    where &&
    where.visible === 0 &&
    where.hidden > 0 &&
    Object.keys(g().filter).some((k) => k !== 'groupBy')
  ) {
    useGallery.setState({ filter: { groupBy: g().filter.groupBy }, lightbox: null });
    where = await locate(ids);
  }
  if (where?.first != null) wanted = [where.first, where.first + PAGE_SIZE - 1];
  await g().reload();
  useGallery.setState({
    hiddenNew: where?.hidden ?? 0,
    reveal: where?.first != null ? { index: where.first, seq: ++revealSeq } : null,
  });
}

const inFlight = new Set<string>();
/** The last range asked for, loaded again after a reload. */
let wanted: [number, number] = [0, -1];
const newId = () => crypto.randomUUID();

export const useGallery = create<GalleryState>((set, get) => ({
  filter: { groupBy: 'month' },
  groups: [],
  total: 0,
  loaded: false,
  error: null,
  version: 0,
  pages: new Map(),
  lightbox: null,
  importing: IMPORT_IDLE,
  reveal: null,
  hiddenNew: 0,
  fresh: new Set(),

  setFilter(patch) {
    const next = { ...get().filter, ...patch };
    for (const k of Object.keys(next) as (keyof GalleryFilter)[])
      if (next[k] === undefined || next[k] === '') delete next[k];
    wanted = [0, 0];
    set({ filter: next, lightbox: null, hiddenNew: 0 });
    void get().reload();
  },
  clearFilter() {
    wanted = [0, 0];
    set({ filter: { groupBy: get().filter.groupBy }, lightbox: null, hiddenNew: 0 });
    void get().reload();
  },
  async showAllNew() {
    wanted = [0, 0];
    set({ filter: { groupBy: get().filter.groupBy }, lightbox: null, hiddenNew: 0 });
    await revealNew([...get().fresh]);
  },
  async reload() {
    // The new headings and the pages on screen arrive together: no flash of empty tiles.
    const version = get().version + 1;
    set({ version, error: null });
    try {
      const filter = get().filter;
      const g = await client().call('media.groups', filter);
      const [from, to] = wanted;
      const first = Math.floor(Math.max(0, from) / PAGE_SIZE);
      const last = Math.min(Math.floor(Math.max(from, to) / PAGE_SIZE), Math.ceil(g.total / PAGE_SIZE) - 1);
      const pages = new Map<number, MediaItem[]>();
      await Promise.all(
        Array.from({ length: Math.max(0, last - first + 1) }, async (_, k) => {
          const r = await client().call('media.list', { ...filter, offset: (first + k) * PAGE_SIZE, limit: PAGE_SIZE });
          pages.set(first + k, r.items);
        }),
      );
      if (get().version !== version) return;
      const lb = get().lightbox;
      set({
        groups: g.groups,
        total: g.total,
        pages,
        loaded: true,
        lightbox: lb !== null && lb >= g.total ? (g.total ? g.total - 1 : null) : lb,
      });
    } catch (e) {
      if (get().version === version) set({ error: (e as Error).message, loaded: true });
    }
  },
  ensure(from, to) {
    wanted = [from, to];
    const { total, version } = get();
    if (total === 0) return;
    const first = Math.floor(Math.max(0, from) / PAGE_SIZE);
    const last = Math.floor(Math.min(total - 1, to) / PAGE_SIZE);
    for (let p = first; p <= last; p++) {
      const key = `${version}:${p}`;
      if (get().pages.has(p) || inFlight.has(key)) continue;
      inFlight.add(key);
      client()
        .call('media.list', { ...get().filter, offset: p * PAGE_SIZE, limit: PAGE_SIZE })
        .then((r) => {
          if (get().version !== version) return;
          const pages = new Map(get().pages);
          pages.set(p, r.items);
          // Bounded memory: drop the pages farthest from this one.
          while (pages.size > MAX_PAGES) {
            const far = [...pages.keys()].sort((x, y) => Math.abs(y - p) - Math.abs(x - p))[0];
            pages.delete(far);
          }
          set({ pages });
        })
        .catch((e) => set({ error: (e as Error).message }))
        .finally(() => inFlight.delete(key));
    }
  },
  itemAt(i) {
    return get().pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  },
  patchItem(id, patch) {
    const pages = new Map(get().pages);
    for (const [k, items] of pages)
      if (items.some((x) => x.id === id))
        pages.set(
          k,
          items.map((x) => (x.id === id ? { ...x, ...patch } : x)),
        );
    set({ pages });
  },
  open(i) {
    set({ lightbox: i });
  },

  async importPaths(paths, target) {
    const jobId = newId();
    set({ importing: { ...IMPORT_IDLE, phase: 'importing', jobId, target: target ?? null } });
    const off = client().on('job.progress', (payload) => {
      const p = payload as JobProgress;
      if (p.jobId !== jobId) return;
      set((s) => ({
        importing: {
          ...s.importing,
          done: p.done,
          total: p.total,
          current: p.current ?? s.importing.current,
          etaSeconds: p.etaSeconds ?? null,
        },
      }));
    });
    const fromGallery = useApp.getState().page === 'gallery';
    let ids: string[] = [];
    try {
      const result = await client().call('media.import', { jobId, paths, ...(target ? { target } : {}) });
      ids = result.mediaIds;
      set((s) => ({
        importing: {
          ...s.importing,
          phase: 'done',
          result,
          done: s.importing.total || result.imported + result.duplicates + result.failed.length,
        },
      }));
    } catch (e) {
      set((s) => ({ importing: { ...s.importing, phase: 'done', error: (e as Error).message } }));
    } finally {
      off();
    }
    // In the 相册, the new files are shown: a filter that hides all of them is cleared, one that
    // hides some says how many ("N 项被筛选隐藏 · 显示全部"); the grid scrolls to the first one.
    if (fromGallery && ids.length) await revealNew(ids, true);
    else await get().reload();
  },

  async uploadAndImport(files, target) {
    // Each picked or dropped file is sent to the archive's .incoming/ folder, then imported.
    const batch = newId();
    const staged: string[] = [];
    const failed: { file: string; reason: string }[] = [];
    set({ importing: { ...IMPORT_IDLE, phase: 'uploading', total: files.length, target: target ?? null } });
    for (const [i, f] of files.entries()) {
      if (get().importing.cancelling) break;
      const name = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
      set((s) => ({ importing: { ...s.importing, done: i, current: name } }));
      try {
        staged.push(await sendFile(f, batch, i));
      } catch (e) {
        failed.push({ file: name, reason: (e as Error).message });
      }
    }
    if (get().importing.cancelling || staged.length === 0) {
      set((s) => ({
        importing: {
          ...s.importing,
          phase: 'done',
          result: { imported: 0, duplicates: 0, failed, cancelled: s.importing.cancelling, mediaIds: [] },
        },
      }));
      return;
    }
    await get().importPaths(staged, target);
    if (failed.length)
      set((s) => ({
        importing: {
          ...s.importing,
          result: s.importing.result && { ...s.importing.result, failed: [...failed, ...s.importing.result.failed] },
        },
      }));
  },

  async cancelImport() {
    const { jobId } = get().importing;
    set((s) => ({ importing: { ...s.importing, cancelling: true } }));
    if (jobId)
      // The import goes on when the request does not arrive: say so, and let 取消 be pressed again.
      await client()
        .call('jobs.cancel', { jobId })
        .catch((e: Error) => set((s) => ({ importing: { ...s.importing, cancelling: false, error: e.message } })));
  },
  closeImport() {
    set({ importing: IMPORT_IDLE });
  },
  async retime(input) {
    const r = await client().call('media.retime', input);
    void get().reload();
    return r;
  },
  async restoreTimes(before) {
    await client().call('media.restoreTimes', { items: before });
    void get().reload();
  },
}));

/** The 相册 grid while its page is shown: fetched when it mounts, again when the archive changes. */
export function useGalleryShown(): void {
  useEffect(() => {
    void useGallery.getState().reload();
    return refreshOnChange(() => useGallery.getState().reload());
  }, []);
}

interface CertificatesState {
  /** The 学年 the items are of (undefined: every year). */
  schoolYear: number | undefined;
  /** null until the first answer for `schoolYear`. */
  items: Certificate[] | null;
  error: string | null;
  load(schoolYear: number | undefined): Promise<void>;
}
let certSeq = 0;

/** 证书墙: every award with a certificate photo, newest first (of one 学年, or all). */
export const useCertificates = create<CertificatesState>((set, get) => ({
  schoolYear: undefined,
  items: null,
  error: null,
  async load(schoolYear) {
    const seq = ++certSeq;
    if (schoolYear !== get().schoolYear) set({ schoolYear, items: null, error: null });
    try {
      const items = await client().call('media.certificates', schoolYear === undefined ? {} : { schoolYear });
      if (seq === certSeq) set({ items, error: null });
    } catch (e) {
      if (seq === certSeq) set({ error: (e as Error).message });
    }
  },
}));

/** The 证书墙 of `schoolYear` while it is shown: fetched when shown, again when the archive changes. */
export function useCertificateWall(schoolYear: number | undefined): Pick<CertificatesState, 'items' | 'error'> {
  const items = useCertificates((s) => (s.schoolYear === schoolYear ? s.items : null));
  const error = useCertificates((s) => s.error);
  useEffect(() => {
    void useCertificates.getState().load(schoolYear);
    return refreshOnChange(() => useCertificates.getState().load(schoolYear));
  }, [schoolYear]);
  return { items, error };
}

/** An activity's own gallery: the 相册 filtered to it (for a “照片” button on the activity page). */
export function openActivityGallery(activityId: string): void {
  useGallery.getState().setFilter({
    activityId,
    month: undefined,
    schoolYear: undefined,
    personId: undefined,
    tag: undefined,
    kind: undefined,
    target: undefined,
  });
  useApp.getState().go('gallery');
}

/** A person's photos: theirs, and those of the activities, works and awards they are part of. */
export function openPersonGallery(personId: string): void {
  useGallery.getState().setFilter({
    personId,
    activityId: undefined,
    month: undefined,
    schoolYear: undefined,
    tag: undefined,
    kind: undefined,
    target: undefined,
  });
  useApp.getState().go('gallery');
}

/** One record's files in the 相册 (a work's files, an award's certificates), opening `mediaId` if given. */
export async function openTargetGallery(target: LinkTarget, mediaId?: string): Promise<void> {
  wanted = [0, PAGE_SIZE - 1];
  useGallery.setState({ filter: { groupBy: useGallery.getState().filter.groupBy, target }, lightbox: null });
  useApp.getState().go('gallery');
  await useGallery.getState().reload();
  if (!mediaId) return;
  const i =
    useGallery
      .getState()
      .pages.get(0)
      ?.findIndex((m) => m.id === mediaId) ?? -1;
  if (i >= 0) useGallery.getState().open(i);
}
