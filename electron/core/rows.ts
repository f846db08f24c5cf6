// Small helpers shared by the entity modules: timestamps, row mapping, writes with a change-log entry.
import type { Archive } from './db/archive';
import { notFound } from './errors';
import { localIsoDate } from '../../shared/domain/format';

export const nowIso = (a: Archive) => a.clock.now().toISOString();
/** The teacher's local calendar date (not UTC: in China before 08:00 UTC is already tomorrow). */
export const today = (a: Archive) => localIsoDate(a.clock.now());

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const camelCache = new Map<string, string>();
/** snake_case row → camelCase object. (Column names repeat on every row of a 10,000-row list: convert each once.) */
export function mapRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k in row) {
    let c = camelCache.get(k);
    if (c === undefined) {
      c = camel(k);
      camelCache.set(k, c);
    }
    out[c] = row[k];
  }
  return out as T;
}

/** Inserts a new entity row with id and timestamps; returns the id. */
export function insertEntity(a: Archive, table: string, fields: Record<string, unknown>, id = a.clock.newId()): string {
  const t = nowIso(a);
  const row: Record<string, unknown> = { id, created_at: t, updated_at: t, deleted_at: null };
  for (const [k, v] of Object.entries(fields)) row[snake(k)] = v === undefined ? null : v;
  const cols = Object.keys(row);
  a.db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map((c) => '@' + c).join(',')})`).run(row);
  return id;
}

/** Updates columns of a live (not trashed) row and bumps updated_at. */
export function updateEntity(a: Archive, table: string, id: string, fields: Record<string, unknown>): void {
  const row: Record<string, unknown> = { id, updated_at: nowIso(a) };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) row[snake(k)] = v;
  const sets = Object.keys(row)
    .filter((c) => c !== 'id')
    .map((c) => `${c}=@${c}`);
  const r = a.db.prepare(`UPDATE ${table} SET ${sets.join(',')} WHERE id=@id AND deleted_at IS NULL`).run(row);
  if (r.changes === 0) throw notFound(`${table} ${id}`);
}

export function logChange(a: Archive, entity: string, entityId: string, action: string, summary?: string): void {
  a.db
    .prepare('INSERT INTO change_log (at, entity, entity_id, action, summary) VALUES (?,?,?,?,?)')
    .run(nowIso(a), entity, entityId, action, summary ?? null);
}

/** Replace an ordered child list (authors, advisors, teachers). */
export function replaceOrdered(
  a: Archive,
  table: string,
  parentCol: string,
  parentId: string,
  ids: readonly string[],
): void {
  a.db.prepare(`DELETE FROM ${table} WHERE ${parentCol}=?`).run(parentId);
  const ins = a.db.prepare(`INSERT INTO ${table} (${parentCol}, person_id, position) VALUES (?,?,?)`);
  [...new Set(ids)].forEach((pid, i) => ins.run(parentId, pid, i));
}

export function assertLive(a: Archive, table: string, id: string | null | undefined, what: string): void {
  if (!id) return;
  const row = a.db.prepare(`SELECT 1 FROM ${table} WHERE id=? AND deleted_at IS NULL`).get(id);
  if (!row) throw notFound(`${what} ${id}`);
}

export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');
