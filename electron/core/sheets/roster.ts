// One row of a 花名册 → a student created, updated or left alone. 学号 identifies a student
// outright; otherwise name + class (read for the date the sheet is about), and the teacher
// decides between namesakes. Fields the sheet leaves empty never blank what the archive has.
import { classLabelOf } from '../../../shared/domain/calendar';
import { STAGES, type Stage } from '../../../shared/domain/vocab';
import { translate, type KeysUnder } from '../../../shared/i18n/messages';
import { STUDENT_FIELDS, StudentFields, type Person } from '../../../shared/schemas';
import { createPerson, updatePerson } from '../people/queries';
import { cleanName, ethnicityOf, norm, notAName, parseDate, parseGender, parseStage } from './cells';
import { nameKey, resolveStudent } from './match';
import { all, classOf, entryYearFor, one, raw, rowError, RowOutcome, type RunState, type SheetRecord } from './run';

type Row = Omit<Person, 'classLabel'>;

/** What a row changed of a person already in the archive, as the teacher reads it. */
const changeLabel = (field: RosterField): string => translate(`core.sheets.field.${field}`);
type RosterField = KeysUnder<'core.sheets.field.'>;

/** '2021' / '2021级' / '2021年9月' / '2021.9' → 2021 ('2021届' is the leaving year: refused). */
function parseEntryYear(s: string): number | null {
  const m = /^(\d{4})(?:级|年(?:\d{1,2}月)?|[.\-/]\d{1,2})?$/.exec(norm(s).replace(/\s/g, ''));
  const y = m ? Number(m[1]) : NaN;
  return y >= 1990 && y <= 2100 ? y : null;
}

export function importRosterRow(st: RunState, rec: SheetRecord): RowOutcome {
  const out = new RowOutcome(st, rec.row);
  const { a, cal } = st;
  const rawName = one(rec, 'name');
  if (!rawName) return out.skip(translate('sheets.reason.noName'));
  const name = cleanName(rawName);
  if (notAName(name)) return out.skip(translate('sheets.reason.notAName', { text: raw(rec, 'name') }));

  const ownClass = one(rec, 'className');
  const useSheet = !ownClass && !one(rec, 'gradeLabel') && !!st.sheetClass;
  const cls = classOf(useSheet ? st.sheetClass! : ownClass, one(rec, 'gradeLabel'));
  if (useSheet) out.note(translate('sheets.action.sheetClass', { cls: st.sheetClass! }));
  if (cls.unreadable) return out.skip(translate('sheets.reason.badClass', { text: cls.text }));
  let entryYear = entryYearFor(cls.parsed, st.asOf, cal);
  const eyText = one(rec, 'entryYear');
  if (eyText) {
    const y = parseEntryYear(eyText);
    if (y === null) return out.skip(translate('sheets.reason.badEntryYear', { text: eyText }));
    entryYear = y;
  }
  const stage = (cls.parsed?.stage ?? (one(rec, 'stage') ? parseStage(one(rec, 'stage')) : null)) as Stage | null;
  const classNo = cls.parsed?.classNo ?? null;
  const studentNo = one(rec, 'studentNo').replace(/\s/g, '') || null;
  const birth = one(rec, 'birthMonth');
  const birthMonth = birth ? (parseDate(birth)?.slice(0, 7) ?? null) : null;
  if (birth && !birthMonth) out.note(translate('core.sheets.birthUnreadable', { text: birth }));
  const given: Partial<Record<RosterField, string | number | null>> = {
    gender: parseGender(one(rec, 'gender')),
    stage,
    entryYear,
    classNo,
    studentNo,
    ethnicity: ethnicityOf(one(rec, 'ethnicity')),
    birthMonth,
    idNumber: one(rec, 'idNumber').replace(/\s/g, '').toUpperCase() || null,
    guardianPhone: one(rec, 'guardianPhone') || null,
    notes: all(rec, 'notes').join('；') || null,
  };

  try {
    let person: Row | null = null;
    if (studentNo) {
      person = st.students.withStudentNo(studentNo) ?? null;
      if (person && nameKey(person.name) !== nameKey(name))
        return out.skip(translate('sheets.reason.studentNoTaken', { no: studentNo, other: person.name }));
    }
    if (!person) {
      const res = resolveStudent(
        st.students,
        cal,
        { name, classText: cls.text, stage, entryYear, classNo, studentNo, asOf: st.asOf },
        entryYear !== null,
        st.choices,
        st.createdStudents,
      );
      if (res.kind === 'skip') return out.skip(res.reason);
      if (res.kind === 'ask') {
        out.ask(res.choice, res.reason);
        return out.finish();
      }
      if (res.kind === 'new') {
        const input = StudentFields.parse({
          kind: 'student',
          name,
          ...withoutNulls(given),
          stage: stage ?? STAGES[0],
          entryYear,
        });
        const p = createPerson(a, input);
        st.students.put(p);
        out.create(
          'students',
          p.id,
          translate('sheets.action.newStudent', {
            name,
            cls: classLabelOf(input.stage, input.entryYear, input.classNo ?? null, st.asOf, cal),
          }),
        );
        return out.finish();
      }
      person = res.person;
    }
    const changed = (Object.keys(given) as RosterField[]).filter(
      (k) => given[k] !== null && given[k] !== (person as unknown as Record<string, unknown>)[k],
    );
    if (changed.length) {
      const merged = StudentFields.parse({
        ...withoutNulls(person as unknown as Record<string, unknown>),
        ...withoutNulls(given),
        kind: 'student',
        name: person.name,
      });
      st.students.put(updatePerson(a, person.id, merged));
      out.update(
        'students',
        person.id,
        translate('sheets.action.updateStudent', {
          name,
          fields: [...new Set(changed.map(changeLabel))].join('、'),
        }),
      );
      return out.finish();
    }
    const first = st.touched.get(person.id);
    if (first === undefined) out.touch(person.id);
    return out.finish(
      first !== undefined && first !== rec.row ? translate('sheets.reason.sameAsRow', { row: first }) : undefined,
    );
  } catch (e) {
    return out.skip(rowError(e));
  }
}

/** Keeps only the student fields that have a value (zod fills the defaults). */
function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  const keep = STUDENT_FIELDS;
  return Object.fromEntries(keep.filter((k) => o[k] !== null && o[k] !== undefined).map((k) => [k, o[k]]));
}
