// What the row importers share: the run's state (counts, who was touched by which row, the
// teacher's choices), reading mapped cells, and turning a failed write into a row reason.
import { z } from 'zod';
import type { CalendarSettings } from '../../../shared/domain/calendar';
import { classPartLabel, parseClassLabel, entryYearOf, type ParsedClass } from '../../../shared/domain/classLabel';
import {
  ENTITY_KINDS,
  type NameChoice,
  type PreviewRow,
  type RowStatus,
  type SheetField,
} from '../../../shared/calls/sheets';
import { isMessageKey, translate, type MessageKey } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { KejiError } from '../errors';
import { today } from '../rows';
import { norm } from './cells';
import { StudentIndex } from './match';

export type EntityKind = (typeof ENTITY_KINDS)[number];

/** One logical record: a sheet row, plus rows merged into it (a 作品名称 cell spanning its authors). */
export interface SheetRecord {
  row: number;
  cells: string[];
  values: Partial<Record<SheetField, string[]>>;
  continuations: SheetRecord[];
  /** A mapped cell was longer than SHEET_LIMITS.cellChars (cut while reading): the row is skipped. */
  tooLong?: { field: SheetField; chars: number };
}

export interface RunState {
  a: Archive;
  cal: CalendarSettings;
  asOf: string;
  /** The date for rows that give none (teacher, title, file name), or null: such rows are held back. */
  defaultDate: string | null;
  dateSource: 'request' | 'schoolYear' | 'title' | 'fileName' | null;
  dateClue: string | null;
  /** Rows held back for lack of a date. */
  undated: number;
  /** This school's names ([] = not known). */
  school: string[];
  /** 花名册: the class the teacher gave the whole sheet, or null. */
  sheetClass: string | null;
  /** Messages for the command line rather than the dialog. */
  cli: boolean;
  /** The import's day: no date beyond one year from it is accepted. */
  today: string;
  choices: Record<string, string>;
  counts: Record<EntityKind, { created: number; updated: number }>;
  /** Entity id → the first row of this import that created or changed it. */
  touched: Map<string, number>;
  /** Students this import created: a namesake of theirs in another class is another child. */
  createdStudents: Set<string>;
  /** Read classes in a 获奖名单 as of `asOf` (the teacher set it) instead of each award's date. */
  classesAsOfRequest: boolean;
  students: StudentIndex;
}

export function newState(
  a: Archive,
  cal: CalendarSettings,
  asOf: string,
  defaultDate: string | null,
  choices: Record<string, string>,
  classesAsOfRequest = false,
): RunState {
  const counts = Object.fromEntries(ENTITY_KINDS.map((k) => [k, { created: 0, updated: 0 }])) as RunState['counts'];
  return {
    a,
    cal,
    asOf,
    defaultDate,
    dateSource: null,
    dateClue: null,
    undated: 0,
    school: [],
    sheetClass: null,
    cli: false,
    today: today(a),
    choices,
    counts,
    touched: new Map(),
    createdStudents: new Set(),
    classesAsOfRequest,
    students: new StudentIndex(a),
  };
}

/**
 * A message in the voice of where it is read: the app's dialog ('请在上方填写…') or the command
 * line ('用 --date 给出…'), when the table has a `.cli` variant of the key.
 */
export function say(cli: boolean, key: MessageKey, vars?: Record<string, string | number>): string {
  const k = `${key}.cli`;
  return translate(cli && isMessageKey(k) ? k : key, vars);
}

/** First non-empty value of a field. */
export const one = (r: SheetRecord, f: SheetField): string => norm((r.values[f] ?? []).find((v) => norm(v)) ?? '');
/** First non-empty value exactly as typed (for messages that quote the sheet). */
export const raw = (r: SheetRecord, f: SheetField): string => ((r.values[f] ?? []).find((v) => v.trim()) ?? '').trim();
/** Every non-empty value of a field (several columns may share it). */
export const all = (r: SheetRecord, f: SheetField): string[] => (r.values[f] ?? []).map(norm).filter(Boolean);

export class RowOutcome {
  status: RowStatus = 'duplicate';
  reason: string | null = null;
  actions: string[] = [];
  choices: NameChoice[] = [];
  /** An earlier row of this sheet that already imported the same record. */
  lastSeen?: number;
  private touches: string[] = [];
  private changed = false;
  private created = false;

  constructor(
    private st: RunState,
    readonly row: number,
  ) {}

  /** Records a created entity (and which row made it). */
  create(kind: EntityKind, id: string, action: string) {
    this.st.counts[kind].created++;
    if (kind === 'students') this.st.createdStudents.add(id);
    this.touch(id);
    this.actions.push(action);
    this.created = true;
  }
  update(kind: EntityKind, id: string, action: string) {
    this.st.counts[kind].updated++;
    this.touch(id);
    this.actions.push(action);
    this.changed = true;
  }
  /** Remembers that this row was the first to reach `id` (undone if the row is rolled back). */
  touch(id: string) {
    if (this.st.touched.has(id)) return;
    this.st.touched.set(id, this.row);
    this.touches.push(id);
  }
  /** The row was rolled back: forget what it touched. */
  forget() {
    for (const id of this.touches) {
      this.st.touched.delete(id);
      this.st.createdStudents.delete(id);
    }
  }
  note(action: string) {
    this.actions.push(action);
  }
  ask(choice: NameChoice, reason: string) {
    if (!this.choices.some((c) => c.key === choice.key)) this.choices.push(choice);
    this.reason ??= reason;
  }
  skip(reason: string): RowOutcome {
    this.status = 'skip';
    this.reason = reason;
    return this;
  }
  /** Final status: asked → needs-choice, else new / update / duplicate. */
  finish(unchangedReason?: string): RowOutcome {
    if (this.status === 'skip') return this;
    if (this.choices.length) {
      this.status = 'needs-choice';
      return this;
    }
    this.status = this.created ? 'new' : this.changed ? 'update' : 'duplicate';
    if (this.status === 'duplicate') this.reason = unchangedReason ?? translate('sheets.reason.unchanged');
    return this;
  }
  toRow(cells: string[]): PreviewRow {
    return {
      row: this.row,
      status: this.status,
      reason: this.reason,
      actions: this.actions,
      cells,
      choices: this.choices,
    };
  }
}

/** Why a write failed, in Chinese, for the skipped-rows list. */
export function rowError(e: unknown): string {
  if (e instanceof KejiError) return e.message;
  if (e instanceof z.ZodError) {
    const issue = e.issues[0];
    const raw = issue.path.filter((p) => typeof p === 'string').at(-1) as string | undefined;
    const field = raw && (FIELD_ALIAS[raw] ?? raw);
    const colKey = `sheets.col.${field}`;
    const label = field && isMessageKey(colKey) ? translate(colKey) : (field ?? '');
    const message = issue.message; // Chinese by code (shared/zod-zh.ts) or the schema's own
    return label ? translate('sheets.reason.invalid', { field: label, message }) : message;
  }
  throw e; // a bug, not a bad cell: let the whole import fail and roll back
}
const FIELD_ALIAS: Record<string, string> = {
  classNo: 'className',
  authorIds: 'students',
  advisorIds: 'advisors',
  grade: 'award',
};

/** The class a row gives, from 班级 (and 年级 when it is a separate column). */
export function classOf(
  classText: string,
  gradeText: string,
): { text: string; parsed: ParsedClass | null; unreadable: boolean } {
  const cls = norm(classText);
  const grade = norm(gradeText);
  if (!cls && !grade) return { text: '', parsed: null, unreadable: false };
  let parsed = cls ? parseClassLabel(cls) : null;
  let text = cls;
  if ((!parsed || (parsed.gradeNo === null && parsed.entryYear === null)) && grade) {
    // 年级 in its own column: '五年级' + '2' / '2班' / '(2)班'
    const classPart = classPartLabel(cls);
    text = cls ? `${grade}${/^\(/.test(classPart) ? classPart : cls}` : grade;
    parsed = parseClassLabel(text);
  }
  return { text, parsed, unreadable: !parsed };
}

export function entryYearFor(p: ParsedClass | null, asOf: string, cal: CalendarSettings): number | null {
  return p ? entryYearOf(p, asOf, cal) : null;
}
