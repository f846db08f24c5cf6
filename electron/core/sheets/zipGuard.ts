// Zip-bomb safety for .xlsx: a few KB can inflate to gigabytes and take the app down while
// exceljs unpacks it. Before parsing we read the zip central directory (declared sizes) and then
// inflate every entry with a hard output limit, so a directory that lies is caught too.
import zlib from 'node:zlib';
import { invalid } from '../errors';

/** A roster of 5,000 students is about 1 MB unpacked; 64 MB is generous. */
export const MAX_UNPACKED = 64 * 1024 * 1024;
const MAX_ENTRIES = 2000;
/** Real sheets compress about 10:1; refuse entries that claim far more (and are big). */
const MAX_RATIO = 200;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry { name: string; method: number; compressed: number; size: number; localOffset: number }

const refuse = (why: string) => invalid(`这个 .xlsx 文件不能安全打开（${why}），请在 Excel 中另存为新文件后再导入`);

/** Entries listed in the central directory; throws a Chinese message for a broken zip. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw refuse('文件已损坏：找不到压缩目录');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw refuse('使用了 ZIP64 格式');
  if (count > MAX_ENTRIES) throw refuse(`包含 ${count} 个部件`);
  if (cdOffset + cdSize > buf.length) throw refuse('文件已损坏：压缩目录超出文件末尾');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw refuse('文件已损坏：压缩目录不完整');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw refuse('使用了 ZIP64 格式');
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Throws unless the .xlsx unpacks to a sane size. Returns the total unpacked bytes. */
export function assertSafeXlsx(buf: Buffer, limit = MAX_UNPACKED): number {
  const entries = zipEntries(buf);
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > limit) throw refuse(`解压后约 ${Math.round(declared / 1048576)} MB，超过 ${Math.round(limit / 1048576)} MB 上限`);
  for (const e of entries) {
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressed) > MAX_RATIO) throw refuse(`部件 ${e.name} 的压缩比异常`);
  }
  // The directory may lie: inflate each entry with a hard cap on what it may produce.
  let total = 0;
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw refuse('文件已损坏：部件头不完整');
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + e.compressed);
    if (start + e.compressed > buf.length) throw refuse('文件已损坏：部件超出文件末尾');
    let out: number;
    if (e.method === 0) out = data.length;
    else if (e.method === 8) {
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, limit - total) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw refuse(`解压后超过 ${Math.round(limit / 1048576)} MB 上限`);
        throw refuse(`部件 ${e.name} 已损坏`);
      }
    } else throw refuse(`部件 ${e.name} 使用了不支持的压缩方式`);
    if (out !== e.size) throw refuse(`部件 ${e.name} 的大小与目录不符`);
    total += out;
    if (total > limit) throw refuse(`解压后超过 ${Math.round(limit / 1048576)} MB 上限`);
  }
  return total;
}
