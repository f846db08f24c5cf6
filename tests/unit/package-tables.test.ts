// The merge registry (electron/core/package/tables.ts) must know every table of a fully migrated
// archive: a new table that holds the teacher's data and is in no list would silently not travel
// between PCs. Add it there with one line (entity, child or local).
import { describe, expect, it } from 'vitest';
import { CHILD_TABLES, ENTITY_TABLES, LOCAL_TABLES } from '../../electron/core/package/tables';
import { newArchive } from './helpers';

describe('the merge registry', () => {
  it('names every table (search index internals aside), and its entity tables have a key and updated_at', () => {
    const a = newArchive();
    const tables = a.db
      .prepare("SELECT name FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const virtual = a.db
      .prepare("SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
      .pluck()
      .all() as string[];
    const known = new Set([...ENTITY_TABLES.map((e) => e.table), ...CHILD_TABLES.map((c) => c.table), ...LOCAL_TABLES]);
    // The search index is rebuilt from the rows by triggers (migration 0002): derived, never merged.
    const derived = (t: string) => t.startsWith('search_') || virtual.some((v) => t === v || t.startsWith(`${v}_`));
    const unknown = tables.filter((t) => !known.has(t) && !derived(t));
    expect(
      unknown,
      'add these tables to ENTITY_TABLES, CHILD_TABLES or LOCAL_TABLES in electron/core/package/tables.ts',
    ).toEqual([]);
    for (const e of ENTITY_TABLES) {
      if (!tables.includes(e.table)) continue;
      const cols = a.db.prepare(`SELECT name FROM pragma_table_info('${e.table}')`).pluck().all() as string[];
      expect(cols, e.table).toEqual(expect.arrayContaining([e.key, 'updated_at', ...(e.trash ? ['deleted_at'] : [])]));
    }
    for (const c of CHILD_TABLES) {
      if (!tables.includes(c.table) || typeof c.parent !== 'string') continue;
      const fks = a.db.prepare(`SELECT "table", "from" FROM pragma_foreign_key_list('${c.table}')`).all() as {
        table: string;
        from: string;
      }[];
      expect(fks, c.table).toContainEqual({ table: c.parent, from: c.by });
    }
    a.close();
  });
});
