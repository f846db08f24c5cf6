// The schema guard (after Actual Budget's): a committed snapshot of the schema, and rules that let
// it only grow. A column or table that an old archive has may never vanish or change its type
// silently — a merge copies shared columns only, so a rename would lose data without a sound.
// Names retired on purpose are listed in RETIRED with the migration that retired them.
// After adding a migration: KEJI_WRITE_SCHEMA=1 npx vitest run tests/unit/schema-guard.test.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { REPO_ROOT, tempDir, testClock } from './helpers';

const SNAPSHOT = path.join(REPO_ROOT, 'electron/core/db/schema.snapshot.json');
/** 'table' or 'table.column' → the version that retired it on purpose. */
const RETIRED: Record<string, number> = {};

interface Schema {
  version: number;
  tables: Record<string, Record<string, string>>;
  indexes: string[];
  triggers: string[];
  views: string[];
}

function describeSchema(db: Database.Database): Schema {
  const names = (type: string) =>
    db
      .prepare("SELECT name FROM sqlite_master WHERE type=? AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all(type) as string[];
  const tables: Schema['tables'] = {};
  for (const t of names('table')) {
    const cols = db
      .prepare(`SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_xinfo(?) ORDER BY name`)
      .all(t) as { name: string; type: string; nn: number; dflt: string | null; pk: number }[];
    tables[t] = Object.fromEntries(
      cols.map((c) => [
        c.name,
        `${c.type}${c.nn ? ' NOT NULL' : ''}${c.pk ? ' PK' : ''}${c.dflt !== null ? ` DEFAULT ${c.dflt}` : ''}`,
      ]),
    );
  }
  return {
    version: db.pragma('user_version', { simple: true }) as number,
    tables,
    indexes: names('index'),
    triggers: names('trigger'),
    views: names('view'),
  };
}

/** What `now` lost or changed of `old` (tables, columns with their types, indexes, views), retired names aside. */
function lostFrom(old: Schema, now: Schema): string[] {
  const lost: string[] = [];
  for (const [t, cols] of Object.entries(old.tables)) {
    if (RETIRED[t]) continue;
    if (!now.tables[t]) {
      lost.push(`table ${t} (v${old.version})`);
      continue;
    }
    for (const [c, def] of Object.entries(cols)) {
      if (!RETIRED[`${t}.${c}`] && now.tables[t][c] !== def)
        lost.push(`${t}.${c} ${def} → ${now.tables[t][c] ?? 'gone'} (v${old.version})`);
    }
  }
  for (const kind of ['indexes', 'views'] as const) {
    for (const n of old[kind]) if (!RETIRED[n] && !now[kind].includes(n)) lost.push(`${kind}: ${n} (v${old.version})`);
  }
  return lost;
}

const fresh = () => {
  const a = openArchive(path.join(tempDir(), 'fresh'), { create: true, clock: testClock() });
  try {
    return describeSchema(a.db);
  } finally {
    a.close();
  }
};

describe('schema guard', () => {
  const now = fresh();
  if (process.env.KEJI_WRITE_SCHEMA === '1') fs.writeFileSync(SNAPSHOT, `${JSON.stringify(now, null, 1)}\n`);
  const snap = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as Schema;

  it('the committed snapshot is of the newest schema (a new migration updates it in the same change)', () => {
    expect(snap.version, 'run KEJI_WRITE_SCHEMA=1 for this test and review the diff').toBe(SCHEMA_VERSION);
    expect(now).toEqual(snap);
  });

  it('an archive migrated step by step from v1 has exactly the snapshot schema', () => {
    const dir = path.join(tempDir(), 'old');
    openArchive(dir, { create: true, targetVersion: 1, clock: testClock() }).close();
    const a = openArchive(dir, { clock: testClock() });
    try {
      expect(describeSchema(a.db)).toEqual(snap);
    } finally {
      a.close();
    }
  });

  it('nothing an older archive has is gone or changed, unless retired on purpose', () => {
    // Every version's snapshot must contain every earlier one: checked against git history when it
    // is there (a clean clone has it), else against the snapshot itself.
    let previous: Schema[] = [];
    try {
      const revs = execFileSync('git', ['log', '--format=%H', '--', 'electron/core/db/schema.snapshot.json'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean);
      previous = revs.map(
        (r) =>
          JSON.parse(
            execFileSync('git', ['show', `${r}:electron/core/db/schema.snapshot.json`], {
              cwd: REPO_ROOT,
              encoding: 'utf8',
            }),
          ) as Schema,
      );
    } catch {
      /* no git: only the snapshot itself */
    }
    for (const old of [...previous, snap]) expect(lostFrom(old, now)).toEqual([]);
  });

  it('a throwaway migration that renames a column is caught; one that adds a column passes', () => {
    const a = openArchive(path.join(tempDir(), 'throwaway'), { create: true, clock: testClock() });
    try {
      a.db.exec('ALTER TABLE people ADD COLUMN nickname TEXT');
      expect(lostFrom(snap, describeSchema(a.db))).toEqual([]);
      a.db.exec('ALTER TABLE people RENAME COLUMN notes TO remarks');
      expect(lostFrom(snap, describeSchema(a.db))).toEqual([expect.stringMatching(/^people\.notes .* → gone/)]);
    } finally {
      a.close();
    }
  });

  it("migrations are frozen: they import no live code (the search SQL functions are the connection's)", () => {
    const dir = path.join(REPO_ROOT, 'electron/core/db/migrations');
    for (const f of fs.readdirSync(dir).filter((x) => /^\d{4}_.*\.ts$/.test(x))) {
      const imports = [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const i of imports)
        expect(['./migration', 'better-sqlite3'].includes(i) || /^\.\/\d{4}_/.test(i), `${f} imports ${i}`).toBe(true);
    }
  });
});
