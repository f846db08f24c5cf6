// Any sheet file → plain grids of cell text. .xlsx through exceljs (after the zip-bomb check),
// .xls through SheetJS, .csv through our own reader. The format is sniffed from the bytes, not
// trusted from the name (Excel users rename files). Vertically merged cells (a 作品名称 spanning
// the rows of its three authors) are filled down and remembered, so rows can be joined later.
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { MAX_SHEET_BYTES } from '../../../shared/calls/sheets';
import { invalid } from '../errors';
import { decodeText, parseCsv, type TextEncoding } from './text';
import { assertSafeXlsx } from './zipGuard';

export interface Grid {
  name: string;
  /** Cell text, trimmed; '' for empty. Rows and columns 0-based. */
  rows: string[][];
  /** `${row},${col}` of cells filled down from a vertical merge → the merge's first row. */
  mergedFrom: Map<string, number>;
}
export interface Workbook { format: 'xlsx' | 'xls' | 'csv'; encoding: TextEncoding | null; sheets: Grid[] }

const MAX_ROWS = 50_000;
const MAX_COLS = 200;

export function sniffFormat(buf: Buffer): Workbook['format'] {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  return 'csv';
}

export async function readWorkbook(buf: Buffer, fileName: string): Promise<Workbook> {
  if (buf.length === 0) throw invalid(`文件「${fileName}」是空的`);
  if (buf.length > MAX_SHEET_BYTES) throw invalid(`文件太大（超过 ${MAX_SHEET_BYTES / 1048576} MB），请只保留需要导入的工作表`);
  const format = sniffFormat(buf);
  if (format === 'xlsx') return { format, encoding: null, sheets: await readXlsx(buf) };
  if (format === 'xls') return { format, encoding: null, sheets: readXls(buf) };
  if (/\.(xlsx|xls|et|wps)$/i.test(fileName) && buf.subarray(0, 512).includes(0)) {
    throw invalid(`无法识别「${fileName}」的格式，请在 Excel 或 WPS 中另存为 .xlsx 后再导入`);
  }
  // A photo or a program picked by mistake is not a CSV: binary bytes (NUL) without a UTF-16 BOM.
  const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
  if (!utf16 && buf.subarray(0, 4096).includes(0)) {
    throw invalid(`「${fileName}」不是表格文件（可能是照片或程序），请选择 .xlsx、.xls 或 .csv 文件`);
  }
  const { text, encoding } = decodeText(buf);
  if (/^\s*<(!doctype|html|table)/i.test(text)) return { format: 'xls', encoding: null, sheets: readXls(buf) }; // "xls" saved as HTML by old systems
  return { format: 'csv', encoding, sheets: [finish(fileName.replace(/\.[^.]*$/, '') || 'CSV', parseCsv(text).map((r) => r.map(cellText)), [])] };
}

async function readXlsx(buf: Buffer): Promise<Grid[]> {
  assertSafeXlsx(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw invalid(`无法读取这个 .xlsx 文件（${String((e as Error).message).slice(0, 80)}），请在 Excel 中另存后再试`);
  }
  const grids: Grid[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state && ws.state !== 'visible') continue; // hidden helper sheets are not data
    if (ws.rowCount > MAX_ROWS) throw invalid(`工作表「${ws.name}」超过 ${MAX_ROWS} 行`);
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        if (c > MAX_COLS) return;
        // exceljs repeats the master's value in every merged cell; keep it in the master only.
        cells[c - 1] = cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value);
      });
      rows[r - 1] = Array.from(cells, (x) => x ?? '');
    });
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(rangeOf).filter((m): m is Merge => !!m);
    grids.push(finish(ws.name, Array.from(rows, (x) => x ?? []), merges));
  }
  return grids;
}

function readXls(buf: Buffer): Grid[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(buf, { type: 'buffer', cellDates: true, cellHTML: false, sheetRows: MAX_ROWS + 1 });
  } catch (e) {
    const msg = String((e as Error).message);
    if (/password|encrypt/i.test(msg)) throw invalid('文件设有密码保护，请在 Excel 中取消密码后再导入');
    throw invalid(`无法读取这个 .xls 文件（${msg.slice(0, 80)}），请在 Excel 中另存为 .xlsx 后再试`);
  }
  return wb.SheetNames.filter((n) => !wb.Workbook?.Sheets?.find((s) => s.name === n)?.Hidden).map((name) => {
    const ws = wb.Sheets[name];
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
    const merges = (ws['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c }));
    // sheet_to_json starts at the sheet's first used row; shift to absolute rows.
    const offset = ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']).s : { r: 0, c: 0 };
    const rows: string[][] = [];
    aoa.forEach((r, i) => { rows[i + offset.r] = [...Array(offset.c).fill(''), ...r.slice(0, MAX_COLS).map((v) => cellText(v instanceof Date ? localDay(v) : v))]; });
    return finish(name, Array.from(rows, (x) => x ?? []), merges);
  });
}

/** SheetJS builds dates in local time; exceljs in UTC. Bring both to the same day (rounded to the minute). */
function localDay(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 60000) * 60000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

interface Merge { r0: number; c0: number; r1: number; c1: number }
function rangeOf(a1: string): Merge | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a1);
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { r0: Number(m[2]) - 1, c0: col(m[1]), r1: Number(m[4]) - 1, c1: col(m[3]) };
}

/** Fills vertical merges down their first column, trims empty edges. */
function finish(name: string, rows: string[][], merges: Merge[]): Grid {
  const mergedFrom = new Map<string, number>();
  for (const m of merges) {
    if (m.r1 <= m.r0) continue;
    const v = rows[m.r0]?.[m.c0] ?? '';
    for (let r = m.r0 + 1; r <= m.r1 && r < rows.length; r++) {
      rows[r] ??= [];
      rows[r][m.c0] = v;
      mergedFrom.set(`${r},${m.c0}`, m.r0);
    }
  }
  const width = Math.min(MAX_COLS, rows.reduce((w, r) => {
    let last = r.length - 1;
    while (last >= 0 && !r[last]) last--;
    return Math.max(w, last + 1);
  }, 0));
  const out = rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ''));
  while (out.length && out[out.length - 1].every((c) => !c)) out.pop();
  return { name, rows: out, mergedFrom };
}

/** One cell's value as the teacher sees it: dates as YYYY-MM-DD, numbers without float noise. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').trim();
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('').trim();
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (o.error) return '';
  }
  return String(v).trim();
}
