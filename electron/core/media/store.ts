// The content-addressed media store: media/ab/<sha256>.<ext>, written once, never rewritten.
// A file is fully written and fsynced under a temporary name, then renamed into place,
// before the row that names it commits; leftovers are removed when the archive opens.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Archive } from '../db/open';
import { insertEntity, logChange } from '../rows';

export interface MediaMeta {
  ext: string; kind: 'photo' | 'video' | 'document'; mime: string; originalName: string;
  takenAt?: string | null; width?: number | null; height?: number | null; orientation?: number | null; caption?: string | null;
}

export const mediaRelPath = (sha256: string, ext: string) => path.posix.join('media', sha256.slice(0, 2), `${sha256}.${ext}`);

/** Writes bytes into the store if absent; returns the sha256. */
export function writeToStore(dir: string, bytes: Uint8Array, ext: string): string {
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  const final = path.join(dir, mediaRelPath(sha, ext));
  if (fs.existsSync(final)) return sha;
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const tmp = `${final}.${process.pid}.partial`;
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, final);
  return sha;
}

/** Adds a media row for bytes (deduplicated by hash); returns the media id. */
export function addMedia(a: Archive, bytes: Uint8Array, meta: MediaMeta): { id: string; duplicate: boolean } {
  const sha = writeToStore(a.dir, bytes, meta.ext);
  const existing = a.db.prepare('SELECT id FROM media WHERE sha256=?').pluck().get(sha) as string | undefined;
  if (existing) return { id: existing, duplicate: true };
  const id = insertEntity(a, 'media', { sha256: sha, size: bytes.length, ...meta, takenAt: meta.takenAt ?? null });
  logChange(a, 'media', id, 'create', meta.originalName);
  return { id, duplicate: false };
}

export function linkMedia(a: Archive, mediaId: string, targetKind: 'activity' | 'work' | 'award' | 'person', targetId: string, position = 0): void {
  a.db.prepare('INSERT OR IGNORE INTO media_links (media_id, target_kind, target_id, position, created_at) VALUES (?,?,?,?,?)')
    .run(mediaId, targetKind, targetId, position, a.clock.now().toISOString());
}

/** Removes half-written files left by a crash (called when the archive opens). */
export function cleanPartials(dir: string): number {
  const root = path.join(dir, 'media');
  if (!fs.existsSync(root)) return 0;
  let n = 0;
  for (const sub of fs.readdirSync(root)) {
    const d = path.join(root, sub);
    if (!fs.statSync(d).isDirectory()) continue;
    for (const f of fs.readdirSync(d)) if (f.endsWith('.partial')) { fs.rmSync(path.join(d, f), { force: true }); n++; }
  }
  return n;
}
