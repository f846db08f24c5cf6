// Who a name in a sheet is. Same name in two classes asks the teacher, never guesses:
// an exact class match is taken, a single namesake with no class given is taken, anything else
// becomes a choice (existing people, a new student when the class says who, or skip).
import type { CalendarSettings } from '../../../shared/domain/calendar';
import type { NameChoice } from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import type { Person } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { mapRow } from '../rows';
import { labelFor } from '../people/queries';

type Row = Omit<Person, 'classLabel'>;

/** What the sheet says about one student. */
export interface StudentClue {
  name: string;
  /** The class as written (for the choice label), '' if none. */
  classText: string;
  stage: string | null;
  entryYear: number | null;
  classNo: number | null;
  studentNo: string | null;
  /** Day the class label is read for. */
  asOf: string;
}

export type Resolution =
  | { kind: 'match'; person: Row }
  | { kind: 'new' }
  | { kind: 'ask'; choice: NameChoice; reason: string }
  | { kind: 'skip'; reason: string };

export const NEW = 'new';
export const SKIP = 'skip';
export const studentKey = (c: Pick<StudentClue, 'name' | 'classText'>) => `s:${c.name}|${c.classText}`;
export const teacherKey = (name: string) => `t:${name}`;

/**
 * Every live student by name and by 学号, loaded once per import and kept up to date as rows
 * create or change students (a big 花名册 would otherwise scan the table for every row).
 * Changes made by a row that is rolled back are undone with `undo(mark)`.
 */
export class StudentIndex {
  private byId = new Map<string, Row>();
  private byName = new Map<string, Row[]>();
  private byNo = new Map<string, Row[]>();
  private journal: { id: string; before: Row | undefined }[] = [];

  constructor(a: Archive) {
    const rows = a.db.prepare("SELECT * FROM people WHERE kind='student' AND deleted_at IS NULL").all() as Record<
      string,
      unknown
    >[];
    for (const r of rows) this.add(mapRow<Row>(r));
  }
  named(name: string): Row[] {
    return [...(this.byName.get(nameKey(name)) ?? [])].sort(
      (x, y) =>
        (y.entryYear ?? 0) - (x.entryYear ?? 0) || (x.classNo ?? 0) - (y.classNo ?? 0) || x.id.localeCompare(y.id),
    );
  }
  withStudentNo(no: string): Row | undefined {
    return this.byNo.get(no)?.[0];
  }
  /** Adds or replaces a student (after create or update). */
  put(p: Person | Row): void {
    const row = { ...p } as Row & { classLabel?: string };
    delete row.classLabel;
    this.journal.push({ id: row.id, before: this.byId.get(row.id) });
    this.remove(row.id);
    this.add(row);
  }
  mark(): number {
    return this.journal.length;
  }
  undo(mark: number): void {
    while (this.journal.length > mark) {
      const { id, before } = this.journal.pop()!;
      this.remove(id);
      if (before) this.add(before);
    }
  }
  private add(p: Row) {
    this.byId.set(p.id, p);
    push(this.byName, nameKey(p.name), p);
    if (p.studentNo) push(this.byNo, p.studentNo, p);
  }
  private remove(id: string) {
    const p = this.byId.get(id);
    if (!p) return;
    this.byId.delete(id);
    pull(this.byName, nameKey(p.name), id);
    if (p.studentNo) pull(this.byNo, p.studentNo, id);
  }
}
/** A name as the duplicate check compares it (records.duplicates does the same): '邓 佳' typed with a
 * blank in the form is the 邓佳 of the 花名册. */
export const nameKey = (name: string) => name.replace(/[\s\u3000]+/g, '');
const push = (m: Map<string, Row[]>, k: string, p: Row) => {
  const l = m.get(k);
  if (l) l.push(p);
  else m.set(k, [p]);
};
const pull = (m: Map<string, Row[]>, k: string, id: string) => {
  const l = m.get(k)?.filter((x) => x.id !== id);
  if (l?.length) m.set(k, l);
  else m.delete(k);
};

export function personLabel(p: Row, asOf: string, cal: CalendarSettings): string {
  return [p.name, labelFor(p, asOf, cal), p.studentNo ? translate('core.person.studentNo', { no: p.studentNo }) : '']
    .filter(Boolean)
    .join(' · ');
}

/** Same stage, 入学年份 and 班 where both sides say; a differing 学号 rules a student out. */
function compatible(p: Row, c: StudentClue): boolean {
  if (c.entryYear !== null && p.entryYear !== c.entryYear) return false;
  if (c.stage && p.stage && p.stage !== c.stage) return false;
  if (c.classNo !== null && p.classNo !== null && p.classNo !== c.classNo) return false;
  if (c.studentNo && p.studentNo && p.studentNo !== c.studentNo) return false;
  return true;
}

/**
 * Resolves a student. `canCreate`: the clue has enough (入学年份) to make a new student.
 * `choices` holds the teacher's answers by key.
 */
export function resolveStudent(
  index: StudentIndex,
  cal: CalendarSettings,
  c: StudentClue,
  canCreate: boolean,
  choices: Record<string, string>,
  createdHere: ReadonlySet<string> = new Set(),
): Resolution {
  const key = studentKey(c);
  // A namesake this very sheet just created in another class is another child, not a question.
  const candidates = index
    .named(c.name)
    .filter((p) => !(createdHere.has(p.id) && (c.entryYear !== null || c.classNo !== null) && !compatible(p, c)));
  const answer = choices[key];
  const fits = candidates.filter((p) => compatible(p, c));
  const hasClass = c.entryYear !== null || c.classNo !== null;
  if (answer === SKIP) return { kind: 'skip', reason: translate('sheets.reason.skipChosen') };
  // 新建 answers a question this row no longer raises once the class names exactly one child: the
  // one that answer created (the sheet imported again, or the same child on two rows), never a third.
  if (answer === NEW && canCreate && !(hasClass && fits.length === 1)) return { kind: 'new' };
  if (answer && answer !== NEW) {
    const chosen = candidates.find((p) => p.id === answer);
    if (chosen) return { kind: 'match', person: chosen };
  }
  if (fits.length === 1 && (hasClass || candidates.length === 1)) return { kind: 'match', person: fits[0] };
  if (candidates.length === 0) {
    return canCreate ? { kind: 'new' } : { kind: 'skip', reason: translate('sheets.reason.noClass', { name: c.name }) };
  }
  const cls = c.classText || translate('sheets.choice.noClass');
  const options = candidates.map((p) => ({ value: p.id, label: personLabel(p, c.asOf, cal) }));
  if (canCreate) options.push({ value: NEW, label: translate('sheets.choice.new') });
  options.push({ value: SKIP, label: translate('sheets.choice.skip') });
  const choice: NameChoice = {
    key,
    label: translate('sheets.choice.student', { name: c.name, cls }),
    options,
    selected: answer && options.some((o) => o.value === answer) ? answer : null,
  };
  const reason =
    fits.length > 1 || !hasClass
      ? translate('sheets.reason.ambiguous', { n: candidates.length, name: c.name })
      : translate('sheets.reason.otherClass', {
          name: c.name,
          cls,
          classes: [...new Set(candidates.map((p) => labelFor(p, c.asOf, cal)))].join('、'),
        });
  return { kind: 'ask', choice, reason };
}

/** A 指导教师 by name: the one teacher so named, a new one, or a choice when several share the name. */
export function resolveTeacher(
  a: Archive,
  name: string,
  choices: Record<string, string>,
):
  | { kind: 'match'; id: string }
  | { kind: 'new' }
  | { kind: 'ask'; choice: NameChoice; reason: string }
  | { kind: 'skip'; reason: string } {
  const found = a.db
    .prepare("SELECT id, subject, phone FROM people WHERE kind='teacher' AND deleted_at IS NULL AND name=? ORDER BY id")
    .all(name) as { id: string; subject: string | null; phone: string | null }[];
  if (found.length === 0) return { kind: 'new' };
  if (found.length === 1) return { kind: 'match', id: found[0].id };
  const key = teacherKey(name);
  const answer = choices[key];
  if (answer === SKIP) return { kind: 'skip', reason: translate('sheets.reason.skipChosen') };
  if (answer && found.some((t) => t.id === answer)) return { kind: 'match', id: answer };
  const options = found.map((t, i) => ({
    value: t.id,
    label: [
      name,
      t.subject
        ? translate('core.person.subjectTeacher', { subject: t.subject })
        : translate('core.person.teacherN', { n: i + 1 }),
      t.phone ?? '',
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  options.push({ value: SKIP, label: translate('sheets.choice.skip') });
  return {
    kind: 'ask',
    choice: { key, label: translate('sheets.choice.teacher', { name }), options, selected: null },
    reason: translate('sheets.reason.ambiguousTeacher', { n: found.length, name }),
  };
}
