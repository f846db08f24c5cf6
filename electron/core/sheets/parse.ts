// Sheet bytes → plain grids of cell text. Runs inside the sheets worker (parse-worker.ts), never on
// the thread that answers the window; workbook.ts decides the format first (sniff.ts) and sends
// the bytes here. .xlsx through exceljs (after the zip guard has counted what it holds), .xls
// (BIFF) through SheetJS, web-page / XML tables through our own linear reader (markup.ts), .csv
// through our own reader. Vertically merged cells (a 作品名称 spanning the rows of its three
// authors) are filled down and remembered, so rows can be joined later. Every limit of
// SHEET_LIMITS is applied here, while reading, not after.
import ExcelJS from 'exceljs';
import XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { SHEET_LIMITS } from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import { invalid } from '../errors';
import { readMarkup, type Merge } from './markup';
import type { SheetFormat } from './sniff';
import { decodeText, parseCsv, RowLimit, type TextEncoding } from './text';
import { assertSafeXlsx } from './zipGuard';
import { localIsoDate } from '../../../shared/domain/format';

export interface Grid {
  name: string;
  /** Cell text, trimmed; '' for empty. Rows and columns 0-based. Cells cut at SHEET_LIMITS.cellChars. */
  rows: string[][];
  /** `${row},${col}` of cells filled down from a vertical merge → the merge's first row. */
  mergedFrom: Map<string, number>;
  /** `${row},${col}` of cells longer than SHEET_LIMITS.cellChars → their full length. */
  longCells: Map<string, number>;
}
export interface Workbook {
  format: 'xlsx' | 'xls' | 'csv';
  encoding: TextEncoding | null;
  sheets: Grid[];
}

// SheetJS's ES module comes without code pages: Excel 95 / WPS .xls files store text in GBK (936).
XLSX.set_cptable(cptable);

const tooManyRows = (sheet: string) =>
  invalid(translate('sheets.refuse.tooManyRows', { sheet, limit: SHEET_LIMITS.dataRows }));

export async function parseWorkbook(buf: Buffer, fileName: string, format: SheetFormat): Promise<Workbook> {
  const base = fileName.replace(/\.[^.]*$/, '') || 'CSV';
  if (format === 'xlsx') return { format, encoding: null, sheets: await readXlsx(buf, fileName) };
  if (format === 'xls') return { format, ...readXlsDecoded(buf, fileName) };
  const { text, encoding } = decodeText(buf);
  if (format === 'markup') {
    return {
      format: 'xls',
      encoding: null,
      sheets: readMarkup(text, base, fileName).map((s) =>
        finish(
          s.name,
          s.rows.map((r) => r.map(cellText)),
          s.merges,
        ),
      ),
    };
  }
  let rows: string[][];
  try {
    rows = parseCsv(text, SHEET_LIMITS.sheetRows);
  } catch (e) {
    if (e instanceof RowLimit) throw tooManyRows(base);
    throw e;
  }
  return {
    format: 'csv',
    encoding,
    sheets: [
      finish(
        base,
        rows.map((r) => r.map(cellText)),
        [],
      ),
    ],
  };
}

async function readXlsx(buf: Buffer, fileName: string): Promise<Grid[]> {
  assertSafeXlsx(buf, SHEET_LIMITS.unpackedBytes, fileName);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw invalid(translate('core.sheets.xlsxUnreadable', { detail: String((e as Error).message).slice(0, 80) }));
  }
  const grids: Grid[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state && ws.state !== 'visible') continue; // hidden helper sheets are not data
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (r > SHEET_LIMITS.sheetRows) throw tooManyRows(ws.name);
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        if (c > SHEET_LIMITS.columns) return;
        // exceljs repeats the master's value in every merged cell; keep it in the master only.
        cells[c - 1] = cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value);
      });
      rows[r - 1] = Array.from(cells, (x) => x ?? '');
    });
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(rangeOf).filter((m): m is Merge => !!m);
    grids.push(
      finish(
        ws.name,
        Array.from(rows, (x) => x ?? []),
        merges,
      ),
    );
  }
  return grids;
}

/**
 * An old .xls written without a code page (WPS, Excel 95 in China) holds GBK bytes that read as
 * Western text ('ÐÕÃû' for 姓名). Such a file is read again as GBK (code page 936) and the reading
 * with more Chinese is kept; the preview then says GBK.
 */
function readXlsDecoded(buf: Buffer, fileName: string): { encoding: TextEncoding | null; sheets: Grid[] } {
  const first = readXls(buf, fileName);
  const sample = (gs: Grid[]) => [...gs.map((g) => g.name), ...gs.flatMap((g) => g.rows.slice(0, 50).flat())].join('');
  const count = (t: string, re: RegExp) => (t.match(re) ?? []).length;
  const s1 = sample(first);
  if (count(s1, /[㐀-鿿]/g) > 0 || count(s1, /[À-ÿ]/g) < 2) return { encoding: null, sheets: first };
  const second = readXls(buf, fileName, 936);
  const s2 = sample(second);
  const han = count(s2, /[㐀-鿿]/g);
  return han > count(s2, /[À-ÿ]/g) ? { encoding: 'GBK', sheets: second } : { encoding: null, sheets: first };
}

function readXls(buf: Buffer, fileName: string, codepage?: number): Grid[] {
  let wb: XLSX.WorkBook;
  try {
    // sheetRows: one more than allowed, so a longer sheet is seen and refused without reading it all.
    wb = XLSX.read(buf, {
      type: 'buffer',
      cellDates: true,
      cellHTML: false,
      dense: true,
      sheetRows: SHEET_LIMITS.sheetRows + 1,
      ...(codepage ? { codepage } : {}),
    });
  } catch (e) {
    const msg = String((e as Error).message);
    if (/password|encrypt/i.test(msg)) throw invalid(translate('core.sheets.xlsPassword'));
    throw invalid(translate('core.sheets.xlsUnreadable', { detail: msg.slice(0, 80) }));
  }
  if (wb.SheetNames.length > SHEET_LIMITS.sheets) {
    throw invalid(
      translate('sheets.refuse.tooManySheets', { name: fileName, n: wb.SheetNames.length, limit: SHEET_LIMITS.sheets }),
    );
  }
  return wb.SheetNames.filter((n) => !wb.Workbook?.Sheets?.find((s) => s.name === n)?.Hidden).map((name) => {
    const ws = wb.Sheets[name];
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
    const merges = (ws['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c }));
    // sheet_to_json starts at the sheet's first used row; shift to absolute rows.
    const offset = ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']).s : { r: 0, c: 0 };
    const rows: string[][] = [];
    aoa.forEach((r, i) => {
      rows[i + offset.r] = [
        ...Array(Math.min(offset.c, SHEET_LIMITS.columns)).fill(''),
        ...r.slice(0, SHEET_LIMITS.columns).map((v) => cellText(v instanceof Date ? localDay(v) : v)),
      ];
    });
    return finish(
      name,
      Array.from(rows, (x) => x ?? []),
      merges,
    );
  });
}

/** SheetJS builds dates in local time; exceljs in UTC. Bring both to the same day (rounded to the minute). */
function localDay(d: Date): string {
  return localIsoDate(new Date(Math.round(d.getTime() / 60000) * 60000));
}

function rangeOf(a1: string): Merge | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a1);
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { r0: Number(m[2]) - 1, c0: col(m[1]), r1: Number(m[4]) - 1, c1: col(m[3]) };
}

/** Fills vertical merges down their first column, trims empty edges, cuts over-long cells, applies the row limit. */
export function finish(name: string, rows: string[][], merges: Merge[]): Grid {
  while (rows.length && rows[rows.length - 1].every((c) => !c)) rows.pop();
  if (rows.length > SHEET_LIMITS.sheetRows) throw tooManyRows(name);
  const mergedFrom = new Map<string, number>();
  const vertical = merges.filter((m) => m.r1 > m.r0 && m.c0 < SHEET_LIMITS.columns && m.r0 < rows.length);
  // What filling down would cost, before doing it: overlapping spans make a huge grid from a small file.
  const fill = vertical.reduce((n, m) => n + Math.min(m.r1, rows.length - 1) - m.r0, 0);
  if (fill > SHEET_LIMITS.mergedCells)
    throw invalid(translate('sheets.refuse.tooManyMerged', { sheet: name, limit: SHEET_LIMITS.mergedCells }));
  for (const m of vertical) {
    const v = rows[m.r0]?.[m.c0] ?? '';
    for (let r = m.r0 + 1; r <= m.r1 && r < rows.length; r++) {
      rows[r] ??= [];
      rows[r][m.c0] = v;
      mergedFrom.set(`${r},${m.c0}`, m.r0);
    }
  }
  const width = Math.min(
    SHEET_LIMITS.columns,
    rows.reduce((w, r) => {
      let last = r.length - 1;
      while (last >= 0 && !r[last]) last--;
      return Math.max(w, last + 1);
    }, 0),
  );
  const longCells = new Map<string, number>();
  const out = rows.map((r, i) =>
    Array.from({ length: width }, (_, c) => {
      const v = r[c] ?? '';
      if (v.length <= SHEET_LIMITS.cellChars) return v;
      longCells.set(`${i},${c}`, v.length);
      return v.slice(0, SHEET_LIMITS.cellChars);
    }),
  );
  while (out.length && out[out.length - 1].every((c) => !c)) out.pop();
  return { name, rows: out, mergedFrom, longCells };
}

/** One cell's value as the teacher sees it: dates as YYYY-MM-DD, numbers without float noise. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  if (typeof v === 'boolean') return translate(v ? 'core.sheets.yes' : 'core.sheets.no');
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').trim();
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText)
      return o.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (o.error) return '';
  }
  return String(v).trim();
}
