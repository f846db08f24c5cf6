// Reads what a 工作总结 is written from: the period's activities, awards with their works and
// people, groups, teachers, the previous period's numbers and draft, and what is planned next.
// Everything here is plain data, so the narrative and the documents are pure functions of it.
import { parsePeriod, resolvePeriod, type PeriodSpec, type ResolvedPeriod } from '../../../shared/domain/periods';
import { SCHOOL_GRADES } from '../../../shared/domain/vocab';
import type { Stats } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { invalid } from '../errors';
import { getSettings } from '../settings';
import { computeStats } from './statistics';

export interface ActivityFact {
  id: string; title: string; type: string; status: 'planned' | 'done' | 'cancelled';
  startDate: string; endDate: string | null; location: string | null;
  teacherNames: string[]; participantIds: string[]; headCount: number | null; headCountNote: string | null;
  groupName: string | null; rescheduleCount: number; firstPlannedDate: string | null; photoCount: number;
  coverMediaId: string | null; content: string | null;
}

export interface AwardFact {
  id: string; recipientKind: 'work' | 'person' | 'school'; level: string; grade: string; category: string;
  awardedOn: string; competition: string | null; session: string | null; certificateNo: string | null;
  workId: string | null; workTitle: string | null; authors: string[]; groupName: string | null; advisors: string[];
  personId: string | null; personName: string | null; personKind: 'student' | 'teacher' | null; notes: string | null; promotedFromId: string | null;
}

export interface GroupFact { name: string; teacherName: string | null; members: number }

export interface SummaryData {
  school: string;
  period: ResolvedPeriod;
  previous: ResolvedPeriod;
  /** The period after this one (its planned activities feed 今后打算). */
  next: ResolvedPeriod;
  stats: Stats;
  prevStats: Stats;
  activities: ActivityFact[];
  nextPlanned: ActivityFact[];
  awards: AwardFact[];
  groups: GroupFact[];
  /** Teachers who organised an activity or advised an awarded work in the period. */
  teachers: { name: string; activities: number; works: number }[];
  /** Texts the teacher wrote in the previous period's draft, by section id. */
  previousTexts: Record<string, string>;
  /** 'YYYY-MM-DD' the document is dated. */
  today: string;
}

export function specOf(key: string): PeriodSpec {
  const spec = parsePeriod(key);
  if (!spec) throw invalid(`时间段格式不正确：${key}（例如 2025-2026-1 表示学期，2025-2026 表示学年，2025 表示年度）`, 'period');
  return spec;
}

function nextOf(p: ResolvedPeriod, cal: Parameters<typeof resolvePeriod>[1]): ResolvedPeriod {
  const s = p.spec;
  switch (s.kind) {
    case 'term': return resolvePeriod(s.term === 1 ? { kind: 'term', year: s.year, term: 2 } : { kind: 'term', year: s.year + 1, term: 1 }, cal);
    case 'year': return resolvePeriod({ kind: 'year', year: s.year + 1 }, cal);
    case 'calendar': return resolvePeriod({ kind: 'calendar', year: s.year + 1 }, cal);
    case 'years': return resolvePeriod({ kind: 'year', year: s.to + 1 }, cal);
    case 'range': {
      const days = Math.round((Date.parse(s.to) - Date.parse(s.from)) / 86400000);
      const from = new Date(Date.parse(s.to) + 86400000).toISOString().slice(0, 10);
      return resolvePeriod({ kind: 'range', from, to: new Date(Date.parse(from) + days * 86400000).toISOString().slice(0, 10) }, cal);
    }
  }
}

const ACTIVITY_SQL = `SELECT a.id, a.title, a.type, a.status, a.start_date, a.end_date, a.location, a.head_count, a.head_count_note, a.content,
  a.cover_media_id, g.name AS group_name,
  (SELECT group_concat(ap.person_id) FROM activity_participants ap JOIN people p ON p.id=ap.person_id WHERE ap.activity_id=a.id AND p.deleted_at IS NULL) AS participant_ids,
  (SELECT COUNT(*) FROM activity_reschedules r WHERE r.activity_id=a.id) AS reschedule_count,
  (SELECT r.from_start FROM activity_reschedules r WHERE r.activity_id=a.id ORDER BY r.changed_at, r.id LIMIT 1) AS first_planned,
  (SELECT COUNT(*) FROM media_links l JOIN media m ON m.id=l.media_id WHERE l.target_kind='activity' AND l.target_id=a.id AND m.kind='photo' AND m.deleted_at IS NULL) AS photo_count,
  (SELECT group_concat(name, '、') FROM (SELECT pe.name FROM activity_teachers t JOIN people pe ON pe.id=t.person_id WHERE t.activity_id=a.id ORDER BY t.position)) AS teacher_names
  FROM activities a LEFT JOIN groups g ON g.id=a.group_id
  WHERE a.deleted_at IS NULL AND a.start_date BETWEEN ? AND ? ORDER BY a.start_date, a.title`;

export function activityFacts(a: Archive, from: string, to: string): ActivityFact[] {
  return (a.db.prepare(ACTIVITY_SQL).all(from, to) as Record<string, unknown>[]).map((r) => ({
    id: r.id as string, title: r.title as string, type: r.type as string, status: r.status as ActivityFact['status'],
    startDate: r.start_date as string, endDate: (r.end_date as string | null) ?? null, location: (r.location as string | null) ?? null,
    teacherNames: r.teacher_names ? String(r.teacher_names).split('、') : [], participantIds: r.participant_ids ? String(r.participant_ids).split(',') : [],
    headCount: (r.head_count as number | null) ?? null, headCountNote: (r.head_count_note as string | null) ?? null,
    groupName: (r.group_name as string | null) ?? null, rescheduleCount: r.reschedule_count as number,
    firstPlannedDate: (r.first_planned as string | null) ?? null, photoCount: r.photo_count as number,
    coverMediaId: (r.cover_media_id as string | null) ?? null, content: (r.content as string | null) ?? null,
  }));
}

/** Every award of the period with what a sentence or a row needs (school awards included). */
export function awardFacts(a: Archive, from: string, to: string): AwardFact[] {
  const rows = a.db.prepare(`SELECT aw.*, c.name AS competition, c.session, w.title AS work_title, w.category AS work_category, g.name AS group_name,
      p.name AS person_name, p.kind AS person_kind
    FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id LEFT JOIN works w ON w.id=aw.work_id LEFT JOIN groups g ON g.id=w.group_id
    LEFT JOIN people p ON p.id=aw.person_id
    WHERE aw.deleted_at IS NULL AND (aw.work_id IS NULL OR w.deleted_at IS NULL) AND aw.awarded_on BETWEEN ? AND ?
    ORDER BY aw.awarded_on, aw.id`).all(from, to) as Record<string, unknown>[];
  const authors = a.db.prepare(`SELECT p.name FROM work_authors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`).pluck();
  const advisors = a.db.prepare(`SELECT p.name FROM work_advisors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`).pluck();
  return rows.map((r) => {
    const workId = (r.work_id as string | null) ?? null;
    const school = r.recipient_kind === 'school' || SCHOOL_GRADES.includes(r.grade as string);
    return {
      id: r.id as string, recipientKind: school ? 'school' : (r.recipient_kind as AwardFact['recipientKind']),
      level: r.level as string, grade: r.grade as string,
      category: (r.category as string | null) ?? (r.work_category as string | null) ?? '其他',
      awardedOn: r.awarded_on as string, competition: (r.competition as string | null) ?? null, session: (r.session as string | null) ?? null,
      certificateNo: (r.certificate_no as string | null) ?? null,
      workId, workTitle: (r.work_title as string | null) ?? null,
      authors: workId ? (authors.all(workId) as string[]) : [], groupName: (r.group_name as string | null) ?? null,
      advisors: workId ? (advisors.all(workId) as string[]) : [],
      personId: (r.person_id as string | null) ?? null, personName: (r.person_name as string | null) ?? null, personKind: (r.person_kind as AwardFact['personKind']) ?? null,
      notes: (r.notes as string | null) ?? null, promotedFromId: (r.promoted_from_id as string | null) ?? null,
    };
  });
}

function groupFacts(a: Archive, from: string, to: string): GroupFact[] {
  return (a.db.prepare(`SELECT g.name, t.name AS teacher_name,
      (SELECT COUNT(DISTINCT m.person_id) FROM group_members m JOIN people p ON p.id=m.person_id
        WHERE m.group_id=g.id AND p.deleted_at IS NULL AND m.joined_on<=? AND (m.left_on IS NULL OR m.left_on>=?)) AS members
    FROM groups g LEFT JOIN people t ON t.id=g.teacher_id WHERE g.deleted_at IS NULL ORDER BY members DESC, g.name`).all(to, from) as
    { name: string; teacher_name: string | null; members: number }[])
    .filter((g) => g.members > 0)
    .map((g) => ({ name: g.name, teacherName: g.teacher_name, members: g.members }));
}

/** The texts a teacher typed into a period's draft (section id → text). */
export function savedTexts(a: Archive, key: string): Record<string, string> {
  const rows = a.db.prepare('SELECT section, text FROM summary_sections WHERE period_key=?').all(key) as { section: string; text: string }[];
  return Object.fromEntries(rows.map((r) => [r.section, r.text]));
}

export function gatherSummaryData(a: Archive, key: string): SummaryData {
  const settings = getSettings(a);
  const cal = settings.calendar;
  const period = resolvePeriod(specOf(key), cal);
  const previous = resolvePeriod(period.previous, cal);
  const next = nextOf(period, cal);
  const activities = activityFacts(a, period.from, period.to);
  const awards = awardFacts(a, period.from, period.to);

  const teacherMap = new Map<string, { name: string; activities: number; works: Set<string> }>();
  const teacher = (name: string) => teacherMap.get(name) ?? teacherMap.set(name, { name, activities: 0, works: new Set() }).get(name)!;
  for (const x of activities) if (x.status !== 'cancelled') for (const n of x.teacherNames) teacher(n).activities++;
  for (const aw of awards) if (aw.workId) for (const n of aw.advisors) teacher(n).works.add(aw.workId);

  return {
    school: settings.schoolName,
    period, previous, next,
    stats: computeStats(a, period),
    prevStats: computeStats(a, previous),
    activities,
    nextPlanned: activityFacts(a, next.from, next.to).filter((x) => x.status === 'planned'),
    awards,
    groups: groupFacts(a, period.from, period.to),
    teachers: [...teacherMap.values()].map((t) => ({ name: t.name, activities: t.activities, works: t.works.size }))
      .sort((x, y) => y.activities + y.works - (x.activities + x.works) || x.name.localeCompare(y.name, 'zh-Hans-CN')),
    previousTexts: savedTexts(a, previous.key),
    today: a.clock.now().toISOString().slice(0, 10),
  };
}
