// A person's whole record across years (综合素质评价): the activities they took part in or
// organised, the works they authored or advised, the awards credited to them, their groups.
import type { PersonRecord } from '../../../shared/calls/people';
import type { Archive } from '../db/open';
import { listActivities } from '../activities/queries';
import { listAwards } from '../awards/queries';
import { getWork } from '../works/queries';
import { getPerson } from './queries';

/** Everything the archive holds of one person, newest first. */
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
