// The statistics engine: pure counting over one period, by the glossary's rules.
// 项 (items) and 人次 (person-times) are kept apart; a promoted work counts once at its highest level;
// the school's own awards (优秀组织奖) are listed apart, not mixed into the totals.
import { gradeNumberOf, schoolYearOf, stageYears } from '../../../shared/domain/calendar';
import { AWARD_GRADES, AWARD_LEVELS, OTHER_CATEGORY, rankOf, SCHOOL_GRADES } from '../../../shared/domain/vocab';
import type { Period, Stats, StudentAwardRow, TeacherAwardRow } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { labelFor } from '../people/queries';
import { calendarOf } from '../settings';

// Keys are the teacher's own words (a level, a grade, a category, a type) — or a merged package's:
// read and written as own properties only, so a word like '__proto__' is counted like any other and
// never reaches Object.prototype.
const hasOwn = (m: object, k: string) => Object.prototype.hasOwnProperty.call(m, k);
const put = <T>(m: Record<string, T>, k: string, v: T): T => {
  Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  return v;
};
/** m[k], made by `make` when m has no own k. */
const slot = <T>(m: Record<string, T>, k: string, make: () => T): T => (hasOwn(m, k) ? m[k] : put(m, k, make()));
const inc = (m: Record<string, number>, k: string, n = 1) => {
  put(m, k, (hasOwn(m, k) ? m[k] : 0) + n);
};

interface AwardRow {
  id: string;
  recipient_kind: string;
  work_id: string | null;
  person_id: string | null;
  person_kind: string | null;
  level: string;
  grade: string;
  awarded_on: string;
  competition: string | null;
  category: string | null;
  work_title: string | null;
  work_category: string | null;
  notes: string | null;
}

/** Higher level first, then better grade: negative when `x` is the better award. */
export function compareAwards(x: { level: string; grade: string }, y: { level: string; grade: string }): number {
  return (
    rankOf(AWARD_LEVELS, x.level) - rankOf(AWARD_LEVELS, y.level) ||
    rankOf(AWARD_GRADES, x.grade) - rankOf(AWARD_GRADES, y.grade)
  );
}

/** The title a personal award is known by: the 《…》 in its notes, else its category or competition. */
export function personalEntryTitle(aw: {
  notes: string | null;
  category: string | null;
  competition: string | null;
}): string {
  const m = /《([^》]+)》/.exec(aw.notes ?? '');
  return m ? m[1] : (aw.category ?? aw.competition ?? '个人奖项');
}

type Item = { title: string; level: string; grade: string };
/** Per person: awards, by level, and the best award of each work / personal entry. */
interface Tally {
  awards: number;
  byLevel: Record<string, number>;
  items: Map<string, Item>;
  own: number;
  personTimes: Map<string, number>;
}
const tally = (m: Map<string, Tally>, id: string): Tally => {
  let t = m.get(id);
  if (!t) m.set(id, (t = { awards: 0, byLevel: {}, items: new Map(), own: 0, personTimes: new Map() }));
  return t;
};
const keepBest = (items: Map<string, Item>, key: string, item: Item) => {
  const prev = items.get(key);
  if (!prev || compareAwards(item, prev) < 0) items.set(key, item);
};
const sortedItems = (t: Tally) => [...t.items.values()].sort(compareAwards);

export function computeStats(a: Archive, period: Period): Stats {
  const { from, to } = period;
  const db = a.db;
  const cal = calendarOf(a);

  const acts = db
    .prepare(
      `SELECT id, type, status, head_count FROM activities WHERE deleted_at IS NULL AND start_date BETWEEN ? AND ?`,
    )
    .all(from, to) as { id: string; type: string; status: string; head_count: number | null }[];
  const activitiesByType: Record<string, number> = {};
  const activitiesByStatus: Record<string, number> = {};
  let headCountEvents = 0,
    headCountTotal = 0;
  // 开展 counts what was held: planned activities are not yet, cancelled ones never were.
  const held = acts.filter((x) => x.status === 'done');
  for (const x of acts) inc(activitiesByStatus, x.status);
  for (const x of held) {
    inc(activitiesByType, x.type);
    if (x.head_count) {
      headCountEvents++;
      headCountTotal += x.head_count;
    }
  }
  const parts = db
    .prepare(
      `SELECT ap.person_id FROM activity_participants ap JOIN activities a ON a.id=ap.activity_id JOIN people p ON p.id=ap.person_id
    WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND a.status='done' AND a.start_date BETWEEN ? AND ?`,
    )
    .pluck()
    .all(from, to) as string[];

  const students = (
    db.prepare("SELECT stage, entry_year FROM people WHERE kind='student' AND deleted_at IS NULL").all() as {
      stage: string | null;
      entry_year: number;
    }[]
  ).filter(
    (s) => gradeNumberOf(s.entry_year, to, cal) >= 1 && gradeNumberOf(s.entry_year, from, cal) <= stageYears(s.stage),
  ).length;

  const awards = db
    .prepare(
      `SELECT aw.id, aw.recipient_kind, aw.work_id, aw.person_id, p.kind AS person_kind, aw.level, aw.grade, aw.awarded_on, c.name AS competition,
    aw.category, aw.notes, w.title AS work_title, w.category AS work_category
    FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id LEFT JOIN people p ON p.id=aw.person_id
    LEFT JOIN works w ON w.id=aw.work_id
    WHERE aw.deleted_at IS NULL AND (aw.work_id IS NULL OR w.deleted_at IS NULL) AND aw.awarded_on BETWEEN ? AND ?
    ORDER BY aw.awarded_on`,
    )
    .all(from, to) as AwardRow[];
  const authorsOf = db
    .prepare(
      `SELECT wa.person_id FROM work_authors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND p.deleted_at IS NULL ORDER BY wa.position`,
    )
    .pluck();
  const advisorsOf = db.prepare('SELECT person_id FROM work_advisors WHERE work_id=?').pluck();

  const awardsByLevel: Record<string, number> = {};
  const awardsByGrade: Record<string, number> = {};
  const levelGrade: Stats['levelGrade'] = {};
  const schoolAwards: Stats['schoolAwards'] = [];
  const studentsAwarded = new Set<string>();
  const teachersAwarded = new Set<string>();
  const bestLevelOfWork = new Map<string, string>();
  const categoryGrade: Stats['categoryGrade'] = {};
  const categoryOfWork = new Map<string, string>();
  const authorCountOfWork = new Map<string, number>();
  const personAwardsByLevel: Stats['personAwardsByLevel'] = { student: {}, teacher: {} };
  const studentTally = new Map<string, Tally>();
  const teacherTally = new Map<string, Tally>();
  let awardCount = 0,
    awardPersonTimes = 0;
  for (const aw of awards) {
    if (aw.recipient_kind === 'school' || SCHOOL_GRADES.includes(aw.grade)) {
      schoolAwards.push({
        id: aw.id,
        competition: aw.competition ?? '',
        level: aw.level,
        grade: aw.grade,
        awardedOn: aw.awarded_on,
      });
      continue;
    }
    const credited = aw.work_id ? (authorsOf.all(aw.work_id) as string[]) : aw.person_id ? [aw.person_id] : [];
    const personTimes = credited.length;
    awardCount++;
    awardPersonTimes += personTimes;
    inc(awardsByLevel, aw.level);
    inc(awardsByGrade, aw.grade);
    const cell = slot(
      slot(levelGrade, aw.level, () => ({})),
      aw.grade,
      () => ({ items: 0, personTimes: 0 }),
    );
    cell.items++;
    cell.personTimes += personTimes;
    const category = aw.category ?? aw.work_category ?? OTHER_CATEGORY;
    const ccell = slot(
      slot(categoryGrade, category, () => ({})),
      aw.grade,
      () => ({ items: 0, personTimes: 0 }),
    );
    ccell.items++;
    ccell.personTimes += personTimes;
    if (aw.work_id) {
      const item = { title: aw.work_title ?? '', level: aw.level, grade: aw.grade };
      credited.forEach((s) => {
        studentsAwarded.add(s);
        const t = tally(studentTally, s);
        t.awards++;
        inc(t.byLevel, aw.level);
        keepBest(t.items, aw.work_id!, item);
      });
      for (const tid of advisorsOf.all(aw.work_id) as string[]) {
        teachersAwarded.add(tid);
        const t = tally(teacherTally, tid);
        t.awards++;
        keepBest(t.items, aw.work_id, item);
        t.personTimes.set(aw.work_id, personTimes);
      }
      const prev = bestLevelOfWork.get(aw.work_id);
      if (!prev || rankOf(AWARD_LEVELS, aw.level) < rankOf(AWARD_LEVELS, prev))
        bestLevelOfWork.set(aw.work_id, aw.level);
      categoryOfWork.set(aw.work_id, aw.work_category ?? category);
      authorCountOfWork.set(aw.work_id, personTimes);
    } else if (aw.person_id) {
      const teacher = aw.person_kind === 'teacher';
      (teacher ? teachersAwarded : studentsAwarded).add(aw.person_id);
      inc(personAwardsByLevel[teacher ? 'teacher' : 'student'], aw.level);
      const t = tally(teacher ? teacherTally : studentTally, aw.person_id);
      t.awards++;
      if (teacher) t.own++;
      else inc(t.byLevel, aw.level);
      keepBest(t.items, `award:${aw.id}`, { title: personalEntryTitle(aw), level: aw.level, grade: aw.grade });
    }
  }
  const awardedWorksByCategory: Stats['awardedWorksByCategory'] = {};
  for (const [workId, lvl] of bestLevelOfWork)
    inc(
      slot(awardedWorksByCategory, categoryOfWork.get(workId)!, () => ({})),
      lvl,
    );

  // 学生获奖汇总 and 指导教师汇总: class as of the period's end; best award first, then more awards.
  const personRows = db
    .prepare(`SELECT * FROM people WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify([...studentTally.keys(), ...teacherTally.keys()])) as Record<string, unknown>[];
  const people = new Map(personRows.map((r) => [r.id as string, r]));
  const personLabel = (id: string) => {
    const r = people.get(id)!;
    return labelFor(
      { kind: r.kind, subject: r.subject, stage: r.stage, entryYear: r.entry_year, classNo: r.class_no } as Parameters<
        typeof labelFor
      >[0],
      to,
      cal,
    );
  };
  const byBest = <R extends { items: Item[]; awards: number; name: string }>(x: R, y: R) =>
    (x.items.length && y.items.length ? compareAwards(x.items[0], y.items[0]) : y.items.length - x.items.length) ||
    y.awards - x.awards ||
    x.name.localeCompare(y.name, 'zh-Hans-CN');
  const byStudent: StudentAwardRow[] = [...studentTally]
    .map(([id, t]) => {
      const items = sortedItems(t);
      return {
        id,
        name: String(people.get(id)?.name ?? ''),
        classLabel: personLabel(id),
        works: t.items.size,
        awards: t.awards,
        byLevel: t.byLevel,
        best: items[0]?.level ?? '',
        items,
      };
    })
    .sort(byBest);
  const byTeacher: TeacherAwardRow[] = [...teacherTally]
    .map(([id, t]) => {
      const items = sortedItems(t);
      const advised = [...t.items.keys()].filter((k) => !k.startsWith('award:'));
      const byLevel: Record<string, number> = {};
      for (const w of advised) inc(byLevel, bestLevelOfWork.get(w)!);
      return {
        id,
        name: String(people.get(id)?.name ?? ''),
        subject: (people.get(id)?.subject as string | null) ?? null,
        works: advised.length,
        awards: t.awards - t.own,
        studentPersonTimes: [...t.personTimes.values()].reduce((x, y) => x + y, 0),
        byLevel,
        ownAwards: t.own,
        items,
      };
    })
    .sort(byBest);
  const awardedWorksByLevel: Record<string, number> = {};
  for (const lvl of bestLevelOfWork.values()) inc(awardedWorksByLevel, lvl);

  // Works of the period: those that won in it, or were entered in it.
  const worksRows = db
    .prepare(
      `SELECT id, category FROM works w WHERE deleted_at IS NULL AND (substr(created_at,1,10) BETWEEN ? AND ?
    OR EXISTS (SELECT 1 FROM awards aw WHERE aw.work_id=w.id AND aw.deleted_at IS NULL AND aw.awarded_on BETWEEN ? AND ?))`,
    )
    .all(from, to, from, to) as { id: string; category: string }[];
  const worksByCategory: Record<string, number> = {};
  for (const w of worksRows) inc(worksByCategory, w.category);

  const photos = photoCounts(a, from, to);

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
    photos: photos.linked + photos.unlinked,
    categoryGrade,
    awardedWorksByCategory,
    awardedWorkPersonTimes: [...authorCountOfWork.values()].reduce((x, y) => x + y, 0),
    personAwardsByLevel,
    byStudent,
    byTeacher,
  };
}

/**
 * 活动照片 of a period: photos linked to the activities held in it (whatever date the camera wrote),
 * plus photos linked to no activity that were taken in it. Each photo once.
 */
export function photoCounts(a: Archive, from: string, to: string): { linked: number; unlinked: number } {
  const linked = a.db
    .prepare(
      `SELECT COUNT(DISTINCT m.id) FROM media m JOIN media_links l ON l.media_id=m.id AND l.target_kind='activity'
    JOIN activities x ON x.id=l.target_id WHERE m.kind='photo' AND m.deleted_at IS NULL AND x.deleted_at IS NULL AND x.status='done'
    AND x.start_date BETWEEN ? AND ?`,
    )
    .pluck()
    .get(from, to) as number;
  const unlinked = a.db
    .prepare(
      `SELECT COUNT(*) FROM media m WHERE m.kind='photo' AND m.deleted_at IS NULL
    AND substr(COALESCE(m.taken_at, m.created_at),1,10) BETWEEN ? AND ?
    AND NOT EXISTS (SELECT 1 FROM media_links l JOIN activities x ON x.id=l.target_id WHERE l.media_id=m.id AND l.target_kind='activity' AND x.deleted_at IS NULL)`,
    )
    .pluck()
    .get(from, to) as number;
  return { linked, unlinked };
}

/** The date of the archive's first record (a held activity or an award), or null when it has none. */
export function firstRecordDate(a: Archive): string | null {
  return (
    (a.db
      .prepare(
        `SELECT MIN(d) FROM (SELECT MIN(start_date) AS d FROM activities WHERE deleted_at IS NULL AND status='done'
    UNION ALL SELECT MIN(awarded_on) FROM awards WHERE deleted_at IS NULL)`,
      )
      .pluck()
      .get() as string | null) ?? null
  );
}

/** The 学年 start years that have any record, newest first (for pickers). */
export function schoolYearsWithData(a: Archive): number[] {
  const cal = calendarOf(a);
  const dates = a.db
    .prepare(
      `SELECT start_date FROM activities WHERE deleted_at IS NULL UNION SELECT awarded_on FROM awards WHERE deleted_at IS NULL`,
    )
    .pluck()
    .all() as string[];
  return [...new Set(dates.map((d) => schoolYearOf(d, cal)))].sort((x, y) => y - x);
}

/** The 与上期对比 table: the same numbers for two periods of the same kind. */
export function comparisonRows(
  cur: Stats,
  prev: Stats,
): { label: string; unit: string; current: number; previous: number }[] {
  const row = (label: string, unit: string, f: (s: Stats) => number) => ({
    label,
    unit,
    current: f(cur),
    previous: f(prev),
  });
  const levels = AWARD_LEVELS.filter((l) => cur.awardedWorksByLevel[l] || prev.awardedWorksByLevel[l]);
  return [
    row('开展活动', '项', (s) => s.activities),
    row('学生参与', '人次', (s) => s.participantPersonTimes),
    row('参与学生', '人', (s) => s.distinctParticipants),
    row('全校或年级活动', '项', (s) => s.headCountEvents),
    row('获奖作品', '项', (s) => s.awardedWorks),
    ...levels.map((l) => row(`其中${l}`, '项', (s) => s.awardedWorksByLevel[l] ?? 0)),
    row('获奖学生', '人', (s) => s.studentsAwarded),
    row('学生获奖', '人次', (s) => s.awardedWorkPersonTimes),
    row('指导获奖的教师', '人', (s) => s.byTeacher.filter((t) => t.works > 0).length),
    row('活动照片', '张', (s) => s.photos),
  ];
}
