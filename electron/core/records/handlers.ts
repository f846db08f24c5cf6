// Handlers of the records.* calls that belong to no one entity (shared/calls/records.ts): pinyin
// initials for name search and the media linked to any record. A person's whole record, 毕业 and
// duplicates are in people/, a group's edit in groups/.
import type { ApiPart } from '../../../shared/contract';
import type { recordsCalls, LinkedMedia } from '../../../shared/calls/records';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { placeholders } from '../rows';
import { initialsOf } from './pinyin';

export function mediaCounts(a: Archive, kind: string, ids: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(ids.map((i) => [i, 0]));
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = a.db
      .prepare(
        `SELECT l.target_id AS id, COUNT(*) AS n FROM media_links l JOIN media m ON m.id=l.media_id
      WHERE l.target_kind=? AND m.deleted_at IS NULL AND l.target_id IN (${placeholders(chunk.length)}) GROUP BY l.target_id`,
      )
      .all(kind, ...chunk) as { id: string; n: number }[];
    for (const r of rows) out[r.id] = r.n;
  }
  return out;
}

export function mediaOf(a: Archive, kind: string, id: string): LinkedMedia[] {
  return a.db
    .prepare(
      `SELECT m.id, m.kind, m.original_name AS originalName, m.caption FROM media_links l JOIN media m ON m.id=l.media_id
    WHERE l.target_kind=? AND l.target_id=? AND m.deleted_at IS NULL ORDER BY l.position, m.taken_at, m.id`,
    )
    .all(kind, id) as LinkedMedia[];
}

export function recordsHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof recordsCalls> {
  return {
    'records.initials': (i) => i.texts.map(initialsOf),
    'records.mediaCounts': (i) => mediaCounts(a, i.kind, i.ids),
    'records.mediaOf': (i) => mediaOf(a, i.kind, i.id),
  };
}
