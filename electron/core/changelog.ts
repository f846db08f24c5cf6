import type { ChangeEntry } from '../../shared/schemas';
import type { Archive } from './db/open';
import { mapRow } from './rows';

export function recentChanges(a: Archive, limit: number): ChangeEntry[] {
  return (
    a.db.prepare('SELECT * FROM change_log ORDER BY seq DESC LIMIT ?').all(limit) as Record<string, unknown>[]
  ).map((r) => mapRow<ChangeEntry>(r));
}
