// 作品: ordered authors (one student, or a collective of at most 3, or a 小组) and ordered advisors.
import type { z } from 'zod';
import { AWARD_LEVELS, rankOf } from '../../../shared/domain/vocab';
import type { Work, WorkInput } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { invalid, notFound } from '../errors';
import { assertLive, insertEntity, logChange, mapRow, replaceOrdered, updateEntity } from '../rows';
import { namesOf } from '../people/queries';
import { translate } from '../../../shared/i18n/messages';

type Parsed = z.output<typeof WorkInput>;

function check(a: Archive, input: Parsed): void {
  const kindOf = a.db.prepare('SELECT kind FROM people WHERE id=? AND deleted_at IS NULL').pluck();
  for (const id of input.authorIds)
    if (kindOf.get(id) !== 'student') throw invalid(translate('core.work.authorNotStudent', { id }), 'authorIds');
  for (const id of input.advisorIds)
    if (kindOf.get(id) !== 'teacher') throw invalid(translate('core.work.advisorNotTeacher', { id }), 'advisorIds');
  assertLive(a, 'groups', input.groupId, translate('core.what.group'));
  if (input.authorIds.length === 0 && !input.groupId) throw invalid(translate('core.work.noAuthor'), 'authorIds');
}

const cols = (i: Parsed) => ({
  title: i.title,
  category: i.category,
  subject: i.subject ?? null,
  stage: i.stage ?? null,
  groupId: i.groupId ?? null,
  summary: i.summary ?? null,
});

export function createWork(a: Archive, input: Parsed): Work {
  check(a, input);
  const id = insertEntity(a, 'works', cols(input));
  replaceOrdered(a, 'work_authors', 'work_id', id, input.authorIds);
  replaceOrdered(a, 'work_advisors', 'work_id', id, input.advisorIds);
  logChange(a, 'work', id, 'create', input.title);
  return getWork(a, id);
}

export function updateWork(a: Archive, id: string, input: Parsed): Work {
  check(a, input);
  updateEntity(a, 'works', id, cols(input));
  replaceOrdered(a, 'work_authors', 'work_id', id, input.authorIds);
  replaceOrdered(a, 'work_advisors', 'work_id', id, input.advisorIds);
  logChange(a, 'work', id, 'update', input.title);
  return getWork(a, id);
}

function toWork(a: Archive, r: Record<string, unknown>): Work {
  const w = mapRow<Record<string, unknown>>(r);
  const authorIds = a.db
    .prepare('SELECT person_id FROM work_authors WHERE work_id=? ORDER BY position')
    .pluck()
    .all(w.id) as string[];
  const advisorIds = a.db
    .prepare('SELECT person_id FROM work_advisors WHERE work_id=? ORDER BY position')
    .pluck()
    .all(w.id) as string[];
  const levels = a.db
    .prepare('SELECT level FROM awards WHERE work_id=? AND deleted_at IS NULL')
    .pluck()
    .all(w.id) as string[];
  const best = levels.sort((x, y) => rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y))[0] ?? null;
  return {
    ...(w as Omit<
      Work,
      'teamKind' | 'authorIds' | 'authorNames' | 'advisorIds' | 'advisorNames' | 'awardCount' | 'bestLevel'
    >),
    // eslint-disable-next-line keji/no-han-literal -- the values of teamKind (shared/schemas.ts), not text
    teamKind: authorIds.length > 1 || (!authorIds.length && w.groupId) ? '集体' : '个人',
    authorIds,
    authorNames: namesOf(a, authorIds),
    advisorIds,
    advisorNames: namesOf(a, advisorIds),
    awardCount: levels.length,
    bestLevel: best,
  };
}

export function getWork(a: Archive, id: string): Work {
  const r = a.db.prepare('SELECT * FROM works WHERE id=? AND deleted_at IS NULL').get(id) as
    Record<string, unknown> | undefined;
  if (!r) throw notFound(translate('core.notFound.work', { id }));
  return toWork(a, r);
}

export function listWorks(a: Archive, text?: string): Work[] {
  const rows = text
    ? a.db
        .prepare("SELECT * FROM works WHERE deleted_at IS NULL AND title LIKE ? ESCAPE '\\' ORDER BY created_at DESC")
        .all(`%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`)
    : a.db.prepare('SELECT * FROM works WHERE deleted_at IS NULL ORDER BY created_at DESC').all();
  return (rows as Record<string, unknown>[]).map((r) => toWork(a, r));
}
