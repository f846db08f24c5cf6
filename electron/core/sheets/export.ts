// Any list the teacher is looking at → .xlsx with Chinese headers. The list comes from the very
// functions the page's calls use, with the page's filter parsed by the call's own schema, so the
// file holds what the screen shows. The activities' texts, participants and tags are read in one
// query each for the whole list, never once per row.
// Header names are ones the importer knows, so an exported 学生名单 or 获奖名单 imports back.
import ExcelJS from 'exceljs';
import { contract } from '../../../shared/contract';
import { classLabelOf, schoolYearLabel } from '../../../shared/domain/calendar';
import { maskName } from '../../../shared/domain/format';
import { STAGES, type Stage } from '../../../shared/domain/vocab';
import type { ExportList, ExportRequest, ExportResult } from '../../../shared/calls/sheets';
import { translate, type KeysUnder, type MessageKey } from '../../../shared/i18n/messages';
import type { z } from 'zod';
import type { Archive } from '../db/open';
import { today } from '../rows';
import { calendarOf, getSettings } from '../settings';
import { listActivities } from '../activities/queries';
import { listAwards } from '../awards/queries';
import { listPeople } from '../people/queries';
import { listWorks } from '../works/queries';

type Cell = string | number | Date | null;
interface Column {
  header: string;
  width?: number;
}
export interface Table {
  sheetName: string;
  columns: Column[];
  rows: Cell[][];
}

const col = (key: KeysUnder<'sheets.col.'>): Column => ({ header: translate(`sheets.col.${key}`) });
const ex = (key: KeysUnder<'sheets.export.col.'>): Column => ({ header: translate(`sheets.export.col.${key}`) });
const day = (iso: string | null | undefined): Cell => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);
const join = (xs: readonly string[]) => xs.filter(Boolean).join('、');
const STATUS: Record<string, MessageKey> = {
  planned: 'activity.status.planned',
  done: 'activity.status.done',
  cancelled: 'activity.status.cancelled',
};

/** The page's filter, as the page's own call would read it. */
const filterOf = <N extends 'activities.list' | 'people.list' | 'works.list' | 'awards.list'>(
  name: N,
  input: unknown,
) => contract[name].input.parse(input) as z.output<(typeof contract)[N]['input']>;

/** What the activity list leaves out, for every listed activity at once: texts, participants' names, tags. */
function activityDetails(a: Archive, ids: readonly string[]) {
  const json = JSON.stringify(ids);
  const texts = new Map(
    (
      a.db
        .prepare('SELECT id, content, process, reflection FROM activities WHERE id IN (SELECT value FROM json_each(?))')
        .all(json) as { id: string; content: string | null; process: string | null; reflection: string | null }[]
    ).map((r) => [r.id, r]),
  );
  const group = (rows: { id: string; name: string }[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(r.id, [...(m.get(r.id) ?? []), r.name]);
    return m;
  };
  const participants = group(
    a.db
      .prepare(
        `SELECT ap.activity_id AS id, p.name FROM activity_participants ap
    JOIN people p ON p.id=ap.person_id AND p.kind='student' AND p.deleted_at IS NULL
    WHERE ap.activity_id IN (SELECT value FROM json_each(?)) ORDER BY ap.activity_id, ap.person_id`,
      )
      .all(json) as { id: string; name: string }[],
  );
  const tags = group(
    a.db
      .prepare(
        `SELECT l.target_id AS id, t.name FROM tag_links l JOIN tags t ON t.id=l.tag_id
    WHERE l.target_kind='activity' AND l.target_id IN (SELECT value FROM json_each(?)) ORDER BY l.target_id, t.name`,
      )
      .all(json) as { id: string; name: string }[],
  );
  return { texts, participants, tags };
}

/** The rows of a list, as the page's own call returns them for this filter. */
export async function buildTable(a: Archive, req: z.output<typeof ExportRequest>): Promise<Table> {
  const cal = calendarOf(a);
  const student = (name: string) => (req.maskNames ? maskName(name) : name);
  const sheetName = translate(`sheets.export.list.${req.list}`);
  const filter = req.filter;

  switch (req.list) {
    case 'activities': {
      const list = listActivities(a, { ...filterOf('activities.list', filter), limit: undefined }); // every row, not the call's default
      const { texts, participants, tags } = activityDetails(
        a,
        list.map((s) => s.id),
      );
      return {
        sheetName,
        columns: [
          ex('startDate'),
          ex('endDate'),
          ex('activityTitle'),
          ex('type'),
          ex('status'),
          ex('location'),
          ex('teachers'),
          ex('participants'),
          ex('headCount'),
          ex('schoolYear'),
          ex('term'),
          ex('reschedules'),
          ex('content'),
          ex('process'),
          ex('reflection'),
          ex('tags'),
        ],
        rows: list.map((s) => {
          const full = texts.get(s.id);
          const names = (participants.get(s.id) ?? []).map(student);
          return [
            day(s.startDate),
            day(s.endDate),
            s.title,
            s.type,
            translate(STATUS[s.status]),
            s.location,
            join(s.teacherNames),
            join(names),
            s.headCount ?? (s.participantCount || null),
            schoolYearLabel(s.schoolYear),
            translate(s.term === 1 ? 'term.1' : 'term.2'),
            s.rescheduleCount || null,
            full?.content ?? null,
            full?.process ?? null,
            full?.reflection ?? null,
            join(tags.get(s.id) ?? []),
          ];
        }),
      };
    }
    case 'students': {
      const asOf = typeof filter.asOf === 'string' ? filter.asOf : today(a);
      const list = listPeople(a, { ...filterOf('people.list', { ...filter, kind: 'student' }), limit: undefined });
      const sensitive = req.includeSensitive;
      return {
        sheetName,
        columns: [
          col('name'),
          col('gender'),
          col('className'),
          col('entryYear'),
          col('stage'),
          col('studentNo'),
          col('ethnicity'),
          col('birthMonth'),
          ...(sensitive ? [col('idNumber'), col('guardianPhone')] : []),
          col('notes'),
          ex('archived'),
        ],
        rows: list.map((p) => [
          student(p.name),
          p.gender,
          classLabelOf((p.stage ?? STAGES[0]) as Stage, p.entryYear!, p.classNo, asOf, cal),
          p.entryYear,
          p.stage,
          p.studentNo,
          p.ethnicity,
          p.birthMonth,
          ...(sensitive ? [p.idNumber, p.guardianPhone] : []),
          p.notes,
          p.archivedAt ? translate('core.sheets.yes') : null,
        ]),
      };
    }
    case 'teachers': {
      const list = listPeople(a, { ...filterOf('people.list', { ...filter, kind: 'teacher' }), limit: undefined });
      return {
        sheetName,
        columns: [col('name'), col('gender'), ex('teacherSubject'), ex('teacherTitle'), ex('phone'), col('notes')],
        rows: list.map((p) => [p.name, p.gender, p.subject, p.title, p.phone, p.notes]),
      };
    }
    case 'works': {
      const list = listWorks(a, filterOf('works.list', filter).text);
      return {
        sheetName,
        columns: [
          col('title'),
          col('category'),
          col('subject'),
          col('stage'),
          ex('teamKind'),
          ex('authors'),
          col('advisors'),
          ex('awardCount'),
          ex('bestLevel'),
        ],
        rows: list.map((w) => [
          w.title,
          w.category,
          w.subject,
          w.stage,
          w.teamKind,
          join(w.authorNames.map(student)),
          join(w.advisorNames),
          w.awardCount,
          w.bestLevel,
        ]),
      };
    }
    case 'awards': {
      const list = listAwards(a, filterOf('awards.list', filter));
      const people = new Map(
        (
          a.db.prepare("SELECT id, stage, entry_year, class_no FROM people WHERE kind='student'").all() as {
            id: string;
            stage: string | null;
            entry_year: number;
            class_no: number | null;
          }[]
        ).map((p) => [p.id, p]),
      );
      const years = new Map(
        (a.db.prepare('SELECT id, year FROM competitions').all() as { id: string; year: number | null }[]).map((c) => [
          c.id,
          c.year,
        ]),
      );
      return {
        sheetName,
        columns: [
          col('awardedOn'),
          col('competition'),
          col('session'),
          col('year'),
          col('level'),
          col('award'),
          col('category'),
          col('title'),
          col('students'),
          col('className'),
          col('advisors'),
          col('certificateNo'),
          ex('recipient'),
          col('notes'),
        ],
        rows: list.map((x) => {
          // Each student's class as it was on the day of the award, paired with the names.
          const classes = x.studentIds.map((id) => {
            const p = people.get(id);
            return p ? classLabelOf((p.stage ?? STAGES[0]) as Stage, p.entry_year, p.class_no, x.awardedOn, cal) : '';
          });
          const recipient =
            x.recipientKind === 'school'
              ? translate('sheets.export.school')
              : x.recipientKind === 'work'
                ? translate('award.recipient.work')
                : translate('award.recipient.person');
          return [
            day(x.awardedOn),
            x.competitionName,
            x.competitionSession,
            x.competitionId ? (years.get(x.competitionId) ?? null) : null,
            x.level,
            x.grade,
            x.category,
            x.workTitle,
            join(x.studentNames.map(student)),
            join(classes),
            join(x.advisorNames),
            x.certificateNo,
            recipient,
            x.notes,
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
  wb.creator = translate('app.title');
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

export async function exportList(
  a: Archive,
  req: z.output<typeof ExportRequest>,
): Promise<ExportResult & { bytes: Buffer }> {
  const table = await buildTable(a, req);
  const bytes = await tableToXlsx(table);
  return { fileName: exportFileName(a, req.list), base64: bytes.toString('base64'), rows: table.rows.length, bytes };
}
