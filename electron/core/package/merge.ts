// 合并: a package from another PC into this archive. The package is verified first (nothing is
// written for a broken or hostile one), then every record is matched by id:
//   - new here → added (unless this archive deleted it for good);
//   - changed on one side since the last merge between the two archives → that side wins;
//   - changed on both sides → a conflict the teacher decides (ours / theirs);
//   - between archives that share merge history (we merged theirs before, or the package knows
//     ours) and no record history → last writer (updated_at) wins.
// A package is distrusted, clocks included:
//   - no shared history at all → a record the package changes or deletes is a conflict, kept as ours;
//   - a package version stamped later than the package's own export time, or than now, never wins:
//     a conflict (a PC with a wrong clock, or a forged package);
//   - a record of ours the package would move to the trash is trashed only when the teacher
//     confirms it (confirmTrash; the command line's --prefer theirs), else kept and listed.
// Trashing is a change like any other (deleted_at + updated_at), so tombstones travel. Child rows
// follow their parent (tables.ts). Media are deduplicated by hash; their files are staged as
// .partial beside the store and put in place only inside the transaction, so a merge that does not
// commit leaves none of them behind (and none in media-orphans/). A backup is taken before anything
// changes. Rows are read in bounded batches (never the whole package at once), and the package's
// row count and database size are capped up front. The history lives in merge_state (migration
// 0006), and travels inside packages too.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MergeConflict, MergePreview, MergeReport, MergeTableCount, Pick } from '../../../shared/calls/package';
import { openArchive, type Archive } from '../db/open';
import { KejiError } from '../errors';
import { mediaRelPath, partialOf } from '../media/store';
import { logChange, nowIso } from '../rows';
import { getSettings, setSettings } from '../settings';
import { translate } from '../../../shared/i18n/messages';
import { createBackup } from './backup';
import { copyDurable, fsyncDir } from './io';
import type { Manifest } from './manifest';
import { hasTable, repairForeignKeys, SENSITIVE_COLUMNS } from './snapshot';
import {
  CHILD_TABLES,
  columnLabel,
  ENTITY_TABLES,
  tableLabel,
  TAGGED,
  type ChildTable,
  type EntityTable,
} from './tables';
import { inspectPackage } from './verify';

type Row = Record<string, unknown>;
type Outcome = 'same' | 'ours' | 'theirs' | 'conflict';
type Action = 'add' | 'take' | 'keep' | 'same' | 'conflict' | 'held' | 'skip' | 'dedupe';

interface State {
  theirs_seen: string;
  ours_after: string;
  merged_at: string;
}

/** What the merge will do with one package record: kept only for records the apply pass acts on. */
interface Act {
  a: Action;
  /** Our updated_at when planned: a record changed here meanwhile is left alone. */
  lu?: string;
  /** merge_state must be (re)written for it. */
  sw?: true;
}

export interface MergeOptions {
  choices?: Record<string, Pick>;
  /** For conflicts without a choice (the command line's --prefer). */
  prefer?: Pick;
  /** The teacher agreed that records of ours the package deleted go to the trash here. */
  confirmTrash?: boolean;
  /** Bytes checked and copied (verify, media). */
  onProgress?: (done: number, total: number, current: string) => void;
  /** Records compared. */
  onRows?: (done: number, total: number) => void;
  check?: () => void;
}

/** Rows (all merged tables together) a package may hold: a school has tens of thousands. */
export const MAX_PACKAGE_ROWS = 1_000_000;
/** Size of a package's database file. */
export const MAX_PACKAGE_DB_BYTES = 1024 ** 3;
/** Rows read from the package at a time. */
const BATCH = 1000;
/** Conflicts described field by field (the rest are counted and decided by --prefer / 全部…). */
export const MAX_LISTED_CONFLICTS = 500;
/** A package may be stamped a little ahead of this PC (clocks a few minutes apart). */
const CLOCK_SKEW_MS = 10 * 60_000;
const TITLES = 12;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function archiveIdOf(db: Database.Database): string {
  const v = db.prepare("SELECT value FROM settings WHERE key='archiveId'").pluck().get() as string | undefined;
  return v ? String(JSON.parse(v)) : '';
}

const columnsOf = (db: Database.Database, t: string) =>
  db.prepare(`SELECT name FROM pragma_table_info('${t}')`).pluck().all() as string[];

/**
 * Who wins, from both sides' versions (updated_at) and what each side remembers of the last merge
 * between the two archives: `ours` = our merge_state row for this record (what we saw of theirs,
 * what we had after), `theirs` = the package's row about us. Causal, so clocks that disagree
 * between PCs do not matter:
 *  - they have seen our current version → what they have now is newer (their edit, or their pick);
 *  - we have seen their current version → ours is newer;
 *  - otherwise whoever moved past the last shared version wins, and both moving is a conflict;
 *  - no record history → last writer wins (only asked between archives sharing merge history).
 */
export function decide(lu: string, pu: string, ours: State | undefined, theirs: State | undefined): Outcome {
  if (lu === pu) return 'same';
  const theySawOurs = theirs?.theirs_seen === lu;
  const weSawTheirs = ours?.theirs_seen === pu;
  if (theySawOurs && !weSawTheirs) return 'theirs';
  if (weSawTheirs && !theySawOurs) return 'ours';
  if (theySawOurs && weSawTheirs) return 'conflict'; // each saw the other's and kept its own
  if (!ours && !theirs) return pu > lu ? 'theirs' : 'ours';
  const weChanged = !(ours && ours.ours_after === lu);
  const theyChanged = !(theirs && theirs.ours_after === pu);
  if (weChanged && theyChanged) return 'conflict';
  if (theyChanged) return 'theirs';
  if (weChanged) return 'ours';
  return pu > lu ? 'theirs' : 'ours';
}

interface Session {
  a: Archive;
  pkg: Archive;
  /** A second, read-only connection to the package copy: rows are streamed from it. */
  rd: Database.Database;
  manifest: Manifest;
  pkgDir: string;
  localId: string;
  pkgId: string;
  /** We merged from this archive before, or the package remembers ours, or it is our own. */
  shared: boolean;
  /** Latest believable time in the package (ms): its export time, and never after now. */
  limit: number;
  dispose(): void;
}

const tooBig = (what: string) => new KejiError('REFUSED', translate('package.merge.tooBig', { what }));

/** Refused before anything is read at length: a package database or row count no school reaches. */
function capSize(pkgDir: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path.join(pkgDir, 'archive.sqlite'));
  } catch {
    return;
  } // verify names a missing one
  if (st.isFile() && st.size > MAX_PACKAGE_DB_BYTES) {
    throw tooBig(
      translate('package.merge.tooBig.db', {
        size: `${(st.size / 1024 ** 3).toFixed(1)} GB`,
        max: `${MAX_PACKAGE_DB_BYTES / 1024 ** 3} GB`,
      }),
    );
  }
}

function countRows(db: Database.Database): number {
  let n = 0;
  for (const t of [...ENTITY_TABLES.map((e) => e.table), ...CHILD_TABLES.map((c) => c.table)]) {
    if (hasTable(db, t)) n += db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number;
  }
  return n;
}

function capRows(n: number): void {
  if (n > MAX_PACKAGE_ROWS)
    throw tooBig(
      translate('package.merge.tooBig.rows', {
        n: n.toLocaleString('en-US'),
        max: MAX_PACKAGE_ROWS.toLocaleString('en-US'),
      }),
    );
}

async function openPackage(a: Archive, pkgDir: string, opts: MergeOptions): Promise<Session> {
  capSize(pkgDir);
  const ins = await inspectPackage(pkgDir, { onBytes: (d, t, c) => opts.onProgress?.(d, t, c), check: opts.check });
  if (!ins.report.ok || !ins.dbCopy || !ins.manifest) {
    ins.dispose();
    const list = ins.report.problems
      .slice(0, 5)
      .map((p) => p.message)
      .join('；');
    const more =
      ins.report.problems.length > 5 ? translate('core.package.problemCount', { n: ins.report.problems.length }) : '';
    throw new KejiError('REFUSED', translate('core.package.mergeRefused', { list, more }));
  }
  let pkg: Archive | null = null;
  let rd: Database.Database | null = null;
  try {
    capRows(Object.values(ins.manifest.counts).reduce((x, n) => x + (Number.isFinite(n) && n > 0 ? n : 0), 0));
    // The checked copy, migrated to this program's schema if it is older.
    pkg = openArchive(path.dirname(ins.dbCopy), { clock: a.clock });
    capRows(countRows(pkg.db)); // the manifest's counts may lie
    rd = new Database(ins.dbCopy, { readonly: true, fileMustExist: true });
  } catch (e) {
    pkg?.close();
    ins.dispose();
    throw e;
  }
  const localId = archiveIdOf(a.db);
  const pkgId = ins.manifest.archiveId || archiveIdOf(pkg.db);
  const shared =
    pkgId === localId ||
    !!a.db.prepare('SELECT 1 FROM merge_state WHERE source=? LIMIT 1').get(pkgId) ||
    (hasTable(pkg.db, 'merge_state') &&
      !!localId &&
      !!pkg.db.prepare('SELECT 1 FROM merge_state WHERE source=? LIMIT 1').get(localId));
  const now = Math.max(Date.now(), Date.parse(nowIso(a))) + CLOCK_SKEW_MS;
  const exported = Date.parse(ins.manifest.createdAt);
  const limit = Number.isFinite(exported) ? Math.min(exported, now) : -Infinity;
  const p = pkg;
  const r = rd;
  return {
    a,
    pkg: p,
    rd: r,
    manifest: ins.manifest,
    pkgDir: path.resolve(pkgDir),
    localId,
    pkgId,
    shared,
    limit,
    dispose: () => {
      r.close();
      p.close();
      ins.dispose();
    },
  };
}

/** A package time that cannot be true: unreadable, after the package was exported, or after now. */
function badTime(v: unknown, limit: number): boolean {
  if (v === null || v === undefined) return false;
  const t = Date.parse(String(v));
  return !Number.isFinite(t) || t > limit;
}

interface Bucket {
  count: number;
  titles: string[];
}

interface Plan {
  /** table → key → what to do (only records the apply pass touches). */
  acts: Map<string, Map<string, Act>>;
  /** Package media id → ours (same photo imported on both PCs). */
  mediaMap: Map<string, string>;
  /** Media files to copy in (package rel path → sha, ext, size, name). */
  copies: { rel: string; sha256: string; ext: string; size: number; name: string }[];
  added: Map<string, Bucket>;
  updated: Map<string, Bucket>;
  trashed: Map<string, Bucket>;
  conflicts: MergeConflict[];
  conflictsTotal: number;
  held: number;
  /** Records of ours the merge will move to the trash (confirmed). */
  trashTaken: number;
  addedStudents: number;
  unchanged: number;
  skipped: MergePreview['skipped'];
  unionAdds: number;
  stateWrites: number;
  warnings: string[];
  settingsSchool: string | null;
}

function sharedColumns(s: Session, t: string): string[] {
  const local = new Set(columnsOf(s.a.db, t));
  return columnsOf(s.pkg.db, t).filter((c) => local.has(c));
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function note(m: Map<string, Bucket>, table: string, title: string): void {
  const b = m.get(table) ?? m.set(table, { count: 0, titles: [] }).get(table)!;
  b.count++;
  if (b.titles.length < TITLES) b.titles.push(title);
}

/** The package's rows of an entity table, in bounded batches, each with its readable title. */
function* entityRows(s: Session, e: EntityTable, cols: string[]): Generator<Row> {
  const list = cols.map((c) => `"${c}"`).join(', ');
  yield* s.rd.prepare(`SELECT ${list}, (${e.title}) AS _title FROM "${e.table}"`).iterate() as IterableIterator<Row>;
}

/**
 * Rows of union children the package has and we do not (after re-pointing deduplicated media).
 * Every row they point at (foreign keys, and a link's target) must exist here (`there`), else the
 * row would be dropped again at the end and a second merge would "add" it once more.
 */
function* unionRows(
  s: Session,
  mediaMap: Map<string, string>,
  there: (table: string, col: string, v: unknown) => boolean,
): Generator<{ c: ChildTable; row: Row }> {
  const { a } = s;
  for (const c of CHILD_TABLES) {
    if (c.mode !== 'union' || !hasTable(a.db, c.table) || !hasTable(s.pkg.db, c.table)) continue;
    const cols = sharedColumns(s, c.table);
    const pk = a.db
      .prepare(`SELECT name FROM pragma_table_info('${c.table}') WHERE pk>0 ORDER BY pk`)
      .pluck()
      .all() as string[];
    const exists = a.db.prepare(`SELECT * FROM "${c.table}" WHERE ${pk.map((k) => `"${k}"=?`).join(' AND ')}`);
    const fks = a.db.prepare(`SELECT "table", "from", "to" FROM pragma_foreign_key_list('${c.table}')`).all() as {
      table: string;
      from: string;
      to: string;
    }[];
    for (const raw of s.rd
      .prepare(`SELECT ${cols.map((x) => `"${x}"`).join(', ')} FROM "${c.table}"`)
      .iterate() as IterableIterator<Row>) {
      const row = remapMedia(raw, c.mediaRefs, mediaMap);
      if (fks.some((fk) => row[fk.from] != null && !there(fk.table, fk.to ?? 'id', row[fk.from]))) continue;
      if (c.table === 'media_links') {
        const t = TAGGED.kinds[String(row.target_kind)];
        if (!t || !there(t, 'id', row.target_id)) continue;
      }
      const have = exists.get(...pk.map((k) => row[k])) as Row | undefined;
      if (!have || c.updates?.(have, row)) yield { c, row };
    }
  }
}

async function plan(s: Session, opts: MergeOptions): Promise<Plan> {
  const { a, pkg } = s;
  const choices = opts.choices ?? {};
  const p: Plan = {
    acts: new Map(),
    mediaMap: new Map(),
    copies: [],
    added: new Map(),
    updated: new Map(),
    trashed: new Map(),
    conflicts: [],
    conflictsTotal: 0,
    held: 0,
    trashTaken: 0,
    addedStudents: 0,
    unchanged: 0,
    skipped: [],
    unionAdds: 0,
    stateWrites: 0,
    warnings: [],
    settingsSchool: null,
  };
  // Records deleted for good here (few: 清空回收站), read once — change_log has no index on entity_id.
  const purged = new Set(
    a.db.prepare("SELECT entity_id FROM change_log WHERE action='purge'").pluck().all() as string[],
  );
  const listed = new Set(s.manifest.files.map((f) => f.path));
  const stateOurs = a.db.prepare(
    'SELECT theirs_seen, ours_after, merged_at FROM merge_state WHERE source=? AND entity=? AND id=?',
  );
  const stateTheirs = hasTable(pkg.db, 'merge_state')
    ? pkg.db.prepare('SELECT theirs_seen, ours_after, merged_at FROM merge_state WHERE source=? AND entity=? AND id=?')
    : null;
  const own = s.pkgId === s.localId; // our own package coming back: nothing to remember about "the other side"
  const total =
    ENTITY_TABLES.reduce(
      (n, e) =>
        n +
        (hasTable(pkg.db, e.table) ? (pkg.db.prepare(`SELECT COUNT(*) FROM "${e.table}"`).pluck().get() as number) : 0),
      0,
    ) || 1;
  let done = 0;

  for (const e of ENTITY_TABLES) {
    if (!hasTable(a.db, e.table) || !hasTable(pkg.db, e.table)) continue;
    const cols = sharedColumns(s, e.table);
    if (!cols.includes(e.key) || !cols.includes('updated_at')) continue;
    const acts = p.acts.get(e.table) ?? p.acts.set(e.table, new Map()).get(e.table)!;
    const getOurs = a.db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${e.table}" WHERE "${e.key}"=?`);
    const ourTitle = a.db.prepare(`SELECT (${e.title}) FROM "${e.table}" WHERE "${e.key}"=?`).pluck();
    const byHash = e.dedupe ? a.db.prepare(`SELECT "${e.key}" FROM "${e.table}" WHERE "${e.dedupe}"=?`).pluck() : null;
    const rows = entityRows(s, e, cols);
    try {
      for (const r of rows) {
        if (++done % BATCH === 0) {
          opts.onRows?.(done, total);
          opts.check?.();
          await tick(); // the window (or the web host) stays responsive while a large package is compared
        }
        const title = String(r._title ?? '');
        delete r._title;
        const key = String(r[e.key]);
        if (e.key === 'id' && !UUID.test(key)) {
          p.warnings.push(
            translate('package.merge.warn.badId', { what: `${tableLabel(e.table)} ${key.slice(0, 40)}` }),
          );
          continue;
        }
        if (
          e.table === 'media' &&
          (!/^[0-9a-f]{64}$/.test(String(r.sha256)) || !/^[a-z0-9]{1,10}$/i.test(String(r.ext)))
        ) {
          p.warnings.push(translate('package.merge.warn.badMedia', { name: title }));
          continue;
        }
        const ours = (getOurs.get(key) as Row | undefined) ?? null;
        const lu = ours ? String(ours.updated_at) : '';
        const pu = String(r.updated_at);
        let action: Action;
        let trashing = false;
        let reason = '';
        if (!ours) {
          const dup = byHash && e.dedupe ? (byHash.get(r[e.dedupe]) as string | undefined) : undefined;
          if (dup) {
            action = 'dedupe';
            p.mediaMap.set(key, dup);
          } else if (purged.has(key)) action = 'skip';
          else action = 'add';
        } else if (lu === pu) {
          action = 'same';
        } else {
          const clockBad = badTime(r.updated_at, s.limit) || (e.trash && badTime(r.deleted_at, s.limit));
          // Shared history of this record: either side remembers the other's version of it from a
          // merge (or the package is our own). Without it, no clock decides against ours.
          const sO = stateOurs.get(s.pkgId, e.table, key) as State | undefined;
          const sT = stateTheirs?.get(s.localId, e.table, key) as State | undefined;
          const known = own || !!sO || !!sT;
          let o: Outcome = known ? decide(lu, pu, sO, sT) : pu > lu ? 'conflict' : 'ours';
          if (o === 'theirs' && clockBad) o = 'conflict';
          if (o === 'conflict') {
            reason = clockBad
              ? translate('package.merge.why.clock', {
                  t: pu.slice(0, 40),
                  exported: s.manifest.createdAt.slice(0, 40),
                })
              : !known
                ? translate('package.merge.why.noHistory')
                : translate('package.merge.why.both');
          }
          const pick = choices[`${e.table}:${key}`] ?? opts.prefer;
          action =
            o === 'same'
              ? 'same'
              : o === 'ours'
                ? 'keep'
                : o === 'theirs'
                  ? 'take'
                  : pick === 'theirs'
                    ? 'take'
                    : pick === 'ours'
                      ? 'keep'
                      : 'conflict';
          trashing = e.trash && !!r.deleted_at && !ours.deleted_at && (action === 'take' || action === 'conflict');
          // Moving our record to the trash is never implied: the teacher confirms it, in general or for this record.
          if (trashing && action === 'take' && !opts.confirmTrash && choices[`${e.table}:${key}`] !== 'theirs')
            action = 'held';
        }
        if (e.table === 'media' && (action === 'add' || action === 'take')) {
          const rel = mediaRelPath(String(r.sha256), String(r.ext));
          const have = fs.existsSync(path.join(a.dir, rel));
          if (!have && listed.has(rel))
            p.copies.push({ rel, sha256: String(r.sha256), ext: String(r.ext), size: Number(r.size), name: title });
          else if (!have && !r.deleted_at) {
            p.warnings.push(translate('package.merge.warn.noFile', { name: title }));
            p.skipped.push({ table: e.table, id: key, title, reason: translate('package.merge.reason.noFile') });
            continue;
          }
        }
        // merge_state: the record's version on both sides after this merge, for the next one.
        let sw = false;
        if (!own && (action === 'add' || action === 'take' || action === 'keep' || action === 'same')) {
          const after = action === 'take' || action === 'add' ? pu : lu;
          const cur = stateOurs.get(s.pkgId, e.table, key) as State | undefined;
          sw = !cur || cur.theirs_seen !== pu || cur.ours_after !== after;
          if (sw) p.stateWrites++;
        }
        switch (action) {
          case 'add':
            note(p.added, e.table, title);
            if (e.table === 'people' && r.kind === 'student') p.addedStudents++;
            break;
          case 'take':
            note(trashing ? p.trashed : p.updated, e.table, title);
            if (trashing) p.trashTaken++;
            break;
          case 'held':
            note(p.trashed, e.table, title);
            p.held++;
            break;
          case 'skip':
            p.skipped.push({ table: e.table, id: key, title, reason: translate('package.merge.reason.purged') });
            break;
          case 'conflict': // (one that would trash ours says so in its description)
            // Named as the teacher knows the record here (the package may have renamed it).
            if (p.conflicts.length < MAX_LISTED_CONFLICTS)
              p.conflicts.push(conflictOf(s, e, key, String(ourTitle.get(key) ?? title), ours!, r, reason));
            p.conflictsTotal++;
            break;
          default:
            p.unchanged++;
        }
        if (action === 'add' || action === 'take' || sw)
          acts.set(key, { a: action, ...(action === 'take' ? { lu } : {}), ...(sw ? { sw: true as const } : {}) });
      }
    } finally {
      rows.return(undefined); // closes the iterator (and frees the connection) when cancelled midway
    }
  }
  opts.onRows?.(total, total);

  const adding = (table: string, key: string) => p.acts.get(table)?.get(key)?.a === 'add';
  const here = new Map<string, Database.Statement>();
  const there = (table: string, col: string, v: unknown) => {
    if (adding(table, String(v))) return true;
    const k = `${table}.${col}`;
    const q = here.get(k) ?? here.set(k, a.db.prepare(`SELECT 1 FROM "${table}" WHERE "${col}"=?`)).get(k)!;
    return !!q.get(v as string);
  };
  for (const _ of unionRows(s, p.mediaMap, there)) {
    p.unionAdds++;
    if (p.unionAdds % BATCH === 0) {
      opts.check?.();
      await tick();
    }
  }
  const school = getSettings(a).schoolName;
  p.settingsSchool = !school && s.manifest.school ? s.manifest.school : null;
  return p;
}

function remapMedia(row: Row, refs: readonly string[] | undefined, map: Map<string, string>): Row {
  if (!refs?.length || !map.size) return row;
  const out = { ...row };
  for (const c of refs)
    if (typeof out[c] === 'string' && map.has(out[c] as string)) out[c] = map.get(out[c] as string)!;
  return out;
}

const trashLabel = (v: unknown) => translate(v ? 'package.merge.inTrash' : 'package.merge.notInTrash');
const show = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).slice(0, 300));

/** Field-by-field differences of a conflict, children (participants, authors…) included. */
function conflictOf(
  s: Session,
  e: EntityTable,
  key: string,
  title: string,
  ours: Row,
  theirs: Row,
  reason: string,
): MergeConflict {
  const fields: MergeConflict['fields'] = [];
  const kept = protectedColumns(s, e, ours); // never copied over ours: no difference to show
  for (const [k, v] of Object.entries(theirs)) {
    if (k === 'created_at' || k === 'updated_at' || k.startsWith('_') || (kept.has(k) && k !== e.key)) continue;
    const o = ours[k];
    if ((o ?? null) !== (v ?? null)) {
      fields.push({
        column: k,
        label: columnLabel(k),
        ours: k === 'deleted_at' ? trashLabel(o) : show(o),
        theirs: k === 'deleted_at' ? trashLabel(v) : show(v),
      });
    }
  }
  for (const c of CHILD_TABLES) {
    if (c.mode !== 'replace' || !hasTable(s.a.db, c.table) || !hasTable(s.pkg.db, c.table)) continue;
    const where = childWhere(c, e.table);
    if (!where) continue;
    const q = (db: Database.Database) =>
      (db.prepare(`SELECT * FROM "${c.table}" WHERE ${where.sql}`).all(...where.params(key)) as Row[])
        .map((r) => JSON.stringify(r))
        .sort();
    const [o, t] = [q(s.a.db), q(s.pkg.db)];
    if (o.join('\n') !== t.join('\n'))
      fields.push({
        column: c.table,
        label: columnLabel(c.table),
        ours: translate('package.merge.rows', { n: o.length }),
        theirs: translate('package.merge.rows', { n: t.length }),
      });
  }
  const label = tableLabel(e.table);
  return {
    key: `${e.table}:${key}`,
    table: e.table,
    label,
    id: key,
    title,
    ours: { updatedAt: String(ours.updated_at), trashed: !!ours.deleted_at },
    theirs: { updatedAt: String(theirs.updated_at), trashed: !!theirs.deleted_at },
    fields,
    description: translate(
      theirs.deleted_at && !ours.deleted_at ? 'package.merge.conflict.trash' : 'package.merge.conflict.change',
      { label, title: title || key },
    ),
    reason,
  };
}

/** SQL selecting a child table's rows of one parent (null if the table is not its child). */
function childWhere(c: ChildTable, parent: string): { sql: string; params: (key: string) => unknown[] } | null {
  if (typeof c.parent === 'string')
    return c.parent === parent && c.by ? { sql: `"${c.by}"=?`, params: (k) => [k] } : null;
  const p = c.parent;
  const kind = Object.entries(p.kinds).find(([, t]) => t === parent)?.[0];
  return kind ? { sql: `"${p.kindCol}"=? AND "${p.idCol}"=?`, params: (k) => [kind, k] } : null;
}

function counts(m: Map<string, Bucket>): MergeTableCount[] {
  return ENTITY_TABLES.flatMap((e) => {
    const b = m.get(e.table);
    return b && b.count ? [{ table: e.table, label: tableLabel(e.table), count: b.count, titles: b.titles }] : [];
  });
}

function previewOf(s: Session, p: Plan, opts: MergeOptions): MergePreview {
  const added = counts(p.added);
  const updated = counts(p.updated);
  const nothingToDo =
    !added.length &&
    !updated.length &&
    !p.trashTaken &&
    !p.copies.length &&
    !p.unionAdds &&
    !p.stateWrites &&
    !p.settingsSchool;
  return {
    package: { ...summary(s.manifest) },
    added,
    updated,
    trashed: counts(p.trashed),
    trashConfirmed: !!opts.confirmTrash,
    held: p.held,
    unchanged: p.unchanged,
    conflicts: p.conflicts,
    conflictsTotal: p.conflictsTotal,
    sharedHistory: s.shared,
    skipped: p.skipped,
    media: { toCopy: p.copies.length, bytes: p.copies.reduce((x, c) => x + c.size, 0), duplicates: p.mediaMap.size },
    nothingToDo,
  };
}

function summary(m: Manifest): MergePreview['package'] {
  return {
    name: m.name,
    school: m.school,
    createdAt: m.createdAt,
    appVersion: m.appVersion,
    schemaVersion: m.schemaVersion,
    archiveId: m.archiveId,
    scopeLabel: m.scope.label,
    maskedNames: m.privacy.maskedNames,
    counts: m.counts,
    files: m.files.length,
    bytes: m.totalBytes,
  };
}

export async function previewMerge(a: Archive, pkgDir: string, opts: MergeOptions = {}): Promise<MergePreview> {
  const s = await openPackage(a, pkgDir, opts);
  try {
    return previewOf(s, await plan(s, opts), opts);
  } finally {
    s.dispose();
  }
}

/** Columns a merge must not copy over ours: privacy-blanked ones, masked student names, content addresses. */
function protectedColumns(s: Session, e: EntityTable, row: Row): Set<string> {
  const out = new Set<string>([e.key, ...(e.immutable ?? [])]);
  if (e.table === 'people') {
    for (const c of s.manifest.privacy.omitted) if ((SENSITIVE_COLUMNS as readonly string[]).includes(c)) out.add(c);
    if (s.manifest.privacy.maskedNames && row.kind === 'student') out.add('name');
  }
  return out;
}

/** Prepared once per SQL text (the apply pass writes row after row with a handful of shapes). */
function statements(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => cache.get(sql) ?? cache.set(sql, db.prepare(sql)).get(sql)!;
}

/** Staged media files (.partial beside their place in the store): put in place inside the transaction. */
interface Staged {
  tmp: string;
  final: string;
}

function apply(s: Session, p: Plan, staged: Staged[]): { warnings: string[]; added: number; updated: number } {
  const { a, pkg } = s;
  const warnings = [...p.warnings];
  const now = nowIso(a);
  const sql = statements(a.db);
  const placed: string[] = [];
  let added = 0;
  let updated = 0;
  let changedHere = 0;
  try {
    a.db.transaction(() => {
      a.db.pragma('defer_foreign_keys = ON');
      const taken = new Map<string, string[]>(); // table → keys whose package version now stands
      for (const e of ENTITY_TABLES) {
        const acts = p.acts.get(e.table);
        if (!acts?.size) continue;
        const cols = sharedColumns(s, e.table);
        const current = a.db.prepare(`SELECT * FROM "${e.table}" WHERE "${e.key}"=?`);
        const keys: string[] = [];
        for (const r of entityRows(s, e, cols)) {
          delete r._title;
          const key = String(r[e.key]);
          const act = acts.get(key);
          if (!act || (act.a !== 'add' && act.a !== 'take')) continue;
          const row = remapMedia(r, e.mediaRefs, p.mediaMap);
          if (act.a === 'add') {
            sql(
              `INSERT INTO "${e.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
            ).run(...cols.map((c) => row[c]));
            added++;
          } else {
            const ours = current.get(key) as Row | undefined;
            // Edited here while the media were being copied: ours stays, and the next merge asks again.
            if (!ours || String(ours.updated_at) !== act.lu) {
              act.a = 'keep';
              delete act.sw;
              changedHere++;
              continue;
            }
            const keep = protectedColumns(s, e, ours);
            const set = cols.filter((c) => !keep.has(c));
            sql(`UPDATE "${e.table}" SET ${set.map((c) => `"${c}"=?`).join(', ')} WHERE "${e.key}"=?`).run(
              ...set.map((c) => row[c]),
              key,
            );
            updated++;
          }
          keys.push(key);
        }
        taken.set(e.table, keys);
      }

      // Tags are matched by name: the same 科技节 tag typed on two PCs is one tag.
      const pkgTag = hasTable(pkg.db, 'tags') ? pkg.db.prepare('SELECT name FROM tags WHERE id=?').pluck() : null;
      const localTag = a.db.prepare('SELECT id FROM tags WHERE name=?').pluck();
      const tagIdUsed = a.db.prepare('SELECT 1 FROM tags WHERE id=?').pluck();
      const insTag = a.db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)');
      const tagFor = (pkgId: string): string | null => {
        const name = pkgTag?.get(pkgId) as string | undefined;
        if (!name) return null;
        let id = localTag.get(name) as string | undefined;
        if (!id) {
          id = UUID.test(pkgId) && !tagIdUsed.get(pkgId) ? pkgId : a.clock.newId();
          insTag.run(id, name);
        }
        return id;
      };

      // Children of the parents whose package version now stands replace ours.
      for (const c of CHILD_TABLES) {
        if (c.mode !== 'replace' || !hasTable(a.db, c.table) || !hasTable(pkg.db, c.table)) continue;
        const cols = sharedColumns(s, c.table);
        const ins = a.db.prepare(
          `INSERT OR IGNORE INTO "${c.table}" (${cols.map((x) => `"${x}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        );
        const parents = typeof c.parent === 'string' ? [c.parent] : Object.values(c.parent.kinds);
        for (const parent of parents) {
          const where = childWhere(c, parent)!;
          const del = a.db.prepare(`DELETE FROM "${c.table}" WHERE ${where.sql}`);
          const theirs = pkg.db.prepare(
            `SELECT ${cols.map((x) => `"${x}"`).join(', ')} FROM "${c.table}" WHERE ${where.sql}`,
          );
          for (const key of taken.get(parent) ?? []) {
            del.run(...where.params(key));
            for (const raw of theirs.all(...where.params(key)) as Row[]) {
              const row = remapMedia(raw, c.mediaRefs, p.mediaMap);
              if (c.table === 'tag_links') {
                const id = tagFor(String(row.tag_id));
                if (!id) continue;
                row.tag_id = id;
                if (row.target_kind === 'media' && p.mediaMap.has(String(row.target_id)))
                  row.target_id = p.mediaMap.get(String(row.target_id));
              }
              ins.run(...cols.map((x) => row[x]));
            }
          }
        }
      }
      const here = statements(a.db);
      const there = (table: string, col: string, v: unknown) =>
        !!here(`SELECT 1 FROM "${table}" WHERE "${col}"=?`).get(v as string);
      for (const { c, row } of unionRows(s, p.mediaMap, there)) {
        const cols = Object.keys(row);
        sql(
          `INSERT INTO "${c.table}" (${cols.map((x) => `"${x}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT ${c.onConflict ?? 'DO NOTHING'}`,
        ).run(...cols.map((x) => row[x]));
      }

      // What each side had after this merge, for the next one (unresolved conflicts keep their old state).
      const upsert = a.db
        .prepare(`INSERT INTO merge_state (source, entity, id, theirs_seen, ours_after, merged_at) VALUES (?,?,?,?,?,?)
        ON CONFLICT (source, entity, id) DO UPDATE SET theirs_seen=excluded.theirs_seen, ours_after=excluded.ours_after, merged_at=excluded.merged_at`);
      for (const e of ENTITY_TABLES) {
        const acts = p.acts.get(e.table);
        if (!acts?.size) continue;
        const getOurs = a.db.prepare(`SELECT updated_at FROM "${e.table}" WHERE "${e.key}"=?`).pluck();
        const getTheirs = pkg.db.prepare(`SELECT updated_at FROM "${e.table}" WHERE "${e.key}"=?`).pluck();
        for (const [key, act] of acts) {
          if (!act.sw) continue;
          const after = getOurs.get(key) as string | undefined;
          const theirs = getTheirs.get(key) as string | undefined;
          if (after && theirs) upsert.run(s.pkgId, e.table, key, theirs, after, now);
        }
      }
      const fixed = repairForeignKeys(a.db);
      if (fixed) warnings.push(translate('package.merge.warn.dangling', { n: fixed }));
      if (p.settingsSchool) setSettings(a, { schoolName: p.settingsSchool });
      logChange(
        a,
        'archive',
        s.pkgId || 'package',
        'merge',
        translate('core.log.merged', { name: s.manifest.name, added, updated }),
      );

      // Last: the package's files take their place in the store. Nothing can fail between here and COMMIT
      // but the commit itself, and then the catch below takes them out again.
      for (const f of staged) {
        if (fs.existsSync(f.final)) {
          fs.rmSync(f.tmp, { force: true });
          continue;
        } // arrived meanwhile (an import)
        fs.renameSync(f.tmp, f.final);
        placed.push(f.final);
      }
      for (const d of new Set(placed.map((f) => path.dirname(f)))) fsyncDir(d);
    })();
  } catch (e) {
    for (const f of placed) fs.rmSync(f, { force: true });
    throw e;
  }
  if (changedHere) warnings.push(translate('package.merge.warn.changedHere', { n: changedHere }));
  return { warnings, added, updated };
}

/** Copies the package's media files beside the store (hash checked, fsynced), staged as .partial. */
async function stageMedia(s: Session, p: Plan, opts: MergeOptions, staged: Staged[]): Promise<void> {
  const total = p.copies.reduce((x, c) => x + c.size, 0) || 1;
  let done = 0;
  for (const c of p.copies) {
    opts.check?.();
    const final = path.join(s.a.dir, c.rel);
    if (fs.existsSync(final)) continue;
    fs.mkdirSync(path.dirname(final), { recursive: true });
    // The store's own leftover pattern: a crash before the rows commit leaves only .partial files,
    // which are removed when the archive opens (never moved to media-orphans/).
    const tmp = partialOf(final);
    staged.push({ tmp, final });
    await copyDurable(
      path.join(s.pkgDir, ...c.rel.split('/')),
      tmp,
      { sha256: c.sha256, size: c.size, name: c.name },
      (n) => {
        done += n;
        opts.onProgress?.(done, total, c.name);
      },
      opts.check,
    );
  }
}

export async function mergePackage(
  a: Archive,
  pkgDir: string,
  opts: MergeOptions & { dryRun?: boolean } = {},
): Promise<MergeReport> {
  if (a.readonly) throw new KejiError('FORBIDDEN');
  const started = Date.now();
  const s = await openPackage(a, pkgDir, opts);
  const staged: Staged[] = [];
  try {
    const p = await plan(s, opts);
    const preview = previewOf(s, p, opts);
    const unresolved = preview.conflictsTotal;
    const warnings = [...p.warnings];
    if (p.held) warnings.push(translate('package.merge.warn.held', { n: p.held }));
    if (opts.dryRun || preview.nothingToDo) {
      return { ...preview, applied: false, backup: null, unresolved, warnings, seconds: (Date.now() - started) / 1000 };
    }
    const backup = await createBackup(a, 'before-merge');
    await stageMedia(s, p, opts, staged);
    opts.check?.();
    const r = apply(s, p, staged);
    if (p.held) r.warnings.push(translate('package.merge.warn.held', { n: p.held }));
    if (s.manifest.privacy.maskedNames && p.addedStudents > 0) {
      r.warnings.push(translate('package.merge.warn.maskedNames'));
    }
    return {
      ...preview,
      applied: true,
      backup: backup.file,
      unresolved,
      warnings: r.warnings,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    for (const f of staged) fs.rmSync(f.tmp, { force: true }); // those not put in place (cancelled, failed)
    s.dispose();
  }
}
