// Automatic snapshots of the database in <archive>/backups/: once a day when a host opens the
// archive, before every migration (db/open.ts) and merge, and on request. The last 10 are kept,
// plus the newest of every month. Restoring backs up the current state first.
// Media files need no backup: they are content-addressed and never rewritten (trash before delete).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo } from '../../../shared/calls/package';
import { APPLICATION_ID, DB_FILE, openArchive, type Archive } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations/index';
import { KejiError } from '../errors';
import { translate } from '../../../shared/i18n/messages';
import { logChange } from '../rows';
import { bringBackOrphans } from '../media/store';
import { localIsoDate } from '../../../shared/domain/format';

export const BACKUP_DIR = 'backups';
export const KEEP_LAST = 10;
const NAME_RE = /^(\d{8})-(\d{6})-([a-z0-9-]+?)(?:-(\d+))?\.sqlite$/;

/** 'YYYYMMDD-HHMMSS' in UTC, the stamp db/open.ts's snapshot() uses too. */
export function backupStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

function parseName(file: string): { at: Date; reason: string } | null {
  const m = NAME_RE.exec(file);
  if (!m) return null;
  const [d, t] = [m[1], m[2]];
  const at = new Date(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`,
  );
  return Number.isNaN(at.getTime()) ? null : { at, reason: m[3] };
}

/** Newest first. */
export function listBackups(dir: string): BackupInfo[] {
  const root = path.join(dir, BACKUP_DIR);
  if (!fs.existsSync(root)) return [];
  const out: BackupInfo[] = [];
  for (const file of fs.readdirSync(root)) {
    const p = parseName(file);
    if (!p) continue;
    const st = fs.statSync(path.join(root, file));
    if (st.isFile()) out.push({ file, at: p.at.toISOString(), reason: p.reason, size: st.size });
  }
  return out.sort((a, b) => (a.at === b.at ? b.file.localeCompare(a.file) : b.at.localeCompare(a.at)));
}

/** Keeps the newest KEEP_LAST and the newest of each month; deletes the rest. Returns what went. */
export function pruneBackups(dir: string): string[] {
  const all = listBackups(dir);
  const keep = new Set(all.slice(0, KEEP_LAST).map((b) => b.file));
  const months = new Set<string>();
  for (const b of all) {
    const month = b.at.slice(0, 7);
    if (!months.has(month)) {
      months.add(month);
      keep.add(b.file);
    }
  }
  const gone = all.filter((b) => !keep.has(b.file)).map((b) => b.file);
  for (const f of gone) fs.rmSync(path.join(dir, BACKUP_DIR, f), { force: true });
  return gone;
}

/**
 * A consistent copy through SQLite's online backup API (asynchronous, in steps: the app keeps
 * working meanwhile). Written as .partial, then renamed.
 */
export async function createBackup(
  a: Archive,
  reason: string,
  onProgress?: (done: number, total: number) => void,
): Promise<BackupInfo> {
  if (!/^[a-z0-9-]{1,40}$/.test(reason)) throw new Error(`bad backup reason ${reason}`);
  const root = path.join(a.dir, BACKUP_DIR);
  fs.mkdirSync(root, { recursive: true });
  const stamp = backupStamp(a.clock.now());
  let file = `${stamp}-${reason}.sqlite`;
  for (let n = 2; fs.existsSync(path.join(root, file)); n++) file = `${stamp}-${reason}-${n}.sqlite`;
  const target = path.join(root, file);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await a.db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 256;
      },
    });
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  pruneBackups(a.dir);
  return { file, at: parseName(file)!.at.toISOString(), reason, size: fs.statSync(target).size };
}

const localDay = localIsoDate;

/**
 * The hosts' hook when they open the archive for the teacher (desktop, `keji web`): one
 * snapshot a day at most. Not for every CLI command.
 */
export async function autoBackupOnOpen(a: Archive): Promise<BackupInfo | null> {
  if (a.readonly) return null;
  const today = localDay(a.clock.now());
  if (listBackups(a.dir).some((b) => localDay(new Date(b.at)) === today)) return null;
  return createBackup(a, 'daily');
}

/** Checks a backup file: ours, not newer than this program, not damaged. */
function checkBackupFile(file: string): number {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new KejiError('NOT_FOUND', file);
  if (fs.statSync(file).size === 0) throw new KejiError('NOT_AN_ARCHIVE', translate('package.backup.error.empty'));
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      throw new KejiError('NOT_AN_ARCHIVE', translate('package.backup.error.notOurs'));
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new KejiError('SCHEMA_TOO_NEW', String(version));
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new KejiError('NOT_AN_ARCHIVE', translate('package.backup.error.damaged'));
    return version;
  } catch (e) {
    if (e instanceof KejiError) throw e;
    throw new KejiError('NOT_AN_ARCHIVE', translate('package.backup.error.notDatabase'));
  } finally {
    db?.close();
  }
}

/** A backup named by the page: a plain file name inside backups/. */
export function backupPath(a: Archive, name: string): string {
  if (!NAME_RE.test(name) || name.includes('/') || name.includes('\\'))
    throw new KejiError('NOT_FOUND', translate('package.backup.error.notFound', { name }));
  return path.join(a.dir, BACKUP_DIR, name);
}

/**
 * Replaces the archive's database with a backup (any older schema is migrated first, in a temp
 * copy). The current state is backed up before, so a restore can itself be undone.
 */
export async function restoreBackup(
  a: Archive,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ restored: BackupInfo; safetyBackup: BackupInfo }> {
  if (a.readonly) throw new KejiError('FORBIDDEN');
  const version = checkBackupFile(file);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-restore-'));
  try {
    fs.copyFileSync(file, path.join(tmp, DB_FILE));
    if (version < SCHEMA_VERSION) openArchive(tmp, { clock: a.clock }).close(); // migrates the copy
    const safetyBackup = await createBackup(a, 'before-restore');
    const src = new Database(path.join(tmp, DB_FILE), { readonly: true });
    try {
      await src.backup(path.join(a.dir, DB_FILE), {
        progress: ({ totalPages, remainingPages }) => {
          onProgress?.(totalPages - remainingPages, totalPages);
          return 256;
        },
      });
    } finally {
      src.close();
    }
    logChange(
      a,
      'archive',
      path.basename(file),
      'restore',
      translate('package.backup.log.restored', { file: path.basename(file) }),
    );
    // Rows that came back get their originals back (moved aside when an older backup was restored).
    bringBackOrphans(a.dir, a.db);
    const p = parseName(path.basename(file));
    const restored: BackupInfo = {
      file: path.basename(file),
      at: (p?.at ?? fs.statSync(file).mtime).toISOString(),
      reason: p?.reason ?? 'file',
      size: fs.statSync(file).size,
    };
    return { restored, safetyBackup };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
