// The import pipeline: file bytes → grid → header row and column mapping → one record per data
// row → rows imported one by one, each in its own savepoint. Preview and commit run the very same
// code; the preview's transaction is rolled back, so what the teacher sees is what will happen.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { schoolYearRange } from '../../../shared/domain/calendar';
import { uuidv7 } from '../../../shared/domain/ids';
import {
  FIELDS_OF,
  MAX_SHEET_BYTES,
  REQUIRED_FIELDS,
  SHEET_LIMITS,
  type ImportPreview,
  type ImportReport,
  ImportRequest,
  type PreviewRow,
  type SheetField,
  type SheetInfo,
  type SheetLook,
} from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { invalid, KejiError } from '../errors';
import { today } from '../rows';
import { calendarOf, getSettings } from '../settings';
import { competitionFromTitle, dateClueIn, dateInRange, dayOfYear } from './cells';
import { autoMapping, detectHeader } from './headers';
import { importAwardRow, TEACHER_HONOUR, type SheetContext } from './awardList';
import { importRosterRow } from './roster';
import { classOf, newState, say, type RowOutcome, type SheetRecord } from './run';
import { readWorkbook, type Grid, type Workbook } from './workbook';

export type ImportInput = z.output<typeof ImportRequest>;

export interface Prepared {
  /** Read for the command line (its own messages). */
  cli: boolean;
  preview: Omit<ImportPreview, 'rows' | 'report' | 'sheetList'>;
  records: SheetRecord[];
  context: SheetContext;
}

const colLabel = (f: SheetField) => translate(`sheets.col.${f}`);

/** The whole file: every worksheet's look, the one shown in detail, and those to import. */
export interface Book {
  shown: Prepared;
  /** Worksheets to import, in the file's order (the shown one among them when ticked). */
  selected: Prepared[];
  sheetList: SheetInfo[];
}

/** What a worksheet looks like to this kind of import: a list of its kind, a list of the other kind, empty, or something else. */
export function lookOf(kind: ImportInput['kind'], g: Grid): SheetLook {
  if (!g.rows.some((r) => r.some(Boolean))) return 'empty';
  const fits = (k: ImportInput['kind']) => {
    const d = detectHeader(k, g.rows);
    if (d.score === 0) return false;
    const mapped = new Set(autoMapping(k, g.rows[d.row]));
    return REQUIRED_FIELDS[k].every((f) => mapped.has(f)) && g.rows.slice(d.row + 1).some((r) => r.some(Boolean));
  };
  if (fits(kind)) return 'list';
  if (fits(kind === 'roster' ? 'awards' : 'roster')) return 'otherKind';
  return 'other';
}

export async function prepareImport(a: Archive, req: ImportInput, signal?: AbortSignal, cli = false): Promise<Book> {
  const wb = await readWorkbook(Buffer.from(req.file.base64, 'base64'), req.file.name, { signal });
  const usable = wb.sheets.filter((g) => g.rows.length > 0);
  if (!usable.length) throw invalid(translate('sheets.problem.empty'));
  const looks = new Map(wb.sheets.map((g) => [g.name, lookOf(req.kind, g)]));
  for (const n of [req.sheet, ...(req.sheets ?? [])])
    if (n && !looks.has(n)) throw invalid(translate('sheets.problem.noSheet', { name: n }));
  const lists = wb.sheets.filter((g) => looks.get(g.name) === 'list');
  // The worksheet shown in detail: the one asked for, else the list whose header looks best
  // (a workbook may hold 说明, 汇总 or 缺考 sheets too).
  const best = (gs: Grid[]) =>
    gs.reduce((b, g) => (detectHeader(req.kind, g.rows).score > detectHeader(req.kind, b.rows).score ? g : b), gs[0]);
  const shownGrid =
    wb.sheets.find((g) => g.name === (req.sheet ?? req.sheets?.[0])) ?? best(lists.length ? lists : usable);
  // Imported: the ticked ones; with one named (CLI --sheet) that one; else every sheet that looks like a list.
  let names = req.sheets ?? (req.sheet ? [req.sheet] : lists.map((g) => g.name));
  if (!names.length && !req.sheets) names = [shownGrid.name];
  const shown = prepareSheet(a, req, wb, cli, shownGrid, true);
  const selected = wb.sheets
    .filter((g) => names.includes(g.name))
    .map((g) => (g === shownGrid ? shown : prepareSheet(a, req, wb, cli, g, false)));
  const sheetList = wb.sheets.map((g) => ({
    name: g.name,
    look: looks.get(g.name)!,
    rows: Math.max(0, g.rows.length),
    selected: names.includes(g.name),
    outcome: null,
  }));
  return { shown, selected, sheetList };
}

/** One worksheet: header, mapping (the teacher's corrections apply to the shown sheet only), records, assumptions. */
function prepareSheet(
  a: Archive,
  req: ImportInput,
  wb: Workbook,
  cli: boolean,
  grid: Grid,
  isShown: boolean,
): Prepared {
  const cal = calendarOf(a);
  const headerRow = isShown ? req.headerRow : undefined;
  const given = isShown ? req.mapping : undefined;
  const rows = grid.rows;
  const detected = detectHeader(req.kind, rows);
  const firstFilled = Math.max(
    0,
    rows.findIndex((r) => r.some(Boolean)),
  );
  const headerIdx = headerRow ? headerRow - 1 : detected.score > 0 ? detected.row : firstFilled;
  if (rows.length && headerIdx >= rows.length)
    throw invalid(translate('sheets.problem.headerRow', { row: headerIdx + 1, rows: rows.length }));
  const header = rows[headerIdx] ?? [];
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const allowed = new Set<SheetField>(FIELDS_OF[req.kind]);
  const mapping: (SheetField | null)[] = Array.from({ length: width }, (_, i) => {
    const f = given ? (given[i] ?? null) : (autoMapping(req.kind, header)[i] ?? null);
    return f && allowed.has(f as SheetField) ? (f as SheetField) : null;
  });

  // Title rows above the header: the 学年 of a 花名册, the competition of a 获奖名单.
  const titleLines = [
    ...new Set(
      rows
        .slice(0, headerIdx)
        .map((r) => r.filter(Boolean).join(' ').trim())
        .filter(Boolean),
    ),
  ];
  const title = titleLines.join(' / ') || null;
  const yearOfTitle = schoolYearInTitle(title ?? '');
  const asOf = req.asOf ?? (yearOfTitle !== null ? schoolYearRange(yearOfTitle, cal).from : today(a));
  const asOfSource = req.asOf
    ? 'request'
    : req.kind === 'awards'
      ? 'awardDate'
      : yearOfTitle !== null
        ? 'title'
        : 'today';
  const context: SheetContext = {
    competition: titleLines.map(competitionFromTitle).find((c) => c !== null) ?? null,
    teacherList: false,
  };

  // The date for rows that give none: only what the teacher gave, the title rows or the file name
  // say — never the day of the import. Shown in the preview as an assumption the teacher can change.
  const now = today(a);
  if (req.defaultDate && !dateInRange(req.defaultDate, now))
    throw invalid(translate('sheets.problem.dateRange', { date: req.defaultDate }));
  let defaultDate: string | null = null;
  let dateSource: ImportPreview['dateSource'] = null;
  let dateClue: string | null = null;
  const mine = req.dates?.[grid.name];
  if (mine && !dateInRange(mine, now)) throw invalid(translate('sheets.problem.dateRange', { date: mine }));
  const fromTitle =
    req.kind === 'awards'
      ? (titleLines.map(dateClueIn).find((d) => d !== null && dateInRange(d.date, now)) ?? null)
      : null;
  const fromName = req.kind === 'awards' ? dateClueIn(req.file.name.replace(/\.[^.]*$/, '')) : null;
  if (mine) {
    defaultDate = mine;
    dateSource = 'request';
  } else if (fromTitle) {
    defaultDate = fromTitle.date;
    dateSource = 'title';
    dateClue = fromTitle.text;
  } else if (req.defaultDate) {
    defaultDate = req.defaultDate;
    dateSource = 'request';
  } else if (req.schoolYear) {
    defaultDate = dayOfYear(req.schoolYear + 1);
    dateSource = 'schoolYear';
    dateClue = `${req.schoolYear}—${req.schoolYear + 1}`;
  } else if (fromName && dateInRange(fromName.date, now)) {
    defaultDate = fromName.date;
    dateSource = 'fileName';
    dateClue = fromName.text;
  }
  const sheetClass = req.kind === 'roster' && req.className ? req.className : null;
  if (sheetClass && !classOf(sheetClass, '').parsed)
    throw invalid(translate('sheets.reason.badClass', { text: sheetClass }));
  const settingsName = getSettings(a).schoolName.trim();
  const names = (req.schoolName ?? settingsName)
    .split(/[、,，;；/|]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const school: ImportPreview['school'] = {
    names,
    source: names.length ? (req.schoolName ? 'request' : 'settings') : null,
  };

  const records = collectRecords(grid, headerIdx, mapping, req.kind === 'awards');
  // A 花名册 or 获奖名单 is refused whole above the limit (nothing is written), never cut silently.
  const dataRows = records.reduce((n, r) => n + 1 + r.continuations.length, 0);
  if (dataRows > SHEET_LIMITS.dataRows)
    throw invalid(translate('sheets.refuse.tooManyRows', { sheet: grid.name, limit: SHEET_LIMITS.dataRows }));
  const mapped = new Set(mapping.filter((f): f is SheetField => !!f));
  // 优秀辅导员 / 优秀指导教师 lists: said by the title or the sheet's name, or by a 辅导学生 column.
  context.teacherList =
    req.kind === 'awards' && (TEACHER_HONOUR.test([...titleLines, grid.name].join(' ')) || mapped.has('pupils'));
  const missing = REQUIRED_FIELDS[req.kind].filter((f) => !mapped.has(f));
  let problem: string | null = null;
  if (!given && !headerRow && detected.score === 0) problem = say(cli, 'sheets.problem.noHeader');
  else if (missing.length) problem = say(cli, 'sheets.problem.missing', { fields: missing.map(colLabel).join('、') });
  else if (req.kind === 'awards' && !mapped.has('students') && !mapped.has('title') && !mapped.has('school'))
    problem = say(cli, 'sheets.problem.recipient');
  else if (mapped.has('school') && !school.names.length) problem = say(cli, 'sheets.problem.schoolName');
  else if (!records.length) problem = translate('sheets.problem.noRows');

  return {
    preview: {
      kind: req.kind,
      fileName: req.file.name,
      format: wb.format,
      encoding: wb.encoding,
      sheets: wb.sheets.map((s) => s.name),
      sheet: grid.name,
      headerRow: headerIdx + 1,
      title,
      columns: Array.from({ length: width }, (_, i) => ({ index: i, header: header[i] ?? '', field: mapping[i] })),
      asOf,
      asOfSource,
      defaultDate,
      dateSource,
      dateClue,
      undated: 0,
      school,
      sheetClass,
      problem,
    },
    records,
    context,
    cli,
  };
}

/** '2024—2025学年…' / '2024学年' / '2024年秋季' → 2024; '2025年春季' → 2024. */
export function schoolYearInTitle(title: string): number | null {
  let m = /(\d{4})\s*[-—–~至到]\s*(\d{4})\s*学年/.exec(title);
  if (m && Number(m[2]) === Number(m[1]) + 1) return Number(m[1]);
  m = /(\d{4})\s*学年/.exec(title);
  if (m) return Number(m[1]);
  m = /(\d{4})\s*年?\s*(秋季|秋)/.exec(title);
  if (m) return Number(m[1]);
  m = /(\d{4})\s*年?\s*(春季|春)/.exec(title);
  if (m) return Number(m[1]) - 1;
  return null;
}

/**
 * Data rows below the header: rows with nothing in a mapped column are left out (blank rows,
 * 序号-only rows), so are repeated header rows of a printed sheet. In a 获奖名单, a row whose
 * 作品名称 cell is merged with the row above belongs to the same work.
 */
function collectRecords(
  grid: Grid,
  headerIdx: number,
  mapping: (SheetField | null)[],
  joinMerged: boolean,
): SheetRecord[] {
  const header = grid.rows[headerIdx] ?? [];
  const records: SheetRecord[] = [];
  const byRow = new Map<number, SheetRecord>();
  const titleCols = mapping.flatMap((f, i) => (f === 'title' ? [i] : []));
  for (let r = headerIdx + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (!mapping.some((f, i) => f && cells[i]?.trim())) continue;
    if (cells.every((c, i) => c === (header[i] ?? ''))) continue;
    const values: SheetRecord['values'] = {};
    mapping.forEach((f, i) => {
      if (f) (values[f] ??= []).push(cells[i] ?? '');
    });
    const rec: SheetRecord = { row: r + 1, cells, values, continuations: [] };
    // A mapped cell longer than the limit was cut while reading: the row is not imported.
    const long = mapping.findIndex((f, i) => f && grid.longCells.has(`${r},${i}`));
    if (long >= 0) rec.tooLong = { field: mapping[long]!, chars: grid.longCells.get(`${r},${long}`)! };
    const master = joinMerged
      ? titleCols.map((c) => grid.mergedFrom.get(`${r},${c}`)).find((m) => m !== undefined)
      : undefined;
    const parent = master !== undefined ? byRow.get(master) : undefined;
    if (parent) {
      parent.continuations.push(rec);
      continue;
    }
    byRow.set(r, rec);
    records.push(rec);
  }
  return records;
}

class Rollback extends Error {}

/** Imports every record; in preview mode everything is rolled back at the end. */
export function runImport(
  a: Archive,
  p: Prepared,
  req: ImportInput,
  mode: 'preview' | 'commit',
): { rows: PreviewRow[]; report: ImportReport; undated: number } {
  const st = newState(
    a,
    calendarOf(a),
    p.preview.asOf,
    p.preview.defaultDate,
    req.choices,
    req.kind === 'awards' && !!req.asOf,
  );
  st.dateSource = p.preview.dateSource;
  st.dateClue = p.preview.dateClue;
  st.school = p.preview.school.names;
  st.sheetClass = p.preview.sheetClass;
  st.cli = p.cli;
  const rows: PreviewRow[] = [];
  const body = () => {
    for (const rec of p.records) {
      const long = [rec, ...rec.continuations].find((x) => x.tooLong)?.tooLong;
      if (long) {
        const reason = translate('sheets.reason.cellTooLong', {
          field: colLabel(long.field),
          n: long.chars,
          limit: SHEET_LIMITS.cellChars,
        });
        for (const x of [rec, ...rec.continuations])
          rows.push({ row: x.row, status: 'skip', reason, actions: [], cells: x.cells, choices: [] });
        continue;
      }
      const counts = structuredClone(st.counts);
      const mark = st.students.mark();
      let out: RowOutcome | undefined;
      try {
        // Each row in its own savepoint: a row that fails or waits for a choice leaves no trace.
        a.db.transaction(() => {
          out = req.kind === 'roster' ? importRosterRow(st, rec) : importAwardRow(st, rec, p.context);
          if (out.status === 'skip' || out.status === 'needs-choice') throw new Rollback();
        })();
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
        st.counts = counts;
        st.students.undo(mark);
        out?.forget();
      }
      rows.push(out!.toRow(rec.cells));
      for (const c of rec.continuations) {
        rows.push({
          row: c.row,
          status: out!.status,
          reason:
            out!.status === 'skip' || out!.status === 'needs-choice'
              ? out!.reason
              : translate('sheets.reason.mergedInto', { row: rec.row }),
          actions: [],
          cells: c.cells,
          choices: [],
        });
      }
    }
  };
  if (p.preview.problem) {
    // Nothing can be imported as mapped: show the rows, write nothing.
    return {
      rows: p.records.map((r) => ({
        row: r.row,
        status: 'skip' as const,
        reason: p.preview.problem,
        actions: [],
        cells: r.cells,
        choices: [],
      })),
      report: reportOf(st.counts, [], p.preview.sheet),
      undated: 0,
    };
  }
  if (mode === 'commit') a.db.transaction(body)();
  else {
    try {
      a.db.transaction(() => {
        body();
        throw new Rollback();
      })();
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
  }
  return { rows, report: reportOf(st.counts, rows, p.preview.sheet), undated: st.undated };
}

function reportOf(counts: ReturnType<typeof newState>['counts'], rows: PreviewRow[], sheet: string): ImportReport {
  const sum = (k: 'created' | 'updated') => Object.values(counts).reduce((s, c) => s + c[k], 0);
  const skipped = rows
    .filter((r) => r.status === 'skip' || r.status === 'needs-choice')
    .map((r) => ({ row: r.row, reason: r.reason ?? '', sheet }));
  const created = sum('created');
  const updated = sum('updated');
  const unchanged = rows.filter((r) => r.status === 'duplicate').length;
  return {
    created,
    updated,
    unchanged,
    skipped,
    counts,
    sheets: [{ name: sheet, created, updated, unchanged, skipped: skipped.length }],
  };
}

/** The reports of several worksheets as one (each sheet's line kept; a one-sheet file names no sheet per row). */
function mergeReports(reports: ImportReport[], oneSheet = false): ImportReport {
  const counts = structuredClone(reports[0].counts);
  for (const r of reports.slice(1))
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) {
      counts[k].created += r.counts[k].created;
      counts[k].updated += r.counts[k].updated;
    }
  return {
    created: reports.reduce((n, r) => n + r.created, 0),
    updated: reports.reduce((n, r) => n + r.updated, 0),
    unchanged: reports.reduce((n, r) => n + r.unchanged, 0),
    counts,
    skipped: reports.flatMap((r) => r.skipped).map((x) => (oneSheet ? { row: x.row, reason: x.reason } : x)),
    sheets: reports.flatMap((r) => r.sheets),
  };
}

/**
 * Every ticked worksheet is imported in turn inside one transaction, rolled back at the end: the
 * totals are those of the commit, later sheets seeing what earlier ones made. The rows shown are
 * the shown sheet's.
 */
export async function previewImport(a: Archive, req: ImportInput, signal?: AbortSignal): Promise<ImportPreview> {
  const book = await prepareImport(a, req, signal);
  const results = new Map<Prepared, ReturnType<typeof runImport>>();
  try {
    a.db.transaction(() => {
      for (const p of book.selected) results.set(p, runImport(a, p, req, 'commit'));
      if (!results.has(book.shown)) results.set(book.shown, runImport(a, book.shown, req, 'commit'));
      throw new Rollback();
    })();
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  const shown = results.get(book.shown)!;
  const chosen = book.selected.map((p) => results.get(p)!);
  const report = chosen.length
    ? mergeReports(
        chosen.map((r) => r.report),
        book.sheetList.length === 1,
      )
    : { ...shown.report, created: 0, updated: 0, unchanged: 0, skipped: [], sheets: [] };
  const sheetList = book.sheetList.map((info) => {
    const p = book.selected.find((x) => x.preview.sheet === info.name);
    const r = p && results.get(p);
    return {
      ...info,
      outcome: r
        ? {
            ...r.report.sheets[0],
            problem: p.preview.problem,
            undated: r.undated,
            defaultDate: p.preview.defaultDate,
            dateSource: p.preview.dateSource,
          }
        : null,
    };
  });
  return {
    ...book.shown.preview,
    rows: shown.rows,
    report,
    undated: chosen.reduce((n, r) => n + r.undated, 0),
    sheetList,
  };
}

/** Imports for real, every ticked worksheet. A ticked sheet that cannot be imported as mapped throws and nothing is written. */
export async function commitImport(
  a: Archive,
  req: ImportInput,
  beforeWrite?: () => void,
  signal?: AbortSignal,
  cli = false,
): Promise<ImportReport> {
  const book = await prepareImport(a, req, signal, cli);
  if (!book.selected.length) throw invalid(translate('sheets.problem.noneSelected'));
  const bad = book.selected.find((p) => p.preview.problem);
  if (bad)
    throw invalid(
      book.selected.length > 1
        ? translate('sheets.problem.inSheet', { sheet: bad.preview.sheet, problem: bad.preview.problem! })
        : bad.preview.problem!,
    );
  beforeWrite?.(); // last chance to cancel: after this the rows go in, all in one transaction
  return a.db.transaction(() =>
    mergeReports(
      book.selected.map((p) => runImport(a, p, req, 'commit').report),
      book.sheetList.length === 1,
    ),
  )();
}

/**
 * The command line's import: a file on disk, the detected header and mapping, no questions asked.
 * Ambiguous names are skipped with their reason (the teacher resolves them in the app).
 */
export async function importFile(
  a: Archive,
  kind: ImportInput['kind'],
  file: string,
  opts: {
    asOf?: string;
    defaultDate?: string;
    schoolYear?: number;
    schoolName?: string;
    className?: string;
    sheet?: string;
  } = {},
): Promise<ImportReport> {
  let bytes: Buffer;
  try {
    // The size first: a huge file is refused without reading it.
    const size = fs.statSync(file).size;
    if (size > MAX_SHEET_BYTES)
      throw invalid(
        translate('sheets.refuse.tooBig', {
          name: path.basename(file),
          size: (size / 1048576).toFixed(1),
          limit: MAX_SHEET_BYTES / 1048576,
        }),
      );
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof KejiError) throw e;
    throw invalid(translate('sheets.cli.unreadable', { file }));
  }
  const req = ImportRequest.parse({
    jobId: uuidv7(),
    kind,
    file: { name: path.basename(file), base64: bytes.toString('base64') },
    ...opts,
  });
  return commitImport(a, req, undefined, undefined, true);
}
