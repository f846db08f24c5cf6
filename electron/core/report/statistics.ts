// The statistics engine: pure counting over one period, by the glossary's rules.
// 项 (items) and 人次 (person-times) are kept apart; a promoted work counts once at its highest level;
// the school's own awards (优秀组织奖) are listed apart, not mixed into the totals.
import { gradeNumberOf, schoolYearOf } from '../../../shared/domain/calendar';
import { AWARD_LEVELS, rankOf, SCHOOL_GRADES } from '../../../shared/domain/vocab';
import type { Period, Stats } from '../../../shared/contract';
import type { Archive } from '../db/open';
import { calendarOf } from '../settings';

const STAGE_YEARS: Record<string, number> = { 小学: 6, 初中: 3, 高中: 3 };
const inc = (m: Record<string, number>, k: string, n = 1) => { m[k] = (m[k] ?? 0) + n; };

interface AwardRow { id: string; recipient_kind: string; work_id: string | null; person_id: string | null; person_kind: string | null; level: string; grade: string; awarded_on: string; competition: string | null }

export function computeStats(a: Archive, period: Period): Stats {
  const { from, to } = period;
  const db = a.db;
  const cal = calendarOf(a);

  const acts = db.prepare(`SELECT id, type, status, head_count FROM activities WHERE deleted_at IS NULL AND start_date BETWEEN ? AND ?`).all(from, to) as
    { id: string; type: string; status: string; head_count: number | null }[];
  const activitiesByType: Record<string, number> = {};
  const activitiesByStatus: Record<string, number> = {};
  let headCountEvents = 0, headCountTotal = 0;
  const held = acts.filter((x) => x.status !== 'cancelled');
  for (const x of acts) inc(activitiesByStatus, x.status);
  for (const x of held) {
    inc(activitiesByType, x.type);
    if (x.head_count) { headCountEvents++; headCountTotal += x.head_count; }
  }
  const parts = db.prepare(`SELECT ap.person_id FROM activity_participants ap JOIN activities a ON a.id=ap.activity_id JOIN people p ON p.id=ap.person_id
    WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND a.status<>'cancelled' AND a.start_date BETWEEN ? AND ?`).pluck().all(from, to) as string[];

  const students = (db.prepare("SELECT stage, entry_year FROM people WHERE kind='student' AND deleted_at IS NULL").all() as { stage: string | null; entry_year: number }[])
    .filter((s) => gradeNumberOf(s.entry_year, to, cal) >= 1 && gradeNumberOf(s.entry_year, from, cal) <= (STAGE_YEARS[s.stage ?? '小学'] ?? 6)).length;

  const awards = db.prepare(`SELECT aw.id, aw.recipient_kind, aw.work_id, aw.person_id, p.kind AS person_kind, aw.level, aw.grade, aw.awarded_on, c.name AS competition
    FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id LEFT JOIN people p ON p.id=aw.person_id
    LEFT JOIN works w ON w.id=aw.work_id
    WHERE aw.deleted_at IS NULL AND (aw.work_id IS NULL OR w.deleted_at IS NULL) AND aw.awarded_on BETWEEN ? AND ?
    ORDER BY aw.awarded_on`).all(from, to) as AwardRow[];
  const authorsOf = db.prepare(`SELECT wa.person_id FROM work_authors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`).pluck();
  const advisorsOf = db.prepare('SELECT person_id FROM work_advisors WHERE work_id=?').pluck();

  const awardsByLevel: Record<string, number> = {};
  const awardsByGrade: Record<string, number> = {};
  const levelGrade: Stats['levelGrade'] = {};
  const schoolAwards: Stats['schoolAwards'] = [];
  const studentsAwarded = new Set<string>();
  const teachersAwarded = new Set<string>();
  const bestLevelOfWork = new Map<string, string>();
  let awardCount = 0, awardPersonTimes = 0;
  for (const aw of awards) {
    if (aw.recipient_kind === 'school' || SCHOOL_GRADES.includes(aw.grade)) {
      schoolAwards.push({ id: aw.id, competition: aw.competition ?? '', level: aw.level, grade: aw.grade, awardedOn: aw.awarded_on });
      continue;
    }
    const credited = aw.work_id ? (authorsOf.all(aw.work_id) as string[]) : aw.person_id ? [aw.person_id] : [];
    const personTimes = credited.length;
    awardCount++;
    awardPersonTimes += personTimes;
    inc(awardsByLevel, aw.level);
    inc(awardsByGrade, aw.grade);
    const cell = ((levelGrade[aw.level] ??= {})[aw.grade] ??= { items: 0, personTimes: 0 });
    cell.items++;
    cell.personTimes += personTimes;
    if (aw.work_id) {
      credited.forEach((s) => studentsAwarded.add(s));
      (advisorsOf.all(aw.work_id) as string[]).forEach((t) => teachersAwarded.add(t));
      const prev = bestLevelOfWork.get(aw.work_id);
      if (!prev || rankOf(AWARD_LEVELS, aw.level) < rankOf(AWARD_LEVELS, prev)) bestLevelOfWork.set(aw.work_id, aw.level);
    } else if (aw.person_id) {
      (aw.person_kind === 'teacher' ? teachersAwarded : studentsAwarded).add(aw.person_id);
    }
  }
  const awardedWorksByLevel: Record<string, number> = {};
  for (const lvl of bestLevelOfWork.values()) inc(awardedWorksByLevel, lvl);

  // Works of the period: those that won in it, or were entered in it.
  const worksRows = db.prepare(`SELECT id, category FROM works w WHERE deleted_at IS NULL AND (substr(created_at,1,10) BETWEEN ? AND ?
    OR EXISTS (SELECT 1 FROM awards aw WHERE aw.work_id=w.id AND aw.deleted_at IS NULL AND aw.awarded_on BETWEEN ? AND ?))`).all(from, to, from, to) as { id: string; category: string }[];
  const worksByCategory: Record<string, number> = {};
  for (const w of worksRows) inc(worksByCategory, w.category);

  const photos = db.prepare(`SELECT COUNT(*) FROM media WHERE kind='photo' AND deleted_at IS NULL AND substr(COALESCE(taken_at, created_at),1,10) BETWEEN ? AND ?`).pluck().get(from, to) as number;

  return {
    period: { from, to },
    activities: held.length,
    activitiesByType,
    activitiesByStatus,
    participantPersonTimes: parts.length,
    distinctParticipants: new Set(parts).size,
    headCountEvents,
    headCountTotal,
    students,
    studentsAwarded: studentsAwarded.size,
    teachersAwarded: teachersAwarded.size,
    works: worksRows.length,
    worksByCategory,
    awards: awardCount,
    awardPersonTimes,
    awardsByLevel,
    awardsByGrade,
    levelGrade,
    awardedWorks: bestLevelOfWork.size,
    awardedWorksByLevel,
    schoolAwards,
    photos,
  };
}

/** The 学年 start years that have any record, newest first (for pickers). */
export function schoolYearsWithData(a: Archive): number[] {
  const cal = calendarOf(a);
  const dates = a.db.prepare(`SELECT start_date FROM activities WHERE deleted_at IS NULL UNION SELECT awarded_on FROM awards WHERE deleted_at IS NULL`).pluck().all() as string[];
  return [...new Set(dates.map((d) => schoolYearOf(d, cal)))].sort((x, y) => y - x);
}
