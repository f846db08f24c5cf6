// The database that goes into a package: a backup-API copy of the archive (the app keeps working
// while it is taken), pruned to what the teacher chose, with private data removed, vacuumed so
// nothing deleted survives in free pages, and in rollback-journal mode so it opens read-only
// from a stick without leaving -wal/-shm files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ExportScope } from '../../../shared/calls/package';
import { formatDateZh, maskName } from '../../../shared/domain/format';
import { DB_FILE, openArchive, type Archive } from '../db/open';
import { reindex } from '../search/reindex';
import { cleanStaleTemp, hashFile } from './io';
import { CHILD_TABLES, ENTITY_TABLES, LOCAL_TABLES, TAGGED } from './tables';
import { translate } from '../../../shared/i18n/messages';

/** Columns of `people` left out of a package unless the teacher asks. */
export const SENSITIVE_COLUMNS = ['id_number', 'guardian_phone', 'phone'] as const;

export interface SnapshotOptions {
  scope: ExportScope;
  maskNames: boolean;
  includeSensitive: boolean;
}

export interface Snapshot {
  /** The open, transformed copy (an Archive, so the entity modules can read it). */
  archive: Archive;
  file: string;
  scopeLabel: string;
  omitted: string[];
  /** Removes the temp folder. */
  dispose(): void;
}

export function scopeLabel(scope: ExportScope): string {
  if (scope.kind === 'all') return translate('core.package.scopeAll');
  if (scope.kind === 'period')
    return translate('core.package.scopePeriod', { from: formatDateZh(scope.from), to: formatDateZh(scope.to) });
  return translate('core.package.scopeActivities', { n: scope.ids.length });
}

/** Copies the archive's database with the backup API (in steps; other work continues). */
export async function backupDatabase(
  a: Archive,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  await a.db.backup(file, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.(totalPages - remainingPages, totalPages);
      return 512;
    },
  });
}

/** A backup-API copy of the archive's database in a temp folder, before any change to it. */
export interface DatabaseCopy {
  file: string;
  /**
   * sha256 of the copy's bytes. The backup API copies pages as they are, so an archive whose data
   * has not moved copies to the same bytes (a write anywhere changes a page): the database half of
   * an export's "has the archive changed since the package on the stick was made".
   */
  sha256: string;
  /** Removes the temp folder. */
  dispose(): void;
}

export async function copyDatabase(
  a: Archive,
  onProgress?: (done: number, total: number) => void,
): Promise<DatabaseCopy> {
  cleanStaleTemp();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-export-'));
  const dispose = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const file = path.join(tmp, DB_FILE);
    await backupDatabase(a, file, onProgress);
    return { file, sha256: (await hashFile(file)).sha256, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** The package's database, made from `copy` (taken here when not given; disposed with the snapshot). */
export async function makeSnapshot(
  a: Archive,
  opts: SnapshotOptions,
  onProgress?: (done: number, total: number) => void,
  copy?: DatabaseCopy,
): Promise<Snapshot> {
  const dbCopy = copy ?? (await copyDatabase(a, onProgress));
  const tmp = path.dirname(dbCopy.file);
  const dispose = dbCopy.dispose;
  try {
    // Through openArchive: the search triggers need the SQL functions it registers.
    const s = openArchive(tmp, { clock: a.clock });
    const db = s.db;
    const omitted = opts.includeSensitive ? [] : [...SENSITIVE_COLUMNS];
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      const studentNames = db
        .prepare("SELECT DISTINCT name FROM people WHERE kind='student'")
        .pluck()
        .all() as string[];
      if (opts.scope.kind !== 'all') prune(db, opts.scope);
      if (omitted.length) db.prepare(`UPDATE people SET ${omitted.map((c) => `${c}=NULL`).join(', ')}`).run();
      if (opts.maskNames) maskStudents(db, studentNames);
      if (opts.scope.kind !== 'all' || opts.maskNames)
        db.prepare("DELETE FROM change_log WHERE action <> 'purge'").run();
      repairForeignKeys(db);
      // Rebuilt only when rows went or names changed: a whole, unmasked archive carries the index the
      // triggers keep (no indexed column is among the sensitive ones), which saves seconds at 10 years.
      if (hasTable(db, 'search_docs') && (opts.scope.kind !== 'all' || opts.maskNames)) reindex(db);
    })();
    db.exec('VACUUM');
    db.pragma('journal_mode = DELETE');
    return {
      archive: s,
      file: path.join(tmp, DB_FILE),
      scopeLabel: scopeLabel(opts.scope),
      omitted,
      dispose: () => {
        s.close();
        dispose();
      },
    };
  } catch (e) {
    dispose();
    throw e;
  }
}

export const hasTable = (db: Database.Database, t: string) =>
  !!db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(t);

/**
 * Keeps the chosen activities (or those of the period), their people, media, works and awards
 * (for a period: the awards given in it; for chosen activities: the works and awards of their
 * students), and what those refer to; deletes the rest. Trashed rows go too.
 */
function prune(db: Database.Database, scope: Exclude<ExportScope, { kind: 'all' }>): void {
  db.exec(
    'DROP TABLE IF EXISTS temp.keep; CREATE TEMP TABLE keep (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;',
  );
  const keep = (tbl: string, sql: string, ...params: unknown[]) =>
    db
      .prepare(`INSERT OR IGNORE INTO temp.keep (tbl, id) SELECT '${tbl}', x FROM (${sql}) WHERE x IS NOT NULL`)
      .run(...params).changes;
  const kept = (tbl: string) => `(SELECT id FROM temp.keep WHERE tbl='${tbl}')`;

  if (scope.kind === 'period') {
    keep(
      'activities',
      'SELECT id AS x FROM activities WHERE deleted_at IS NULL AND start_date BETWEEN ? AND ?',
      scope.from,
      scope.to,
    );
    keep(
      'awards',
      'SELECT id AS x FROM awards WHERE deleted_at IS NULL AND awarded_on BETWEEN ? AND ?',
      scope.from,
      scope.to,
    );
  } else {
    db.exec('DROP TABLE IF EXISTS temp.chosen; CREATE TEMP TABLE chosen (id TEXT PRIMARY KEY) WITHOUT ROWID;');
    const ins = db.prepare('INSERT OR IGNORE INTO temp.chosen (id) VALUES (?)');
    for (const id of scope.ids) ins.run(id);
    keep(
      'activities',
      'SELECT id AS x FROM activities WHERE deleted_at IS NULL AND id IN (SELECT id FROM temp.chosen)',
    );
  }
  keep(
    'people',
    `SELECT person_id AS x FROM activity_teachers WHERE activity_id IN ${kept('activities')}
    UNION SELECT person_id FROM activity_participants WHERE activity_id IN ${kept('activities')}`,
  );
  if (scope.kind === 'activities') {
    // "Their" works and awards: those of the activities' students (not of every work a teacher advised).
    keep('works', `SELECT work_id AS x FROM work_authors WHERE person_id IN ${kept('people')}`);
    db.prepare(
      `DELETE FROM temp.keep WHERE tbl='works' AND id IN (SELECT id FROM works WHERE deleted_at IS NOT NULL)`,
    ).run();
    keep(
      'awards',
      `SELECT id AS x FROM awards WHERE deleted_at IS NULL AND (work_id IN ${kept('works')} OR person_id IN
      (SELECT id FROM people WHERE kind='student' AND id IN ${kept('people')}))`,
    );
  }
  // Awards a kept award was promoted from (县 → 市 → 省), to any depth.
  while (keep('awards', `SELECT promoted_from_id AS x FROM awards WHERE id IN ${kept('awards')}`) > 0) {
    /* closure */
  }
  keep('works', `SELECT work_id AS x FROM awards WHERE id IN ${kept('awards')}`);
  keep('competitions', `SELECT competition_id AS x FROM awards WHERE id IN ${kept('awards')}`);
  keep(
    'people',
    `SELECT person_id AS x FROM awards WHERE id IN ${kept('awards')}
    UNION SELECT person_id FROM work_authors WHERE work_id IN ${kept('works')}
    UNION SELECT person_id FROM work_advisors WHERE work_id IN ${kept('works')}`,
  );
  keep(
    'groups',
    `SELECT group_id AS x FROM activities WHERE id IN ${kept('activities')} UNION SELECT group_id FROM works WHERE id IN ${kept('works')}`,
  );
  keep('people', `SELECT teacher_id AS x FROM groups WHERE id IN ${kept('groups')}`);
  keep(
    'media',
    `SELECT l.media_id AS x FROM media_links l JOIN media m ON m.id=l.media_id WHERE m.deleted_at IS NULL AND (
      (l.target_kind='activity' AND l.target_id IN ${kept('activities')}) OR (l.target_kind='work' AND l.target_id IN ${kept('works')})
      OR (l.target_kind='award' AND l.target_id IN ${kept('awards')}))
    UNION SELECT cover_media_id FROM activities WHERE id IN ${kept('activities')}
    UNION SELECT certificate_media_id FROM awards WHERE id IN ${kept('awards')}`,
  );
  db.prepare(
    `DELETE FROM temp.keep WHERE tbl='media' AND id IN (SELECT id FROM media WHERE deleted_at IS NOT NULL)`,
  ).run();

  // Children of deleted parents go by ON DELETE CASCADE; link tables name their parent by kind.
  for (const e of [...ENTITY_TABLES].reverse()) {
    if (!hasTable(db, e.table)) continue;
    const scoped = ['people', 'groups', 'competitions', 'media', 'activities', 'works', 'awards'].includes(e.table);
    // Tables no scope covers (summary drafts…) do not "belong" to a selection: left out.
    db.prepare(
      scoped ? `DELETE FROM ${e.table} WHERE ${e.key} NOT IN ${kept(e.table)}` : `DELETE FROM ${e.table}`,
    ).run();
  }
  for (const c of CHILD_TABLES) {
    if (typeof c.parent === 'string' || !hasTable(db, c.table)) continue;
    const p = c.parent;
    const cond = Object.entries(p.kinds)
      .map(([k, t]) => `(${p.kindCol}='${k}' AND ${p.idCol} IN (SELECT id FROM ${t}))`)
      .join(' OR ');
    db.prepare(`DELETE FROM ${c.table} WHERE NOT (${cond})`).run();
  }
  db.prepare(
    `DELETE FROM media_links WHERE NOT (${Object.entries(TAGGED.kinds)
      .filter(([k]) => k !== 'media')
      .map(([k, t]) => `(target_kind='${k}' AND target_id IN (SELECT id FROM ${t}))`)
      .join(' OR ')})`,
  ).run();
  db.prepare('DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM tag_links)').run();
  if (hasTable(db, 'merge_state')) {
    const known = ENTITY_TABLES.filter((e) => hasTable(db, e.table))
      .map((e) => `(entity='${e.table}' AND id IN (SELECT ${e.key} FROM ${e.table}))`)
      .join(' OR ');
    db.prepare(`DELETE FROM merge_state WHERE NOT (${known})`).run();
  }
  db.exec('DROP TABLE IF EXISTS temp.keep; DROP TABLE IF EXISTS temp.chosen;');
}

/** Text columns a name could be written in (not ids, dates, hashes or codes). */
const NOT_TEXT =
  /^(id|sha256|ext|mime|kind|status|source|entity|period_key|target_kind|recipient_kind|key)$|_id$|_at$|_on$|_date$|_kind$/;

/**
 * 张树茂 → 张*茂: in `people`, and wherever a student's full name appears in the text of any
 * table (activity records, captions, file names, summary drafts…). Longest names first, so
 * 欧阳晓明 is masked whole and not as 欧阳 + …
 */
function maskStudents(db: Database.Database, names: readonly string[]): void {
  const masked = db.prepare("SELECT id, name FROM people WHERE kind='student'").all() as { id: string; name: string }[];
  const setName = db.prepare('UPDATE people SET name=? WHERE id=?');
  for (const p of masked) setName.run(maskName(p.name), p.id);
  const full = [...new Set(names)].filter((n) => [...n].length >= 2).sort((x, y) => [...y].length - [...x].length);
  if (!full.length) return;
  const re = new RegExp(full.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const mask = (s: string) => s.replace(re, (m) => maskName(m));
  const tables = (
    db
      .prepare("SELECT name FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
  )
    .filter((t) => !LOCAL_TABLES.includes(t) || t === 'change_log')
    .filter((t) => !t.startsWith('search_')); // rebuilt from the rows afterwards
  for (const t of tables) {
    const cols = (
      db.prepare(`SELECT name, type FROM pragma_table_info('${t}')`).all() as { name: string; type: string }[]
    ).filter((c) => /TEXT/i.test(c.type) && !NOT_TEXT.test(c.name) && !(t === 'people' && c.name === 'name'));
    if (!cols.length) continue;
    const rows = db
      .prepare(`SELECT rowid AS _r, ${cols.map((c) => `"${c.name}"`).join(', ')} FROM "${t}"`)
      .all() as Record<string, unknown>[];
    const upd = db.prepare(`UPDATE "${t}" SET ${cols.map((c) => `"${c.name}"=?`).join(', ')} WHERE rowid=?`);
    for (const r of rows) {
      let changed = false;
      const vals = cols.map((c) => {
        const v = r[c.name];
        if (typeof v !== 'string') return v;
        const m = mask(v);
        if (m !== v) changed = true;
        return m;
      });
      if (changed) upd.run(...vals, r._r);
    }
  }
}

/** Rows that point at a row no longer there: children are dropped, references set to NULL. */
export function repairForeignKeys(db: Database.Database): number {
  const bad = db.prepare('PRAGMA foreign_key_check').all() as {
    table: string;
    rowid: number | null;
    parent: string;
    fkid: number;
  }[];
  let fixed = 0;
  for (const v of bad) {
    if (v.rowid === null) continue;
    const fk = db.prepare(`SELECT "from" AS col FROM pragma_foreign_key_list('${v.table}') WHERE id=?`).get(v.fkid) as
      { col: string } | undefined;
    const notNull =
      fk &&
      (db
        .prepare(`SELECT "notnull" FROM pragma_table_info('${v.table}') WHERE name=?`)
        .pluck()
        .get(fk.col) as number) === 1;
    if (!fk || notNull || CHILD_TABLES.some((c) => c.table === v.table))
      db.prepare(`DELETE FROM "${v.table}" WHERE rowid=?`).run(v.rowid);
    else db.prepare(`UPDATE "${v.table}" SET "${fk.col}"=NULL WHERE rowid=?`).run(v.rowid);
    fixed++;
  }
  return fixed;
}
