// The import pipeline: file bytes → grid → header row and column mapping → one record per data
// row → rows imported one by one, each in its own savepoint. Preview and commit run the very same
// code; the preview's transaction is rolled back, so what the teacher sees is what will happen.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { schoolYearRange } from '../../../shared/domain/calendar';
import { uuidv7 } from '../../../shared/domain/ids';
import {
  FIELDS_OF, MAX_SHEET_BYTES, REQUIRED_FIELDS, SHEET_LIMITS, type ImportPreview, type ImportReport, ImportRequest, type PreviewRow, type SheetField,
} from '../../../shared/calls/sheets';
import { translate, type MessageKey } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { invalid, KejiError } from '../errors';
import { today } from '../rows';
import { calendarOf, getSettings } from '../settings';
import { competitionFromTitle, dateClueIn, dateInRange, dayOfYear } from './cells';
import { autoMapping, detectHeader } from './headers';
import { importAwardRow, type SheetContext } from './awardList';
import { importRosterRow } from './roster';
import { newState, type RowOutcome, type SheetRecord } from './run';
import { readWorkbook, type Grid } from './workbook';

export type ImportInput = z.output<typeof ImportRequest>;

export interface Prepared {
  preview: Omit<ImportPreview, 'rows' | 'report'>;
  records: SheetRecord[];
  context: SheetContext;
}

const colLabel = (f: SheetField) => translate(`sheets.col.${f}` as MessageKey);

export async function prepareImport(a: Archive, req: ImportInput, signal?: AbortSignal): Promise<Prepared> {
  const cal = calendarOf(a);
  const wb = await readWorkbook(Buffer.from(req.file.base64, 'base64'), req.file.name, { signal });
  const usable = wb.sheets.filter((g) => g.rows.length > 0);
  if (!usable.length) throw invalid(translate('sheets.problem.empty'));
  let grid: Grid;
  if (req.sheet) {
    const g = wb.sheets.find((s) => s.name === req.sheet);
    if (!g) throw invalid(translate('sheets.problem.noSheet', { name: req.sheet }));
    grid = g;
  } else {
    // The worksheet whose header looks best (a workbook may hold 说明 or 汇总 sheets too).
    grid = usable.reduce((best, g) => (detectHeader(req.kind, g.rows).score > detectHeader(req.kind, best.rows).score ? g : best), usable[0]);
  }
  const rows = grid.rows;
  const detected = detectHeader(req.kind, rows);
  const firstFilled = Math.max(0, rows.findIndex((r) => r.some(Boolean)));
  const headerIdx = req.headerRow ? req.headerRow - 1 : detected.score > 0 ? detected.row : firstFilled;
  if (rows.length && headerIdx >= rows.length) throw invalid(translate('sheets.problem.headerRow', { row: headerIdx + 1, rows: rows.length }));
  const header = rows[headerIdx] ?? [];
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const allowed = new Set<SheetField>(FIELDS_OF[req.kind]);
  const mapping: (SheetField | null)[] = Array.from({ length: width }, (_, i) => {
    const f = req.mapping ? req.mapping[i] ?? null : autoMapping(req.kind, header)[i] ?? null;
    return f && allowed.has(f as SheetField) ? (f as SheetField) : null;
  });

  // Title rows above the header: the 学年 of a 花名册, the competition of a 获奖名单.
  const titleLines = [...new Set(rows.slice(0, headerIdx).map((r) => r.filter(Boolean).join(' ').trim()).filter(Boolean))];
  const title = titleLines.join(' / ') || null;
  const yearOfTitle = schoolYearInTitle(title ?? '');
  const asOf = req.asOf ?? (yearOfTitle !== null ? schoolYearRange(yearOfTitle, cal).from : today(a));
  const asOfSource = req.asOf ? 'request' : req.kind === 'awards' ? 'awardDate' : yearOfTitle !== null ? 'title' : 'today';
  const context: SheetContext = { competition: titleLines.map(competitionFromTitle).find((c) => c !== null) ?? null };

  // The date for rows that give none: only what the teacher gave, the title rows or the file name
  // say — never the day of the import. Shown in the preview as an assumption the teacher can change.
  const now = today(a);
  if (req.defaultDate && !dateInRange(req.defaultDate, now)) throw invalid(translate('sheets.problem.dateRange', { date: req.defaultDate }));
  let defaultDate: string | null = null;
  let dateSource: ImportPreview['dateSource'] = null;
  let dateClue: string | null = null;
  if (req.defaultDate) { defaultDate = req.defaultDate; dateSource = 'request'; }
  else if (req.schoolYear) { defaultDate = dayOfYear(req.schoolYear + 1); dateSource = 'schoolYear'; dateClue = `${req.schoolYear}—${req.schoolYear + 1}`; }
  else if (req.kind === 'awards') {
    const fromTitle = titleLines.map(dateClueIn).find((d) => d !== null);
    const fromName = dateClueIn(req.file.name.replace(/\.[^.]*$/, ''));
    const clue = fromTitle ?? fromName;
    if (clue && dateInRange(clue.date, now)) { defaultDate = clue.date; dateSource = fromTitle ? 'title' : 'fileName'; dateClue = clue.text; }
  }
  const settingsName = getSettings(a).schoolName.trim();
  const names = (req.schoolName ?? settingsName).split(/[、,，;；/|]+/).map((x) => x.trim()).filter(Boolean);
  const school: ImportPreview['school'] = { names, source: names.length ? (req.schoolName ? 'request' : 'settings') : null };

  const records = collectRecords(grid, headerIdx, mapping, req.kind === 'awards');
  // A 花名册 or 获奖名单 is refused whole above the limit (nothing is written), never cut silently.
  const dataRows = records.reduce((n, r) => n + 1 + r.continuations.length, 0);
  if (dataRows > SHEET_LIMITS.dataRows) throw invalid(translate('sheets.refuse.tooManyRows', { sheet: grid.name, limit: SHEET_LIMITS.dataRows }));
  const mapped = new Set(mapping.filter((f): f is SheetField => !!f));
  const missing = REQUIRED_FIELDS[req.kind].filter((f) => !mapped.has(f));
  let problem: string | null = null;
  if (!req.mapping && !req.headerRow && detected.score === 0) problem = translate('sheets.problem.noHeader');
  else if (missing.length) problem = translate('sheets.problem.missing', { fields: missing.map(colLabel).join('、') });
  else if (req.kind === 'awards' && !mapped.has('students') && !mapped.has('title') && !mapped.has('school')) problem = translate('sheets.problem.recipient');
  else if (mapped.has('school') && !school.names.length) problem = translate('sheets.problem.schoolName');
  else if (!records.length) problem = translate('sheets.problem.noRows');

  return {
    preview: {
      kind: req.kind, fileName: req.file.name, format: wb.format, encoding: wb.encoding,
      sheets: wb.sheets.map((s) => s.name), sheet: grid.name, headerRow: headerIdx + 1, title,
      columns: Array.from({ length: width }, (_, i) => ({ index: i, header: header[i] ?? '', field: mapping[i] })),
      asOf, asOfSource, defaultDate, dateSource, dateClue, undated: 0, school, problem,
    },
    records, context,
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
function collectRecords(grid: Grid, headerIdx: number, mapping: (SheetField | null)[], joinMerged: boolean): SheetRecord[] {
  const header = grid.rows[headerIdx] ?? [];
  const records: SheetRecord[] = [];
  const byRow = new Map<number, SheetRecord>();
  const titleCols = mapping.flatMap((f, i) => (f === 'title' ? [i] : []));
  for (let r = headerIdx + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (!mapping.some((f, i) => f && cells[i]?.trim())) continue;
    if (cells.every((c, i) => c === (header[i] ?? ''))) continue;
    const values: SheetRecord['values'] = {};
    mapping.forEach((f, i) => { if (f) (values[f] ??= []).push(cells[i] ?? ''); });
    const rec: SheetRecord = { row: r + 1, cells, values, continuations: [] };
    // A mapped cell longer than the limit was cut while reading: the row is not imported.
    const long = mapping.findIndex((f, i) => f && grid.longCells.has(`${r},${i}`));
    if (long >= 0) rec.tooLong = { field: mapping[long]!, chars: grid.longCells.get(`${r},${long}`)! };
    const master = joinMerged ? titleCols.map((c) => grid.mergedFrom.get(`${r},${c}`)).find((m) => m !== undefined) : undefined;
    const parent = master !== undefined ? byRow.get(master) : undefined;
    if (parent) { parent.continuations.push(rec); continue; }
    byRow.set(r, rec);
    records.push(rec);
  }
  return records;
}

class Rollback extends Error {}

/** Imports every record; in preview mode everything is rolled back at the end. */
export function runImport(a: Archive, p: Prepared, req: ImportInput, mode: 'preview' | 'commit'): { rows: PreviewRow[]; report: ImportReport; undated: number } {
  const st = newState(a, calendarOf(a), p.preview.asOf, p.preview.defaultDate, req.choices, req.kind === 'awards' && !!req.asOf);
  st.dateSource = p.preview.dateSource;
  st.dateClue = p.preview.dateClue;
  st.school = p.preview.school.names;
  const rows: PreviewRow[] = [];
  const body = () => {
    for (const rec of p.records) {
      const long = [rec, ...rec.continuations].find((x) => x.tooLong)?.tooLong;
      if (long) {
        const reason = translate('sheets.reason.cellTooLong', { field: colLabel(long.field), n: long.chars, limit: SHEET_LIMITS.cellChars });
        for (const x of [rec, ...rec.continuations]) rows.push({ row: x.row, status: 'skip', reason, actions: [], cells: x.cells, choices: [] });
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
        rows.push({ row: c.row, status: out!.status, reason: out!.status === 'skip' || out!.status === 'needs-choice' ? out!.reason : translate('sheets.reason.mergedInto', { row: rec.row }), actions: [], cells: c.cells, choices: [] });
      }
    }
  };
  if (p.preview.problem) {
    // Nothing can be imported as mapped: show the rows, write nothing.
    return { rows: p.records.map((r) => ({ row: r.row, status: 'skip' as const, reason: p.preview.problem, actions: [], cells: r.cells, choices: [] })), report: reportOf(st.counts, []), undated: 0 };
  }
  if (mode === 'commit') a.db.transaction(body)();
  else {
    try {
      a.db.transaction(() => { body(); throw new Rollback(); })();
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
  }
  return { rows, report: reportOf(st.counts, rows), undated: st.undated };
}

function reportOf(counts: ReturnType<typeof newState>['counts'], rows: PreviewRow[]): ImportReport {
  const sum = (k: 'created' | 'updated') => Object.values(counts).reduce((s, c) => s + c[k], 0);
  return {
    created: sum('created'), updated: sum('updated'),
    unchanged: rows.filter((r) => r.status === 'duplicate').length,
    skipped: rows.filter((r) => r.status === 'skip' || r.status === 'needs-choice').map((r) => ({ row: r.row, reason: r.reason ?? '' })),
    counts,
  };
}

export async function previewImport(a: Archive, req: ImportInput, signal?: AbortSignal): Promise<ImportPreview> {
  const p = await prepareImport(a, req, signal);
  return { ...p.preview, ...runImport(a, p, req, 'preview') };
}

/** Imports for real. A sheet that cannot be imported as mapped throws and writes nothing. */
export async function commitImport(a: Archive, req: ImportInput, beforeWrite?: () => void, signal?: AbortSignal): Promise<ImportReport> {
  const p = await prepareImport(a, req, signal);
  if (p.preview.problem) throw invalid(p.preview.problem);
  beforeWrite?.(); // last chance to cancel: after this the rows go in, all in one transaction
  return runImport(a, p, req, 'commit').report;
}

/**
 * The command line's import: a file on disk, the detected header and mapping, no questions asked.
 * Ambiguous names are skipped with their reason (the teacher resolves them in the app).
 */
export async function importFile(a: Archive, kind: ImportInput['kind'], file: string, opts: { asOf?: string; defaultDate?: string; schoolYear?: number; schoolName?: string; sheet?: string } = {}): Promise<ImportReport> {
  let bytes: Buffer;
  try {
    // The size first: a huge file is refused without reading it.
    const size = fs.statSync(file).size;
    if (size > MAX_SHEET_BYTES) throw invalid(translate('sheets.refuse.tooBig', { name: path.basename(file), size: (size / 1048576).toFixed(1), limit: MAX_SHEET_BYTES / 1048576 }));
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof KejiError) throw e;
    throw invalid(`无法读取文件：${file}`);
  }
  const req = ImportRequest.parse({ jobId: uuidv7(), kind, file: { name: path.basename(file), base64: bytes.toString('base64') }, ...opts });
  return commitImport(a, req);
}
