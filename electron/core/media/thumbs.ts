// The thumbnail cache: thumbs/ab/<sha256>-<px>.webp, made at import and again on demand if
// the cache was deleted or never made (demo photos, an archive merged from another PC).
import fs from 'node:fs';
import path from 'node:path';
import { THUMB_PX } from '../../../shared/calls/media';
import type { Archive } from '../db/open';
import { mediaRelPath, partialOf, thumbRelPath } from './store';
import { MAX_PIXELS } from './types';
import { MediaWorkers, type ThumbTarget } from './workers';

export const THUMB_SIZES = [THUMB_PX.thumb, THUMB_PX.medium] as const;

/** Where each missing size of `sha256` goes (empty when the cache is complete). */
export function missingThumbs(dir: string, sha256: string): ThumbTarget[] {
  const out: ThumbTarget[] = [];
  for (const px of THUMB_SIZES) {
    const final = path.join(dir, thumbRelPath(sha256, px));
    let ok = false;
    try { ok = fs.statSync(final).size > 0; } catch { /* missing */ }
    if (!ok) out.push({ px, dir: path.dirname(final), partial: partialOf(final), final });
  }
  return out;
}

// One background worker per process for on-demand work; it never keeps the process alive.
let regenPool: MediaWorkers | null = null;
const inFlight = new Map<string, Promise<boolean>>();

/**
 * Makes sure both thumbnails of a stored photo exist; true when they do. Concurrent requests
 * for the same photo share one decode.
 */
export function ensureThumbs(a: Archive, row: { sha256: string; ext: string }): Promise<boolean> {
  const todo = missingThumbs(a.dir, row.sha256);
  if (todo.length === 0) return Promise.resolve(true);
  const key = `${a.dir}\0${row.sha256}`;
  const running = inFlight.get(key);
  if (running) return running;
  const original = path.join(a.dir, mediaRelPath(row.sha256, row.ext));
  regenPool ??= new MediaWorkers(1, true);
  const p = regenPool.use(async (w) => {
    const r = await w.send({ type: 'regenerate', id: w.newId(), file: original, ext: row.ext, thumbs: todo, limitPixels: MAX_PIXELS });
    return r.ok;
  }).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/** Stops the background worker (tests, and hosts shutting down). */
export async function closeThumbWorker(): Promise<void> {
  const p = regenPool;
  regenPool = null;
  await p?.close();
}
