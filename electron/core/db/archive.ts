// What an open archive is, apart from how it is opened (open.ts): the rows, media and vocabulary
// layers take this type without importing open.ts, which imports them.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock';

export interface Archive {
  dir: string;
  db: Database.Database;
  clock: Clock;
  readonly: boolean;
  /** Why a home archive is read-only: the disk is full or write-protected (the page shows a banner). */
  readonlyReason?: 'diskFull';
  /** Where regenerable thumbnails go when `dir` must not be written (a package on a stick): a temp folder. */
  cacheDir?: string;
  close(): void;
}
