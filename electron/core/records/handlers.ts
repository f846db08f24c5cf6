// Handlers for shared/calls/records.ts: name search support, a person's record across years,
// linked-media counts, archiving graduated students, group edits.
import type { ApiPart } from '../../../shared/contract';
import type { recordsCalls, PersonRecord, LinkedMedia } from '../../../shared/calls/records';
import { gradeLabelOf } from '../../../shared/domain/calendar';
import type { Stage } from '../../../shared/domain/vocab';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { listActivities } from '../activities';
import { listAwards } from '../awards';
import { updateGroup } from '../groups';
import { getPerson } from '../people';
import { logChange, nowIso, placeholders } from '../rows';
import { calendarOf } from '../settings';
import { getWork } from '../works';
import { initialsOf } from './pinyin';

export function personRecord(a: Archive, id: string, asOf?: string): PersonRecord {
  const person = getPerson(a, id, asOf);
  const asParticipant = new Set(
    a.db.prepare('SELECT activity_id FROM activity_participants WHERE person_id=?').pluck().all(id) as string[],
  );
  const asTeacher = new Set(
    a.db.prepare('SELECT activity_id FROM activity_teachers WHERE person_id=?').pluck().all(id) as string[],
  );
  const activities = listActivities(a, { ids: [...asParticipant, ...asTeacher] }).map((s) => ({
    ...s,
    role: asTeacher.has(s.id) ? ('teacher' as const) : ('participant' as const),
  }));
  const workIds = (role: 'work_authors' | 'work_advisors') =>
    a.db
      .prepare(
        `SELECT x.work_id FROM ${role} x JOIN works w ON w.id=x.work_id
    WHERE x.person_id=? AND w.deleted_at IS NULL ORDER BY w.created_at DESC`,
      )
      .pluck()
      .all(id) as string[];
  const works = [
    ...workIds('work_authors').map((w) => ({ ...getWork(a, w), role: 'author' as const })),
    ...workIds('work_advisors').map((w) => ({ ...getWork(a, w), role: 'advisor' as const })),
  ];
  const awards = listAwards(a, { personId: id });
  const advised = new Set(works.filter((w) => w.role === 'advisor').map((w) => w.id));
  if (advised.size) {
    const seen = new Set(awards.map((x) => x.id));
    for (const x of listAwards(a, {})) if (x.workId && advised.has(x.workId) && !seen.has(x.id)) awards.push(x);
    awards.sort((x, y) => y.awardedOn.localeCompare(x.awardedOn));
  }
  const groups = a.db
    .prepare(
      `SELECT m.group_id AS groupId, g.name AS groupName, m.joined_on AS joinedOn, m.left_on AS leftOn
    FROM group_members m JOIN groups g ON g.id=m.group_id WHERE m.person_id=? AND g.deleted_at IS NULL ORDER BY m.joined_on DESC`,
    )
    .all(id) as PersonRecord['groups'];
  return { person, activities, works, awards, groups };
}

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

/** 毕业: students past the last 年级 of their stage on `asOf` are archived (kept, hidden from lists). */
export function archiveGraduated(a: Archive, asOf: string): { archived: number } {
  const cal = calendarOf(a);
  const rows = a.db
    .prepare(
      "SELECT id, stage, entry_year FROM people WHERE kind='student' AND deleted_at IS NULL AND archived_at IS NULL",
    )
    .all() as { id: string; stage: string | null; entry_year: number }[];
  const done = rows.filter((r) => gradeLabelOf((r.stage ?? '小学') as Stage, r.entry_year, asOf, cal) === '已毕业');
  const set = a.db.prepare('UPDATE people SET archived_at=?, updated_at=? WHERE id=?');
  const t = nowIso(a);
  for (const r of done) {
    set.run(t, t, r.id);
    logChange(a, 'person', r.id, 'archive', '毕业');
  }
  return { archived: done.length };
}

type DupInput = {
  kind: 'student' | 'teacher';
  name: string;
  entryYear?: number | null;
  classNo?: number | null;
  studentNo?: string | null;
  excludeId?: string;
};
type Dup = ReturnType<typeof getPerson> & { reason: 'sameClass' | 'sameYear' | 'sameStudentNo' | 'sameName' };

/** People already in the archive (archived ones too) that the one being added may be. */
export function duplicatesOf(a: Archive, i: DupInput): Dup[] {
  const name = i.name.replace(/[\s\u3000]+/g, '');
  const studentNo = i.studentNo?.trim() || null;
  if (!name && !studentNo) return [];
  const rows = a.db
    .prepare(
      `SELECT id FROM people WHERE deleted_at IS NULL AND kind=? AND id<>?
    AND (REPLACE(REPLACE(name,' ',''),'　','')=? OR (? IS NOT NULL AND student_no=?)) ORDER BY archived_at IS NOT NULL, entry_year DESC, class_no LIMIT 20`,
    )
    .pluck()
    .all(i.kind, i.excludeId ?? '', name, studentNo, studentNo) as string[];
  const out: Dup[] = [];
  for (const id of rows) {
    const p = getPerson(a, id);
    const sameName = p.name.replace(/[\s\u3000]+/g, '') === name;
    if (i.kind === 'teacher') {
      if (sameName) out.push({ ...p, reason: 'sameName' });
      continue;
    }
    if (studentNo && p.studentNo === studentNo) out.push({ ...p, reason: 'sameStudentNo' });
    else if (sameName && p.entryYear === i.entryYear)
      out.push({ ...p, reason: i.classNo != null && p.classNo === i.classNo ? 'sameClass' : 'sameYear' });
  }
  return out;
}

export function recordsHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof recordsCalls> {
  return {
    'records.initials': (i) => i.texts.map(initialsOf),
    'records.personRecord': (i) => personRecord(a, i.id, i.asOf),
    'records.mediaCounts': (i) => mediaCounts(a, i.kind, i.ids),
    'records.mediaOf': (i) => mediaOf(a, i.kind, i.id),
    'records.archiveGraduated': (i) => archiveGraduated(a, i.asOf),
    'records.updateGroup': (i) => updateGroup(a, i.id, i.patch),
    'records.duplicates': (i) => duplicatesOf(a, i),
  };
}
