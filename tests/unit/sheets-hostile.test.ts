// Bounded work on untrusted sheet files (issues 12 and 16). Every hostile file is built here: a
// web-page table saved as .xls that sends SheetJS down its quadratic path, a text file named
// .xlsx, a CSV one row over the limit, zips whose directory promises gigabytes or a million
// cells, a 100,000-character cell. Each is answered the way the teacher sees it (the message, the
// rows of the preview) and nothing is written to the archive.
import zlib from 'node:zlib';
import XLSX from '@e965/xlsx';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportRequest } from '../../shared/calls/sheets';
import type { Archive } from '../../electron/core/db/open';
import { JobCancelled } from '../../electron/core/jobs';
import { closeSheetsWorker, readWorkbook } from '../../electron/core/sheets/workbook';
import { assertSafeXlsx } from '../../electron/core/sheets/zipGuard';
import { caller, newArchive, tableCounts, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' });
  c = caller(a);
});
afterEach(() => a.close());
afterAll(() => closeSheetsWorker());

let jobs = 0;
const jobId = () => `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`;
const req = (kind: 'roster' | 'awards', name: string, bytes: Buffer): ImportRequest => ({
  jobId: jobId(),
  kind,
  file: { name, base64: bytes.toString('base64') },
});

const SUR = '张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗';
const GIV = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞云峰雪琳晨曦宇轩浩然子涵欣怡思雨佳琪瑶';
/** The i-th of 50,000 different names that look like names. */
const nameOf = (i: number) => SUR[i % 20] + GIV[Math.floor(i / 20) % 50] + GIV[Math.floor(i / 1000) % 50];

const NOTE = '科技兴趣小组成员，参加过校级比赛';

/** A 花名册 as a web system's "导出Excel" writes it: an HTML table in a file named .xls. */
function htmlRoster(students: number, rowspan: 'none' | 'perClass' | 'everyRow' = 'none'): Buffer {
  const rows: string[] = ['<tr><th>姓名</th><th>性别</th><th>班级</th><th>学号</th><th>备注</th></tr>'];
  for (let i = 0; i < students; i++) {
    // everyRow: a rowspan to the end on every row (an attacker's, or a broken export's). SheetJS
    // tracks each merge against every later cell, which is what made a 900 KB file take 46 s.
    const cls =
      rowspan === 'everyRow'
        ? `<td rowspan="${students}">五年级(2)班</td>`
        : rowspan === 'perClass'
          ? i % 50 === 0
            ? `<td rowspan="50">五年级(${i / 50 + 1})班</td>`
            : ''
          : '<td>五年级(2)班</td>';
    rows.push(
      `<tr><td>${nameOf(i)}</td><td>${i % 2 ? '女' : '男'}</td>${cls}<td>00${2025000 + i}</td><td>${NOTE}</td></tr>`,
    );
  }
  return Buffer.from(
    `<html><head><meta charset="utf-8"><style>td{mso-number-format:"\\@"}</style><script>alert(1)</script></head><body><table border="1">\n${rows.join('\n')}\n</table></body></html>`,
  );
}

/** A zip written by hand: each entry { name, data } stored deflated, with the sizes the directory claims. */
function zipOf(entries: { name: string; data: Buffer; claimSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = zlib.deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.claimSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

describe('what the file really is', () => {
  it('a text file named .xlsx is "这不是 Excel 文件", named, before anything is parsed; nothing written', async () => {
    const before = tableCounts(a);
    // 5 MB of CSV text renamed to .xlsx (read as CSV for 8 s, then "找不到表头…").
    const line = '张三,五年级(2)班,男\n';
    const text = Buffer.from('姓名,班级,性别\n' + line.repeat(Math.ceil((5 * 1048576) / Buffer.byteLength(line))));
    for (const call of ['sheets.preview', 'sheets.commit'] as const) {
      const err = await c.fail(call, req('roster', '花名册.xlsx', text));
      expect(err.message).toMatch(/这不是 Excel 文件：「花名册\.xlsx」的内容是纯文本/);
      expect(err.message).toMatch(/扩展名改为 \.csv/);
      expect(err.message).not.toMatch(/表头/);
    }
    const html = await c.fail('sheets.preview', req('roster', '名单.xlsx', htmlRoster(3)));
    expect(html.message).toMatch(/这不是 Excel 文件：「名单\.xlsx」的内容是网页/);
    const pdf = await c.fail(
      'sheets.preview',
      req('roster', '名单.xls', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n')),
    );
    expect(pdf.message).toMatch(/这不是 Excel 文件：「名单\.xls」的内容是PDF 文档/);
    const exe = await c.fail(
      'sheets.preview',
      req('roster', '名单.csv', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])),
    );
    expect(exe.message).toMatch(/这不是 CSV 文件：「名单\.csv」/);
    expect(tableCounts(a)).toEqual(before);
  });

  it('a 900 KB web-page table saved as .xls is read, all of it, with the 学号 as typed (leading zeros kept)', async () => {
    const file = htmlRoster(6_500);
    expect(file.length).toBeGreaterThan(880 * 1024);
    const p = await c.ok('sheets.preview', req('roster', '花名册.xls', file));
    expect(p.format).toBe('xls');
    expect(p.problem).toBeNull();
    expect(p.columns.map((col) => col.field)).toEqual(['name', 'gender', 'className', 'studentNo', 'notes']);
    expect(p.rows[0], JSON.stringify(p.rows[0])).toMatchObject({ status: 'new' });
    expect(p.report.created).toBe(6_500);
    expect(p.rows.at(-1)!.cells).toEqual([nameOf(6_499), '女', '五年级(2)班', '002031499', NOTE]);
    // the page's <script> and <style> are neither cells nor run
    expect(p.rows.some((r) => r.cells.join('').includes('alert'))).toBe(false);
  });

  it('a class cell merged over its 50 students (rowspan) fills down to each of them', async () => {
    const wb = await readWorkbook(htmlRoster(6_000, 'perClass'), '花名册.xls');
    const g = wb.sheets[0];
    expect(g.rows).toHaveLength(6_001);
    expect(g.rows[1]).toEqual([nameOf(0), '男', '五年级(1)班', '002025000', NOTE]);
    expect(g.rows[50]).toEqual([nameOf(49), '女', '五年级(1)班', '002025049', NOTE]);
    expect(g.rows[51]).toEqual([nameOf(50), '男', '五年级(2)班', '002025050', NOTE]);
    expect(g.mergedFrom.get('50,2')).toBe(1);
  });

  it('the same 900 KB table with a rowspan to the end on every row (quadratic in SheetJS) is refused in one pass, naming the merges', async () => {
    const file = htmlRoster(6_000, 'everyRow');
    expect(file.length).toBeGreaterThan(880 * 1024);
    const before = tableCounts(a);
    const err = await c.fail('sheets.commit', req('roster', '花名册.xls', file));
    expect(err.message).toMatch(/工作表「花名册」的合并单元格覆盖了超过 200000 个单元格/);
    expect(tableCounts(a)).toEqual(before);
  });

  it('a SpreadsheetML (XML 表格) .xls: worksheets, skipped columns, merged cells, dates and numbers', async () => {
    const xml = `<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="获奖名单"><Table>
<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">2025年科技创新大赛获奖名单</Data></Cell></Row>
<Row ss:Index="3"><Cell><Data ss:Type="String">作品名称</Data></Cell><Cell><Data ss:Type="String">作者</Data></Cell><Cell><Data ss:Type="String">奖项</Data></Cell><Cell><Data ss:Type="String">获奖时间</Data></Cell></Row>
<Row><Cell ss:MergeDown="1"><Data ss:Type="String">雨水收集 &amp; 利用</Data></Cell><Cell><Data ss:Type="String">张三</Data></Cell><Cell><Data ss:Type="String">一等奖</Data></Cell><Cell><Data ss:Type="DateTime">2025-05-20T00:00:00.000</Data></Cell></Row>
<Row><Cell ss:Index="2"><Data ss:Type="String">李四</Data><Comment><Data>批注不是数据</Data></Comment></Cell><Cell ss:Index="4"><Data ss:Type="Number">3.0000000000000004</Data></Cell></Row>
</Table></Worksheet></Workbook>`;
    const wb = await readWorkbook(Buffer.from(xml), '获奖名单.xls');
    expect(wb.sheets.map((s) => s.name)).toEqual(['获奖名单']);
    const g = wb.sheets[0];
    expect(g.rows[0][0]).toBe('2025年科技创新大赛获奖名单');
    expect(g.rows[2]).toEqual(['作品名称', '作者', '奖项', '获奖时间']);
    expect(g.rows[3]).toEqual(['雨水收集 & 利用', '张三', '一等奖', '2025-05-20']);
    expect(g.rows[4]).toEqual(['雨水收集 & 利用', '李四', '', '3']);
    expect(g.mergedFrom.get('4,0')).toBe(3);
  });
});

describe('limits', () => {
  it('a CSV of 20,001 data rows is refused whole with the limit in the message; preview and commit write nothing', async () => {
    const lines = ['姓名,班级,性别'];
    for (let i = 0; i < 20_001; i++) lines.push(`学生${i},五年级(${1 + (i % 6)})班,${i % 2 ? '女' : '男'}`);
    const file = Buffer.from(lines.join('\r\n'));
    const before = tableCounts(a);
    for (const call of ['sheets.preview', 'sheets.commit'] as const) {
      const err = await c.fail(call, req('roster', '全校花名册.csv', file));
      expect(err.message).toMatch(/工作表「全校花名册」超过 20000 行数据/);
      expect(err.message).toMatch(/分成几个文件/);
    }
    expect(tableCounts(a)).toEqual(before);
    // A CSV far over the limit stops being read at the limit: the same answer.
    const huge = Buffer.from(lines.join('\r\n') + '\r\n' + lines.slice(1).join('\r\n'));
    expect((await c.fail('sheets.commit', req('roster', '全校花名册.csv', huge))).message).toMatch(/超过 20000 行数据/);
    expect(tableCounts(a)).toEqual(before);
  });

  it('an .xlsx whose zip directory promises 3.75 GB is refused from the directory, before a byte is inflated', () => {
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024 * 1024), claimSize: 0xf0000000 },
    ]);
    const inflate = vi.spyOn(zlib, 'inflateRawSync');
    try {
      expect(() => assertSafeXlsx(bomb)).toThrow(/不能安全打开（解压后约 3840 MB，超过 64 MB 上限）/);
      expect(inflate).not.toHaveBeenCalled();
    } finally {
      inflate.mockRestore();
    }
  });

  it('an .xlsx of a million formatted cells (small on disk) is refused before exceljs builds them', async () => {
    const cells = '<c s="1"/>'.repeat(100);
    const rows = Array.from({ length: 10_001 }, (_, i) => `<row r="${i + 1}">${cells}</row>`).join('');
    const sheet = Buffer.from(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );
    const file = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ]);
    expect(file.length).toBeLessThan(1024 * 1024);
    const before = tableCounts(a);
    const err = await c.fail('sheets.preview', req('roster', '花名册.xlsx', file));
    expect(err.message).toMatch(/「花名册\.xlsx」的单元格太多（超过 1000000 个/);
    expect(tableCounts(a)).toEqual(before);
  });

  it('a workbook of 51 worksheets is refused with the limit', async () => {
    const wb = XLSX.utils.book_new();
    for (let i = 1; i <= 51; i++)
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['姓名'], [`学生${i}`]]), `班${i}`);
    const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const err = await c.fail('sheets.preview', req('roster', '全校.xlsx', file));
    expect(err.message).toMatch(/「全校\.xlsx」有 51 个工作表，超过 50 个的上限/);
  });

  it('a 100,000-character cell: that row is skipped with the reason, the others are imported, the preview shows it cut', async () => {
    const long = '很'.repeat(100_000);
    const file = Buffer.from(`姓名,班级,备注\n张三,五年级(2)班,好学生\n李四,五年级(2)班,${long}\n王五,五年级(2)班,\n`);
    const p = await c.ok('sheets.preview', req('roster', '花名册.csv', file));
    const row = p.rows.find((r) => r.row === 3)!;
    expect(row.status).toBe('skip');
    expect(row.reason).toBe('「备注」一格有 100000 字，超过 1000 字的上限，这一行未导入（请在表中缩短后再导入）');
    expect(row.cells[2]).toHaveLength(1000);
    expect(p.rows.filter((r) => r.status === 'new').map((r) => r.row)).toEqual([2, 4]);
    const done = await c.ok('sheets.commit', req('roster', '花名册.csv', file));
    expect(done.created).toBe(2);
    expect(done.skipped).toEqual([{ row: 3, reason: row.reason }]);
    // In a column nobody imports, a long cell is only cut: the row is imported.
    const unmapped = Buffer.from(`姓名,班级,随便\n赵六,五年级(2)班,${long}\n`);
    const q = await c.ok('sheets.preview', req('roster', '花名册.csv', unmapped));
    expect(q.rows[0].status).toBe('new');
  });
});

describe('reading runs in a worker that can be stopped', () => {
  const csv = () => {
    const lines = ['姓名,班级'];
    for (let i = 0; i < 20_000; i++) lines.push(`学生${i},五年级(2)班`);
    return Buffer.from(lines.join('\n'));
  };

  it('past its time limit the reading is stopped with a Chinese message; the next file is read normally', async () => {
    await expect(readWorkbook(csv(), '花名册.csv', { timeoutMs: 1 })).rejects.toThrow(
      /读取「花名册\.csv」超过 1 秒仍未完成，已停止/,
    );
    const wb = await readWorkbook(csv(), '花名册.csv');
    expect(wb.sheets[0].rows).toHaveLength(20_001);
  });

  it('cancelling the job stops the reading at once', async () => {
    const ctl = new AbortController();
    const reading = readWorkbook(csv(), '花名册.csv', { signal: ctl.signal });
    ctl.abort();
    await expect(reading).rejects.toBeInstanceOf(JobCancelled);
    const done = new AbortController();
    done.abort();
    await expect(readWorkbook(csv(), '花名册.csv', { signal: done.signal })).rejects.toBeInstanceOf(JobCancelled);
    expect((await readWorkbook(csv(), '花名册.csv')).sheets[0].rows).toHaveLength(20_001);
  });
});
