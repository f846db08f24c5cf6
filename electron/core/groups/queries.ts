// 小组: members join and leave on a date; the history is kept.
import type { Group, Membership } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { invalid, notFound } from '../errors';
import { assertLive, insertEntity, logChange, mapRow, updateEntity } from '../rows';
import { translate } from '../../../shared/i18n/messages';

export function listGroups(a: Archive): Group[] {
  const rows = a.db
    .prepare(
      `SELECT g.*, (SELECT COUNT(*) FROM group_members m WHERE m.group_id=g.id AND m.left_on IS NULL) AS member_count
    FROM groups g WHERE g.deleted_at IS NULL ORDER BY g.name`,
    )
    .all() as Record<string, unknown>[];
  return rows.map((r) => mapRow<Group>(r));
}

export function createGroup(
  a: Archive,
  input: { name: string; description?: string | null; teacherId?: string | null },
): Group {
  assertLive(a, 'people', input.teacherId, translate('core.what.teacher'));
  const id = insertEntity(a, 'groups', {
    name: input.name,
    description: input.description ?? null,
    teacherId: input.teacherId ?? null,
  });
  logChange(a, 'group', id, 'create', input.name);
  return listGroups(a).find((g) => g.id === id)!;
}

export function members(a: Archive, groupId: string): Membership[] {
  if (!a.db.prepare('SELECT 1 FROM groups WHERE id=? AND deleted_at IS NULL').get(groupId))
    throw notFound(translate('core.notFound.group', { id: groupId }));
  const rows = a.db
    .prepare(
      `SELECT m.group_id, m.person_id, p.name, m.joined_on, m.left_on FROM group_members m
    JOIN people p ON p.id=m.person_id WHERE m.group_id=? AND p.deleted_at IS NULL ORDER BY m.left_on IS NOT NULL, p.name`,
    )
    .all(groupId) as Record<string, unknown>[];
  return rows.map((r) => mapRow<Membership>(r));
}

export function join(a: Archive, groupId: string, personIds: readonly string[], on: string): Membership[] {
  assertLive(a, 'groups', groupId, translate('core.what.group'));
  const current = a.db
    .prepare('SELECT 1 FROM group_members WHERE group_id=? AND person_id=? AND left_on IS NULL')
    .pluck();
  const ins = a.db.prepare('INSERT OR IGNORE INTO group_members (group_id, person_id, joined_on) VALUES (?,?,?)');
  for (const pid of personIds) {
    assertLive(a, 'people', pid, translate('core.what.person'));
    if (!current.get(groupId, pid)) ins.run(groupId, pid, on);
  }
  logChange(a, 'group', groupId, 'join', translate('core.log.joined', { n: personIds.length }));
  return members(a, groupId);
}

export function leave(a: Archive, groupId: string, personId: string, on: string): Membership[] {
  const r = a.db
    .prepare('UPDATE group_members SET left_on=? WHERE group_id=? AND person_id=? AND left_on IS NULL AND joined_on<=?')
    .run(on, groupId, personId, on);
  if (r.changes === 0) throw invalid(translate('core.group.notMember'), 'on');
  logChange(a, 'group', groupId, 'leave', personId);
  return members(a, groupId);
}

export function updateGroup(
  a: Archive,
  id: string,
  input: { name: string; description?: string | null; teacherId?: string | null },
): Group {
  assertLive(a, 'people', input.teacherId, translate('core.what.teacher'));
  updateEntity(a, 'groups', id, {
    name: input.name,
    description: input.description ?? null,
    teacherId: input.teacherId ?? null,
  });
  logChange(a, 'group', id, 'update', input.name);
  return listGroups(a).find((g) => g.id === id)!;
}
