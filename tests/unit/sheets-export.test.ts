// Export any list to .xlsx with Chinese headers, read it back cell by cell, honour the page's
// filter, mask names on request, download it from the web host, and import an export back.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportRequest, ImportRequest } from '../../shared/calls/sheets';
import type { Archive } from '../../electron/core/db/open';
import { setSettings } from '../../electron/core/settings';
import { startWebHost } from '../../electron/web/server';
import { awardsGbkCsv, awardsXlsx, rosterXls, rosterXlsx } from '../fixtures/sheets/make';
import { caller, newArchive, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' });
  c = caller(a);
});
afterEach(() => a.close());

let n = 0;
const jobId = () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;
const imp = (cc: Caller, kind: 'roster' | 'awards', bytes: Buffer, extra: Partial<ImportRequest> = {}) =>
  cc.ok('sheets.commit', {
    jobId: jobId(),
    kind,
    file: { name: `x.${bytes[0] === 0x50 ? 'xlsx' : 'csv'}`, base64: bytes.toString('base64') },
    ...extra,
  });

async function fill(cc: Caller) {
  await imp(cc, 'roster', await rosterXlsx());
  await imp(cc, 'roster', rosterXls());
  // 张伟 of row 8 has a namesake: answer the question as a teacher would (the one in 五年级(3)班).
  const p = await cc.ok('sheets.preview', {
    jobId: jobId(),
    kind: 'awards',
    file: { name: 'a.xlsx', base64: (await awardsXlsx()).toString('base64') },
  });
  const choice = p.rows.find((r) => r.status === 'needs-choice')!.choices[0];
  await imp(cc, 'awards', await awardsXlsx(), { choices: { [choice.key]: choice.options[1].value } });
  await imp(cc, 'awards', awardsGbkCsv());
}

async function exported(cc: Caller, r: Omit<ExportRequest, 'jobId'>) {
  const out = await cc.ok('sheets.export', { jobId: jobId(), ...r });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { out, ws, header: rows[0] as string[], body: rows.slice(1) };
}
const cell = (h: string[], row: unknown[], name: string) => row[h.indexOf(name)];

describe('sheets.export', () => {
  it('exports the 获奖名单 with Chinese headers; read back cell by cell', async () => {
    setSettings(a, { schoolName: '青山镇中心小学' });
    await fill(c);
    const { out, ws, header, body } = await exported(c, { list: 'awards', filter: {} });
    expect(out.fileName).toBe('青山镇中心小学_获奖名单_20251015.xlsx');
    expect(out.rows).toBe(7); // 5 from the city list, 2 of 3 from the GBK list (孙悦 is not in this archive)
    expect(ws.name).toBe('获奖名单');
    expect(header).toEqual([
      '获奖时间',
      '比赛名称',
      '届次',
      '年度',
      '级别',
      '等级',
      '类别',
      '作品名称',
      '获奖学生',
      '班级',
      '指导教师',
      '证书编号',
      '获奖对象',
      '备注',
    ]);
    const umbrella = body.find(
      (r) => cell(header, r, '作品名称') === '会唱歌的雨伞' && cell(header, r, '级别') === '市级',
    )!;
    expect(cell(header, umbrella, '获奖时间')).toEqual(new Date('2025-05-20T00:00:00Z'));
    expect(ws.getColumn(1).numFmt).toBe('yyyy-mm-dd');
    expect(cell(header, umbrella, '比赛名称')).toBe('天水市青少年科技创新大赛');
    expect(cell(header, umbrella, '届次')).toBe('第二十三届');
    expect(cell(header, umbrella, '年度')).toBe(2025);
    expect(cell(header, umbrella, '等级')).toBe('一等奖');
    expect(cell(header, umbrella, '获奖学生')).toBe('张树茂、李明');
    expect(cell(header, umbrella, '班级')).toBe('四年级(2)班、四年级(2)班'); // as on the day of the award
    expect(cell(header, umbrella, '指导教师')).toBe('王丽华');
    expect(cell(header, umbrella, '证书编号')).toBe('TS2025-001');
    expect(cell(header, umbrella, '获奖对象')).toBe('作品');
  });

  it("exports with the page's filter, and masks students' names when asked", async () => {
    await fill(c);
    const summer = await exported(c, { list: 'awards', filter: { from: '2025-07-01' } });
    expect(summer.body.map((r) => cell(summer.header, r, '级别'))).toEqual(['国家级', '省级']);
    const fifth = await exported(c, { list: 'students', filter: { text: '张' }, maskNames: true });
    expect(fifth.header).toEqual([
      '姓名',
      '性别',
      '班级',
      '入学年份',
      '学段',
      '学号',
      '民族',
      '出生年月',
      '备注',
      '已归档',
    ]);
    expect(fifth.body.map((r) => `${cell(fifth.header, r, '姓名')} ${cell(fifth.header, r, '班级')}`).sort()).toEqual(
      ['张*茂 五年级(2)班', '张* 五年级(1)班', '张* 五年级(3)班'].sort(),
    );
    const sensitive = await exported(c, { list: 'students', filter: { text: '张树茂' }, includeSensitive: true });
    expect(sensitive.header).toContain('家长电话');
    expect(cell(sensitive.header, sensitive.body[0], '家长电话')).toBe('13800000001');
    const past = await exported(c, { list: 'students', filter: { text: '张树茂', asOf: '2024-03-01' } });
    expect(cell(past.header, past.body[0], '班级')).toBe('三年级(2)班');
  });

  it('exports teachers, works and activities', async () => {
    await fill(c);
    const t = await exported(c, { list: 'teachers', filter: {} });
    expect(t.body.map((r) => cell(t.header, r, '姓名')).sort()).toEqual(['王丽华', '陈建国'].sort());
    const w = await exported(c, { list: 'works', filter: { text: '雨水' } });
    expect(w.header).toEqual([
      '作品名称',
      '类别',
      '学科',
      '学段',
      '个人/集体',
      '作者',
      '指导教师',
      '获奖次数',
      '最高级别',
    ]);
    expect(w.body).toHaveLength(1);
    expect(cell(w.header, w.body[0], '作者')).toBe('赵静、张伟');
    expect(cell(w.header, w.body[0], '个人/集体')).toBe('集体');

    const teacher = (await c.ok('people.list', { kind: 'teacher' })).items[0];
    const kids = (await c.ok('people.list', { kind: 'student', text: '张' })).items.map((p) => p.id);
    await c.ok('activities.create', {
      title: '防震减灾应急疏散演练',
      type: '防震减灾演练',
      status: 'done',
      startDate: '2025-05-12',
      location: '学校操场',
      headCount: 620,
      headCountNote: '全校学生',
      teacherIds: [teacher.id],
      participantIds: [],
      tags: ['安全'],
      content: '疏散演练',
    });
    await c.ok('activities.create', {
      title: '航模训练',
      type: '模型',
      status: 'planned',
      startDate: '2025-11-05',
      teacherIds: [],
      participantIds: kids,
      tags: [],
    });
    const act = await exported(c, { list: 'activities', filter: { schoolYear: 2024 } });
    expect(act.body).toHaveLength(1);
    const row = act.body[0];
    expect(cell(act.header, row, '活动名称')).toBe('防震减灾应急疏散演练');
    expect(cell(act.header, row, '开始日期')).toEqual(new Date('2025-05-12T00:00:00Z'));
    expect(cell(act.header, row, '状态')).toBe('已完成');
    expect(cell(act.header, row, '参与人数')).toBe(620);
    expect(cell(act.header, row, '学年')).toBe('2024—2025学年');
    expect(cell(act.header, row, '学期')).toBe('第二学期');
    expect(cell(act.header, row, '活动内容')).toBe('疏散演练');
    const planned = await exported(c, { list: 'activities', filter: { status: 'planned' } });
    expect(
      String(cell(planned.header, planned.body[0], '参与学生'))
        .split('、')
        .sort(),
    ).toEqual(['张伟', '张伟', '张树茂']);
  });

  it('an export imports back into another archive as the same records', async () => {
    await fill(c);
    const b = newArchive({ start: '2025-10-15T08:00:00Z', seed: 7 });
    try {
      const cb = caller(b);
      const people = await c.ok('sheets.export', { jobId: jobId(), list: 'students', filter: {} });
      const r1 = await imp(cb, 'roster', Buffer.from(people.base64, 'base64'));
      expect(r1).toMatchObject({ created: 9, skipped: [] });
      const awards = await c.ok('sheets.export', { jobId: jobId(), list: 'awards', filter: {} });
      const r2 = await imp(cb, 'awards', Buffer.from(awards.base64, 'base64'));
      expect(r2.skipped).toEqual([]);
      const key = (x: {
        workTitle: string | null;
        competitionName: string | null;
        competitionSession: string | null;
        level: string;
        grade: string;
        awardedOn: string;
        certificateNo: string | null;
        studentNames: string[];
        advisorNames: string[];
      }) =>
        [
          x.workTitle,
          x.competitionName,
          x.competitionSession,
          x.level,
          x.grade,
          x.awardedOn,
          x.certificateNo,
          x.studentNames.join('、'),
          x.advisorNames.join('、'),
        ].join('|');
      expect((await cb.ok('awards.list', {})).map(key).sort()).toEqual((await c.ok('awards.list', {})).map(key).sort());
      expect(
        (await cb.ok('people.list', { kind: 'student' })).items.map((p) => `${p.name}${p.classLabel}`).sort(),
      ).toEqual((await c.ok('people.list', { kind: 'student' })).items.map((p) => `${p.name}${p.classLabel}`).sort());
      expect(await imp(cb, 'awards', Buffer.from(awards.base64, 'base64'))).toMatchObject({ created: 0, updated: 0 });
    } finally {
      b.close();
    }
  });

  it('refuses an unknown list or a bad filter with a Chinese message', async () => {
    expect((await c.fail('sheets.export', { jobId: jobId(), list: 'photos', filter: {} })).code).toBe('INVALID_INPUT');
    const e = await c.fail('sheets.export', { jobId: jobId(), list: 'awards', filter: { from: '2025年' } });
    expect(e.message).toMatch(/^输入有误/);
  });
});

describe('web download route', () => {
  it('answers GET and POST with the .xlsx and a Content-Disposition that keeps the Chinese name', async () => {
    setSettings(a, { schoolName: '青山镇中心小学' });
    await imp(c, 'roster', await rosterXlsx());
    const host = await startWebHost({ archive: a, rendererDir: '/nonexistent' });
    try {
      const headers = { 'x-keji-token': host.token };
      const filter = encodeURIComponent(JSON.stringify({ text: '张' }));
      const res = await fetch(`${host.origin}/download/sheets?list=students&filter=${filter}&mask=1`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const cd = res.headers.get('content-disposition')!;
      expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(cd.split("UTF-8''")[1])).toBe('青山镇中心小学_学生名单_20251015.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect(wb.worksheets[0].getCell('A1').value).toBe('姓名');
      expect(wb.worksheets[0].getColumn(1).values.slice(2).sort()).toEqual(['张*', '张*', '张*茂']);

      const post = await fetch(`${host.origin}/download/sheets`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ list: 'teachers', filter: {} }),
      });
      expect(post.status).toBe(200);
      expect(decodeURIComponent(post.headers.get('content-disposition')!.split("UTF-8''")[1])).toBe(
        '青山镇中心小学_教师名单_20251015.xlsx',
      );

      const bad = await fetch(`${host.origin}/download/sheets?list=photos`, { headers });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toMatch(/^输入有误/);
      expect((await fetch(`${host.origin}/download/sheets?list=students`)).status).toBe(403);
    } finally {
      await host.close();
    }
  });
});
