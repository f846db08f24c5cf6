// Reading a stored original without ever following a link: a package on a stick, or an archive
// folder someone tampered with, may hold `media/ab/<sha>.pdf → ../../archive.sqlite`. Every door
// that reads an original (serving, app.openMedia, export, verify) goes through storedFile().
import fs from 'node:fs';
import path from 'node:path';
import { MAGIC_BYTES, storedTypeProblem, type StoredRefusal } from '../../../shared/domain/media';
import { translate } from '../../../shared/i18n/messages';
import { mediaRelPath } from './store';

export type StoredFile =
  { ok: true; file: string; size: number } | { ok: false; why: StoredRefusal | 'missing' | 'link' };

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** A plain file of its own: not a symlink (or junction), not a device, not a hard link to elsewhere. */
export function plainFile(st: fs.Stats): boolean {
  return st.isFile() && !st.isSymbolicLink() && st.nlink <= 1;
}

/** The first bytes of a file, opened without following a final symlink. */
export function readHead(file: string, n = MAGIC_BYTES): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
  try {
    const b = Buffer.alloc(n);
    return b.subarray(0, fs.readSync(fd, b, 0, n, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Where a media row's original is, checked: the row's type is on the allow-list, the path is
 * media/ab/<sha>.<ext> inside `root` with no link anywhere on the way, and (with `content`) the
 * first bytes are of that type.
 */
export function storedFile(
  root: string,
  row: { sha256: unknown; ext: unknown; kind: unknown },
  opts: { content?: boolean } = {},
): StoredFile {
  const bad = storedTypeProblem(row);
  if (bad) return { ok: false, why: bad };
  const rel = mediaRelPath(row.sha256 as string, row.ext as string);
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return { ok: false, why: 'missing' };
  }
  let cur = realRoot;
  let st: fs.Stats | undefined;
  for (const part of rel.split('/')) {
    cur = path.join(cur, part);
    try {
      st = fs.lstatSync(cur);
    } catch {
      return { ok: false, why: 'missing' };
    }
    if (st.isSymbolicLink()) return { ok: false, why: 'link' };
  }
  if (!st || !plainFile(st)) return { ok: false, why: st?.isFile() ? 'link' : 'missing' };
  if (opts.content) {
    let head: Buffer;
    try {
      head = readHead(cur);
    } catch (e) {
      return { ok: false, why: (e as { code?: string }).code === 'ELOOP' ? 'link' : 'missing' };
    }
    const why = storedTypeProblem(row, head);
    if (why) return { ok: false, why };
  }
  return { ok: true, file: cur, size: st.size };
}

/** The Chinese reason a door gives for a refused row, naming the file as the teacher knows it. */
export function refusalMessage(
  why: StoredRefusal | 'missing' | 'link',
  row: { ext: unknown; name?: unknown; original_name?: unknown; originalName?: unknown },
): string {
  const name =
    String(row.name ?? row.original_name ?? row.originalName ?? '').slice(0, 80) || translate('core.media.unnamed');
  return translate(`media.refused.${why}`, { name, ext: String(row.ext ?? '').slice(0, 12) });
}

export interface MediaFileProblem {
  id: string;
  name: string;
  why: StoredRefusal | 'missing' | 'link';
  message: string;
}

/**
 * `keji check <archive>`: every live media row whose original is missing, a link, or not what its
 * type says — so a teacher (or IT staff) learns which photos a restore or a crash left without a file.
 */
export function checkArchiveMedia(
  dir: string,
  db: import('better-sqlite3').Database,
): { rows: number; problems: MediaFileProblem[] } {
  const problems: MediaFileProblem[] = [];
  let rows = 0;
  const it = db
    .prepare('SELECT id, sha256, ext, kind, original_name FROM media WHERE deleted_at IS NULL ORDER BY id')
    .iterate() as IterableIterator<{ id: string; sha256: string; ext: string; kind: string; original_name: string }>;
  for (const row of it) {
    rows++;
    const s = storedFile(dir, row, { content: true });
    if (!s.ok) problems.push({ id: row.id, name: row.original_name, why: s.why, message: refusalMessage(s.why, row) });
  }
  return { rows, problems };
}
