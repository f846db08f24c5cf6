// Any list the teacher is looking at → .xlsx with Chinese headers. The list comes from the very
// handler the page calls, with the page's filter, so the file holds what the screen shows.
// Header names are ones the importer knows, so an exported 学生名单 or 获奖名单 imports back.
import ExcelJS from 'exceljs';
import { contract } from '../../../shared/contract';
import { classLabelOf, schoolYearLabel } from '../../../shared/domain/calendar';
import { maskName } from '../../../shared/domain/format';
import type { Stage } from '../../../shared/domain/vocab';
import type { ExportList, ExportRequest, ExportResult } from '../../../shared/calls/sheets';
import { translate, type KeysUnder, type MessageKey } from '../../../shared/i18n/messages';
import type { Activity, ActivitySummary, Award, Person, Work } from '../../../shared/schemas';
import type { z } from 'zod';
import type { Archive } from '../db/open';
import { today } from '../rows';
import { calendarOf, getSettings } from '../settings';

type Cell = string | number | Date | null;
interface Column { header: string; width?: number }
export interface Table { sheetName: string; columns: Column[]; rows: Cell[][] }

const col = (key: KeysUnder<'sheets.col.'>): Column => ({ header: translate(`sheets.col.${key}`) });
const ex = (key: KeysUnder<'sheets.export.col.'>): Column => ({ header: translate(`sheets.export.col.${key}`) });
const day = (iso: string | null | undefined): Cell => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);
const join = (xs: readonly string[]) => xs.filter(Boolean).join('、');
const STATUS: Record<string, MessageKey> = { planned: 'activity.status.planned', done: 'activity.status.done', cancelled: 'activity.status.cancelled' };

type Handlers = Record<string, (input: unknown) => unknown>;

/** The rows of a list, as the page's own call returns them for this filter. */
export async function buildTable(a: Archive, req: z.output<typeof ExportRequest>): Promise<Table> {
  const { createHandlers } = await import('../handlers'); // late: handlers.ts includes this feature
  const h = createHandlers(a) as unknown as Handlers;
  const call = <T>(name: keyof typeof contract, input: unknown): T => h[name](contract[name].input.parse(input)) as T;
  const cal = calendarOf(a);
  const student = (name: string) => (req.maskNames ? maskName(name) : name);
  const sheetName = translate(`sheets.export.list.${req.list}`);
  const filter = req.filter;

  switch (req.list) {
    case 'activities': {
      const list = call<ActivitySummary[]>('activities.list', filter);
      const students = new Map((call<Person[]>('people.list', { kind: 'student', includeArchived: true, limit: 20000 })).map((p) => [p.id, p.name]));
      return {
        sheetName,
        columns: [ex('startDate'), ex('endDate'), ex('activityTitle'), ex('type'), ex('status'), ex('location'), ex('teachers'), ex('participants'), ex('headCount'), ex('schoolYear'), ex('term'), ex('reschedules'), ex('content'), ex('process'), ex('reflection'), ex('tags')],
        rows: list.map((s) => {
          const full = call<Activity>('activities.get', { id: s.id });
          const names = full.participantIds.map((id) => student(students.get(id) ?? ''));
          return [
            day(s.startDate), day(s.endDate), s.title, s.type, translate(STATUS[s.status]), s.location, join(s.teacherNames),
            join(names), s.headCount ?? (s.participantCount || null), schoolYearLabel(s.schoolYear), translate(s.term === 1 ? 'term.1' : 'term.2'),
            s.rescheduleCount || null, full.content, full.process, full.reflection, join(full.tags),
          ];
        }),
      };
    }
    case 'students': {
      const asOf = typeof filter.asOf === 'string' ? filter.asOf : today(a);
      const list = call<Person[]>('people.list', { ...filter, kind: 'student' });
      const sensitive = req.includeSensitive;
      return {
        sheetName,
        columns: [col('name'), col('gender'), col('className'), col('entryYear'), col('stage'), col('studentNo'), col('ethnicity'), col('birthMonth'),
          ...(sensitive ? [col('idNumber'), col('guardianPhone')] : []), col('notes'), ex('archived')],
        rows: list.map((p) => [
          student(p.name), p.gender, classLabelOf((p.stage ?? '小学') as Stage, p.entryYear!, p.classNo, asOf, cal), p.entryYear, p.stage, p.studentNo,
          p.ethnicity, p.birthMonth, ...(sensitive ? [p.idNumber, p.guardianPhone] : []), p.notes, p.archivedAt ? '是' : null,
        ]),
      };
    }
    case 'teachers': {
      const list = call<Person[]>('people.list', { ...filter, kind: 'teacher' });
      return {
        sheetName,
        columns: [col('name'), col('gender'), ex('teacherSubject'), ex('teacherTitle'), ex('phone'), col('notes')],
        rows: list.map((p) => [p.name, p.gender, p.subject, p.title, p.phone, p.notes]),
      };
    }
    case 'works': {
      const list = call<Work[]>('works.list', filter);
      return {
        sheetName,
        columns: [col('title'), col('category'), col('subject'), col('stage'), ex('teamKind'), ex('authors'), col('advisors'), ex('awardCount'), ex('bestLevel')],
        rows: list.map((w) => [w.title, w.category, w.subject, w.stage, w.teamKind, join(w.authorNames.map(student)), join(w.advisorNames), w.awardCount, w.bestLevel]),
      };
    }
    case 'awards': {
      const list = call<Award[]>('awards.list', filter);
      const people = new Map((a.db.prepare("SELECT id, stage, entry_year, class_no FROM people WHERE kind='student'").all() as { id: string; stage: string | null; entry_year: number; class_no: number | null }[]).map((p) => [p.id, p]));
      const years = new Map((a.db.prepare('SELECT id, year FROM competitions').all() as { id: string; year: number | null }[]).map((c) => [c.id, c.year]));
      return {
        sheetName,
        columns: [col('awardedOn'), col('competition'), col('session'), col('year'), col('level'), col('award'), col('category'), col('title'), col('students'), col('className'), col('advisors'), col('certificateNo'), ex('recipient'), col('notes')],
        rows: list.map((x) => {
          // Each student's class as it was on the day of the award, paired with the names.
          const classes = x.studentIds.map((id) => {
            const p = people.get(id);
            return p ? classLabelOf((p.stage ?? '小学') as Stage, p.entry_year, p.class_no, x.awardedOn, cal) : '';
          });
          const recipient = x.recipientKind === 'school' ? translate('sheets.export.school') : x.recipientKind === 'work' ? '作品' : '个人';
          return [
            day(x.awardedOn), x.competitionName, x.competitionSession, x.competitionId ? years.get(x.competitionId) ?? null : null, x.level, x.grade, x.category,
            x.workTitle, join(x.studentNames.map(student)), join(classes), join(x.advisorNames), x.certificateNo, recipient, x.notes,
          ];
        }),
      };
    }
  }
}

/** Display width of text in Excel columns (CJK characters are two wide). */
function textWidth(v: Cell): number {
  if (v === null) return 0;
  if (v instanceof Date) return 11;
  return [...String(v)].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
}

export async function tableToXlsx(t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '科技档案';
  const ws = wb.addWorksheet(t.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(t.columns.map((c) => c.header));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(r.map((v) => (v === null || v === '' ? null : v)));
  t.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    const widest = Math.max(textWidth(c.header), ...t.rows.slice(0, 500).map((r) => textWidth(r[i])));
    column.width = Math.min(60, Math.max(8, widest + 2));
    if (t.rows.some((r) => r[i] instanceof Date)) column.numFmt = 'yyyy-mm-dd';
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function exportFileName(a: Archive, list: ExportList): string {
  const school = getSettings(a).schoolName.replace(/[\\/:*?"<>|]/g, '');
  const date = today(a).replace(/-/g, '');
  return `${school ? `${school}_` : ''}${translate(`sheets.export.list.${list}`)}_${date}.xlsx`;
}

export async function exportList(a: Archive, req: z.output<typeof ExportRequest>): Promise<ExportResult & { bytes: Buffer }> {
  const table = await buildTable(a, req);
  const bytes = await tableToXlsx(table);
  return { fileName: exportFileName(a, req.list), base64: bytes.toString('base64'), rows: table.rows.length, bytes };
}
