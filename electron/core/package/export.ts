// 导出到U盘: a package folder `科技档案_<学校>_<YYYYMMDD>/` with archive.sqlite, media/, thumbs/,
// the offline viewer and manifest.json. Written into `<name>.partial/`, every file fsynced and
// read back against the hash the manifest will claim, the manifest written last, then the folder
// renamed: an interrupted export (cancel, pulled stick, killed process) never looks complete.
// A package already on the stick is updated in place: files whose size and sha256 match are kept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ExportPlan, ExportResult, ExportScope } from '../../../shared/calls/package';
import { formatBytes } from '../../../shared/domain/format';
import { translate } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { DB_FILE } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations/index';
import { KejiError } from '../errors';
import type { Job } from '../jobs';
import { APP_VERSION } from '../version';
import { THUMB_PX } from '../../../shared/calls/media';
import { displayRelPath, mediaRelPath, NEEDS_DISPLAY_JPEG, thumbRelPath } from '../media/store';
import { drawableFile } from '../media/thumbs';
import { refusalMessage, storedFile } from '../media/files';
import { getSettings } from '../settings';
import { FAT32_MAX_FILE, MAX_WINDOWS_PATH, longestPath, packageName } from './fat';
import {
  copyInto,
  createHasher,
  type Hasher,
  fsyncDir,
  fsyncDirAsync,
  fsyncFile,
  hashFile,
  pool,
  readBack,
  sha256Of,
  walk,
  type WalkedFile,
} from './io';
import {
  FORMAT_VERSION,
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  readReusableManifest,
  type FileEntry,
  type Manifest,
  type ReusableManifest,
} from './manifest';
import {
  copyDatabase,
  makeSnapshot,
  scopeLabel,
  SENSITIVE_COLUMNS,
  type DatabaseCopy,
  type Snapshot,
} from './snapshot';
import { targetInfo, type TargetProbe, type TargetInfo } from './target';
import { buildViewerFiles, localIsoDate, type IncludedMedia } from './viewer-data';
import { viewerAssets } from './viewer';

export interface ExportOptionsParsed {
  target: string;
  scope: ExportScope;
  maskNames: boolean;
  includeSensitive: boolean;
  /** 全部重新核对: read back every file already on the stick, even one unchanged since its last check. */
  recheck?: boolean;
}

export interface ExportHooks extends TargetProbe {
  /** Runs before each file is written (tests simulate a pulled stick by throwing here). */
  beforeWrite?(rel: string): void | Promise<void>;
}

interface PlannedFile extends FileEntry {
  /** Read from here (media) or write these bytes (generated). */
  src: string | null;
  bytes: Buffer | null;
  /** What the teacher calls it, for messages. */
  label: string;
  /**
   * Whether a copy already on the stick can be kept: 'known' (its manifest says this size and
   * hash), 'check' (to be read back first), 'unread' (kept unread: same size and modification
   * time as when an earlier export read it back), or null (write it).
   */
  reuse: 'known' | 'check' | 'unread' | null;
  /** Its modification time on the stick after the last read-back (for the next manifest). */
  mtime?: number;
}

interface Reusable {
  dir: string;
  kind: 'partial' | 'same' | 'older';
  /** rel → size and sha256 (from its manifest), or sha256 from the content-addressed name (to check by reading). */
  files: Map<string, { size: number; sha256: string; known: boolean; mtime?: number }>;
  /** Its manifest (null: an interrupted export's folder). */
  manifest: ReusableManifest | null;
  /** What is in the folder now: one readdir per folder and an lstat per file (size, time, links). */
  onStick: ReturnType<typeof walk>;
  /** The same files by relative path (built once: tens of thousands of entries). */
  byRel: Map<string, WalkedFile>;
}

interface Prepared {
  /** Removes the temp copy of the database. */
  dispose(): void;
  /** The archive has not changed since the package on the stick was made: its database and viewer data are kept. */
  unchanged: boolean;
  /** Identity of what the package is made from (manifest `source`). */
  source: NonNullable<Manifest['source']>;
  name: string;
  finalDir: string;
  partialDir: string;
  target: TargetInfo;
  files: PlannedFile[];
  reusable: Reusable | null;
  reclaimable: number;
  manifest: Omit<Manifest, 'files' | 'totalBytes'>;
  notes: string[];
}

const refuse = (detail: string) => new KejiError('REFUSED', detail);
/** Written, then fsynced and read back together (see exportPackage). */
const BATCH_BYTES = 256 * 1024 * 1024;
/**
 * A time read back from the stick may differ from the one recorded by a millisecond: times go
 * through a float in utimes/copy tools. A real rewrite moves it by far more.
 */
const MTIME_SLACK_MS = 1;
/** Files copied at once (the stick's controller and the OS queue overlap them). */
const COPY_PARALLEL = 2;

/** Package folders of this school already in `target` that an export may update in place. */
function findReusable(target: string, name: string, schoolPrefix: string, scopeAll: boolean): Reusable | null {
  const candidates: { dir: string; kind: Reusable['kind'] }[] = [];
  const isDir = (p: string) => {
    try {
      return fs.lstatSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (isDir(path.join(target, name))) candidates.push({ dir: path.join(target, name), kind: 'same' });
  if (isDir(path.join(target, `${name}.partial`)))
    candidates.push({ dir: path.join(target, `${name}.partial`), kind: 'partial' });
  if (scopeAll && !candidates.length) {
    const re = new RegExp(`^${schoolPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d{8}$`);
    const older = fs
      .readdirSync(target)
      .filter((f) => re.test(f) && isDir(path.join(target, f)))
      .sort()
      .reverse();
    for (const f of older) {
      const m = readReusableManifest(path.join(target, f, MANIFEST_FILE));
      if (m && m.scopeKind === 'all') {
        candidates.push({ dir: path.join(target, f), kind: 'older' });
        break;
      }
    }
  }
  const c = candidates[0];
  if (!c) return null;
  const files: Reusable['files'] = new Map();
  const manifest = readReusableManifest(path.join(c.dir, MANIFEST_FILE));
  // The folder as it is: the export takes it over as it stands (the manifest goes first).
  const onStick = walk(c.dir, 2_000_000);
  onStick.files = onStick.files.filter((f) => f.rel !== MANIFEST_FILE);
  if (manifest)
    for (const f of manifest.files) files.set(f.path, { size: f.size, sha256: f.sha256, known: true, mtime: f.mtime });
  else {
    // An interrupted export: media files name their own hash; they are read back before being kept.
    for (const f of onStick.files) {
      const mm = /^(?:media|thumbs)\/[0-9a-f]{2}\/([0-9a-f]{64})[.-]/.exec(f.rel);
      if (mm) files.set(f.rel, { size: f.size, sha256: mm[1], known: false });
    }
  }
  return { ...c, files, manifest, onStick, byRel: new Map(onStick.files.map((f) => [f.rel, f])) };
}

/** 'media/ab/x.jpg' → 'media/ab' → 'media' → '' (a package's relative paths). */
const parentOf = (rel: string) => rel.slice(0, Math.max(0, rel.lastIndexOf('/')));

/** Same size and a time within the slack of the one recorded after its last read-back. */
const unchangedSince = (now: WalkedFile | undefined, size: number, mtime: number | undefined) =>
  mtime !== undefined && !!now && now.size === size && Math.abs(now.mtime - mtime) <= MTIME_SLACK_MS;

/**
 * What an export is made from, as one sha256: the database's bytes (a backup-API copy: the same
 * data copies to the same bytes), the names and types of the entries in the archive's media/ and
 * thumbs/ folders (one readdir per folder: an original gone or back, a thumbnail made, changes
 * it; a file's bytes are named by its hash), the export's options, its day (the viewer shows it,
 * the package is named by it) and the format, schema and app versions.
 */
function archiveIdentity(a: Archive, db: DatabaseCopy, opts: ExportOptionsParsed, now: Date): string {
  const h = crypto.createHash('sha256');
  h.update(
    JSON.stringify({
      format: FORMAT_VERSION,
      schema: SCHEMA_VERSION,
      app: APP_VERSION,
      day: localIsoDate(now),
      scope: opts.scope,
      maskNames: opts.maskNames,
      includeSensitive: opts.includeSensitive,
      db: db.sha256,
    }),
  );
  const kind = (e: fs.Dirent) => (e.isSymbolicLink() ? 'l' : e.isDirectory() ? 'd' : e.isFile() ? 'f' : 'o');
  const list = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      h.update('\0-\n');
      return;
    }
    entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const e of entries) {
      const k = kind(e);
      h.update(`${depth}${k}${e.name}\n`);
      if (k === 'd' && depth === 0) list(path.join(dir, e.name), 1);
    }
  };
  for (const top of ['media', 'thumbs']) {
    h.update(`/${top}\n`);
    list(path.join(a.dir, top), 0);
  }
  return h.digest('hex');
}

/** Files whose copies on the stick an unchanged archive keeps: its database, viewer data and media. */
const KEPT_WHEN_UNCHANGED =
  /^(?:archive\.sqlite|viewer\/data\.js|viewer\/data\/[^/]+|media\/[^/]+\/[^/]+|thumbs\/[^/]+\/[^/]+)$/;

/**
 * The package's files when the archive has not changed since the package on the stick was made
 * (same identity) and every file its manifest lists is still there, of the size and time recorded
 * after its last read-back (the trust rule of a kept-unread file). Null when anything differs:
 * the export then makes everything again. Nothing of the archive is read but what the identity reads.
 */
function keptFiles(r: Reusable, identity: string, generated: [string, Buffer][]): PlannedFile[] | null {
  const m = r.manifest;
  if (r.kind === 'partial' || !m?.source || m.source.identity !== identity) return null;
  const fresh = new Set(generated.map(([rel]) => rel));
  const files: PlannedFile[] = [];
  for (const f of m.files) {
    if (fresh.has(f.path)) continue;
    if (!KEPT_WHEN_UNCHANGED.test(f.path) || !unchangedSince(r.byRel.get(f.path), f.size, f.mtime)) return null;
    files.push({ path: f.path, size: f.size, sha256: f.sha256, src: null, bytes: null, label: f.path, reuse: 'known' });
  }
  for (const [rel, bytes] of generated)
    files.push({ path: rel, size: bytes.length, sha256: sha256Of(bytes), src: null, bytes, label: rel, reuse: null });
  return files;
}

/** index.html, the viewer's script and style, 使用说明.txt: the same in every package of this version. */
async function staticFiles(): Promise<[string, Buffer][]> {
  const viewer = await viewerAssets();
  return [
    ['index.html', viewer['index.html']],
    ['viewer/viewer.js', viewer['viewer/viewer.js']],
    ['viewer/viewer.css', viewer['viewer/viewer.css']],
    [translate('package.readme.file'), Buffer.from(translate('package.readme.text').replace(/\n/g, '\r\n'), 'utf8')],
  ];
}

async function prepare(a: Archive, opts: ExportOptionsParsed, hooks: ExportHooks, job?: Job): Promise<Prepared> {
  const target = path.resolve(opts.target);
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    throw refuse(translate('package.export.error.noTarget', { path: target }));
  }
  if (!st.isDirectory()) throw refuse(translate('package.export.error.notFolder', { path: target }));
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw refuse(translate('package.export.error.readOnly', { path: target }));
  }
  const archiveReal = fs.realpathSync(a.dir);
  const targetReal = fs.realpathSync(target);
  if (targetReal === archiveReal || targetReal.startsWith(archiveReal + path.sep))
    throw refuse(translate('package.export.error.insideArchive'));
  const info = targetInfo(target, hooks);

  const now = a.clock.now();
  const settings = getSettings(a);
  const name = packageName(settings.schoolName, now);
  const schoolPrefix = name.replace(/\d{8}$/, '');

  try {
    if (!fs.lstatSync(path.join(target, name)).isDirectory())
      throw refuse(translate('package.export.error.fileInTheWay', { name }));
  } catch (e) {
    if (e instanceof KejiError) throw e; // else: nothing there, as expected
  }

  job?.progress({ done: 0, total: 1, current: translate('package.export.preparing') });
  const reusable = findReusable(target, name, schoolPrefix, opts.scope.kind === 'all');
  const dbCopy = await copyDatabase(a);
  let dispose = dbCopy.dispose;
  try {
    const notes: string[] = [];
    const identity = archiveIdentity(a, dbCopy, opts, now);
    const statics = await staticFiles();
    // 全部重新核对 trusts nothing recorded on the stick: everything is made again and read back.
    const kept = reusable && !opts.recheck ? keptFiles(reusable, identity, statics) : null;
    let files: PlannedFile[];
    let counts: Record<string, number>;
    let archiveId: string;
    let omitted: string[];
    /** The notes about media left out, kept in the manifest for an unchanged re-export to repeat. */
    let mediaNotes: string[];
    if (kept && reusable?.manifest?.source) {
      files = kept;
      counts = reusable.manifest.counts;
      archiveId = reusable.manifest.archiveId;
      omitted = opts.includeSensitive ? [] : [...SENSITIVE_COLUMNS];
      mediaNotes = reusable.manifest.source.notes;
      notes.push(...mediaNotes, translate('package.note.unchanged'));
    } else {
      const snap = await makeSnapshot(a, opts, undefined, dbCopy);
      dispose = snap.dispose;
      const made = await madeFiles(a, snap, opts, now, reusable, statics);
      files = made.files;
      counts = made.counts;
      archiveId = made.archiveId;
      omitted = snap.omitted;
      mediaNotes = made.mediaNotes;
      notes.push(...mediaNotes);
    }
    const longest = longestPath(
      target,
      name,
      files.map((f) => f.path),
    );
    if (longest.length >= MAX_WINDOWS_PATH) {
      throw refuse(translate('package.export.error.pathTooLong', { n: longest.length }));
    }

    let reclaimable = 0;
    if (reusable) {
      const wanted = new Map(files.map((f) => [f.path, f]));
      for (const f of files) {
        const r = reusable.files.get(f.path);
        if (r && r.size === f.size && r.sha256 === f.sha256) f.reuse = r.known ? 'known' : 'check';
      }
      for (const [rel, r] of reusable.files) if (!wanted.get(rel)?.reuse) reclaimable += r.size;
      if (reusable.kind !== 'partial')
        notes.push(translate('package.note.updates', { name: path.basename(reusable.dir) }));
      else notes.push(translate('package.note.resumes'));
    }
    if (opts.maskNames) notes.push(translate('package.note.masked'));
    if (!opts.includeSensitive) notes.push(translate('package.note.noSensitive'));
    if (info.fsLabel === 'FAT32') notes.push(translate('package.note.fat32'));

    const manifest: Prepared['manifest'] = {
      format: PACKAGE_FORMAT,
      formatVersion: FORMAT_VERSION,
      schemaVersion: SCHEMA_VERSION,
      appVersion: APP_VERSION,
      createdAt: now.toISOString(),
      name,
      school: settings.schoolName,
      archiveId,
      scope: {
        kind: opts.scope.kind,
        label: scopeLabel(opts.scope),
        ...(opts.scope.kind === 'period' ? { from: opts.scope.from, to: opts.scope.to } : {}),
        ...(opts.scope.kind === 'activities' ? { activities: opts.scope.ids.length } : {}),
      },
      privacy: { maskedNames: opts.maskNames, omitted },
      counts,
    };
    return {
      dispose,
      unchanged: !!kept,
      source: { identity, notes: mediaNotes },
      name,
      finalDir: path.join(target, name),
      partialDir: path.join(target, `${name}.partial`),
      target: info,
      files,
      reusable,
      reclaimable,
      manifest,
      notes,
    };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** The package's files made afresh: media checked against the allow-list, viewer data, the snapshot. */
async function madeFiles(
  a: Archive,
  snap: Snapshot,
  opts: ExportOptionsParsed,
  now: Date,
  reusable: Reusable | null,
  statics: [string, Buffer][],
): Promise<{ files: PlannedFile[]; counts: Record<string, number>; archiveId: string; mediaNotes: string[] }> {
  const s = snap.archive;
  const notes: string[] = [];
  // Media of the snapshot (live rows only), with their originals in this archive.
  const mediaRows = s.db
    .prepare('SELECT id, sha256, ext, kind, size, original_name FROM media WHERE deleted_at IS NULL ORDER BY id')
    .all() as { id: string; sha256: string; ext: string; kind: string; size: number; original_name: string }[];
  const files: PlannedFile[] = [];
  const listed = new Set<string>();
  const included = new Map<string, IncludedMedia>();
  const refused: string[] = [];
  for (const m of mediaRows) {
    // The allow-list again: a program that reached this archive (an old merge) is not passed on.
    const stored = storedFile(a.dir, m, { content: true });
    if (!stored.ok) {
      if (stored.why === 'missing') notes.push(translate('package.note.missingOriginal', { name: m.original_name }));
      else {
        notes.push(refusalMessage(stored.why, m));
        refused.push(m.id);
      }
      continue;
    }
    const rel = mediaRelPath(m.sha256, m.ext);
    const src = stored.file;
    const size = stored.size;
    if (size > FAT32_MAX_FILE) {
      throw refuse(translate('package.export.error.over4G', { name: m.original_name, size: formatBytes(size) }));
    }
    // A small preview from the gallery's cache, when there is one: the viewer's grids stay fast.
    // (A cache: named by the original's hash, regenerable. One already on the stick with the same
    // size keeps the hash its manifest gives, so an unchanged re-export reads none of them.)
    const thumbRel = thumbRelPath(m.sha256, THUMB_PX.thumb);
    const tsrc = path.join(a.dir, thumbRel);
    let thumb: string | null = null;
    const tsize = listed.has(thumbRel) ? -1 : fileSize(tsrc);
    if (tsize >= 0) {
      const old = reusable?.files.get(thumbRel);
      const sha256 = old?.known && old.size === tsize ? old.sha256 : (await hashFile(tsrc)).sha256;
      files.push({
        path: thumbRel,
        size: tsize,
        sha256,
        src: tsrc,
        bytes: null,
        label: translate('package.thumb', { name: m.original_name }),
        reuse: null,
      });
      listed.add(thumbRel);
      thumb = thumbRel;
    }
    // A HEIC's display JPEG: browsers cannot draw HEIC, so the viewer shows this one.
    let displayRel: string | null = null;
    const dsrc = m.kind === 'photo' && NEEDS_DISPLAY_JPEG.has(m.ext) ? await drawableFile(a, m) : null;
    if (dsrc) {
      displayRel = displayRelPath(m.sha256);
      if (!listed.has(displayRel)) {
        const dsize = fileSize(dsrc);
        files.push({
          path: displayRel,
          size: dsize,
          sha256: (await hashFile(dsrc)).sha256,
          src: dsrc,
          bytes: null,
          label: translate('package.thumb', { name: m.original_name }),
          reuse: null,
        });
        listed.add(displayRel);
      }
    }
    if (!listed.has(rel)) {
      files.push({ path: rel, size, sha256: m.sha256, src, bytes: null, label: m.original_name, reuse: null });
      listed.add(rel);
    }
    included.set(m.id, { id: m.id, rel, thumbRel: thumb, displayRel });
  }

  if (refused.length) {
    // Left out of the package's database too, so its viewer never links them and it verifies.
    const del = s.db.transaction((ids: string[]) => {
      for (const id of ids) {
        s.db.prepare('DELETE FROM media_links WHERE media_id=?').run(id);
        s.db.prepare('DELETE FROM media WHERE id=?').run(id);
      }
    });
    del(refused);
  }
  const generated: [string, Buffer][] = [
    ...statics,
    ...buildViewerFiles(s, included, { exportedAt: now, scopeLabel: snap.scopeLabel, maskedNames: opts.maskNames }),
  ];
  for (const [rel, bytes] of generated)
    files.push({ path: rel, size: bytes.length, sha256: sha256Of(bytes), src: null, bytes, label: rel, reuse: null });
  const db = await hashFile(snap.file);
  files.push({
    path: DB_FILE,
    size: db.size,
    sha256: db.sha256,
    src: snap.file,
    bytes: null,
    label: DB_FILE,
    reuse: null,
  });

  const settingsRow = s.db.prepare("SELECT value FROM settings WHERE key='archiveId'").pluck().get() as
    string | undefined;
  return {
    files,
    counts: countsOf(s),
    archiveId: settingsRow ? String(JSON.parse(settingsRow)) : '',
    mediaNotes: notes,
  };
}

/** Size of a regular file, or -1. */
function fileSize(p: string): number {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? st.size : -1;
  } catch {
    return -1;
  }
}

function countsOf(s: Archive): Record<string, number> {
  const n = (sql: string) => s.db.prepare(sql).pluck().get() as number;
  return {
    activities: n('SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL'),
    students: n("SELECT COUNT(*) FROM people WHERE kind='student' AND deleted_at IS NULL"),
    teachers: n("SELECT COUNT(*) FROM people WHERE kind='teacher' AND deleted_at IS NULL"),
    works: n('SELECT COUNT(*) FROM works WHERE deleted_at IS NULL'),
    awards: n('SELECT COUNT(*) FROM awards WHERE deleted_at IS NULL'),
    media: n('SELECT COUNT(*) FROM media WHERE deleted_at IS NULL'),
  };
}

/** Bytes a file takes on the stick: whole clusters. */
const onDisk = (size: number, cluster: number) => Math.ceil(Math.max(size, 1) / cluster) * cluster;

function planOf(p: Prepared): ExportPlan {
  const toWrite = p.files.filter((f) => f.reuse !== 'known');
  return {
    name: p.name,
    path: p.finalDir,
    target: p.target,
    files: p.files.length,
    bytes: p.files.reduce((s, f) => s + f.size, 0),
    bytesToWrite: toWrite.reduce((s, f) => s + f.size, 0),
    filesToWrite: toWrite.length,
    reuses: p.reusable ? path.basename(p.reusable.dir) : null,
    counts: p.manifest.counts,
    notes: p.notes,
  };
}

function checkSpace(p: Prepared, probe: TargetProbe): void {
  const cluster = 32 * 1024; // FAT32's cluster on sticks of 32 GB and up; generous elsewhere
  const need =
    p.files.filter((f) => f.reuse === null).reduce((s, f) => s + onDisk(f.size, cluster), 0) +
    onDisk(p.files.length * 120, cluster);
  const st = probe.statfs ? probe.statfs(p.target.path) : fs.statfsSync(p.target.path);
  const free = st.bavail * st.bsize + p.reclaimable;
  if (need > free) {
    throw refuse(translate('package.export.error.noSpace', { need: formatBytes(need), free: formatBytes(free) }));
  }
}

/** What an export would do, without writing anything. */
export async function planExport(a: Archive, opts: ExportOptionsParsed, hooks: ExportHooks = {}): Promise<ExportPlan> {
  const p = await prepare(a, opts, hooks);
  try {
    return planOf(p);
  } finally {
    p.dispose();
  }
}

/** Names a write error the way a teacher understands it. */
function writeError(e: unknown, partial: string): never {
  if (e instanceof KejiError) throw e;
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const where = translate('package.export.error.partialLeft', { name: path.basename(partial) });
  if (code === 'ENOSPC') throw refuse(translate('package.export.error.full', { where }));
  if (['EIO', 'ENOENT', 'ENODEV', 'ENXIO', 'EROFS', 'EBADF', 'ESHUTDOWN', 'EACCES', 'EPERM'].includes(code)) {
    throw refuse(translate('package.export.error.writeFailed', { code, where }));
  }
  throw e;
}

/** Consecutive groups of about `bytes` each. */
function batchesOf(files: PlannedFile[], bytes: number): PlannedFile[][] {
  const out: PlannedFile[][] = [];
  let cur: PlannedFile[] = [];
  let size = 0;
  for (const f of files) {
    cur.push(f);
    size += f.size;
    if (size >= bytes) {
      out.push(cur);
      cur = [];
      size = 0;
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

export async function exportPackage(
  a: Archive,
  opts: ExportOptionsParsed,
  job?: Job,
  hooks: ExportHooks = {},
): Promise<ExportResult> {
  const started = Date.now();
  const p = await prepare(a, opts, hooks, job);
  const partial = p.partialDir;
  let hasher: Hasher | null = null;
  try {
    checkSpace(p, hooks);
    job?.checkpoint();
    try {
      // Take over the package being updated: its manifest goes first, so from here on it never looks complete.
      if (p.reusable && p.reusable.kind !== 'partial') {
        fs.rmSync(path.join(p.reusable.dir, MANIFEST_FILE), { force: true });
        fsyncDir(p.reusable.dir);
        fs.rmSync(partial, { recursive: true, force: true });
        fs.renameSync(p.reusable.dir, partial);
        fsyncDir(path.dirname(partial));
      } else if (!p.reusable) {
        fs.rmSync(partial, { recursive: true, force: true });
        fs.mkdirSync(partial);
      }
      fs.rmSync(path.join(partial, MANIFEST_FILE), { force: true });

      // Anything in the folder the new package does not list goes (old media, junk, links).
      const wanted = new Map(p.files.map((f) => [f.path, f]));
      // What is in the folder: the walk findReusable made of the package taken over (the same files
      // under their new folder name; its manifest gone), or nothing in a new folder.
      const existing = p.reusable?.onStick ?? walk(partial, 2_000_000);
      // Nothing is called checked unread: a file kept from the stick is read back again (and written
      // anew if a byte changed) unless its size and modification time are those recorded when an
      // earlier export read it back. Those are counted and named as such in the result; 全部重新核对
      // (opts.recheck) reads every one.
      const onStick = p.reusable?.byRel ?? new Map(existing.files.map((f) => [f.rel, f]));
      for (const f of p.files) {
        if (f.reuse !== 'known') continue;
        const was = p.reusable?.files.get(f.path);
        const now = onStick.get(f.path);
        f.reuse = !opts.recheck && was && unchangedSince(now, f.size, was.mtime) ? 'unread' : 'check';
        if (f.reuse === 'unread') f.mtime = was!.mtime;
      }
      /** Folders whose entries change: fsynced at the end (a file's name is only durable with its folder's). */
      const touched = new Set<string>();
      const touch = (rel: string) => {
        for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) touched.add(d);
      };
      for (const l of [...existing.symlinks, ...existing.others]) {
        fs.rmSync(path.join(partial, l), { force: true });
        touch(l);
      }
      for (const f of existing.files) {
        const w = wanted.get(f.rel);
        if (!w || !w.reuse || f.size !== w.size) {
          fs.rmSync(path.join(partial, f.rel), { force: true });
          touch(f.rel);
          if (w) w.reuse = null;
        }
      }
      for (const f of p.files) if (f.reuse && !onStick.has(f.path)) f.reuse = null;
      // Folders the package uses (with their parents) stay; only the others are tried, deepest first.
      const used = new Set<string>();
      for (const f of p.files) for (let d = parentOf(f.path); d && !used.has(d); d = parentOf(d)) used.add(d);
      const kept = new Set(existing.dirs);
      for (const d of existing.dirs.filter((x) => !used.has(x)).sort((x, y) => y.length - x.length)) {
        try {
          fs.rmdirSync(path.join(partial, d));
          kept.delete(d);
          touch(d);
        } catch {
          /* not empty: still used */
        }
      }

      const toWrite = p.files.filter((f) => f.reuse !== 'unread');
      const bytesTotal = Math.max(
        1,
        toWrite.reduce((s, f) => s + f.size, 0),
      );
      let bytesDone = 0;
      let written = 0;
      let writtenBytes = 0;
      const tick = (n: number, current?: string) => {
        bytesDone += n;
        job?.progress({
          done: Math.round(bytesDone),
          total: bytesTotal,
          bytesDone: Math.round(bytesDone),
          bytesTotal,
          current,
        });
      };
      for (const d of [...used].sort())
        if (!kept.has(d)) fs.mkdirSync(path.join(partial, ...d.split('/')), { recursive: true });

      const check = () => job?.checkpoint();
      // Files are written in batches. A batch is fsynced as a whole (many at once, so the file system
      // commits them together, as `sync` would) while the next one is copied, and read back while
      // the one after is fsynced: disk writes, read-back hashing and copying overlap.
      const dst = (f: PlannedFile) => path.join(partial, ...f.path.split('/'));
      const expected = (f: PlannedFile) => ({ sha256: f.sha256, size: f.size, name: f.label });
      // The hashing threads only when something is to be read back (an unchanged re-export reads nothing).
      hasher = toWrite.length ? createHasher(2) : null;
      let synced: Promise<void> = Promise.resolve();
      let checked: Promise<void> = Promise.resolve();
      const quiet = (x: Promise<void>) => {
        x.catch(() => {});
        return x;
      }; // awaited later
      const settle = async (b: PlannedFile[]) => {
        await synced; // at most one batch waiting for the disk while the next is copied
        synced = quiet(pool(b, 16, (f) => fsyncFile(dst(f))));
        const sync = synced;
        const prior = checked;
        checked = quiet(
          (async () => {
            await Promise.all([prior, sync]);
            await pool(b, 4, (f) =>
              readBack(dst(f), expected(f), (n) => tick(n / 2, f.label), check, hasher ?? undefined),
            );
          })(),
        );
      };
      const copyOne = async (f: PlannedFile): Promise<boolean> => {
        check();
        if (f.reuse === 'check') {
          // Already on the stick (an earlier or interrupted export): kept only if it reads back right.
          // On the hashing threads (both cores), so a 2 GB re-check is not one core's work.
          const back = hasher ? await hasher.hash(dst(f)) : await hashFile(dst(f), undefined, check);
          if (back.sha256 === f.sha256 && back.size === f.size) {
            tick(back.size, f.label);
            return false;
          }
        }
        await hooks.beforeWrite?.(f.path);
        if (f.bytes) {
          await fsp.writeFile(dst(f), f.bytes);
          tick(f.size / 2, f.label);
        } else {
          await copyInto(f.src!, dst(f), expected(f), (n) => tick(n / 2, f.label), check);
        }
        written++;
        writtenBytes += f.size;
        return true;
      };
      for (const b of batchesOf(toWrite, BATCH_BYTES)) {
        const copied: PlannedFile[] = [];
        await pool(b, COPY_PARALLEL, async (f) => {
          if (await copyOne(f)) copied.push(f);
        });
        await settle(copied);
      }
      await synced;
      await checked;
      for (const f of toWrite) touch(f.path);
      // Each file's time after its read-back, for the next export's 'unread' (a stat each: cheap).
      await pool(toWrite, 16, async (f) => {
        f.mtime = Math.floor((await fsp.lstat(dst(f))).mtimeMs);
      });
      await pool(
        [...touched].filter((d) => fs.existsSync(path.join(partial, d))),
        16,
        (d) => fsyncDirAsync(path.join(partial, ...d.split('/'))),
      );

      // The manifest last: a folder with a manifest is complete. (Its file list last in it.)
      const manifest: Manifest = {
        ...p.manifest,
        source: p.source,
        totalBytes: p.files.reduce((s, f) => s + f.size, 0),
        files: p.files
          .map((f) => ({
            path: f.path,
            size: f.size,
            sha256: f.sha256,
            ...(f.mtime !== undefined ? { mtime: f.mtime } : {}),
          }))
          .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)),
      };
      await hooks.beforeWrite?.(MANIFEST_FILE);
      const tmp = path.join(partial, `${MANIFEST_FILE}.tmp`);
      const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1), 'utf8');
      await fsp.writeFile(tmp, manifestBytes);
      await fsyncFile(tmp);
      await readBack(tmp, { sha256: sha256Of(manifestBytes), size: manifestBytes.length, name: MANIFEST_FILE });
      fs.renameSync(tmp, path.join(partial, MANIFEST_FILE));
      fsyncDir(partial);
      await hooks.beforeWrite?.('');
      fs.renameSync(partial, p.finalDir);
      fsyncDir(path.dirname(p.finalDir));
      job?.progress({ done: bytesTotal, total: bytesTotal, bytesDone: bytesTotal, bytesTotal, finished: true });
      return {
        ...planOf(p),
        seconds: (Date.now() - started) / 1000,
        writtenFiles: written,
        writtenBytes,
        reusedFiles: p.files.length - written,
        checkedFiles: toWrite.length,
        keptUnread: p.files.length - toWrite.length,
        archiveUnchanged: p.unchanged,
      };
    } catch (e) {
      return writeError(e, partial);
    }
  } finally {
    await hasher?.close();
    p.dispose();
    await fsp.rm(path.join(partial, `${MANIFEST_FILE}.tmp`), { force: true }).catch(() => {});
  }
}
