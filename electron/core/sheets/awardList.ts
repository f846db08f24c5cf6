// One row of a 获奖名单 → students, advisors, the work, the competition and the award, each
// found or created. Importing the same sheet twice finds everything the first run made: students
// by name + class, works by title + the same authors, competitions by name + 届次 + 年度, awards by
// work (or person) + competition + 级别 + 等级.
import { AWARD_LEVELS, rankOf, SCHOOL_GRADES, STAGES, UNCATEGORIZED, type Stage } from '../../../shared/domain/vocab';
import { classLabelOf } from '../../../shared/domain/calendar';
import { translate } from '../../../shared/i18n/messages';
import { AwardInput, StudentFields, TeacherFields, WorkInput } from '../../../shared/schemas';
import { createAward, updateAward } from '../awards/queries';
import { findOrCreateCompetition } from '../competitions/queries';
import type { Archive } from '../db/open';
import { createPerson } from '../people/queries';
import { getWork, createWork, updateWork } from '../works/queries';
import {
  awardLevelOf,
  categoryIn,
  cleanName,
  dateInRange,
  dayOfYear,
  gradeIn,
  isExamLevel,
  levelFromCompetition,
  looksLikeSchool,
  normalizeCategory,
  normalizeSession,
  notAName,
  parseDate,
  parseStage,
  parseYear,
  sameSchool,
  sessionInName,
  splitNames,
  yearInName,
} from './cells';
import { resolveStudent, resolveTeacher } from './match';
import {
  all,
  classOf,
  entryYearFor,
  one,
  raw,
  rowError,
  say,
  RowOutcome,
  type RunState,
  type SheetRecord,
} from './run';

/** What the title rows above the header say (a 获奖名单 often names its competition only there). */
export interface SheetContext {
  competition: { name: string; session: string | null; year: number | null } | null;
  /** A list of teachers' honours (优秀辅导员, 优秀指导教师): its names are teachers. */
  teacherList: boolean;
}

/** Honours of a teacher, not of a pupil. */
export const TEACHER_HONOUR = /优秀(?:科技)?(?:辅导员|辅导教师|指导教师|指导老师|教练员?)|科技辅导员/;

interface NewStudent {
  name: string;
  stage: Stage;
  entryYear: number;
  classNo: number | null;
  asOf: string;
}
type StudentRef = { id: string } | { create: NewStudent };

interface AwardRow {
  id: string;
  competition_id: string | null;
  level: string;
  grade: string;
  category: string | null;
  certificate_no: string | null;
  awarded_on: string;
  notes: string | null;
  promoted_from_id: string | null;
}

export function importAwardRow(st: RunState, rec: SheetRecord, sheet: SheetContext): RowOutcome {
  const out = new RowOutcome(st, rec.row);
  const { a, cal } = st;
  const parts = [rec, ...rec.continuations];

  // Whose row is it: a 学校/单位 column naming another school is not ours (a namesake of our
  // pupil in another school is another child).
  const schoolCell = raw(rec, 'school');
  const ourSchool = schoolCell ? st.school.some((n) => sameSchool(n, schoolCell)) : null;
  if (ourSchool === false) return out.skip(translate('sheets.reason.otherSchool', { school: schoolCell }));

  // 等级 from its vocabulary: '一等奖', '国家级一等奖', or a sentence holding one
  // ('省赛一等奖，推荐参加国赛'). A score (99) or an exam level (中级) is never a grade.
  const awardText = raw(rec, 'award');
  if (!awardText) return out.skip(translate('sheets.reason.noAward'));
  const split = gradeIn(awardText);
  if (!split) return out.skip(translate('sheets.reason.notAGrade', { text: awardText }));
  const grade = split.grade;

  let compName = one(rec, 'competition');
  let session = normalizeSession(one(rec, 'session')) || null;
  let year = parseYear(one(rec, 'year'));
  const yearText = one(rec, 'year');
  if (yearText && year === null) return out.skip(translate('sheets.reason.badYear', { text: yearText }));
  let yearFrom: 'column' | 'name' | 'session' | null = year !== null ? 'column' : null;
  if (compName) {
    const [rest, y] = yearInName(compName);
    const [name, s] = sessionInName(rest);
    compName = name;
    session ??= s;
    if (year === null && y !== null) {
      year = y;
      yearFrom = 'name';
    }
  } else if (sheet.competition) {
    compName = sheet.competition.name;
    session ??= sheet.competition.session;
    if (year === null && sheet.competition.year !== null) {
      year = sheet.competition.year;
      yearFrom = 'name';
    }
  }
  // 第二十三届 of a competition the archive already knows: its year is known.
  if (year === null && compName && session) {
    const known = a.db
      .prepare(
        'SELECT year FROM competitions WHERE deleted_at IS NULL AND name=? AND session=? AND year IS NOT NULL ORDER BY id',
      )
      .pluck()
      .get(compName, session) as number | undefined;
    if (known) {
      year = known;
      yearFrom = 'session';
    }
  }
  const levelText = one(rec, 'level');
  let level = levelText ? (awardLevelOf(levelText) ?? '') : '';
  if (levelText && !level)
    out.note(
      translate(isExamLevel(levelText) ? 'sheets.action.examLevel' : 'sheets.action.levelUnread', { text: levelText }),
    );
  level ||= split.level;
  if (!level && compName) {
    level = levelFromCompetition(compName) ?? '';
    if (level) out.note(translate('sheets.action.levelFromName', { level }));
  }
  if (!level) return out.skip(translate('sheets.reason.noLevel'));

  // The date: read from the row, else from its year, else the sheet's date the teacher confirmed.
  const dateText = one(rec, 'awardedOn');
  let awardedOn = dateText ? parseDate(dateText) : null;
  if (dateText && !awardedOn) return out.skip(translate('sheets.reason.badDate', { text: dateText }));
  if (awardedOn && !dateInRange(awardedOn, st.today))
    return out.skip(translate('sheets.reason.dateRange', { text: dateText }));
  if (awardedOn) year ??= Number(awardedOn.slice(0, 4));
  if (!awardedOn && year !== null) {
    awardedOn = st.defaultDate?.startsWith(`${year}-`) ? st.defaultDate : dayOfYear(year);
    if (!dateInRange(awardedOn, st.today))
      return out.skip(translate('sheets.reason.dateRange', { text: String(year) }));
    out.note(translate(`sheets.action.dateFrom.${yearFrom ?? 'column'}`, { year, date: awardedOn }));
  }
  if (!awardedOn) {
    if (!st.defaultDate) {
      st.undated++;
      return out.skip(say(st.cli, 'sheets.reason.noDate'));
    }
    awardedOn = st.defaultDate;
    out.note(
      translate(`sheets.action.dateFrom.${st.dateSource ?? 'request'}`, { date: awardedOn, clue: st.dateClue ?? '' }),
    );
  }
  const title = one(rec, 'title').replace(/^《(.*)》$/, '$1');
  const division = parseStage(one(rec, 'division'));

  // A list of 优秀辅导员 / 优秀指导教师: the names are teachers, their pupils a note, never winners.
  if (sheet.teacherList || TEACHER_HONOUR.test(grade)) {
    const names = [...new Set(parts.flatMap((p) => all(p, 'students').flatMap(splitNames)).map(cleanName))];
    if (!names.length) return out.skip(translate('sheets.reason.noRecipient'));
    const teachers: ({ id: string } | { create: string })[] = [];
    for (const name of names) {
      if (looksLikeSchool(name) || notAName(name)) return out.skip(translate('sheets.reason.notAName', { text: name }));
      const res = resolveTeacher(a, name, st.choices);
      if (res.kind === 'skip') return out.skip(res.reason);
      if (res.kind === 'ask') out.ask(res.choice, res.reason);
      else teachers.push(res.kind === 'match' ? { id: res.id } : { create: name });
    }
    if (out.choices.length) return out.finish();
    const pupils = [...new Set(parts.flatMap((p) => all(p, 'pupils').flatMap(splitNames)).map(cleanName))];
    const notes =
      [
        pupils.length ? translate('sheets.note.pupils', { names: pupils.join('、') }) : '',
        ...parts.flatMap((p) => all(p, 'notes')),
      ]
        .filter(Boolean)
        .join('；') || null;
    try {
      const competitionId = competitionOf(st, out, rec, { name: compName, session, year, level });
      for (const t of teachers) {
        const personId = 'id' in t ? t.id : createTeacher(st, out, t.create);
        upsertAward(
          st,
          out,
          {
            competitionId,
            level,
            grade,
            category: null,
            certificateNo: one(rec, 'certificateNo') || null,
            awardedOn,
            notes,
            recipientKind: 'person',
            personId,
          },
          !!dateText,
        );
      }
    } catch (e) {
      return out.skip(rowError(e));
    }
    return out.finish(firstTouch(st, out));
  }

  // Students: several in one cell, several columns, or one per merged row; classes paired in order.
  const refs: StudentRef[] = [];
  const labels: string[] = [];
  const seen = new Set<string>();
  let schoolNamed = false;
  for (const p of parts) {
    const names = all(p, 'students').flatMap(splitNames).map(cleanName);
    const classes = all(p, 'className')
      .flatMap((c) => c.split(/[、,，;；/]+/))
      .map((c) => c.trim())
      .filter(Boolean);
    const gradeText = one(p, 'gradeLabel');
    for (const [i, name] of names.entries()) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (st.school.some((n) => sameSchool(n, name))) {
        schoolNamed = true;
        continue;
      }
      if (looksLikeSchool(name))
        return out.skip(
          say(st.cli, st.school.length ? 'sheets.reason.otherSchool' : 'sheets.reason.schoolUnknown', { school: name }),
        );
      if (notAName(name)) return out.skip(translate('sheets.reason.notAName', { text: name }));
      const classText = classes.length === names.length ? classes[i] : classes.length === 1 ? classes[0] : '';
      const cls = classOf(classText, gradeText);
      if (cls.unreadable) return out.skip(translate('sheets.reason.badClass', { text: cls.text }));
      // A class in a 获奖名单 is the class on the day of the award, unless the teacher said otherwise.
      const classDay = st.classesAsOfRequest ? st.asOf : awardedOn;
      const entryYear = entryYearFor(cls.parsed, classDay, cal);
      const stage = (cls.parsed?.stage ?? division ?? null) as Stage | null;
      const res = resolveStudent(
        st.students,
        cal,
        {
          name,
          classText: cls.text,
          stage,
          entryYear,
          classNo: cls.parsed?.classNo ?? null,
          studentNo: null,
          asOf: classDay,
        },
        entryYear !== null,
        st.choices,
        st.createdStudents,
      );
      if (res.kind === 'skip') return out.skip(res.reason);
      if (res.kind === 'ask') {
        out.ask(res.choice, res.reason);
        continue;
      }
      if (res.kind === 'match') {
        refs.push({ id: res.person.id });
        labels.push(name);
        continue;
      }
      refs.push({
        create: {
          name,
          stage: stage ?? STAGES[0],
          entryYear: entryYear!,
          classNo: cls.parsed?.classNo ?? null,
          asOf: classDay,
        },
      });
      labels.push(name);
    }
  }
  const advisorNames = [
    ...new Set(
      parts
        .flatMap((p) => all(p, 'advisors').flatMap(splitNames))
        .map(cleanName)
        .filter((n) => !notAName(n)),
    ),
  ];
  const advisors: ({ id: string } | { create: string })[] = [];
  for (const name of advisorNames) {
    const res = resolveTeacher(a, name, st.choices);
    if (res.kind === 'skip') return out.skip(res.reason);
    if (res.kind === 'ask') out.ask(res.choice, res.reason);
    else advisors.push(res.kind === 'match' ? { id: res.id } : { create: name });
  }
  if (out.choices.length) return out.finish();

  if (title && refs.length === 0) return out.skip(translate('sheets.reason.noAuthors', { title }));
  if (title && refs.length > 3) return out.skip(translate('sheets.reason.tooManyAuthors', { n: refs.length }));
  // The school's own honour: its name as the recipient, or a school grade (优秀组织奖, 团体奖) with no pupil.
  const isSchool =
    !title &&
    refs.length === 0 &&
    (schoolNamed || SCHOOL_GRADES.includes(grade) || (/团体|组织/.test(grade) && ourSchool === true));
  if (!title && refs.length === 0 && !isSchool) return out.skip(translate('sheets.reason.noRecipient'));

  try {
    const studentIds = refs.map((r) => ('id' in r ? r.id : createStudent(st, out, r.create)));
    const advisorIds = advisors.map((t) => ('id' in t ? t.id : createTeacher(st, out, t.create)));
    const competitionId = competitionOf(st, out, rec, { name: compName, session, year, level });
    const category = normalizeCategory(one(rec, 'category')) || null;
    const base = {
      competitionId,
      level,
      grade,
      category,
      certificateNo: one(rec, 'certificateNo') || null,
      awardedOn,
      notes: parts.flatMap((p) => all(p, 'notes')).join('；') || null,
    };
    const dated = !!dateText;
    if (title) {
      const workId = findOrCreateWork(st, out, {
        title,
        category: category ?? categoryIn(compName) ?? UNCATEGORIZED,
        subject: one(rec, 'subject') || null,
        stage: division,
        authorIds: studentIds,
        advisorIds,
      });
      upsertAward(st, out, { ...base, recipientKind: 'work', workId }, dated);
    } else if (isSchool) {
      upsertAward(st, out, { ...base, recipientKind: 'school' }, dated);
    } else {
      for (const personId of studentIds) upsertAward(st, out, { ...base, recipientKind: 'person', personId }, dated);
    }
  } catch (e) {
    return out.skip(rowError(e));
  }
  return out.finish(firstTouch(st, out));
}

const countCompetitions = (a: Archive) => a.db.prepare('SELECT COUNT(*) FROM competitions').pluck().get() as number;

/** The row's competition (found, or created and reported as new); null when the row names none. */
function competitionOf(
  st: RunState,
  out: RowOutcome,
  rec: SheetRecord,
  f: {
    name: string;
    session: string | null;
    year: number | null;
    level: Parameters<typeof findOrCreateCompetition>[1]['level'];
  },
): string | null {
  if (!f.name) return null;
  const before = countCompetitions(st.a);
  const c = findOrCreateCompetition(st.a, { ...f, organizer: one(rec, 'organizer') || null });
  if (countCompetitions(st.a) > before)
    out.create(
      'competitions',
      c.id,
      translate('sheets.action.newCompetition', {
        name: [f.year ? translate('core.sheets.competitionYear', { year: f.year }) : '', f.session ?? '', c.name].join(
          '',
        ),
      }),
    );
  return c.id;
}

function createStudent(st: RunState, out: RowOutcome, s: NewStudent): string {
  const input = StudentFields.parse({
    kind: 'student',
    name: s.name,
    stage: s.stage,
    entryYear: s.entryYear,
    classNo: s.classNo,
  });
  const p = createPerson(st.a, input);
  st.students.put(p);
  out.create(
    'students',
    p.id,
    translate('sheets.action.newStudent', {
      name: s.name,
      cls: classLabelOf(s.stage, s.entryYear, s.classNo, s.asOf, st.cal),
    }),
  );
  return p.id;
}

function createTeacher(st: RunState, out: RowOutcome, name: string): string {
  const p = createPerson(st.a, TeacherFields.parse({ kind: 'teacher', name }));
  out.create('teachers', p.id, translate('sheets.action.newTeacher', { name }));
  return p.id;
}

/** The work with this title and exactly these authors, or a new one. Advisors the sheet adds are appended. */
function findOrCreateWork(
  st: RunState,
  out: RowOutcome,
  w: {
    title: string;
    category: string;
    subject: string | null;
    stage: Stage | null;
    authorIds: string[];
    advisorIds: string[];
  },
): string {
  const { a } = st;
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && [...x].sort().join() === [...y].sort().join();
  const ids = a.db
    .prepare('SELECT id FROM works WHERE deleted_at IS NULL AND title=? ORDER BY id')
    .pluck()
    .all(w.title) as string[];
  for (const id of ids) {
    const authors = a.db
      .prepare('SELECT person_id FROM work_authors WHERE work_id=? ORDER BY position')
      .pluck()
      .all(id) as string[];
    if (!same(authors, w.authorIds)) continue;
    const work = getWork(a, id);
    const missing = w.advisorIds.filter((t) => !work.advisorIds.includes(t));
    const fillCategory = work.category === UNCATEGORIZED && w.category !== UNCATEGORIZED;
    const fillSubject = !work.subject && !!w.subject;
    if (missing.length || fillCategory || fillSubject) {
      updateWork(
        a,
        id,
        WorkInput.parse({
          title: work.title,
          category: fillCategory ? w.category : work.category,
          subject: work.subject ?? w.subject,
          stage: work.stage ?? w.stage,
          authorIds: work.authorIds,
          groupId: work.groupId,
          advisorIds: [...work.advisorIds, ...missing],
          summary: work.summary,
        }),
      );
      const fields = [
        missing.length ? translate('core.sheets.field.advisors') : '',
        fillCategory ? translate('core.sheets.field.category') : '',
        fillSubject ? translate('core.sheets.field.subject') : '',
      ]
        .filter(Boolean)
        .join('、');
      out.update('works', id, translate('sheets.action.updateWork', { title: w.title, fields }));
    } else out.touch(id);
    return id;
  }
  const created = createWork(a, WorkInput.parse(w));
  out.create('works', created.id, translate('sheets.action.newWork', { title: w.title }));
  return created.id;
}

type AwardFields = {
  competitionId: string | null;
  level: string;
  grade: string;
  category: string | null;
  certificateNo: string | null;
  awardedOn: string;
  notes: string | null;
} & (
  | { recipientKind: 'work'; workId: string }
  | { recipientKind: 'person'; personId: string }
  | { recipientKind: 'school' }
);

function upsertAward(st: RunState, out: RowOutcome, f: AwardFields, dated: boolean): void {
  const { a } = st;
  const who = f.recipientKind === 'work' ? 'AND work_id=?' : f.recipientKind === 'person' ? 'AND person_id=?' : '';
  const params: unknown[] = [f.recipientKind, f.competitionId ?? '', f.level, f.grade];
  if (f.recipientKind === 'work') params.push(f.workId);
  if (f.recipientKind === 'person') params.push(f.personId);
  const existing = a.db
    .prepare(
      `SELECT * FROM awards WHERE deleted_at IS NULL AND recipient_kind=? AND IFNULL(competition_id,'')=? AND level=? AND grade=? ${who} ORDER BY id`,
    )
    .get(...params) as AwardRow | undefined;
  const label = `${f.level}${f.grade}`;
  if (!existing) {
    let promotedFromId: string | null = null;
    if (f.recipientKind === 'work') {
      // The same work advancing 县 → 市 → 省 → 国: link to the highest lower-level award before this one.
      const rank = rankOf(AWARD_LEVELS, f.level);
      const lower = (
        a.db
          .prepare('SELECT id, level, awarded_on FROM awards WHERE deleted_at IS NULL AND work_id=? AND awarded_on<=?')
          .all(f.workId, f.awardedOn) as { id: string; level: string; awarded_on: string }[]
      )
        .filter(
          (x) =>
            rank < AWARD_LEVELS.length &&
            rankOf(AWARD_LEVELS, x.level) > rank &&
            rankOf(AWARD_LEVELS, x.level) < AWARD_LEVELS.length,
        )
        .sort(
          (x, y) =>
            rankOf(AWARD_LEVELS, x.level) - rankOf(AWARD_LEVELS, y.level) || y.awarded_on.localeCompare(x.awarded_on),
        )[0];
      if (lower) {
        promotedFromId = lower.id;
        out.note(translate('sheets.action.promoted', { award: lower.level }));
      }
    }
    const created = createAward(a, AwardInput.parse({ ...f, promotedFromId }));
    out.create('awards', created.id, translate('sheets.action.newAward', { award: label }));
    return;
  }
  const changes: string[] = [];
  const next = {
    certificateNo: existing.certificate_no,
    awardedOn: existing.awarded_on,
    category: existing.category,
    notes: existing.notes,
  };
  if (f.certificateNo && f.certificateNo !== existing.certificate_no) {
    next.certificateNo = f.certificateNo;
    changes.push(translate('core.sheets.field.certificateNo'));
  }
  if (dated && f.awardedOn !== existing.awarded_on) {
    next.awardedOn = f.awardedOn;
    changes.push(translate('core.sheets.field.awardedOn'));
  }
  if (f.category && f.category !== existing.category) {
    next.category = f.category;
    changes.push(translate('core.sheets.field.category'));
  }
  if (f.notes && f.notes !== existing.notes) {
    next.notes = f.notes;
    changes.push(translate('core.sheets.field.notes'));
  }
  if (changes.length) {
    updateAward(a, existing.id, AwardInput.parse({ ...f, ...next, promotedFromId: existing.promoted_from_id }));
    out.update(
      'awards',
      existing.id,
      translate('sheets.action.updateAward', { award: label, fields: changes.join('、') }),
    );
  } else if (!st.touched.has(existing.id)) out.touch(existing.id);
  else out.lastSeen = st.touched.get(existing.id)!;
}

/** For a row that changed nothing: was it the same record as an earlier row of this sheet? */
function firstTouch(st: RunState, out: RowOutcome): string | undefined {
  return out.lastSeen !== undefined && out.lastSeen !== out.row
    ? translate('sheets.reason.sameAsRow', { row: out.lastSeen })
    : undefined;
}
