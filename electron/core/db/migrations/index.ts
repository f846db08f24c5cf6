// Numbered migrations, one transaction each. A backup snapshot is taken before any
// migration of an existing archive (see open.ts).
import type Database from 'better-sqlite3';
import { m0001 } from './0001_init';
import { m0002 } from './0002_search';
import { m0003 } from './0003_media_display';
import { m0004 } from './0004_summary_drafts';
import { m0005 } from './0005_record_indexes';
import { m0006 } from './0006_merge_state';
import { m0007 } from './0007_pinyin_mixed';
import { m0008 } from './0008_media_date_source';
import { m0009 } from './0009_township_level';

export type { Migration } from './migration';
import type { Migration } from './migration';

// Sorted, so the order lines are added in (by people working in parallel) cannot matter.
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009].sort(
  (x, y) => x.version - y.version,
);
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Applies migrations above the current user_version up to `target`, each in its own transaction. */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): number[] {
  const applied: number[] = [];
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
