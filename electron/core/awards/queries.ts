// 获奖: for a work, a person or the school; 级别, 等级 (editable vocabulary), 证书编号, 晋级自 chain.
import type { z } from 'zod';
import type { Award, AwardInput } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { invalid, notFound } from '../errors';
import { assertLive, insertEntity, logChange, mapRow, updateEntity } from '../rows';
import { namesOf } from '../people/queries';
import { addVocab } from '../vocabulary';
import { translate } from '../../../shared/i18n/messages';

type Parsed = z.output<typeof AwardInput>;

function check(a: Archive, i: Parsed, selfId?: string): void {
  assertLive(a, 'competitions', i.competitionId, translate('core.what.competition'));
  if (i.recipientKind === 'work') assertLive(a, 'works', i.workId, translate('core.what.work'));
  if (i.recipientKind === 'person') assertLive(a, 'people', i.personId, translate('core.what.recipient'));
  if (i.promotedFromId) {
    if (i.promotedFromId === selfId) throw invalid(translate('core.award.promoteSelf'), 'promotedFromId');
    const from = a.db.prepare('SELECT work_id FROM awards WHERE id=? AND deleted_at IS NULL').get(i.promotedFromId) as
      { work_id: string | null } | undefined;
    if (!from) throw notFound(translate('core.notFound.promotedFrom', { id: i.promotedFromId }));
    if (from.work_id !== (i.workId ?? null)) throw invalid(translate('core.award.promoteOtherWork'), 'promotedFromId');
    // Walk up the chain: an award cannot be promoted from one promoted from itself (a loop).
    const up = a.db.prepare('SELECT promoted_from_id FROM awards WHERE id=?').pluck();
    for (
      let id = i.promotedFromId as string | null, n = 0;
      id && selfId && n < 1000;
      id = up.get(id) as string | null, n++
    ) {
      if (id === selfId) throw invalid(translate('core.award.promoteCycle'), 'promotedFromId');
    }
  }
}

function cols(i: Parsed) {
  return {
    competitionId: i.competitionId ?? null,
    recipientKind: i.recipientKind,
    workId: i.recipientKind === 'work' ? i.workId : null,
    personId: i.recipientKind === 'person' ? i.personId : null,
    level: i.level,
    grade: i.grade,
    category: i.category ?? null,
    certificateNo: i.certificateNo ?? null,
    awardedOn: i.awardedOn,
    promotedFromId: i.promotedFromId ?? null,
    notes: i.notes ?? null,
  };
}

export function createAward(a: Archive, input: Parsed): Award {
  check(a, input);
  addVocab(a, 'grade', input.grade); // teachers type other words: keep them
  const id = insertEntity(a, 'awards', cols(input));
  logChange(a, 'award', id, 'create', `${input.level}${input.grade}`);
  return getAward(a, id);
}

export function updateAward(a: Archive, id: string, input: Parsed): Award {
  check(a, input, id);
  addVocab(a, 'grade', input.grade);
  updateEntity(a, 'awards', id, cols(input));
  logChange(a, 'award', id, 'update', `${input.level}${input.grade}`);
  return getAward(a, id);
}

const AWARD_SQL = `SELECT aw.*, c.name AS competition_name, c.session AS competition_session, w.title AS work_title, p.name AS person_name
  FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id LEFT JOIN works w ON w.id=aw.work_id LEFT JOIN people p ON p.id=aw.person_id`;

function toAward(a: Archive, r: Record<string, unknown>): Award {
  const x = mapRow<Omit<Award, 'studentIds' | 'studentNames' | 'advisorNames'>>(r);
  const studentIds = x.workId
    ? (a.db
        .prepare('SELECT person_id FROM work_authors WHERE work_id=? ORDER BY position')
        .pluck()
        .all(x.workId) as string[])
    : x.personId && a.db.prepare("SELECT 1 FROM people WHERE id=? AND kind='student'").get(x.personId)
      ? [x.personId]
      : [];
  const advisorIds = x.workId
    ? (a.db
        .prepare('SELECT person_id FROM work_advisors WHERE work_id=? ORDER BY position')
        .pluck()
        .all(x.workId) as string[])
    : [];
  return { ...x, studentIds, studentNames: namesOf(a, studentIds), advisorNames: namesOf(a, advisorIds) };
}

export function getAward(a: Archive, id: string): Award {
  const r = a.db.prepare(`${AWARD_SQL} WHERE aw.id=? AND aw.deleted_at IS NULL`).get(id) as
    Record<string, unknown> | undefined;
  if (!r) throw notFound(translate('core.notFound.award', { id }));
  return toAward(a, r);
}

export function listAwards(
  a: Archive,
  f: { from?: string; to?: string; workId?: string; personId?: string } = {},
): Award[] {
  const where = ['aw.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.from) {
    where.push('aw.awarded_on>=?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('aw.awarded_on<=?');
    params.push(f.to);
  }
  if (f.workId) {
    where.push('aw.work_id=?');
    params.push(f.workId);
  }
  if (f.personId) {
    where.push(
      '(aw.person_id=? OR EXISTS (SELECT 1 FROM work_authors wa WHERE wa.work_id=aw.work_id AND wa.person_id=?))',
    );
    params.push(f.personId, f.personId);
  }
  const rows = a.db
    .prepare(`${AWARD_SQL} WHERE ${where.join(' AND ')} ORDER BY aw.awarded_on DESC, aw.id`)
    .all(...params) as Record<string, unknown>[];
  return rows.map((r) => toAward(a, r));
}
