// 学生 and 教师. Students store 入学年份 + 班号; 年级 and the class label are computed for any date.
import type { z } from 'zod';
import { classLabelOf, isGraduated, type CalendarSettings } from '../../../shared/domain/calendar';
import { STAGES, type Stage } from '../../../shared/domain/vocab';
import type { PeopleFilter } from '../../../shared/calls/people';
import { STUDENT_FIELDS, TEACHER_FIELDS, type Person, type PersonInput } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { notFound } from '../errors';
import { insertEntity, logChange, mapRow, nowIso, today, updateEntity } from '../rows';
import { calendarOf } from '../settings';
import { translate } from '../../../shared/i18n/messages';

type Row = Omit<Person, 'classLabel'>;

export function labelFor(p: Row, asOf: string, cal: CalendarSettings): string {
  if (p.kind === 'teacher')
    return p.subject
      ? translate('core.person.subjectTeacher', { subject: p.subject })
      : translate('core.person.teacher');
  return classLabelOf((p.stage ?? STAGES[0]) as Stage, p.entryYear!, p.classNo, asOf, cal);
}

function withLabel(a: Archive, row: Record<string, unknown>, asOf?: string): Person {
  const p = mapRow<Row>(row);
  return { ...p, classLabel: labelFor(p, asOf ?? today(a), calendarOf(a)) };
}

function fieldsOf(input: PersonInput): Record<string, unknown> {
  const f: Record<string, unknown> = { kind: input.kind, name: input.name };
  const keys = input.kind === 'student' ? STUDENT_FIELDS : TEACHER_FIELDS;
  for (const k of keys) f[k] = (input as Record<string, unknown>)[k] ?? null;
  if (input.kind === 'student' && !f.stage) f.stage = STAGES[0];
  return f;
}

export function createPerson(a: Archive, input: PersonInput): Person {
  const id = insertEntity(a, 'people', fieldsOf(input));
  logChange(a, 'person', id, 'create', input.name);
  return getPerson(a, id);
}

export function updatePerson(a: Archive, id: string, input: PersonInput): Person {
  updateEntity(a, 'people', id, fieldsOf(input));
  logChange(a, 'person', id, 'update', input.name);
  return getPerson(a, id);
}

export function getPerson(a: Archive, id: string, asOf?: string): Person {
  const row = a.db.prepare('SELECT * FROM people WHERE id=? AND deleted_at IS NULL').get(id) as
    Record<string, unknown> | undefined;
  if (!row) throw notFound(translate('core.notFound.person', { id }));
  return withLabel(a, row, asOf);
}

/** Graduated students are archived, never deleted. */
export function setArchived(a: Archive, id: string, archived: boolean): Person {
  updateEntity(a, 'people', id, { archivedAt: archived ? nowIso(a) : null });
  logChange(a, 'person', id, archived ? 'archive' : 'unarchive');
  return getPerson(a, id);
}

/** The filter as SQL over `people` (shared by people.list and its count). */
export function peopleWhere(f: Omit<z.output<typeof PeopleFilter>, 'limit' | 'asOf'>): {
  where: string[];
  params: unknown[];
} {
  const where = ['deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.kind) {
    where.push('kind=?');
    params.push(f.kind);
  }
  if (!f.includeArchived) where.push('archived_at IS NULL');
  if (f.text) {
    where.push("(name LIKE ? ESCAPE '\\' OR student_no LIKE ? ESCAPE '\\')");
    const t = `%${f.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    params.push(t, t);
  }
  return { where, params };
}

/** At most `limit` people (every one without it: the Excel export). */
export function listPeople(a: Archive, f: Omit<z.output<typeof PeopleFilter>, 'limit'> & { limit?: number }): Person[] {
  const { where, params } = peopleWhere(f);
  const rows = a.db
    .prepare(
      `SELECT * FROM people WHERE ${where.join(' AND ')} ORDER BY kind DESC, entry_year DESC, class_no, name LIMIT ?`,
    )
    .all(...params, f.limit ?? -1) as Record<string, unknown>[];
  const asOf = f.asOf ?? today(a);
  const cal = calendarOf(a);
  return rows.map((r) => {
    const p = mapRow<Row>(r);
    return { ...p, classLabel: labelFor(p, asOf, cal) };
  });
}

export function namesOf(a: Archive, ids: readonly string[]): string[] {
  const get = a.db.prepare('SELECT name FROM people WHERE id=?').pluck();
  return ids.map((id) => (get.get(id) as string | undefined) ?? '');
}

/** 毕业: students past the last 年级 of their stage on `asOf` are archived (kept, hidden from lists). */
export function archiveGraduated(a: Archive, asOf: string): { archived: number } {
  const cal = calendarOf(a);
  const rows = a.db
    .prepare(
      "SELECT id, stage, entry_year FROM people WHERE kind='student' AND deleted_at IS NULL AND archived_at IS NULL",
    )
    .all() as { id: string; stage: string | null; entry_year: number }[];
  const done = rows.filter((r) => isGraduated(r.stage, r.entry_year, asOf, cal));
  const set = a.db.prepare('UPDATE people SET archived_at=?, updated_at=? WHERE id=?');
  const t = nowIso(a);
  for (const r of done) {
    set.run(t, t, r.id);
    logChange(a, 'person', r.id, 'archive', translate('core.log.graduated'));
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
