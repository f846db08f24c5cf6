// 校验数据包: is this folder a complete, unchanged package this program can read? Every problem
// is named (missing, changed or extra file, unknown format, newer schema, damaged database).
// Nothing in the package is written or followed: symlinks are reported, the database is checked
// in a temp copy (opening a WAL database in place would create files on the stick).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PackageProblem, VerifyReport } from '../../../shared/calls/package';
import { translate } from '../../../shared/i18n/messages';
import { APPLICATION_ID, DB_FILE } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations/index';
import { KejiError } from '../errors';
import { cleanStaleTemp, createHasher, pool, walk } from './io';
import { extOf, storedTypeProblem } from '../../../shared/domain/media';
import { refusalMessage, storedFile } from '../media/files';
import { mediaRelPath } from '../media/store';
import { MANIFEST_FILE, MAX_FILES, readManifest, summaryOf, unsafePathReason, type Manifest } from './manifest';

const JUNK = /(^|\/)(thumbs\.db|desktop\.ini|\.ds_store|\._[^/]*)$/i;

export interface VerifyOptions {
  /** Read and hash every file (default). Off: sizes only. */
  deep?: boolean;
  onBytes?: (done: number, total: number, current: string) => void;
  check?: () => void;
}

export interface Inspection {
  report: VerifyReport;
  manifest: Manifest | null;
  /** A checked copy of archive.sqlite in a temp folder (only when the package is ok). */
  dbCopy: string | null;
  dispose(): void;
}

/** The database header: page size × page count must fit in the file (a truncated copy does not). */
function headerProblem(file: string, size: number): PackageProblem | null {
  if (size === 0)
    return { code: 'empty-db', path: DB_FILE, message: translate('package.verify.db.empty', { file: DB_FILE }) };
  const fd = fs.openSync(file, 'r');
  try {
    const h = Buffer.alloc(100);
    const n = fs.readSync(fd, h, 0, 100, 0);
    if (n < 100 || h.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
      return {
        code: 'corrupt-db',
        path: DB_FILE,
        message: translate('package.verify.db.notSqlite', { file: DB_FILE }),
      };
    }
    const pageSize = h.readUInt16BE(16) === 1 ? 65536 : h.readUInt16BE(16);
    const pages = h.readUInt32BE(28);
    const valid = h.readUInt32BE(92) === h.readUInt32BE(24);
    if (pageSize < 512 || size % pageSize !== 0 || (valid && pages > 0 && pages * pageSize > size)) {
      return {
        code: 'truncated-db',
        path: DB_FILE,
        message: translate('package.verify.db.truncated', { file: DB_FILE, size }),
      };
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function checkDatabase(file: string, manifest: Manifest): PackageProblem[] {
  const out: PackageProblem[] = [];
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('trusted_schema = OFF');
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      return [
        { code: 'not-archive', path: DB_FILE, message: translate('package.verify.db.notOurs', { file: DB_FILE }) },
      ];
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      out.push({
        code: 'schema-too-new',
        path: DB_FILE,
        message: translate('package.verify.db.newer', { version }),
      });
    else if (version !== manifest.schemaVersion)
      out.push({
        code: 'schema-mismatch',
        path: DB_FILE,
        message: translate('package.verify.db.versionMismatch', { version, manifest: manifest.schemaVersion }),
      });
    const rows = db.pragma('integrity_check(20)', { simple: false }) as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0].integrity_check !== 'ok') {
      out.push({
        code: 'corrupt-db',
        path: DB_FILE,
        message: translate('package.verify.db.damaged', {
          file: DB_FILE,
          detail: rows
            .slice(0, 3)
            .map((r) => r.integrity_check)
            .join(translate('package.verify.db.damagedSeparator'))
            .slice(0, 200),
        }),
      });
    }
  } catch {
    out.push({
      code: 'corrupt-db',
      path: DB_FILE,
      message: translate('package.verify.db.unreadable', { file: DB_FILE }),
    });
  } finally {
    db?.close();
  }
  return out;
}

/**
 * The package's media against the one allow-list: every row an allowed type whose kind fits,
 * every media file it carries of that type by its first bytes (a program renamed 活动总结.docx
 * is named and refused), and nothing under media/ that no allowed row could name.
 */
function checkMedia(root: string, dbFile: string, manifest: Manifest): PackageProblem[] {
  const out: PackageProblem[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  const named = new Set<string>();
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    const rows = db
      .prepare('SELECT sha256, ext, kind, original_name AS name FROM media')
      .iterate() as IterableIterator<{ sha256: unknown; ext: unknown; kind: unknown; name: unknown }>;
    for (const row of rows) {
      const why = storedTypeProblem(row);
      if (why) {
        out.push({
          code: 'unsafe-media',
          path: `media/${String(row.sha256).slice(0, 70)}`,
          message: refusalMessage(why, row),
        });
      } else {
        const rel = mediaRelPath(row.sha256 as string, row.ext as string);
        named.add(rel);
        if (!listed.has(rel)) continue; // not carried (a package of some activities only)
        const stored = storedFile(root, row, { content: true });
        if (!stored.ok)
          out.push({
            code: stored.why === 'link' ? 'link' : 'unsafe-media',
            path: rel,
            message: refusalMessage(stored.why, row),
          });
      }
      if (out.length >= 50) break;
    }
  } finally {
    db.close();
  }
  for (const f of manifest.files) {
    if (f.path.startsWith('media/') && !named.has(f.path)) {
      out.push({
        code: 'unsafe-media',
        path: f.path,
        message: translate('media.refused.ext', { name: f.path, ext: extOf(f.path) || '?' }),
      });
    }
  }
  return out;
}

export async function inspectPackage(dir: string, opts: VerifyOptions = {}): Promise<Inspection> {
  cleanStaleTemp();
  const root = path.resolve(dir);
  const problems: PackageProblem[] = [];
  const warnings: string[] = [];
  let tmp: string | null = null;
  const dispose = () => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    tmp = null;
  };
  const done = (
    manifest: Manifest | null,
    complete: boolean,
    checkedFiles = 0,
    checkedBytes = 0,
    dbCopy: string | null = null,
  ): Inspection => {
    const ok = problems.length === 0 && complete;
    if (!ok) dispose();
    return {
      report: {
        path: root,
        ok,
        complete,
        problems,
        warnings,
        summary: manifest ? summaryOf(manifest) : null,
        checkedFiles,
        checkedBytes,
      },
      manifest,
      dbCopy: ok ? dbCopy : null,
      dispose,
    };
  };

  let st: fs.Stats;
  try {
    st = fs.lstatSync(root);
  } catch {
    if (fs.existsSync(`${root}.partial`)) {
      problems.push({
        code: 'incomplete',
        message: translate('package.verify.onlyPartial', { name: `${path.basename(root)}.partial` }),
      });
      return done(null, false);
    }
    throw new KejiError('REFUSED', translate('package.verify.notFound', { path: root }));
  }
  if (st.isSymbolicLink()) {
    problems.push({ code: 'symlink', message: translate('package.verify.rootSymlink') });
    return done(null, false);
  }
  if (!st.isDirectory()) throw new KejiError('REFUSED', translate('package.verify.notFolder', { path: root }));
  const partial = root.endsWith('.partial');
  if (partial)
    problems.push({
      code: 'incomplete',
      message: translate('package.verify.partial'),
    });

  const read = readManifest(path.join(root, MANIFEST_FILE));
  if (!read.ok) {
    if (read.problem.code === 'no-manifest') {
      problems.push({
        ...read.problem,
        code: partial ? 'no-manifest' : 'incomplete',
        message: partial ? read.problem.message : translate('package.verify.incomplete'),
      });
      return done(null, false);
    }
    problems.push(read.problem);
    return done(null, !partial);
  }
  const manifest = read.manifest;
  if (manifest.schemaVersion > SCHEMA_VERSION) {
    problems.push({
      code: 'schema-too-new',
      message: translate('package.verify.newer', { version: manifest.schemaVersion, supported: SCHEMA_VERSION }),
    });
  }

  // Paths first: a hostile manifest is refused before any file is opened.
  const seen = new Set<string>();
  for (const f of manifest.files) {
    const why = f.path === MANIFEST_FILE ? translate('package.path.listsManifest') : unsafePathReason(f.path);
    if (why)
      problems.push({
        code: 'unsafe-path',
        path: f.path.slice(0, 200),
        message: translate('package.verify.unsafePath', { why, path: f.path.slice(0, 120) }),
      });
    const key = f.path.normalize('NFC').toLowerCase(); // FAT32 and NTFS ignore case
    if (seen.has(key))
      problems.push({
        code: 'duplicate-path',
        path: f.path,
        message: translate('package.verify.duplicate', { path: f.path }),
      });
    seen.add(key);
  }
  if (problems.some((p) => p.code === 'unsafe-path' || p.code === 'duplicate-path')) return done(manifest, !partial);

  const w = walk(root, MAX_FILES * 2 + 100);
  if (w.truncated) {
    problems.push({
      code: 'too-many-files',
      message: translate('package.verify.tooManyFiles', { max: MAX_FILES * 2 }),
    });
    return done(manifest, !partial);
  }
  for (const l of w.symlinks)
    problems.push({
      code: 'symlink',
      path: l,
      message: translate('package.verify.link', { path: l }),
    });
  for (const o of w.others)
    problems.push({ code: 'extra', path: o, message: translate('package.verify.notRegular', { path: o }) });
  const onDisk = new Map(w.files.map((f) => [f.rel, f.size]));
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of w.files) {
    if (listed.has(f.rel) || f.rel === MANIFEST_FILE) continue;
    if (JUNK.test(f.rel)) warnings.push(translate('package.verify.junk', { path: f.rel }));
    else problems.push({ code: 'extra', path: f.rel, message: translate('package.verify.extra', { path: f.rel }) });
  }
  // A listed path that is a symlink somewhere along the way is not read.
  const linked = (rel: string) => w.symlinks.some((l) => rel === l || rel.startsWith(`${l}/`));

  if (!listed.has(DB_FILE))
    problems.push({ code: 'not-archive', path: DB_FILE, message: translate('package.verify.noDb', { file: DB_FILE }) });
  const total = manifest.files.reduce((s, f) => s + f.size, 0);
  let checkedBytes = 0;
  let checkedFiles = 0;
  let dbCopy: string | null = null;
  const toHash: { entry: (typeof manifest.files)[number]; file: string }[] = [];
  for (const f of manifest.files) {
    if (linked(f.path)) continue;
    const size = onDisk.get(f.path);
    if (size === undefined) {
      problems.push({ code: 'missing', path: f.path, message: translate('package.verify.missing', { path: f.path }) });
      continue;
    }
    if (size !== f.size) {
      if (f.path === DB_FILE) {
        const hp = headerProblem(path.join(root, DB_FILE), size);
        if (hp) problems.push(hp);
      }
      problems.push({
        code: 'changed',
        path: f.path,
        message: translate('package.verify.sizeChanged', { size, expected: f.size, path: f.path }),
      });
      continue;
    }
    let file = path.join(root, ...f.path.split('/'));
    if (f.path === DB_FILE) {
      // Checked (and later merged) from a copy: what was hashed is what gets used.
      tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'keji-verify-'));
      dbCopy = path.join(tmp, DB_FILE);
      fs.copyFileSync(file, dbCopy);
      file = dbCopy;
    }
    if (opts.deep !== false || f.path === DB_FILE) toHash.push({ entry: f, file });
    else checkedFiles++;
  }
  // Hashing on worker threads, several files at once: a 2 GB package is read at disk speed.
  const hasher = createHasher(2);
  try {
    await pool(toHash, 4, async ({ entry: f, file }) => {
      opts.check?.();
      const back = await hasher.hash(file);
      checkedBytes += back.size;
      opts.onBytes?.(checkedBytes, total, f.path);
      if (back.sha256 !== f.sha256 || back.size !== f.size) {
        problems.push({
          code: 'changed',
          path: f.path,
          message: translate('package.verify.hashChanged', { path: f.path }),
        });
        if (f.path === DB_FILE) dbCopy = null;
        return;
      }
      checkedFiles++;
      if (f.path === DB_FILE) {
        const hp = headerProblem(file, f.size);
        if (hp) problems.push(hp);
        else problems.push(...checkDatabase(file, manifest));
      }
    });
  } finally {
    await hasher.close();
  }
  // Only a package whose every file is what its manifest says gets its media rows read.
  if (dbCopy && problems.length === 0) {
    try {
      problems.push(...checkMedia(root, dbCopy, manifest));
    } catch {
      problems.push({
        code: 'corrupt-db',
        path: DB_FILE,
        message: translate('package.verify.db.unreadable', { file: DB_FILE }),
      });
    }
  }
  return done(manifest, !partial, checkedFiles, checkedBytes, dbCopy);
}

export async function verifyPackage(dir: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const i = await inspectPackage(dir, opts);
  i.dispose();
  return i.report;
}
