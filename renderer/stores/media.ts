// One media item and what is attached to records: the item the lightbox shows (its detail, fetched
// again when the archive changes, and its edits — caption, turn, cover, links, trash), the files
// of a record (an activity's photos, a work's files, an award's certificate) for AttachZone, and
// the two calls on one file that change no record (open it with the PC's program, save a video's
// poster frame). Edits resolve with the item's new detail or throw the core's error.
import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { LinkTarget, MediaDetail, Rotation } from '../../shared/calls/media';
import type { LinkedMedia } from '../../shared/calls/records';
import { uuidv7 } from '../../shared/domain/ids';
import { client, useApp } from './app';
import { refreshOnChange } from './live';

// ————— the open item (the lightbox) —————

interface MediaItemState {
  /** The item shown (undefined: no lightbox open). */
  id: string | undefined;
  /** Its detail; the previous item's until the new one answers (no flash while paging). */
  detail: MediaDetail | null;
  /** Its load's or last edit's failure, in Chinese. */
  error: string | null;
  /** What the last edit did (已保存, 已移到回收站). */
  note: string | null;
  /** Trashed from here: nothing to fetch again when the archive changes. */
  gone: boolean;
  /** Shows `id` (undefined: none) and fetches it. */
  show(id: string | undefined): void;
  /** Fetches the shown item again (after the archive changed). */
  refresh(): Promise<void>;
  /** Shows the item at once as it will be (a turn), before the core answers. */
  preview(d: MediaDetail): void;
  /** The outcome of an edit, shown beside the item. */
  told(outcome: { note?: string | null; error?: string | null }): void;
  setCaption(id: string, caption: string | null): Promise<MediaDetail>;
  /** Turns a photo for display (the original is never changed). */
  rotate(id: string, rotation: Rotation): Promise<MediaDetail>;
  /** The photo becomes an activity's cover or an award's certificate photo. */
  setCover(id: string, target: { kind: 'activity' | 'award'; id: string }): Promise<MediaDetail>;
  link(id: string, target: LinkTarget): Promise<MediaDetail>;
  unlink(id: string, target: LinkTarget): Promise<MediaDetail>;
  /** Moves the item to the 回收站. */
  trash(id: string): Promise<void>;
}

/** Bumped on every fetch of the open item, so a late answer for an item no longer shown is dropped. */
let itemSeq = 0;

export const useMediaItem = create<MediaItemState>((set, get) => {
  /** An answer about `id` replaces the shown detail only while `id` is the one shown. */
  const shown = (d: MediaDetail) => {
    if (get().id === d.id) set({ detail: d });
    return d;
  };
  const fetchDetail = async (id: string) => {
    const seq = ++itemSeq;
    try {
      const d = await client().call('media.get', { id });
      if (seq === itemSeq && get().id === id) set({ detail: d });
    } catch (e) {
      if (seq === itemSeq && get().id === id) set({ error: (e as Error).message });
    }
  };
  return {
    id: undefined,
    detail: null,
    error: null,
    note: null,
    gone: false,
    show(id) {
      if (!id) {
        itemSeq++;
        set({ id: undefined, detail: null, error: null, note: null, gone: false });
        return;
      }
      set({ id, error: null, note: null, gone: false });
      void fetchDetail(id);
    },
    async refresh() {
      const { id, gone } = get();
      if (id && !gone) await fetchDetail(id);
    },
    preview(d) {
      if (get().id === d.id) set({ detail: d });
    },
    told({ note, error }) {
      set({ ...(note !== undefined ? { note } : {}), ...(error !== undefined ? { error } : {}) });
    },
    async setCaption(id, caption) {
      return shown(await client().call('media.update', { id, caption }));
    },
    async rotate(id, rotation) {
      return shown(await client().call('media.update', { id, rotation }));
    },
    async setCover(id, target) {
      return shown(await client().call('media.setCover', { id, target }));
    },
    async link(id, target) {
      await client().call('media.link', { ids: [id], target });
      return shown(await client().call('media.get', { id }));
    },
    async unlink(id, target) {
      await client().call('media.unlink', { ids: [id], target });
      return shown(await client().call('media.get', { id }));
    },
    async trash(id) {
      // Marked first: the archive.changed of the delete may arrive before its answer, and the item
      // it removed is not fetched again (that would say 找不到 about what the teacher just trashed).
      if (get().id === id) set({ gone: true });
      try {
        await client().call('trash.delete', { kind: 'media', id });
      } catch (e) {
        if (get().id === id) set({ gone: false });
        throw e;
      }
    },
  };
});

refreshOnChange(() => useMediaItem.getState().refresh());

export interface MediaDetailState {
  detail: MediaDetail | null;
  error: string | null;
  note: string | null;
  /** Runs an edit (one of useMediaItem's); `note` is shown when it succeeds, its failure beside the
   * item (never thrown). Answers whether it succeeded. */
  edit(fn: () => Promise<unknown>, note?: string): Promise<boolean>;
  /** Shows the item at once as it will be (a turn), before the core answers. */
  preview(d: MediaDetail): void;
}

/** The lightbox's item: `id` shown while the component is mounted, fetched again when it changes
 * or the archive does. */
export function useMediaDetail(id: string | undefined): MediaDetailState {
  const detail = useMediaItem((s) => s.detail);
  const error = useMediaItem((s) => s.error);
  const note = useMediaItem((s) => s.note);
  const preview = useMediaItem((s) => s.preview);
  useEffect(() => {
    useMediaItem.getState().show(id);
  }, [id]);
  useEffect(() => () => useMediaItem.getState().show(undefined), []);
  const edit = useCallback(async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) useMediaItem.getState().told({ note: done });
      return true;
    } catch (e) {
      useMediaItem.getState().told({ error: (e as Error).message });
      return false;
    }
  }, []);
  return { detail, error, note, edit, preview };
}

// ————— a record's files (AttachZone) —————

export interface Attached {
  items: LinkedMedia[];
  /** The last fetch's failure, in Chinese (the items shown are the last ones fetched). */
  error: string | null;
}
interface AttachedState {
  byTarget: Record<string, Attached>;
  /** Fetches the files of `target`; a failure is kept beside its items. */
  load(target: LinkTarget): Promise<void>;
}

const keyOf = (t: LinkTarget) => `${t.kind}:${t.id}`;
/** Records whose files are on screen (how many zones show each), fetched again on every change. */
const onScreen = new Map<string, { target: LinkTarget; zones: number }>();

export const useAttachedMedia = create<AttachedState>((set) => ({
  byTarget: {},
  async load(target) {
    const key = keyOf(target);
    try {
      const items = await client().call('records.mediaOf', { kind: target.kind, id: target.id });
      set((s) => ({ byTarget: { ...s.byTarget, [key]: { items, error: null } } }));
    } catch (e) {
      set((s) => ({
        byTarget: { ...s.byTarget, [key]: { items: s.byTarget[key]?.items ?? [], error: (e as Error).message } },
      }));
    }
  },
}));

refreshOnChange(() => Promise.all([...onScreen.values()].map((o) => useAttachedMedia.getState().load(o.target))));

const NONE: Attached = { items: [], error: null };

/** The files of `target` for a component: fetched when it mounts, again when the archive changes
 * while it is shown. */
export function useAttached(target: LinkTarget): Attached {
  const { kind, id } = target;
  const key = `${kind}:${id}`;
  const hasClient = useApp((s) => s.client !== null);
  useEffect(() => {
    if (!hasClient) return;
    const held = onScreen.get(key);
    if (held) held.zones++;
    else onScreen.set(key, { target: { kind, id }, zones: 1 });
    void useAttachedMedia.getState().load({ kind, id });
    return () => {
      const h = onScreen.get(key);
      if (h && --h.zones <= 0) onScreen.delete(key);
    };
  }, [hasClient, key, kind, id]);
  return useAttachedMedia((s) => s.byTarget[key]) ?? NONE;
}

// ————— one file, no record changed —————

/** Opens the stored original with the PC's own program (desktop host). Throws the core's reason. */
export async function openOriginal(id: string): Promise<void> {
  await client().call('app.openMedia', { jobId: crypto.randomUUID(), id });
}

/** Keeps a video's poster frame (`image`: JPEG, PNG or WebP bytes, base64) where its thumbnails go. */
export async function savePoster(id: string, image: string): Promise<void> {
  await client().call('media.savePoster', { jobId: uuidv7(), id, image });
}
