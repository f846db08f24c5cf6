// 合并: a package from another PC into this archive. The package is verified first (nothing is
// written for a broken or hostile one), then every record is matched by id:
//   - new here → added (unless this archive deleted it for good);
//   - changed on one side since the last merge between the two archives → that side wins;
//   - changed on both sides → a conflict the teacher decides (ours / theirs);
//   - no shared history → last writer (updated_at) wins.
// Trashing is a change like any other (deleted_at + updated_at), so tombstones travel and win
// when newer. Child rows follow their parent (tables.ts). Media are deduplicated by hash and
// their files copied and fsynced before the rows commit. A backup is taken before anything changes.
// The history lives in merge_state (migration 0006), and travels inside packages too.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
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
import { CHILD_TABLES, columnLabel, ENTITY_TABLES, tableLabel, TAGGED, type ChildTable, type EntityTable } from './tables';
import { inspectPackage } from './verify';

type Row = Record<string, unknown>;
type Outcome = 'same' | 'ours' | 'theirs' | 'conflict';

interface State { theirs_seen: string; ours_after: string; merged_at: string }

interface Decision {
  e: EntityTable;
  key: string;
  theirs: Row;
  ours: Row | null;
  action: 'add' | 'take' | 'keep' | 'same' | 'conflict' | 'skip' | 'dedupe';
  title: string;
  /** For 'dedupe': our media id the package's photo maps onto. */
  mapTo?: string;
  /** For 'skip': why (default: deleted for good here). */
  skipReason?: string;
}

export interface MergeOptions {
  choices?: Record<string, Pick>;
  /** For conflicts without a choice (the command line's --prefer). */
  prefer?: Pick;
  onProgress?: (done: number, total: number, current: string) => void;
  check?: () => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function archiveIdOf(db: Database.Database): string {
  const v = db.prepare("SELECT value FROM settings WHERE key='archiveId'").pluck().get() as string | undefined;
  return v ? String(JSON.parse(v)) : '';
}

const columnsOf = (db: Database.Database, t: string) => (db.prepare(`SELECT name FROM pragma_table_info('${t}')`).pluck().all() as string[]);

/**
 * Who wins, from both sides' versions (updated_at) and what each side remembers of the last merge
 * between the two archives: `ours` = our merge_state row for this record (what we saw of theirs,
 * what we had after), `theirs` = the package's row about us. Causal, so clocks that disagree
 * between PCs do not matter:
 *  - they have seen our current version → what they have now is newer (their edit, or their pick);
 *  - we have seen their current version → ours is newer;
 *  - otherwise whoever moved past the last shared version wins, and both moving is a conflict;
 *  - no shared history at all → last writer wins.
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
  manifest: Manifest;
  pkgDir: string;
  localId: string;
  pkgId: string;
  dispose(): void;
}

async function openPackage(a: Archive, pkgDir: string, opts: MergeOptions): Promise<Session> {
  const ins = await inspectPackage(pkgDir, { onBytes: (d, t, c) => opts.onProgress?.(d, t, c), check: opts.check });
  if (!ins.report.ok || !ins.dbCopy || !ins.manifest) {
    ins.dispose();
    const list = ins.report.problems.slice(0, 5).map((p) => p.message).join('；');
    const more = ins.report.problems.length > 5 ? `（共 ${ins.report.problems.length} 个问题）` : '';
    throw new KejiError('REFUSED', `数据包未通过校验，没有合并任何内容：${list}${more}`);
  }
  let pkg: Archive;
  try {
    // The checked copy, migrated to this program's schema if it is older.
    pkg = openArchive(path.dirname(ins.dbCopy), { clock: a.clock });
  } catch (e) {
    ins.dispose();
    throw e;
  }
  const localId = archiveIdOf(a.db);
  const pkgId = ins.manifest.archiveId || archiveIdOf(pkg.db);
  return { a, pkg, manifest: ins.manifest, pkgDir: path.resolve(pkgDir), localId, pkgId, dispose: () => { pkg.close(); ins.dispose(); } };
}

interface Plan {
  decisions: Decision[];
  /** Package media id → ours (same photo imported on both PCs). */
  mediaMap: Map<string, string>;
  /** Media files to copy in (package rel path → sha, ext, size, name). */
  copies: { rel: string; sha256: string; ext: string; size: number; name: string }[];
  unionAdds: { c: ChildTable; row: Row }[];
  stateWrites: { entity: string; id: string; theirs: string }[];
  warnings: string[];
  settingsSchool: string | null;
}

function sharedColumns(s: Session, t: string): string[] {
  const local = new Set(columnsOf(s.a.db, t));
  return columnsOf(s.pkg.db, t).filter((c) => local.has(c));
}

function plan(s: Session, choices: Record<string, Pick>, prefer?: Pick): Plan {
  const { a, pkg } = s;
  const decisions: Decision[] = [];
  const mediaMap = new Map<string, string>();
  const copies: Plan['copies'] = [];
  const warnings: string[] = [];
  const purged = new Set(a.db.prepare("SELECT entity_id FROM change_log WHERE action='purge'").pluck().all() as string[]);
  const listed = new Set(s.manifest.files.map((f) => f.path));
  const stateOurs = a.db.prepare('SELECT theirs_seen, ours_after, merged_at FROM merge_state WHERE source=? AND entity=? AND id=?');
  const stateTheirs = hasTable(pkg.db, 'merge_state') ? pkg.db.prepare('SELECT theirs_seen, ours_after, merged_at FROM merge_state WHERE source=? AND entity=? AND id=?') : null;

  for (const e of ENTITY_TABLES) {
    if (!hasTable(a.db, e.table) || !hasTable(pkg.db, e.table)) continue;
    const cols = sharedColumns(s, e.table);
    if (!cols.includes(e.key) || !cols.includes('updated_at')) continue;
    const list = cols.map((c) => `"${c}"`).join(', ');
    const rows = pkg.db.prepare(`SELECT ${list}, (${e.title}) AS _title FROM "${e.table}"`).all() as Row[];
    const getOurs = a.db.prepare(`SELECT ${list} FROM "${e.table}" WHERE "${e.key}"=?`);
    const byHash = e.dedupe ? a.db.prepare(`SELECT "${e.key}" FROM "${e.table}" WHERE "${e.dedupe}"=?`).pluck() : null;
    for (const r of rows) {
      const title = String(r._title ?? '');
      delete r._title;
      const key = String(r[e.key]);
      if (e.key === 'id' && !UUID.test(key)) { warnings.push(translate('package.merge.warn.badId', { what: `${tableLabel(e.table)} ${key.slice(0, 40)}` })); continue; }
      if (e.table === 'media' && (!/^[0-9a-f]{64}$/.test(String(r.sha256)) || !/^[a-z0-9]{1,10}$/i.test(String(r.ext)))) {
        warnings.push(translate('package.merge.warn.badMedia', { name: title }));
        continue;
      }
      const ours = (getOurs.get(key) as Row | undefined) ?? null;
      let action: Decision['action'];
      let mapTo: string | undefined;
      let skipReason: string | undefined;
      if (!ours) {
        const dup = byHash && e.dedupe ? (byHash.get(r[e.dedupe]) as string | undefined) : undefined;
        if (dup) { action = 'dedupe'; mapTo = dup; mediaMap.set(key, dup); }
        else if (purged.has(key)) action = 'skip';
        else action = 'add';
      } else {
        const o = decide(String(ours.updated_at), String(r.updated_at), stateOurs.get(s.pkgId, e.table, key) as State | undefined,
          stateTheirs?.get(s.localId, e.table, key) as State | undefined);
        const pick = choices[`${e.table}:${key}`] ?? prefer;
        action = o === 'same' ? 'same' : o === 'ours' ? 'keep' : o === 'theirs' ? 'take' : pick === 'theirs' ? 'take' : pick === 'ours' ? 'keep' : 'conflict';
      }
      if (e.table === 'media' && (action === 'add' || action === 'take')) {
        const rel = mediaRelPath(String(r.sha256), String(r.ext));
        const have = fs.existsSync(path.join(a.dir, rel));
        if (!have && listed.has(rel)) copies.push({ rel, sha256: String(r.sha256), ext: String(r.ext), size: Number(r.size), name: title });
        else if (!have && !r.deleted_at) { warnings.push(translate('package.merge.warn.noFile', { name: title })); action = 'skip'; skipReason = translate('package.merge.reason.noFile'); }
      }
      decisions.push({ e, key, theirs: r, ours, action, title, mapTo, skipReason });
    }
  }

  // Rows of union children the package has and we do not (after re-pointing deduplicated media).
  // Every row they point at (foreign keys, and a link's target) must exist here or be arriving,
  // else the row would be dropped again at the end and a second merge would "add" it once more.
  const incoming = new Set(decisions.filter((d) => d.action === 'add').map((d) => `${d.e.table}:${d.key}`));
  const there = (table: string, col: string, v: unknown) =>
    incoming.has(`${table}:${String(v)}`) || !!a.db.prepare(`SELECT 1 FROM "${table}" WHERE "${col}"=?`).get(v as string);
  const targetThere = (kind: unknown, id: unknown): boolean => {
    const t = TAGGED.kinds[String(kind)];
    return !!t && there(t, 'id', id);
  };
  const unionAdds: Plan['unionAdds'] = [];
  for (const c of CHILD_TABLES) {
    if (c.mode !== 'union' || !hasTable(a.db, c.table) || !hasTable(pkg.db, c.table)) continue;
    const cols = sharedColumns(s, c.table);
    const pk = (a.db.prepare(`SELECT name FROM pragma_table_info('${c.table}') WHERE pk>0 ORDER BY pk`).pluck().all() as string[]);
    const exists = a.db.prepare(`SELECT * FROM "${c.table}" WHERE ${pk.map((k) => `"${k}"=?`).join(' AND ')}`);
    const fks = a.db.prepare(`SELECT "table", "from", "to" FROM pragma_foreign_key_list('${c.table}')`).all() as { table: string; from: string; to: string }[];
    for (const raw of pkg.db.prepare(`SELECT ${cols.map((x) => `"${x}"`).join(', ')} FROM "${c.table}"`).all() as Row[]) {
      const row = remapMedia(raw, c.mediaRefs, mediaMap);
      if (fks.some((fk) => row[fk.from] != null && !there(fk.table, fk.to ?? 'id', row[fk.from]))) continue;
      if (c.table === 'media_links' && !targetThere(row.target_kind, row.target_id)) continue;
      const have = exists.get(...pk.map((k) => row[k])) as Row | undefined;
      if (!have || c.updates?.(have, row)) unionAdds.push({ c, row });
    }
  }

  // merge_state rows that would change: the record's version on both sides after this merge.
  const stateWrites: Plan['stateWrites'] = [];
  // Our own package coming back: nothing to remember about "the other side".
  for (const d of s.pkgId === s.localId ? [] : decisions) {
    if (d.action === 'skip' || d.action === 'dedupe' || d.action === 'conflict') continue;
    const theirs = String(d.theirs.updated_at);
    const after = d.action === 'take' || d.action === 'add' ? theirs : String(d.ours!.updated_at);
    const cur = stateOurs.get(s.pkgId, d.e.table, d.key) as State | undefined;
    if (!cur || cur.theirs_seen !== theirs || cur.ours_after !== after) stateWrites.push({ entity: d.e.table, id: d.key, theirs });
  }
  const school = getSettings(a).schoolName;
  const settingsSchool = !school && s.manifest.school ? s.manifest.school : null;
  return { decisions, mediaMap, copies, unionAdds, stateWrites, warnings, settingsSchool };
}

function remapMedia(row: Row, refs: readonly string[] | undefined, map: Map<string, string>): Row {
  if (!refs?.length || !map.size) return row;
  const out = { ...row };
  for (const c of refs) if (typeof out[c] === 'string' && map.has(out[c] as string)) out[c] = map.get(out[c] as string)!;
  return out;
}

const trashLabel = (v: unknown) => translate(v ? 'package.merge.inTrash' : 'package.merge.notInTrash');
const show = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).slice(0, 300));

/** Field-by-field differences of a conflict, children (participants, authors…) included. */
function conflictOf(s: Session, d: Decision): MergeConflict {
  const fields: MergeConflict['fields'] = [];
  for (const [k, v] of Object.entries(d.theirs)) {
    if (k === 'created_at' || k === 'updated_at' || k.startsWith('_')) continue;
    const o = d.ours![k];
    if ((o ?? null) !== (v ?? null)) {
      fields.push({
        column: k, label: columnLabel(k),
        ours: k === 'deleted_at' ? trashLabel(o) : show(o),
        theirs: k === 'deleted_at' ? trashLabel(v) : show(v),
      });
    }
  }
  for (const c of CHILD_TABLES) {
    if (c.mode !== 'replace' || !hasTable(s.a.db, c.table) || !hasTable(s.pkg.db, c.table)) continue;
    const where = childWhere(c, d.e.table);
    if (!where) continue;
    const q = (db: Database.Database) => (db.prepare(`SELECT * FROM "${c.table}" WHERE ${where.sql}`).all(...where.params(d.key)) as Row[])
      .map((r) => JSON.stringify(r)).sort();
    const [o, t] = [q(s.a.db), q(s.pkg.db)];
    if (o.join('\n') !== t.join('\n')) fields.push({ column: c.table, label: columnLabel(c.table), ours: translate('package.merge.rows', { n: o.length }), theirs: translate('package.merge.rows', { n: t.length }) });
  }
  return {
    key: `${d.e.table}:${d.key}`, table: d.e.table, label: tableLabel(d.e.table), id: d.key, title: d.title,
    ours: { updatedAt: String(d.ours!.updated_at), trashed: !!d.ours!.deleted_at },
    theirs: { updatedAt: String(d.theirs.updated_at), trashed: !!d.theirs.deleted_at },
    fields,
  };
}

/** SQL selecting a child table's rows of one parent (null if the table is not its child). */
function childWhere(c: ChildTable, parent: string): { sql: string; params: (key: string) => unknown[] } | null {
  if (typeof c.parent === 'string') return c.parent === parent && c.by ? { sql: `"${c.by}"=?`, params: (k) => [k] } : null;
  const p = c.parent;
  const kind = Object.entries(p.kinds).find(([, t]) => t === parent)?.[0];
  return kind ? { sql: `"${p.kindCol}"=? AND "${p.idCol}"=?`, params: (k) => [kind, k] } : null;
}

function previewOf(s: Session, p: Plan): MergePreview {
  const count = (actions: Decision['action'][]): MergeTableCount[] => ENTITY_TABLES.map((e) => {
    const ds = p.decisions.filter((d) => d.e === e && actions.includes(d.action));
    return { table: e.table, label: tableLabel(e.table), count: ds.length, titles: ds.slice(0, 12).map((d) => d.title) };
  }).filter((c) => c.count > 0);
  const conflicts = p.decisions.filter((d) => d.action === 'conflict').map((d) => conflictOf(s, d));
  const added = count(['add']);
  const updated = count(['take']);
  const nothingToDo = !added.length && !updated.length && !p.copies.length && !p.unionAdds.length && !p.stateWrites.length && !p.settingsSchool;
  return {
    package: { ...summary(s.manifest) },
    added, updated,
    unchanged: p.decisions.filter((d) => d.action === 'same' || d.action === 'keep' || d.action === 'dedupe').length,
    conflicts,
    skipped: p.decisions.filter((d) => d.action === 'skip').map((d) => ({ table: d.e.table, id: d.key, title: d.title, reason: d.skipReason ?? translate('package.merge.reason.purged') })),
    media: { toCopy: p.copies.length, bytes: p.copies.reduce((x, c) => x + c.size, 0), duplicates: p.mediaMap.size },
    nothingToDo,
  };
}

function summary(m: Manifest): MergePreview['package'] {
  return {
    name: m.name, school: m.school, createdAt: m.createdAt, appVersion: m.appVersion, schemaVersion: m.schemaVersion, archiveId: m.archiveId,
    scopeLabel: m.scope.label, maskedNames: m.privacy.maskedNames, counts: m.counts, files: m.files.length, bytes: m.totalBytes,
  };
}

export async function previewMerge(a: Archive, pkgDir: string, opts: MergeOptions = {}): Promise<MergePreview> {
  const s = await openPackage(a, pkgDir, opts);
  try {
    return previewOf(s, plan(s, opts.choices ?? {}, opts.prefer));
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

function apply(s: Session, p: Plan): { warnings: string[] } {
  const { a, pkg } = s;
  const warnings = [...p.warnings];
  const now = nowIso(a);
  const taken = new Map<string, Set<string>>(); // table → keys whose package version now stands
  a.db.transaction(() => {
    a.db.pragma('defer_foreign_keys = ON');
    for (const d of p.decisions) {
      if (d.action !== 'add' && d.action !== 'take') continue;
      const row = remapMedia(d.theirs, d.e.mediaRefs, p.mediaMap);
      const cols = Object.keys(row).filter((c) => !c.startsWith('_'));
      if (d.action === 'add') {
        a.db.prepare(`INSERT INTO "${d.e.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
      } else {
        const keep = protectedColumns(s, d.e, d.ours!);
        const set = cols.filter((c) => !keep.has(c));
        a.db.prepare(`UPDATE "${d.e.table}" SET ${set.map((c) => `"${c}"=?`).join(', ')} WHERE "${d.e.key}"=?`).run(...set.map((c) => row[c]), d.key);
      }
      (taken.get(d.e.table) ?? taken.set(d.e.table, new Set()).get(d.e.table)!).add(d.key);
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
      const ins = a.db.prepare(`INSERT OR IGNORE INTO "${c.table}" (${cols.map((x) => `"${x}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      const parents = typeof c.parent === 'string' ? [c.parent] : Object.values(c.parent.kinds);
      for (const parent of parents) {
        const where = childWhere(c, parent)!;
        for (const key of taken.get(parent) ?? []) {
          a.db.prepare(`DELETE FROM "${c.table}" WHERE ${where.sql}`).run(...where.params(key));
          for (const raw of pkg.db.prepare(`SELECT ${cols.map((x) => `"${x}"`).join(', ')} FROM "${c.table}" WHERE ${where.sql}`).all(...where.params(key)) as Row[]) {
            const row = remapMedia(raw, c.mediaRefs, p.mediaMap);
            if (c.table === 'tag_links') {
              const id = tagFor(String(row.tag_id));
              if (!id) continue;
              row.tag_id = id;
              if (row.target_kind === 'media' && p.mediaMap.has(String(row.target_id))) row.target_id = p.mediaMap.get(String(row.target_id));
            }
            ins.run(...cols.map((x) => row[x]));
          }
        }
      }
    }
    for (const { c, row } of p.unionAdds) {
      const cols = Object.keys(row);
      a.db.prepare(`INSERT INTO "${c.table}" (${cols.map((x) => `"${x}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT ${c.onConflict ?? 'DO NOTHING'}`)
        .run(...cols.map((x) => row[x]));
    }

    // What each side had after this merge, for the next one (unresolved conflicts keep their old state).
    const getOurs = new Map(ENTITY_TABLES.map((e) => [e.table, hasTable(a.db, e.table) ? a.db.prepare(`SELECT updated_at FROM "${e.table}" WHERE "${e.key}"=?`).pluck() : null]));
    const upsert = a.db.prepare(`INSERT INTO merge_state (source, entity, id, theirs_seen, ours_after, merged_at) VALUES (?,?,?,?,?,?)
      ON CONFLICT (source, entity, id) DO UPDATE SET theirs_seen=excluded.theirs_seen, ours_after=excluded.ours_after, merged_at=excluded.merged_at`);
    for (const w of p.stateWrites) {
      const after = getOurs.get(w.entity)?.get(w.id) as string | undefined;
      if (after) upsert.run(s.pkgId, w.entity, w.id, w.theirs, after, now);
    }
    const fixed = repairForeignKeys(a.db);
    if (fixed) warnings.push(translate('package.merge.warn.dangling', { n: fixed }));
    if (p.settingsSchool) setSettings(a, { schoolName: p.settingsSchool });
    const added = p.decisions.filter((d) => d.action === 'add').length;
    const updated = p.decisions.filter((d) => d.action === 'take').length;
    logChange(a, 'archive', s.pkgId || 'package', 'merge', `合并数据包“${s.manifest.name}”：新增 ${added}，更新 ${updated}`);
  })();
  return { warnings };
}

/** Copies the package's media files into the store (hash checked, fsynced) before any row names them. */
async function copyMedia(s: Session, p: Plan, opts: MergeOptions): Promise<void> {
  const total = p.copies.reduce((x, c) => x + c.size, 0) || 1;
  let done = 0;
  for (const c of p.copies) {
    opts.check?.();
    const final = path.join(s.a.dir, c.rel);
    if (fs.existsSync(final)) continue;
    fs.mkdirSync(path.dirname(final), { recursive: true });
    const tmp = partialOf(final); // the store's own leftover pattern (cleaned when the archive opens)
    try {
      await copyDurable(path.join(s.pkgDir, ...c.rel.split('/')), tmp, { sha256: c.sha256, size: c.size, name: c.name },
        (n) => { done += n; opts.onProgress?.(done, total, c.name); }, opts.check);
      fs.renameSync(tmp, final);
      fsyncDir(path.dirname(final));
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }
}

export async function mergePackage(a: Archive, pkgDir: string, opts: MergeOptions & { dryRun?: boolean } = {}): Promise<MergeReport> {
  if (a.readonly) throw new KejiError('FORBIDDEN');
  const started = Date.now();
  const s = await openPackage(a, pkgDir, opts);
  try {
    const p = plan(s, opts.choices ?? {}, opts.prefer);
    const preview = previewOf(s, p);
    const unresolved = preview.conflicts.length;
    if (opts.dryRun || preview.nothingToDo) {
      return { ...preview, applied: false, backup: null, unresolved, warnings: p.warnings, seconds: (Date.now() - started) / 1000 };
    }
    const backup = await createBackup(a, 'before-merge');
    await copyMedia(s, p, opts);
    opts.check?.();
    const { warnings } = apply(s, p);
    if (s.manifest.privacy.maskedNames && p.decisions.some((d) => d.e.table === 'people' && d.action === 'add' && d.theirs.kind === 'student')) {
      warnings.push(translate('package.merge.warn.maskedNames'));
    }
    return { ...preview, applied: true, backup: backup.file, unresolved, warnings, seconds: (Date.now() - started) / 1000 };
  } finally {
    s.dispose();
  }
}
