// The files a school sends up, opened with real readers: the .docx converted by LibreOffice and
// read back with pdftotext, the PDF printed by headless Chromium, the .xlsx read cell by cell with
// exceljs; plus the CLI and the web host's download. The archive is the seed-000 Xichang fixture.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip'; // installed with exceljs
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { main } from '../../electron/cli/main';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { exportReport } from '../../electron/core/report/exports';
import { createChromiumPrinter, type ChromiumPrinter } from '../../electron/core/report/pdf';
import { setPhotos } from '../../electron/core/report/drafts';
import { startWebHost } from '../../electron/web/server';
import { buildXichang, type XichangIds } from '../fixtures/xichang';
import { newArchive, tempDir } from './helpers';

let a: Archive;
let ids: XichangIds;
let out: string;
let printer: ChromiumPrinter;
const YEAR = '2024-2025';

/** LibreOffice → PDF → text, with a profile of its own so parallel runs do not collide. */
function docxToText(files: string[]): string[] {
  const profile = tempDir('keji-lo-');
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...files],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return files.map((f) => pdfText(f.replace(/\.docx$/, '.pdf')));
}
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
const squeeze = (s: string) => s.replace(/\s+/g, '');
const write = (name: string, bytes: Buffer) => {
  const f = path.join(out, name);
  fs.writeFileSync(f, bytes);
  return f;
};
/** A part of a .docx (a zip), read the way Word does. */
const part = async (file: string, name: string) =>
  (await JSZip.loadAsync(fs.readFileSync(file))).file(name)!.async('string');
const parts = async (file: string) => Object.keys((await JSZip.loadAsync(fs.readFileSync(file))).files);

beforeAll(async () => {
  a = newArchive({ start: '2025-08-28T08:00:00Z' });
  ids = buildXichang(a);
  out = tempDir('keji-export-');
  // Two real photos on the biggest activities.
  const acts = a.db
    .prepare(
      "SELECT id, title FROM activities WHERE title IN ('防震减灾应急疏散演练', '“全校每人一幅科幻画”创作') ORDER BY start_date",
    )
    .all() as { id: string; title: string }[];
  for (const [i, act] of acts.entries()) {
    const jpg = await sharp({ create: { width: 800, height: 600, channels: 3, background: i ? '#4f86c6' : '#e69138' } })
      .jpeg()
      .toBuffer();
    const { id } = addMedia(a, jpg, {
      ext: 'jpg',
      kind: 'photo',
      mime: 'image/jpeg',
      originalName: `IMG_${i}.jpg`,
      width: 800,
      height: 600,
    });
    linkMedia(a, id, 'activity', act.id);
  }
  printer = await createChromiumPrinter();
});
afterAll(async () => {
  await printer?.close();
  a.close();
});

describe('.docx, opened by LibreOffice', () => {
  // One LibreOffice run converts all three files (it is the slow part).
  let docx: string, plan: string, student: string;
  const texts: Record<string, string> = {};
  beforeAll(async () => {
    const file = await exportReport(a, { period: YEAR, format: 'docx' });
    expect(file.fileName).toBe('西昌市阳光小学_2024—2025学年科技活动工作总结.docx');
    docx = write('summary.docx', file.bytes);
    plan = write('plan.docx', (await exportReport(a, { kind: 'plan', period: '2024-2025-1', format: 'docx' })).bytes);
    student = write(
      'student.docx',
      (await exportReport(a, { kind: 'student', personId: ids.students['苏凡尧'], period: YEAR, format: 'docx' }))
        .bytes,
    );
    const [s, p, st] = docxToText([docx, plan, student]).map(squeeze);
    Object.assign(texts, { summary: s, plan: p, student: st });
  }, 180_000);

  it("is A4 with real tables, photos and page numbers, and states the seed's numbers", async () => {
    const xml = await part(docx, 'word/document.xml');
    expect(xml).toContain('w:w="11906" w:h="16838"'); // A4 portrait
    expect(xml.match(/<w:tbl>/g)!.length).toBeGreaterThanOrEqual(6); // 5 statistics tables, the activity list, the photo grid
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect((await parts(docx)).filter((p) => /^word\/media\/\S+\.(jpg|jpeg)$/.test(p))).toHaveLength(2);
    const footer = await part(docx, 'word/footer1.xml');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);

    const t = texts.summary;
    expect(t).toContain('2024—2025学年科技活动工作总结');
    expect(t).toContain('本学年，共有37位学生的36项作品在各级比赛中获奖');
    expect(t).toContain('其中国家级1项、省级2项、市级8项、县级25项');
    expect(t).toContain('获奖学生共38人次');
    expect(t).toContain('郜容静楠同学的作品《向日葵式旋转房屋》荣获国家级一等奖');
    expect(t).toContain('表1获奖统计表（级别×等级）');
    expect(t).toContain('防震减灾应急疏散演练（2025年5月12日）'); // a photo caption
    expect(t).toContain('第1页共');
    expect(t).not.toContain('【提示】');
  });

  it("the term plan and a student's record come from the same records", async () => {
    const planXml = await part(plan, 'word/document.xml');
    expect(planXml).toMatch(/w:orient="landscape"/);
    const p = texts.plan,
      s = texts.student;
    expect(p).toContain('2024—2025学年第一学期科技活动计划表');
    expect(p).toContain('防震减灾手抄报评比');
    expect(p).toContain('科技辅导员培训');
    expect(p).not.toContain('防震减灾应急疏散演练'); // second term
    expect(p).toContain('共5项活动');
    expect(s).toContain('学生科技活动记录');
    expect(s).toContain('《凉山艾滋病孤儿生活现状调查》');
    expect(s).toContain('《诡异的光》');
    expect(s).toContain('苏凡尧同学在2024—2025学年参加科技活动2次，完成科技作品2项，有2项作品获奖。');
  });
});

describe('PDF printed by Chromium', () => {
  it('has A4 pages, page numbers and the same numbers as the Word file', async () => {
    const file = await exportReport(a, { period: YEAR, format: 'pdf' }, { printer: printer.print });
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = write('summary.pdf', file.bytes);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const t = squeeze(pdfText(pdf));
    expect(t).toContain('本学年，共有37位学生的36项作品在各级比赛中获奖');
    expect(t).toContain('其中国家级1项、省级2项、市级8项、县级25项');
    expect(t).toContain(`第${pages}页共${pages}页`);
    expect(t).toContain('表4获奖名单');
  }, 120_000);

  it("a teacher's guidance record", async () => {
    const file = await exportReport(
      a,
      { kind: 'teacher', personId: ids.teachers['胡霞'], period: YEAR, format: 'pdf' },
      { printer: printer.print },
    );
    const t = squeeze(pdfText(write('teacher.pdf', file.bytes)));
    expect(t).toContain('科技辅导员指导工作记录');
    // The training she went to is kept apart from the activities she organised.
    expect(t).toContain('四、参加的培训');
    expect(t).toContain(
      '胡霞老师在2024—2025学年组织科技活动1次，指导学生作品23项获奖（获奖25次，其中省级以上作品3项），涉及学生23人次；个人获奖1项；参加培训1次。',
    );
  }, 120_000);
});

describe('.xlsx as LibreOffice Calc shows it', () => {
  it('every sheet, printed, carries the school name, 填报单位 and its dates as dates', async () => {
    const file = await exportReport(a, { period: YEAR, format: 'xlsx' });
    const xlsx = write('calc.xlsx', file.bytes as Buffer);
    const profile = tempDir('keji-lo-');
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, xlsx],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
    // One PDF page per printed sheet page (Calc prints every sheet): each sheet's page 1 starts with its title.
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p) => p.trim());
    const titled = pages.filter((p) => squeeze(p).includes('西昌市阳光小学2024—2025学年'));
    expect(titled.length).toBeGreaterThanOrEqual(9); // the nine sheets
    for (const p of titled) expect(squeeze(p)).toContain('填报单位：西昌市阳光小学');
    // A real date shows as a date, not as a serial number.
    expect(squeeze(pages.join(''))).toContain('2025-08-10');
  });
});

describe('.xlsx read back cell by cell', () => {
  it('has its sheets with the school on each, real dates, and numbers stored as numbers', async () => {
    const file = await exportReport(a, { period: YEAR, format: 'xlsx' });
    expect(file.fileName).toBe('西昌市阳光小学_2024—2025学年科技活动统计表.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '获奖统计表',
      '类别统计表',
      '获奖名单',
      '教师获奖',
      '学校集体荣誉',
      '学生获奖汇总',
      '指导教师汇总',
      '活动登记表',
      '活动分类统计',
    ]);
    // Every sheet: the school in its title, 填报单位 and 填报日期 under it, the header on row 3.
    for (const ws of wb.worksheets) {
      expect(String(ws.getCell('A1').value), ws.name).toMatch(/^西昌市阳光小学 2024—2025学年/);
      expect(ws.getCell('A2').value, ws.name).toBe('填报单位：西昌市阳光小学　　填报日期：2025年8月28日');
      expect(ws.getRow(3).height, ws.name).toBeGreaterThanOrEqual(30);
    }

    const st = wb.getWorksheet('获奖统计表')!;
    expect(st.getCell('A1').value).toBe('西昌市阳光小学 2024—2025学年获奖统计表（级别×等级）');
    expect(st.getRow(3).values).toEqual([
      undefined,
      '级别',
      '一等奖（项）',
      '一等奖（人次）',
      '二等奖（项）',
      '二等奖（人次）',
      '三等奖（项）',
      '三等奖（人次）',
      '合计（项）',
      '合计（人次）',
      '获奖作品（项，按最高级别计一次）',
    ]);
    const row = (r: number) => (st.getRow(r).values as unknown[]).slice(1);
    expect(row(4)).toEqual(['国家级', 1, 1, 0, 0, 0, 0, 1, 1, 1]);
    expect(row(5)).toEqual(['省级', 4, 4, 1, 1, 0, 0, 5, 5, 2]);
    expect(row(6)).toEqual(['市级', 3, 3, 3, 3, 3, 3, 9, 9, 8]);
    expect(row(7)).toEqual(['县级', 4, 4, 8, 8, 14, 16, 26, 28, 25]);
    expect(row(8)).toEqual(['合计', 12, 12, 12, 12, 17, 19, 41, 43, 36]);

    // The students' list: the three teachers' own awards are on their own sheet.
    const list = wb.getWorksheet('获奖名单')!;
    expect(list.rowCount).toBe(3 + 38);
    expect((list.getRow(4).values as unknown[]).slice(1, 14)).toEqual([
      1,
      new Date('2025-08-10T00:00:00Z'),
      '全国青少年科技创新大赛',
      '第三十九届',
      '国家级',
      '一等奖',
      '科学幻想画',
      '《向日葵式旋转房屋》',
      '郜容静楠',
      1,
      '胡霞',
      '',
      '省级一等奖',
    ]);
    expect(list.getCell('N3').value).toBe('年级');
    expect(list.getCell('N4').value).toBe('六年级'); // her grade on the day of the award
    expect(list.getCell('B4').numFmt).toBe('yyyy-mm-dd'); // a real date
    const dv = (list.getSheetValues() as unknown[][]).find((r) => r && r[8] === '《旧房与新房》')!;
    expect(dv[10]).toBe(3); // 3 authors: 3 人次
    expect((list.getSheetValues() as unknown[][]).some((r) => r && String(r[9]).includes('（教师）'))).toBe(false);
    expect(wb.getWorksheet('教师获奖')!.rowCount).toBe(3 + 3);

    const students = wb.getWorksheet('学生获奖汇总')!;
    expect(students.rowCount).toBe(3 + 37);
    // One column per level that occurs (this school has no 乡镇/学区级 or 校级 award in the year): no empty columns.
    expect((students.getRow(3).values as unknown[]).slice(6, 11)).toEqual([
      '国家级',
      '省级',
      '市级',
      '县级',
      '最高级别',
    ]);
    expect((students.getRow(4).values as unknown[]).slice(1, 11)).toEqual([
      1,
      '郜容静楠',
      '六年级(1)班',
      1,
      3,
      1,
      1,
      1,
      0,
      '国家级',
    ]);
    const teachers = wb.getWorksheet('指导教师汇总')!;
    expect((teachers.getRow(3).values as unknown[]).slice(7, 12)).toEqual([
      '国家级作品',
      '省级作品',
      '市级作品',
      '县级作品',
      '个人获奖（项）',
    ]);
    expect((teachers.getRow(4).values as unknown[]).slice(1, 12)).toEqual([
      1,
      '胡霞',
      '美术',
      23,
      25,
      23,
      1,
      2,
      8,
      12,
      1,
    ]);
    const acts = wb.getWorksheet('活动登记表')!;
    expect(acts.rowCount).toBe(3 + 8);
    expect((acts.getRow(11).values as unknown[]).slice(1, 11)).toEqual([
      8,
      new Date('2025-05-12T00:00:00Z'),
      '',
      '防震减灾应急疏散演练',
      '防震减灾演练',
      '已完成',
      '学校操场',
      '吴杰',
      0,
      1260,
    ]);
  });

  it('names can be masked for sending outside the school', async () => {
    const file = await exportReport(a, { period: YEAR, format: 'xlsx', maskNames: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('学生获奖汇总')!.getCell('B4').value).toBe('郜**楠');
    expect(wb.getWorksheet('获奖名单')!.getCell('I4').value).toBe('郜**楠');
    const html = (await exportReport(a, { period: YEAR, format: 'html', maskNames: true })).bytes.toString('utf8');
    expect(html).toContain('郜**楠同学的作品《向日葵式旋转房屋》');
    expect(html).not.toContain('郜容静楠');
  });
});

describe('keji summary', () => {
  it('writes the file asked for; a directory gets the file under its own name', async () => {
    const lines: string[] = [];
    const io = { log: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    const dir = path.join(tempDir(), 'archive');
    fs.cpSync(a.dir, dir, { recursive: true, filter: (f) => !f.endsWith('.lock') });
    a.db.pragma('wal_checkpoint(TRUNCATE)');
    fs.cpSync(path.join(a.dir, 'archive.sqlite'), path.join(dir, 'archive.sqlite'));
    for (const f of ['archive.sqlite-wal', 'archive.sqlite-shm']) fs.rmSync(path.join(dir, f), { force: true });
    const target = path.join(out, 'cli.xlsx');
    expect(await main(['summary', dir, '--year', YEAR, '--format', 'xlsx', '--out', target], io)).toBe(0);
    expect(fs.readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    expect(await main(['summary', dir, '--term', '2024-2025-2', '--format', 'html', '--out', out, '--json'], io)).toBe(
      0,
    );
    const json = JSON.parse(lines.at(-1)!);
    expect(path.basename(json.file)).toBe('西昌市阳光小学_2024—2025学年第二学期科技活动工作总结.html');
    expect(fs.readFileSync(json.file, 'utf8')).toContain('本学期，共有37位学生的36项作品');
    expect(
      await main(['summary', dir, '--kind', 'student', '--person', '张树茂', '--format', 'docx', '--out', out], io),
    ).toBe(0);
    expect(lines.at(-1)).toMatch(/已导出：.*张树茂_学生科技活动记录/);

    lines.length = 0;
    expect(await main(['summary', dir, '--year', '2024-2026', '--format', 'docx', '--out', target], io)).toBe(1);
    expect(lines.join('\n')).toContain('时间段格式不正确');
    expect(await main(['summary', dir, '--year', YEAR, '--format', 'odt', '--out', target], io)).toBe(1);
    expect(
      await main(['summary', dir, '--term', '2024-2025-1', '--year', YEAR, '--format', 'docx', '--out', target], io),
    ).toBe(1);
    expect(lines.join('\n')).toContain('时间段只能用一种方式指定');
    expect(
      await main(
        ['summary', dir, '--kind', 'student', '--person', '没有这个人', '--format', 'docx', '--out', target],
        io,
      ),
    ).toBe(1);
  }, 60_000);
});

describe("the web host's download", () => {
  it('answers the file with a Chinese file name, or a Chinese error', async () => {
    const host = await startWebHost({ archive: a });
    try {
      const get = (q: string) =>
        fetch(`${host.origin}/download/summary?${q}`, { headers: { 'x-keji-token': host.token } });
      const ok = await get(`period=${YEAR}&format=docx`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('wordprocessingml');
      expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]+\.docx"; /);
      expect(ok.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('西昌市阳光小学_2024—2025学年科技活动工作总结.docx')}`,
      );
      expect(
        Buffer.from(await ok.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
      const bad = await get('period=明年&format=docx');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain('时间段格式不正确');
      const nobody = await get(`kind=student&period=${YEAR}&format=docx&person=01900000-0000-7000-8000-000000000000`);
      expect(nobody.status).toBe(404);
      // Without the token nothing is served.
      expect((await fetch(`${host.origin}/download/summary?period=${YEAR}&format=docx`)).status).toBe(403);
    } finally {
      await host.close();
    }
  });
});

describe("photos in the export follow the teacher's picks", () => {
  it('only the picked photo, with the caption typed', async () => {
    const photo = a.db.prepare("SELECT id FROM media WHERE original_name='IMG_0.jpg'").pluck().get() as string;
    setPhotos(a, YEAR, [{ mediaId: photo, caption: '同学们认真创作科幻画' }]);
    const html = (await exportReport(a, { period: YEAR, format: 'html' })).bytes.toString('utf8');
    expect(html.match(/<figure class="photo">/g)).toHaveLength(1);
    expect(html).toContain('同学们认真创作科幻画');
    setPhotos(a, YEAR, null);
  });
});
