// 导入: files and folders (a USB stick) into the content-addressed store, off the main thread.
// Per file: a worker hashes it and checks what it really is; the main thread decides (already in
// the archive → link only); the worker decodes the photo once into both thumbnails, writes and
// fsyncs the original under a temporary name and renames it into place; only then does the row
// commit here. A bad file gets a Chinese reason and the rest go on. Cancel stops handing out
// files: what finished stays, nothing half-written remains.
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFailure, ImportResult, LinkTarget } from '../../../shared/calls/media';
import { translate } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { KejiError } from '../errors';
import type { Job } from '../jobs';
import { insertEntity, logChange, nowIso } from '../rows';
import { assertTarget, hasRepresentative, linkTo, nextLinkPosition, resetRepresentative } from './links';
import { INCOMING_DIR, mediaRelPath, partialOf } from './store';
import { missingThumbs } from './thumbs';
import { classifyImport, extOf, IMPORT_EXTS, mimeOfStored } from '../../../shared/domain/media';
import { isSystemFile, MAX_PIXELS } from './types';
import { MediaWorkers, type FailCode, type Hashed, type Stored } from './workers';

export interface ImportOptions {
  target?: LinkTarget;
  job?: Job;
  /** Worker threads (default: 2 on a 2-core PC). */
  concurrency?: number;
  /** Test hook: runs just before a file is handed to a worker (e.g. to pull the USB stick). */
  beforeFile?: (file: string) => void;
}

export function failReason(code: FailCode, detail = ''): string {
  return translate(`media.fail.${code}`, { detail });
}

/** Every file under the given paths, folders walked recursively in name order. Missing paths fail. */
export async function collectFiles(paths: readonly string[], failed: ImportFailure[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      out.push(f);
    }
  };
  const byName = (x: string, y: string) => x.localeCompare(y, 'zh-CN', { numeric: true });
  async function walk(dir: string, depth: number): Promise<void> {
    if (depth > 32) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      failed.push({ file: dir, reason: failReason(fsCode(e)) });
      return;
    }
    entries.sort((x, y) => byName(x.name, y.name));
    for (const e of entries) {
      if (isSystemFile(e.name)) continue;
      const p = path.join(dir, e.name);
      // Links are never followed (a stick may link to any file of this PC): each is named and skipped.
      if (e.isSymbolicLink()) failed.push({ file: p, reason: failReason('link') });
      else if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) add(p);
      else failed.push({ file: p, reason: failReason('unsupported', translate('core.media.deviceFile')) });
    }
  }
  for (const raw of paths) {
    const p = path.resolve(raw.trim());
    let st: fs.Stats;
    try {
      st = await fs.promises.lstat(p);
    } catch (e) {
      failed.push({ file: raw, reason: failReason(fsCode(e)) });
      continue;
    }
    if (st.isSymbolicLink()) failed.push({ file: raw, reason: failReason('link') });
    else if (st.isDirectory()) await walk(p, 0);
    else add(p);
  }
  return out;
}

function fsCode(e: unknown): FailCode {
  const code = (e as { code?: string })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR'
    ? 'notFound'
    : code === 'EACCES' || code === 'EPERM'
      ? 'noAccess'
      : 'readError';
}

type Outcome =
  | { kind: 'imported' | 'duplicate'; id: string }
  | { kind: 'failed'; reason: string; code?: FailCode }
  | { kind: 'cancelled' };

export async function importMedia(
  a: Archive,
  paths: readonly string[],
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const { target, job } = opts;
  if (target) assertTarget(a, target);
  // Links keep the files' order, whichever worker finishes first; a cover chosen before stays.
  const basePos = target ? nextLinkPosition(a, target) : 0;
  const hadCover = target ? hasRepresentative(a, target) : true;
  const failed: ImportFailure[] = [];
  const files = await collectFiles(paths, failed);
  const total = files.length;
  const outcomes: Outcome[] = new Array(total);
  const incoming = path.join(a.dir, INCOMING_DIR) + path.sep;
  const display = (f: string) => (f.startsWith(incoming) ? path.basename(f) : f);
  let done = 0;
  let next = 0;
  let current: string | undefined;
  job?.progress({ done: 0, total });

  const pool = new MediaWorkers(opts.concurrency);
  const onAbort = () => pool.abort();
  job?.signal.addEventListener('abort', onAbort);
  const attempt = async (i: number) => {
    const file = files[i];
    current = path.basename(file);
    job?.progress({ done, total, current });
    opts.beforeFile?.(file);
    outcomes[i] = await importOne(a, pool, file, target, basePos + i).catch((e) => ({
      kind: 'failed' as const,
      reason: failReason('internal', String((e as Error)?.message ?? e).slice(0, 160)),
    }));
  };
  const runner = async () => {
    while (next < total && !job?.signal.aborted) {
      const i = next++;
      await attempt(i);
      done++;
      job?.progress({ done, total, current });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.size, total)) }, runner));
    // A photo written while a big video filled the disk may fit once that video's partial file is
    // gone: every file refused for space gets one more try, one at a time.
    for (let i = 0; i < total && !job?.signal.aborted; i++) {
      const o = outcomes[i];
      if (o?.kind === 'failed' && o.code === 'diskFull') await attempt(i);
    }
  } finally {
    job?.signal.removeEventListener('abort', onAbort);
    await pool.close();
    // Our own upload copies are not needed once imported (or refused).
    outcomes.forEach((o, i) => {
      if (o && files[i].startsWith(incoming)) fs.rmSync(files[i], { force: true });
    });
  }

  if (target && !hadCover) a.db.transaction(() => resetRepresentative(a, target))();
  const result: ImportResult = { imported: 0, duplicates: 0, failed, cancelled: !!job?.signal.aborted, mediaIds: [] };
  outcomes.forEach((o, i) => {
    if (!o || o.kind === 'cancelled') return;
    if (o.kind === 'failed') failed.push({ file: display(files[i]), reason: o.reason });
    else {
      result[o.kind === 'imported' ? 'imported' : 'duplicates']++;
      result.mediaIds.push(o.id);
    }
  });
  job?.progress({ done, total, current, finished: true });
  return result;
}

async function importOne(
  a: Archive,
  pool: MediaWorkers,
  file: string,
  target: LinkTarget | undefined,
  position: number,
): Promise<Outcome> {
  const nameExt = extOf(file);
  const want = IMPORT_EXTS[nameExt];
  if (!want)
    return {
      kind: 'failed',
      reason: failReason('unsupported', nameExt ? `.${nameExt}` : translate('core.media.noExt')),
    };
  // A HEIC waits for its turn: one at a time in the process (its decoder thread's peak is large).
  return pool.use(
    async (w) => {
      const id = w.newId();
      const h = await w.send<Hashed>({ type: 'hash', id, file });
      if (!h.ok)
        return h.code === 'cancelled'
          ? { kind: 'cancelled' }
          : { kind: 'failed', code: h.code, reason: failReason(h.code, h.detail) };
      const { sha } = h.value;
      // Name and first bytes must agree with the one allow-list (a program named .docx is refused).
      const is = classifyImport(nameExt, h.value.head);
      if (!is.ok) {
        await w.send({ type: 'forget', id });
        return { kind: 'failed', code: is.code, reason: failReason(is.code, `.${nameExt}`) };
      }
      const existing = a.db.prepare('SELECT id, ext FROM media WHERE sha256=?').get(sha) as
        { id: string; ext: string } | undefined;
      const ext = existing?.ext ?? is.ext;
      const final = path.join(a.dir, mediaRelPath(sha, ext));
      const haveOriginal = fs.existsSync(final);
      const thumbs = is.kind === 'photo' ? missingThumbs(a.dir, sha, ext) : [];
      if (existing && haveOriginal && thumbs.length === 0) {
        await w.send({ type: 'forget', id });
        return commit(a, { sha, existingId: existing.id, target, position });
      }
      const s = await w.send<Stored>({
        type: 'store',
        id,
        ext,
        kind: is.kind,
        limitPixels: MAX_PIXELS,
        thumbs,
        wantMeta: !existing,
        original: haveOriginal ? null : { dir: path.dirname(final), partial: partialOf(final), final },
      });
      if (!s.ok)
        return s.code === 'cancelled'
          ? { kind: 'cancelled' }
          : { kind: 'failed', code: s.code, reason: failReason(s.code, s.detail) };
      const { fileTime, ...facts } = s.value;
      // A date for every file, and where it came from: the file's own, else the activity it is
      // imported onto, else its modified time (不确定: 微信 strips EXIF; a copy gets the copy's time).
      const activityDay =
        !facts.takenAt && target?.kind === 'activity'
          ? (a.db.prepare('SELECT start_date FROM activities WHERE id=?').pluck().get(target.id) as string | undefined)
          : undefined;
      const dated = facts.takenAt
        ? { takenAt: facts.takenAt, takenSource: facts.takenSource }
        : activityDay
          ? { takenAt: `${activityDay}T00:00:00`, takenSource: 'activity' as const }
          : { takenAt: fileTime, takenSource: 'file' as const };
      try {
        return commit(a, {
          sha,
          existingId: existing?.id,
          target,
          position,
          row: {
            ext,
            kind: is.kind,
            mime: mimeOfStored(ext),
            size: h.value.size,
            originalName: path.basename(file),
            ...facts,
            ...dated,
          },
        });
      } catch (e) {
        // The row did not commit (disk full, database busy): the original we just stored must not stay as an orphan.
        if (!haveOriginal && !existing) fs.rmSync(final, { force: true });
        const code = (e as { code?: string }).code ?? '';
        if (code === 'SQLITE_FULL' || code === 'ENOSPC')
          return { kind: 'failed', code: 'diskFull', reason: failReason('diskFull') };
        throw e;
      }
    },
    { heic: nameExt === 'heic' || nameExt === 'heif' },
  );
}

interface NewRow {
  ext: string;
  kind: string;
  mime: string;
  size: number;
  originalName: string;
  width: number | null;
  height: number | null;
  orientation: number | null;
  takenAt: string;
  takenSource: string | null;
}

/** One transaction per file: the row (or the existing one, restored from the trash), then the link. */
function commit(
  a: Archive,
  c: { sha: string; existingId?: string; target?: LinkTarget; position: number; row?: NewRow },
): Outcome {
  return a.db.transaction((): Outcome => {
    // Another worker may have committed the same bytes a moment ago (two copies in one folder).
    const row = a.db.prepare('SELECT id, deleted_at FROM media WHERE sha256=?').get(c.sha) as
      { id: string; deleted_at: string | null } | undefined;
    let id: string;
    let kind: 'imported' | 'duplicate';
    if (row) {
      id = row.id;
      kind = 'duplicate';
      if (row.deleted_at) {
        a.db.prepare('UPDATE media SET deleted_at=NULL, updated_at=? WHERE id=?').run(nowIso(a), id);
        logChange(a, 'media', id, 'restore', translate('core.log.reimported'));
      }
    } else {
      if (!c.row) throw new KejiError('INTERNAL', 'missing media facts');
      id = insertEntity(a, 'media', { sha256: c.sha, ...c.row });
      logChange(a, 'media', id, 'create', c.row.originalName);
      kind = 'imported';
    }
    if (c.target) linkTo(a, [id], c.target, c.position);
    return { kind, id };
  })();
}
