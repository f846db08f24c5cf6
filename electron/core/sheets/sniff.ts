// What a sheet file really is, from its first bytes, checked against what its name promises
// before any parser sees it (issues 12 and 16). An .xlsx is a zip and an .xls an OLE compound
// file (either is accepted for the other: Excel users rename files, and the bytes pick the
// reader); an .xls may also be a web page or SpreadsheetML table saved by an old web system, read
// by our own linear reader under its own size cap; a .csv is text (or a workbook in disguise, read
// as the workbook it is). Anything else is refused here,
// in well under a second, with a Chinese reason naming the file.
import { MAX_SHEET_BYTES } from '../../../shared/calls/sheets';
import { translate, type MessageKey } from '../../../shared/i18n/messages';
import { invalid } from '../errors';

export type SheetFormat = 'xlsx' | 'xls' | 'markup' | 'csv';

/** A web page / XML table saved as .xls is read by markup.ts (linear) up to this size. */
export const MAX_MARKUP_BYTES = MAX_SHEET_BYTES;

const EXCEL_EXT = new Set(['xlsx', 'xlsm', 'xltx', 'xltm', 'xls', 'xlt', 'et', 'ett']);
/** Extensions under which old systems save HTML / SpreadsheetML tables. */
const MARKUP_OK_EXT = new Set(['xls', 'xlt', 'et', 'htm', 'html', 'xml']);
const TEXT_EXT = new Set(['csv', 'txt', 'tsv']);

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;
const isOle = (b: Buffer) => b.length >= 8 && b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1;

/** The first characters of a text file, whatever its encoding (BOMs and UTF-16 included). */
function headText(buf: Buffer): string {
  const head = buf.subarray(0, 2048);
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.from(head.subarray(2)).swap16().toString('utf16le');
  return head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
}

/** An HTML or SpreadsheetML table (what "导出Excel" of many web systems writes as .xls). */
export function looksLikeMarkup(buf: Buffer): boolean {
  const t = headText(buf).replace(/^[\s\0]+/, '');
  return (
    /^<(\?xml|!doctype\s+html|html|table|head|body|meta|style|!--)/i.test(t) &&
    /<(table|workbook|ss:workbook|html|tr)[\s>]/i.test(headText(buf.subarray(0, 64 * 1024)) + t)
  );
}

/** What the bytes are, in the teacher's words (for the refusal). */
function whatItIs(buf: Buffer): MessageKey {
  const s = buf.subarray(0, 8).toString('latin1');
  if (isZip(buf)) return 'sheets.what.zip';
  if (isOle(buf)) return 'sheets.what.workbook';
  if (s.startsWith('%PDF-')) return 'sheets.what.pdf';
  if (
    (buf[0] === 0xff && buf[1] === 0xd8) ||
    s.startsWith('\x89PNG') ||
    s.startsWith('GIF8') ||
    (s.startsWith('RIFF') && buf.subarray(8, 12).toString('latin1') === 'WEBP') ||
    s.startsWith('BM')
  )
    return 'sheets.what.image';
  if (looksLikeMarkup(buf)) return 'sheets.what.markup';
  const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
  if (!utf16 && buf.subarray(0, 4096).includes(0)) return 'sheets.what.binary';
  return 'sheets.what.text';
}

export function extOf(fileName: string): string {
  const m = /\.([^.\\/]+)$/.exec(fileName);
  return m ? m[1].toLowerCase() : '';
}

/**
 * Decides the reader for a file, or throws the refusal. Cheap: looks at the size and the first
 * bytes only, so it runs on the calling thread before any worker is started.
 */
export function checkSheetFile(buf: Buffer, fileName: string): SheetFormat {
  if (buf.length === 0) throw invalid(translate('sheets.refuse.empty', { name: fileName }));
  if (buf.length > MAX_SHEET_BYTES) {
    throw invalid(
      translate('sheets.refuse.tooBig', {
        name: fileName,
        size: (buf.length / 1048576).toFixed(1),
        limit: MAX_SHEET_BYTES / 1048576,
      }),
    );
  }
  const ext = extOf(fileName);
  const what = whatItIs(buf);
  const markup = what === 'sheets.what.markup';
  if (EXCEL_EXT.has(ext)) {
    if (isZip(buf)) return 'xlsx';
    if (isOle(buf)) return 'xls';
    if (markup && MARKUP_OK_EXT.has(ext)) return checkMarkupSize(buf, fileName);
    const hint = what === 'sheets.what.text' ? 'sheets.hint.renameCsv' : 'sheets.hint.saveAsXlsx';
    throw invalid(
      translate('sheets.refuse.notExcel', { name: fileName, what: translate(what), hint: translate(hint) }),
    );
  }
  // A .csv (or any other name: the command line takes any file) goes by its bytes: an Excel
  // workbook saved or renamed as .csv is read as the workbook it is, by the reader for its kind.
  if (isZip(buf)) return 'xlsx';
  if (isOle(buf)) return 'xls';
  if (markup) return checkMarkupSize(buf, fileName);
  if (what === 'sheets.what.text') return 'csv';
  if (TEXT_EXT.has(ext))
    throw invalid(
      translate('sheets.refuse.notCsv', {
        name: fileName,
        what: translate(what),
        hint: translate('sheets.hint.saveAsXlsx'),
      }),
    );
  throw invalid(translate('sheets.refuse.notSheet', { name: fileName, what: translate(what) }));
}

function checkMarkupSize(buf: Buffer, fileName: string): SheetFormat {
  if (buf.length > MAX_MARKUP_BYTES)
    throw invalid(translate('sheets.refuse.markupTooBig', { name: fileName, limit: MAX_MARKUP_BYTES / 1048576 }));
  return 'markup';
}
