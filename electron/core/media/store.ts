// The content-addressed media store: media/ab/<sha256>.<ext>, written once, never rewritten.
// A file is fully written and fsynced under a temporary name, then renamed into place,
// before the row that names it commits; leftovers are removed when the archive opens.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Archive } from '../db/archive';
import { insertEntity, logChange } from '../rows';

export interface MediaMeta {
  ext: string;
  kind: 'photo' | 'video' | 'document';
  mime: string;
  originalName: string;
  takenAt?: string | null;
  width?: number | null;
  height?: number | null;
  orientation?: number | null;
  caption?: string | null;
}

export const mediaRelPath = (sha256: string, ext: string) =>
  path.posix.join('media', sha256.slice(0, 2), `${sha256}.${ext}`);
/** A cached WebP of `px` long edge: regenerable from the original, safe to delete. */
export const thumbRelPath = (sha256: string, px: number) =>
  path.posix.join('thumbs', sha256.slice(0, 2), `${sha256}-${px}.webp`);
/**
 * A HEIC/HEIF photo's display JPEG (long edge ≤ 2560): browsers, Word and the offline viewer cannot
 * show HEIC. A cache beside the thumbnails, made from the original (kept byte for byte) at import
 * and again on demand.
 */
export const displayRelPath = (sha256: string) =>
  path.posix.join('thumbs', sha256.slice(0, 2), `${sha256}-display.jpg`);
/** Photo types no page can draw: they get a display JPEG. */
export const NEEDS_DISPLAY_JPEG: ReadonlySet<string> = new Set(['heic']);
/** Uploads from the web host wait here until imported; removed when the archive opens. */
export const INCOMING_DIR = '.incoming';

let partialSeq = 0;
/** A temporary name beside `final`, unique in this process, removed by cleanPartials after a crash. */
export const partialOf = (final: string) => `${final}.${process.pid}-${++partialSeq}.partial`;

/** Writes bytes into the store if absent; returns the sha256. */
export function writeToStore(dir: string, bytes: Uint8Array, ext: string): string {
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  const final = path.join(dir, mediaRelPath(sha, ext));
  if (fs.existsSync(final)) return sha;
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const tmp = partialOf(final);
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

export function linkMedia(
  a: Archive,
  mediaId: string,
  targetKind: 'activity' | 'work' | 'award' | 'person',
  targetId: string,
  position = 0,
): void {
  a.db
    .prepare(
      'INSERT OR IGNORE INTO media_links (media_id, target_kind, target_id, position, created_at) VALUES (?,?,?,?,?)',
    )
    .run(mediaId, targetKind, targetId, position, a.clock.now().toISOString());
}

/** Originals no row names are moved here, never deleted: after restoring an older backup
 * they are the teacher's newer photos, and re-importing this folder brings them back. */
export const ORPHANS_DIR = 'media-orphans';

/**
 * Crash clean-up, when the archive opens (the lock makes this process the only writer):
 * half-written `.partial` files in media/, thumbs/ and backups/ and uploads never imported are removed;
 * given the database, originals that no row names (stored, then the process died before the
 * row committed — or an older database was restored) are moved out of the store into
 * media-orphans/. Returns how many files were cleaned up.
 */
export function cleanPartials(dir: string, db?: Database.Database): number {
  let n = 0;
  const known = db ? new Set(db.prepare("SELECT sha256 || '.' || ext FROM media").pluck().all() as string[]) : null;
  for (const top of ['media', 'thumbs']) {
    const root = path.join(dir, top);
    if (!fs.existsSync(root)) continue;
    for (const sub of fs.readdirSync(root)) {
      const d = path.join(root, sub);
      if (!fs.statSync(d).isDirectory()) continue;
      for (const f of fs.readdirSync(d)) {
        const orphan = top === 'media' && known && /^[0-9a-f]{64}\.[a-z0-9]{1,10}$/.test(f) && !known.has(f);
        if (f.endsWith('.partial')) {
          fs.rmSync(path.join(d, f), { force: true });
          n++;
        } else if (orphan) {
          fs.mkdirSync(path.join(dir, ORPHANS_DIR), { recursive: true });
          fs.renameSync(path.join(d, f), path.join(dir, ORPHANS_DIR, f));
          n++;
        }
      }
    }
  }
  // A backup half-written when the process died (createBackup writes <name>.sqlite.partial, then renames).
  const backups = path.join(dir, 'backups');
  if (fs.existsSync(backups)) {
    // …and SQLite's own journal beside it (<name>.sqlite.partial-journal / -wal / -shm).
    for (const f of fs.readdirSync(backups))
      if (/\.partial(-journal|-wal|-shm)?$/.test(f)) {
        fs.rmSync(path.join(backups, f), { force: true });
        n++;
      }
  }
  const incoming = path.join(dir, INCOMING_DIR);
  if (fs.existsSync(incoming)) fs.rmSync(incoming, { recursive: true, force: true });
  if (db) n += bringBackOrphans(dir, db);
  return n;
}

/**
 * Originals in media-orphans/ whose rows are back (a restore undone, an older backup restored
 * and then the newer one again) return to the store. Safe while the archive is open: it only
 * renames files no row was served from. Returns how many came back.
 */
export function bringBackOrphans(dir: string, db: Database.Database): number {
  const orphans = path.join(dir, ORPHANS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(orphans);
  } catch {
    return 0;
  }
  const has = db.prepare('SELECT 1 FROM media WHERE sha256=? AND ext=?');
  let n = 0;
  for (const f of names) {
    const m = /^([0-9a-f]{64})\.([a-z0-9]{1,10})$/.exec(f);
    if (!m || !has.get(m[1], m[2])) continue;
    const final = path.join(dir, mediaRelPath(m[1], m[2]));
    if (fs.existsSync(final)) continue;
    const st = fs.lstatSync(path.join(orphans, f));
    if (!st.isFile()) continue;
    fs.mkdirSync(path.dirname(final), { recursive: true });
    fs.renameSync(path.join(orphans, f), final);
    n++;
  }
  return n;
}
