// Reads what a 工作总结 is written from: the period's activities, awards with their works and
// people, groups, teachers, the previous period's numbers and draft, and what is planned next.
// Everything here is plain data, so the narrative and the documents are pure functions of it.
import { parsePeriod, resolvePeriod, type PeriodSpec, type ResolvedPeriod } from '../../../shared/domain/periods';
import { OTHER_CATEGORY, SCHOOL_GRADES, STAGES } from '../../../shared/domain/vocab';
import { translate } from '../../../shared/i18n/messages';
import type { Stats } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { today as todayOf } from '../rows';
import { invalid } from '../errors';
import { calendarOf, getReportSettings, getSettings, type ReportSettings } from '../settings';
import { gradeLabelOf } from '../../../shared/domain/calendar';
import type { Stage } from '../../../shared/domain/vocab';
import { computeStats, firstRecordDate, photoCounts } from './statistics';

export interface ActivityFact {
  id: string;
  title: string;
  type: string;
  status: 'planned' | 'done' | 'cancelled';
  startDate: string;
  endDate: string | null;
  location: string | null;
  teacherNames: string[];
  participantIds: string[];
  headCount: number | null;
  headCountNote: string | null;
  groupName: string | null;
  rescheduleCount: number;
  firstPlannedDate: string | null;
  photoCount: number;
  coverMediaId: string | null;
  content: string | null;
  reflection: string | null;
}

export interface AwardFact {
  id: string;
  recipientKind: 'work' | 'person' | 'school';
  level: string;
  grade: string;
  category: string;
  awardedOn: string;
  competition: string | null;
  session: string | null;
  certificateNo: string | null;
  workId: string | null;
  workTitle: string | null;
  authors: string[];
  groupName: string | null;
  advisors: string[];
  /** 年级 (at the award's date) and 性别 of each author, or of the student awarded, in author order. */
  authorGrades: string[];
  authorGenders: string[];
  personId: string | null;
  personName: string | null;
  personKind: 'student' | 'teacher' | null;
  notes: string | null;
  promotedFromId: string | null;
}

export interface GroupFact {
  name: string;
  teacherName: string | null;
  members: number;
}

export interface SummaryData {
  school: string;
  period: ResolvedPeriod;
  /**
   * The period compared with: the same term a year earlier, the previous 学年, calendar year or
   * span of 学年 — cut to the same day while this period is not over. Its numbers are prevStats.
   */
  previous: ResolvedPeriod;
  /** False when the archive does not cover `previous` (its first period, or partly recorded): no comparison is made. */
  comparable: boolean;
  /** How the text names the compared period: '去年同期', '上学年', '上一年度'. */
  compareScope: string;
  /** Set while the period is not over (today): the text says "截至…" and counts only what happened. */
  asOf: string | null;
  /** 在校学生人数 of the period's 学年 when the teacher entered it (settings), else null. */
  enrolment: number | null;
  leadership: ReportSettings['leadership'];
  photoSplit: { linked: number; unlinked: number };
  /** The period just before (last term for a term): its draft texts are offered again. */
  before: ResolvedPeriod;
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
  if (!spec) throw invalid(translate('core.report.periodInvalid', { key }), 'period');
  return spec;
}

function nextOf(p: ResolvedPeriod, cal: Parameters<typeof resolvePeriod>[1]): ResolvedPeriod {
  const s = p.spec;
  switch (s.kind) {
    case 'term':
      return resolvePeriod(
        s.term === 1 ? { kind: 'term', year: s.year, term: 2 } : { kind: 'term', year: s.year + 1, term: 1 },
        cal,
      );
    case 'year':
      return resolvePeriod({ kind: 'year', year: s.year + 1 }, cal);
    case 'calendar':
      return resolvePeriod({ kind: 'calendar', year: s.year + 1 }, cal);
    case 'years':
      return resolvePeriod({ kind: 'year', year: s.to + 1 }, cal);
    case 'range': {
      const days = Math.round((Date.parse(s.to) - Date.parse(s.from)) / 86400000);
      const from = new Date(Date.parse(s.to) + 86400000).toISOString().slice(0, 10);
      return resolvePeriod(
        { kind: 'range', from, to: new Date(Date.parse(from) + days * 86400000).toISOString().slice(0, 10) },
        cal,
      );
    }
  }
}

const ACTIVITY_SQL = `SELECT a.id, a.title, a.type, a.status, a.start_date, a.end_date, a.location, a.head_count, a.head_count_note, a.content,
  a.cover_media_id, a.reflection, g.name AS group_name,
  (SELECT group_concat(ap.person_id) FROM activity_participants ap JOIN people p ON p.id=ap.person_id WHERE ap.activity_id=a.id AND p.deleted_at IS NULL) AS participant_ids,
  (SELECT COUNT(*) FROM activity_reschedules r WHERE r.activity_id=a.id) AS reschedule_count,
  (SELECT r.from_start FROM activity_reschedules r WHERE r.activity_id=a.id ORDER BY r.changed_at, r.id LIMIT 1) AS first_planned,
  (SELECT COUNT(*) FROM media_links l JOIN media m ON m.id=l.media_id WHERE l.target_kind='activity' AND l.target_id=a.id AND m.kind='photo' AND m.deleted_at IS NULL) AS photo_count,
  (SELECT group_concat(name, '、') FROM (SELECT pe.name FROM activity_teachers t JOIN people pe ON pe.id=t.person_id WHERE t.activity_id=a.id ORDER BY t.position)) AS teacher_names
  FROM activities a LEFT JOIN groups g ON g.id=a.group_id
  WHERE a.deleted_at IS NULL AND a.start_date BETWEEN ? AND ? ORDER BY a.start_date, a.title`;

export function activityFacts(a: Archive, from: string, to: string): ActivityFact[] {
  return (a.db.prepare(ACTIVITY_SQL).all(from, to) as Record<string, unknown>[]).map((r) => ({
    id: r.id as string,
    title: r.title as string,
    type: r.type as string,
    status: r.status as ActivityFact['status'],
    startDate: r.start_date as string,
    endDate: (r.end_date as string | null) ?? null,
    location: (r.location as string | null) ?? null,
    teacherNames: r.teacher_names ? String(r.teacher_names).split('、') : [],
    participantIds: r.participant_ids ? String(r.participant_ids).split(',') : [],
    headCount: (r.head_count as number | null) ?? null,
    headCountNote: (r.head_count_note as string | null) ?? null,
    groupName: (r.group_name as string | null) ?? null,
    rescheduleCount: r.reschedule_count as number,
    firstPlannedDate: (r.first_planned as string | null) ?? null,
    photoCount: r.photo_count as number,
    coverMediaId: (r.cover_media_id as string | null) ?? null,
    content: (r.content as string | null) ?? null,
    reflection: (r.reflection as string | null) ?? null,
  }));
}

/** Every award of the period with what a sentence or a row needs (school awards included). */
export function awardFacts(a: Archive, from: string, to: string): AwardFact[] {
  const rows = a.db
    .prepare(
      `SELECT aw.*, c.name AS competition, c.session, w.title AS work_title, w.category AS work_category, g.name AS group_name,
      p.name AS person_name, p.kind AS person_kind
    FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id LEFT JOIN works w ON w.id=aw.work_id LEFT JOIN groups g ON g.id=w.group_id
    LEFT JOIN people p ON p.id=aw.person_id
    WHERE aw.deleted_at IS NULL AND (aw.work_id IS NULL OR w.deleted_at IS NULL) AND aw.awarded_on BETWEEN ? AND ?
    ORDER BY aw.awarded_on, aw.id`,
    )
    .all(from, to) as Record<string, unknown>[];
  const authors = a.db
    .prepare(
      `SELECT p.name FROM work_authors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`,
    )
    .pluck();
  const advisors = a.db
    .prepare(
      `SELECT p.name FROM work_advisors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`,
    )
    .pluck();
  const authorRows = a.db.prepare(
    `SELECT p.stage, p.entry_year, p.gender FROM work_authors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`,
  );
  const personRow = a.db.prepare(`SELECT stage, entry_year, gender FROM people WHERE id=? AND kind='student'`);
  const cal = calendarOf(a);
  const grade = (r: { stage: string | null; entry_year: number | null }, on: string) => {
    if (!r.entry_year) return '';
    try {
      return gradeLabelOf((r.stage ?? STAGES[0]) as Stage, r.entry_year, on, cal);
    } catch {
      return '';
    }
  };
  return rows.map((r) => {
    const workId = (r.work_id as string | null) ?? null;
    const school = r.recipient_kind === 'school' || SCHOOL_GRADES.includes(r.grade as string);
    return {
      id: r.id as string,
      recipientKind: school ? 'school' : (r.recipient_kind as AwardFact['recipientKind']),
      level: r.level as string,
      grade: r.grade as string,
      category: (r.category as string | null) ?? (r.work_category as string | null) ?? OTHER_CATEGORY,
      awardedOn: r.awarded_on as string,
      competition: (r.competition as string | null) ?? null,
      session: (r.session as string | null) ?? null,
      certificateNo: (r.certificate_no as string | null) ?? null,
      workId,
      workTitle: (r.work_title as string | null) ?? null,
      authors: workId ? (authors.all(workId) as string[]) : [],
      groupName: (r.group_name as string | null) ?? null,
      advisors: workId ? (advisors.all(workId) as string[]) : [],
      ...((): { authorGrades: string[]; authorGenders: string[] } => {
        const on = r.awarded_on as string;
        const people = (
          workId ? authorRows.all(workId) : r.person_id ? [personRow.get(r.person_id)].filter(Boolean) : []
        ) as { stage: string | null; entry_year: number | null; gender: string | null }[];
        return { authorGrades: people.map((x) => grade(x, on)), authorGenders: people.map((x) => x.gender ?? '') };
      })(),
      personId: (r.person_id as string | null) ?? null,
      personName: (r.person_name as string | null) ?? null,
      personKind: (r.person_kind as AwardFact['personKind']) ?? null,
      notes: (r.notes as string | null) ?? null,
      promotedFromId: (r.promoted_from_id as string | null) ?? null,
    };
  });
}

function groupFacts(a: Archive, from: string, to: string): GroupFact[] {
  return (
    a.db
      .prepare(
        `SELECT g.name, t.name AS teacher_name,
      (SELECT COUNT(DISTINCT m.person_id) FROM group_members m JOIN people p ON p.id=m.person_id
        WHERE m.group_id=g.id AND p.deleted_at IS NULL AND m.joined_on<=? AND (m.left_on IS NULL OR m.left_on>=?)) AS members
    FROM groups g LEFT JOIN people t ON t.id=g.teacher_id WHERE g.deleted_at IS NULL ORDER BY members DESC, g.name`,
      )
      .all(to, from) as { name: string; teacher_name: string | null; members: number }[]
  )
    .filter((g) => g.members > 0)
    .map((g) => ({ name: g.name, teacherName: g.teacher_name, members: g.members }));
}

/** The texts a teacher typed into a period's draft (section id → text). */
export function savedTexts(a: Archive, key: string): Record<string, string> {
  const rows = a.db.prepare('SELECT section, text FROM summary_sections WHERE period_key=?').all(key) as {
    section: string;
    text: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.section, r.text]));
}

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);

/** The fair comparison of a period: same term a year earlier, previous 学年 / year / span; none for a custom range. */
function comparisonOf(
  p: ResolvedPeriod,
  cal: Parameters<typeof resolvePeriod>[1],
): { period: ResolvedPeriod; scope: string; sameStretch?: true } | null {
  const s = p.spec;
  switch (s.kind) {
    case 'term':
      return {
        period: resolvePeriod({ kind: 'term', year: s.year - 1, term: s.term }, cal),
        scope: translate('core.report.scope.lastYearSameTerm'),
        sameStretch: true,
      };
    case 'year':
      return {
        period: resolvePeriod({ kind: 'year', year: s.year - 1 }, cal),
        scope: translate('core.report.scope.lastSchoolYear'),
      };
    case 'calendar':
      return {
        period: resolvePeriod({ kind: 'calendar', year: s.year - 1 }, cal),
        scope: translate('core.report.scope.lastCalendarYear'),
      };
    case 'years':
      return {
        period: resolvePeriod(s.from === s.to ? { kind: 'year', year: s.from - 1 } : p.previous, cal),
        scope: p.previousScope,
      };
    case 'range':
      return null;
  }
}

/** The archive covers a period when its records begin no later than a month and a half into it. */
const COVERAGE_SLACK_DAYS = 45;

export function gatherSummaryData(a: Archive, key: string): SummaryData {
  const settings = getSettings(a);
  const report = getReportSettings(a);
  const cal = settings.calendar;
  const period = resolvePeriod(specOf(key), cal);
  const before = resolvePeriod(period.previous, cal);
  const next = nextOf(period, cal);
  const today = todayOf(a);
  const activities = activityFacts(a, period.from, period.to);
  // Not over: more than a month to go, or activities still planned from today on (the last days of
  // August after a 学年's last activity do not make its summary "截至8月28日").
  const asOf =
    today >= period.from &&
    today < period.to &&
    (daysBetween(today, period.to) > 31 || activities.some((x) => x.status === 'planned' && x.startDate >= today))
      ? today
      : null;
  const awards = awardFacts(a, period.from, period.to);

  // Compared with: the same stretch of the earlier period (to the same day while this one runs).
  const cmp = comparisonOf(period, cal);
  const first = firstRecordDate(a);
  let previous = cmp?.period ?? before;
  if (cmp && asOf) {
    const to = addDays(previous.from, Math.max(0, daysBetween(period.from, asOf)));
    if (to < previous.to)
      previous = {
        ...previous,
        to,
        label: translate('core.report.cutTo', {
          label: previous.label,
          m: Number(to.slice(5, 7)),
          d: Number(to.slice(8)),
        }),
      };
  }
  const comparable =
    !!cmp && !!first && first <= addDays(cmp.period.from, COVERAGE_SLACK_DAYS) && (!asOf || asOf >= period.from);
  const compareScope = cmp
    ? asOf && !cmp.sameStretch
      ? translate('core.report.scope.sameStretch', { scope: cmp.scope })
      : cmp.scope
    : period.previousScope;
  const enrolment =
    period.spec.kind === 'term' || period.spec.kind === 'year'
      ? (report.enrolment[String(period.spec.year)] ?? null)
      : null;

  const teacherMap = new Map<string, { name: string; activities: number; works: Set<string> }>();
  const teacher = (name: string) =>
    teacherMap.get(name) ?? teacherMap.set(name, { name, activities: 0, works: new Set() }).get(name)!;
  for (const x of activities) if (x.status === 'done') for (const n of x.teacherNames) teacher(n).activities++;
  for (const aw of awards) if (aw.workId) for (const n of aw.advisors) teacher(n).works.add(aw.workId);

  return {
    school: settings.schoolName,
    period,
    previous,
    comparable,
    compareScope,
    asOf,
    enrolment,
    leadership: report.leadership,
    photoSplit: photoCounts(a, period.from, period.to),
    before,
    next,
    stats: computeStats(a, period),
    prevStats: computeStats(a, previous),
    activities,
    nextPlanned: activityFacts(a, next.from, next.to).filter((x) => x.status === 'planned'),
    awards,
    groups: groupFacts(a, period.from, period.to),
    teachers: [...teacherMap.values()]
      .map((t) => ({ name: t.name, activities: t.activities, works: t.works.size }))
      .sort((x, y) => y.activities + y.works - (x.activities + x.works) || x.name.localeCompare(y.name, 'zh-Hans-CN')),
    previousTexts: savedTexts(a, before.key),
    today,
  };
}
