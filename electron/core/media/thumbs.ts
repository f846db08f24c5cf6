// The thumbnail cache: thumbs/ab/<sha256>-<px>.webp, made at import and again on demand if
// the cache was deleted or never made (demo photos, an archive merged from another PC).
import fs from 'node:fs';
import path from 'node:path';
import { THUMB_PX } from '../../../shared/calls/media';
import type { Archive } from '../db/open';
import { displayRelPath, NEEDS_DISPLAY_JPEG, partialOf, thumbRelPath } from './store';
import { storedFile } from './files';
import { MAX_PIXELS } from './types';
import { MediaWorkers, type ThumbTarget, type WorkerAnswer } from './workers';

export const THUMB_SIZES = [THUMB_PX.thumb, THUMB_PX.medium] as const;

/** Where the `px` size of `sha256` goes, and the temporary name it is written under first. */
function thumbTarget(dir: string, sha256: string, px: number): ThumbTarget {
  const final = path.join(dir, thumbRelPath(sha256, px));
  return { px, dir: path.dirname(final), partial: partialOf(final), final };
}

/** The display JPEG of a HEIC (see displayRelPath). */
function displayTarget(dir: string, sha256: string): ThumbTarget {
  const final = path.join(dir, displayRelPath(sha256));
  return { px: 2560, dir: path.dirname(final), partial: partialOf(final), final, format: 'jpeg' };
}

/** Where each missing size of `sha256` goes (empty when the cache is complete); a HEIC also needs its display JPEG. */
export function missingThumbs(dir: string, sha256: string, ext = ''): ThumbTarget[] {
  const out: ThumbTarget[] = [];
  const all = THUMB_SIZES.map((px) => thumbTarget(dir, sha256, px));
  if (NEEDS_DISPLAY_JPEG.has(ext)) all.push(displayTarget(dir, sha256));
  for (const t of all) {
    let ok = false;
    try {
      ok = fs.statSync(t.final).size > 0;
    } catch {
      /* missing */
    }
    if (!ok) out.push(t);
  }
  return out;
}

/**
 * The file a page, Word or the viewer can draw for a stored photo: the display JPEG of a HEIC
 * (made first if missing), else the original. null when neither can be had.
 */
export async function drawableFile(
  a: Archive,
  row: { sha256: string; ext: string; kind: string },
): Promise<string | null> {
  const stored = storedFile(a.dir, row);
  if (!stored.ok) return null;
  if (!NEEDS_DISPLAY_JPEG.has(row.ext)) return stored.file;
  if (!(await ensureThumbs(a, row))) return null;
  for (const dir of new Set([a.dir, thumbCacheDir(a) ?? a.dir])) {
    const f = path.join(dir, displayRelPath(row.sha256));
    if (fs.existsSync(f)) return f;
  }
  return null;
}

// One background worker per process for on-demand work; it never keeps the process alive.
let regenPool: MediaWorkers | null = null;
const inFlight = new Map<string, Promise<boolean>>();

/**
 * Makes sure both thumbnails of a stored photo exist; true when they do. Concurrent requests
 * for the same photo share one decode.
 */
export function ensureThumbs(a: Archive, row: { sha256: string; ext: string; kind: string }): Promise<boolean> {
  if (missingThumbs(a.dir, row.sha256, row.ext).length === 0) return Promise.resolve(true);
  // Read-only (a package on a stick): made in its temp cache, never on the stick.
  const cache = thumbCacheDir(a);
  if (!cache) return Promise.resolve(false);
  const todo = missingThumbs(cache, row.sha256, row.ext);
  if (todo.length === 0) return Promise.resolve(true);
  const key = `${cache}\0${row.sha256}`;
  const running = inFlight.get(key);
  if (running) return running;
  const stored = storedFile(a.dir, row);
  if (!stored.ok) return Promise.resolve(false);
  const original = stored.file;
  regenPool ??= new MediaWorkers(1, true);
  const p = regenPool
    .use(
      async (w) => {
        const r = await w.send({
          type: 'regenerate',
          id: w.newId(),
          file: original,
          ext: row.ext,
          thumbs: todo,
          limitPixels: MAX_PIXELS,
        });
        return r.ok;
      },
      { heic: NEEDS_DISPLAY_JPEG.has(row.ext) },
    )
    .finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/** Where this archive's thumbnails may be written: its own folder, or a read-only package's temp cache. */
export function thumbCacheDir(a: Archive): string | null {
  return a.readonly ? (a.cacheDir ?? null) : a.dir;
}

/**
 * Writes a video's poster frame (image bytes) as both cached sizes, replacing any earlier one.
 * The same background worker and recipe as a photo's thumbnails: one place says what a
 * thumbnail is, and a burst of posters from the gallery queues there instead of on the host.
 */
export function writePosterThumbs(a: Archive, sha256: string, bytes: Uint8Array): Promise<WorkerAnswer<unknown>> {
  const thumbs = THUMB_SIZES.map((px) => thumbTarget(a.dir, sha256, px));
  regenPool ??= new MediaWorkers(1, true);
  return regenPool.use((w) => w.send({ type: 'poster', id: w.newId(), bytes, thumbs, limitPixels: MAX_PIXELS }));
}

/** Stops the background worker (tests, and hosts shutting down). */
export async function closeThumbWorker(): Promise<void> {
  const p = regenPool;
  regenPool = null;
  await p?.close();
}
