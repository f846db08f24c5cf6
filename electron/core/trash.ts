// 回收站: soft delete with restore; permanent deletion only from the trash, and only when nothing refers to the row.
import type { TrashItem, TrashKind } from '../../shared/schemas';
import type { Archive } from './db/open';
import { KejiError, notFound } from './errors';
import { logChange, nowIso } from './rows';
import { translate } from '../../shared/i18n/messages';

export const TRASH_TABLES: Record<TrashKind, { table: string; title: string }> = {
  activity: { table: 'activities', title: 'title' },
  person: { table: 'people', title: 'name' },
  group: { table: 'groups', title: 'name' },
  work: { table: 'works', title: "'《' || title || '》'" },
  award: { table: 'awards', title: "level || grade || IFNULL('（' || certificate_no || '）', '')" },
  competition: { table: 'competitions', title: "name || IFNULL(' ' || session, '')" },
  media: { table: 'media', title: 'original_name' },
};

export function moveToTrash(a: Archive, kind: TrashKind, id: string): void {
  const { table } = TRASH_TABLES[kind];
  const t = nowIso(a);
  const r = a.db
    .prepare(`UPDATE ${table} SET deleted_at=?, updated_at=? WHERE id=? AND deleted_at IS NULL`)
    .run(t, t, id);
  if (r.changes === 0) throw notFound(`${id}`);
  logChange(a, kind, id, 'trash');
}

export function restoreFromTrash(a: Archive, kind: TrashKind, id: string): void {
  const { table } = TRASH_TABLES[kind];
  const r = a.db
    .prepare(`UPDATE ${table} SET deleted_at=NULL, updated_at=? WHERE id=? AND deleted_at IS NOT NULL`)
    .run(nowIso(a), id);
  if (r.changes === 0) throw notFound(translate('core.notFound.inTrash', { id }));
  logChange(a, kind, id, 'restore');
}

export function purge(a: Archive, kind: TrashKind, id: string): void {
  const { table } = TRASH_TABLES[kind];
  if (!a.db.prepare(`SELECT 1 FROM ${table} WHERE id=? AND deleted_at IS NOT NULL`).get(id))
    throw notFound(translate('core.notFound.inTrash', { id }));
  try {
    a.db.prepare(`DELETE FROM ${table} WHERE id=?`).run(id);
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      throw new KejiError('CONFLICT', translate('core.trash.stillReferenced'));
    throw e;
  }
  logChange(a, kind, id, 'purge');
}

export function listTrash(a: Archive): TrashItem[] {
  const parts = Object.entries(TRASH_TABLES).map(
    ([kind, { table, title }]) =>
      `SELECT '${kind}' AS kind, id, ${title} AS title, deleted_at AS deletedAt FROM ${table} WHERE deleted_at IS NOT NULL`,
  );
  return a.db.prepare(`${parts.join(' UNION ALL ')} ORDER BY deletedAt DESC`).all() as TrashItem[];
}
