import type { Archive } from '../db/open';

export type TagTarget = 'activity' | 'work' | 'award' | 'media' | 'person';

export function setTags(a: Archive, kind: TagTarget, id: string, names: readonly string[]): void {
  a.db.prepare('DELETE FROM tag_links WHERE target_kind=? AND target_id=?').run(kind, id);
  const find = a.db.prepare('SELECT id FROM tags WHERE name=?').pluck();
  const ins = a.db.prepare('INSERT INTO tags (id, name) VALUES (?,?)');
  const link = a.db.prepare('INSERT OR IGNORE INTO tag_links (tag_id, target_kind, target_id) VALUES (?,?,?)');
  for (const name of new Set(names.map((n) => n.trim()).filter(Boolean))) {
    let tid = find.get(name) as string | undefined;
    if (!tid) {
      tid = a.clock.newId();
      ins.run(tid, name);
    }
    link.run(tid, kind, id);
  }
}

export function tagsOf(a: Archive, kind: TagTarget, id: string): string[] {
  return a.db
    .prepare(
      'SELECT t.name FROM tag_links l JOIN tags t ON t.id=l.tag_id WHERE l.target_kind=? AND l.target_id=? ORDER BY t.name',
    )
    .pluck()
    .all(kind, id) as string[];
}
