// Numbered migrations, one transaction each. A backup snapshot is taken before any
// migration of an existing archive (see open.ts).
import type Database from 'better-sqlite3';
import { m0001 } from './0001_init';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [m0001];
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
