// What one migration is. Its own file so each frozen migration can name the type without importing
// index.ts, which imports every migration.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}
