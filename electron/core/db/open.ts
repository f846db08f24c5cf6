// Opening an archive folder (format v1): lock, pragmas, identity check, migrations with a backup first.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KejiError } from '../errors';
import { systemClock, type Clock } from '../clock';
import { acquireLock, type ArchiveLock } from './lock';
import { migrate, SCHEMA_VERSION } from './migrations/index';
import { seedVocabulary } from '../vocabulary';
import { cleanPartials } from '../media/store';
import { registerSearchFunctions } from '../search/functions';
import { translate } from '../../../shared/i18n/messages';

/** 'KEJI' as a 32-bit integer: marks the SQLite file as ours. */
export const APPLICATION_ID = 0x4b454a49;
export const DB_FILE = 'archive.sqlite';

import type { Archive } from './archive';
export type { Archive };

export interface OpenOptions {
  /** Create the folder and a fresh database if there is none. */
  create?: boolean;
  clock?: Clock;
  readonly?: boolean;
  /** Highest schema to migrate to (tests of single migrations). */
  targetVersion?: number;
}

export function archiveExists(dir: string): boolean {
  return fs.existsSync(path.join(dir, DB_FILE));
}

/** Errors that mean "nothing can be written here" rather than "something is wrong". */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'SQLITE_FULL', 'SQLITE_READONLY']);

/**
 * Opens an archive; when the disk is full (or write-protected) so that not even the lock can be
 * written, opens it read-only instead — from a copy in memory, since SQLite cannot even make its
 * WAL index there — so the teacher can still look things up and export.
 */
export function openArchive(dir: string, opts: OpenOptions = {}): Archive {
  try {
    return openArchiveOnce(dir, opts);
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (opts.readonly || opts.create || !NO_SPACE.has(code) || !archiveExists(path.resolve(dir))) throw e;
    return openInMemory(path.resolve(dir), opts);
  }
}

function openInMemory(dir: string, opts: OpenOptions): Archive {
  const bytes = fs.readFileSync(path.join(dir, DB_FILE));
  // A WAL database (bytes 18–19 = 2) is read as a rollback one: closed cleanly, its WAL is empty.
  if (bytes.length >= 100 && bytes[18] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const db = new Database(bytes, { readonly: true });
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
    db.close();
    throw new KejiError('NOT_AN_ARCHIVE', translate('core.db.notArchive', { file: DB_FILE }));
  }
  registerSearchFunctions(db);
  return {
    dir,
    db,
    clock: opts.clock ?? systemClock,
    readonly: true,
    readonlyReason: 'diskFull',
    close() {
      if (db.open) db.close();
    },
  };
}

function openArchiveOnce(dir: string, opts: OpenOptions = {}): Archive {
  dir = path.resolve(dir);
  const file = path.join(dir, DB_FILE);
  const exists = fs.existsSync(file);
  if (!exists && !opts.create) {
    throw new KejiError(
      'NOT_AN_ARCHIVE',
      fs.existsSync(dir) ? translate('core.db.noDbIn', { dir, file: DB_FILE }) : translate('core.db.noFolder', { dir }),
    );
  }
  if (!exists) fs.mkdirSync(dir, { recursive: true });
  const lock: ArchiveLock | null = opts.readonly ? null : acquireLock(dir);
  let db: Database.Database | null = null;
  try {
    if (exists && fs.statSync(file).size === 0)
      throw new KejiError('NOT_AN_ARCHIVE', translate('core.db.empty', { file: DB_FILE }));
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: exists });
    registerSearchFunctions(db); // the search triggers call them on every write
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (exists && appId !== APPLICATION_ID)
      throw new KejiError('NOT_AN_ARCHIVE', translate('core.db.notArchive', { file: DB_FILE }));
    if (version > SCHEMA_VERSION) throw new KejiError('SCHEMA_TOO_NEW', String(version));
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      if (!exists) db.pragma(`application_id = ${APPLICATION_ID}`);
      const target = opts.targetVersion ?? SCHEMA_VERSION;
      if (version > 0 && version < target) snapshot(db, dir, `before-migration-v${version}`);
      migrate(db, target);
      seedVocabulary(db);
      for (const sub of ['media', 'thumbs', 'backups']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
      cleanPartials(dir, db);
    } else {
      db.pragma('foreign_keys = ON');
    }
  } catch (e) {
    db?.close();
    lock?.release();
    if (e instanceof KejiError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new KejiError('NOT_AN_ARCHIVE', translate('core.db.corrupt', { file: DB_FILE }));
    throw e;
  }
  const archive: Archive = {
    dir,
    db,
    clock: opts.clock ?? systemClock,
    readonly: !!opts.readonly,
    close() {
      if (!db!.open) return;
      if (!opts.readonly) db!.pragma('wal_checkpoint(TRUNCATE)');
      db!.close();
      lock?.release();
    },
  };
  return archive;
}

/** A consistent copy of the database in backups/ (VACUUM INTO: synchronous, works inside the open). */
export function snapshot(db: Database.Database, dir: string, reason: string): string {
  const backups = path.join(dir, 'backups');
  fs.mkdirSync(backups, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const target = path.join(backups, `${stamp}-${reason}.sqlite`);
  if (fs.existsSync(target)) fs.rmSync(target);
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}
