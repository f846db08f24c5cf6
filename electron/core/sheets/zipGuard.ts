// Zip-bomb safety for .xlsx: a few KB can inflate to gigabytes and take the app down while
// exceljs unpacks it. Before any parser runs we read the zip central directory (declared sizes,
// refused before a single byte is inflated) and then inflate every entry with a hard output
// limit, so a directory that lies is caught too. While the worksheets are inflated anyway, their
// <row> and <c> elements are counted: exceljs builds an object per row and per cell, so a sheet
// of a million formatted empty cells is refused here, not after it has filled the memory.
import zlib from 'node:zlib';
import { SHEET_LIMITS } from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import { invalid } from '../errors';

/** A roster of 5,000 students is about 1 MB unpacked; 64 MB is generous. */
export const MAX_UNPACKED = SHEET_LIMITS.unpackedBytes;
const MAX_ENTRIES = 2000;
/** Real sheets compress about 10:1; refuse entries that claim far more (and are big). */
const MAX_RATIO = 200;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

const refuse = (why: string) => invalid(translate('sheets.refuse.unsafeZip', { why }));
const mb = (n: number) => Math.round(n / 1048576);
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

/** How many `<name` elements (not `<nameSomething`) a part holds. */
function countElements(xml: Buffer, name: string): number {
  const needle = Buffer.from(`<${name}`);
  let n = 0;
  for (let p = xml.indexOf(needle); p >= 0; p = xml.indexOf(needle, p + needle.length)) {
    const next = xml[p + needle.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n++;
  }
  return n;
}

/** Entries listed in the central directory; throws a Chinese message for a broken zip. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse(translate('core.zip.noDirectory'));
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw refuse(translate('core.zip.zip64'));
  if (count > MAX_ENTRIES) throw refuse(translate('core.zip.tooManyParts', { n: count }));
  if (cdOffset + cdSize > buf.length) throw refuse(translate('core.zip.directoryPastEnd'));
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw refuse(translate('core.zip.directoryShort'));
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff)
      throw refuse(translate('core.zip.zip64'));
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Throws unless the .xlsx unpacks to a sane size and holds a sane number of worksheets, rows and
 * cells. Returns the total unpacked bytes.
 */
export function assertSafeXlsx(buf: Buffer, limit = MAX_UNPACKED, fileName = '.xlsx'): number {
  const entries = zipEntries(buf);
  // 1. What the directory declares, before anything is inflated.
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > limit) throw refuse(translate('sheets.refuse.unpacked', { size: mb(declared), limit: mb(limit) }));
  for (const e of entries) {
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressed) > MAX_RATIO)
      throw refuse(translate('core.zip.ratio', { name: e.name }));
  }
  const sheets = entries.filter((e) => WORKSHEET.test(e.name)).length;
  if (sheets > SHEET_LIMITS.sheets)
    throw invalid(translate('sheets.refuse.tooManySheets', { name: fileName, n: sheets, limit: SHEET_LIMITS.sheets }));
  // 2. The directory may lie: inflate each entry with a hard cap on what it may produce.
  let total = 0;
  let rows = 0;
  let cells = 0;
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw refuse(translate('core.zip.headerShort'));
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + e.compressed);
    if (start + e.compressed > buf.length) throw refuse(translate('core.zip.partPastEnd'));
    let out: Buffer;
    if (e.method === 0) out = data;
    else if (e.method === 8) {
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, limit - total) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw refuse(translate('sheets.refuse.unpackedLimit', { limit: mb(limit) }));
        throw refuse(translate('core.zip.partDamaged', { name: e.name }));
      }
    } else throw refuse(translate('core.zip.method', { name: e.name }));
    if (out.length !== e.size) throw refuse(translate('core.zip.size', { name: e.name }));
    total += out.length;
    if (total > limit) throw refuse(translate('sheets.refuse.unpackedLimit', { limit: mb(limit) }));
    // 3. What exceljs would build from the worksheets.
    if (WORKSHEET.test(e.name)) {
      rows += countElements(out, 'row');
      cells += countElements(out, 'c');
      if (rows > SHEET_LIMITS.xlsxRows)
        throw invalid(translate('sheets.refuse.tooManyXmlRows', { name: fileName, limit: SHEET_LIMITS.xlsxRows }));
      if (cells > SHEET_LIMITS.xlsxCells)
        throw invalid(translate('sheets.refuse.tooManyCells', { name: fileName, limit: SHEET_LIMITS.xlsxCells }));
    }
  }
  return total;
}
