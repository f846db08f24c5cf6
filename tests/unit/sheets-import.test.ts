// Importing a 花名册 and a 获奖名单 through the one entry point every host uses (outputs validated):
// messy headers, .xlsx/.xls/GBK .csv, a preview that writes nothing, namesakes that ask, the
// teacher's choices, idempotent re-imports, a wrong sheet that writes nothing, and the CLI.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportRequest } from '../../shared/calls/sheets';
import type { Archive } from '../../electron/core/db/open';
import { openArchive } from '../../electron/core/db/open';
import { main } from '../../electron/cli/main';
import {
  awardsGbkCsv,
  awardsXlsx,
  rosterGbkCsv,
  rosterXls,
  rosterXlsx,
  wrongColumnsCsv,
} from '../fixtures/sheets/make';
import { caller, HAS_CHINESE, newArchive, REPO_ROOT, tableCounts, tempDir, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' }); // today: 2025—2026学年第一学期
  c = caller(a);
});
afterEach(() => a.close());

let jobs = 0;
const jobId = () => `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`;
const req = (
  kind: 'roster' | 'awards',
  name: string,
  bytes: Buffer,
  extra: Partial<ImportRequest> = {},
): ImportRequest => ({ jobId: jobId(), kind, file: { name, base64: bytes.toString('base64') }, ...extra });
const preview = (r: ImportRequest) => c.ok('sheets.preview', r);
const commit = (r: ImportRequest) => c.ok('sheets.commit', r);
const statusOf = (p: ImportPreview, row: number) => p.rows.find((r) => r.row === row)!;
const students = async () =>
  (await c.ok('people.list', { kind: 'student' })).items.map((p) => `${p.name} ${p.classLabel}`).sort();

async function importRosters() {
  await commit(req('roster', '花名册-五年级.xlsx', await rosterXlsx()));
  await commit(req('roster', '花名册-四年级三班.xls', rosterXls()));
}

describe('花名册', () => {
  it('previews a messy .xlsx without writing: header under the title rows, mapping, per-row status', async () => {
    const before = tableCounts(a);
    const p = await preview(req('roster', '花名册-五年级.xlsx', await rosterXlsx()));
    expect(tableCounts(a)).toEqual(before);
    expect(p).toMatchObject({
      format: 'xlsx',
      sheet: '五年级',
      headerRow: 4,
      asOf: '2025-09-01',
      asOfSource: 'title',
      problem: null,
    });
    expect(p.title).toContain('2025—2026学年五年级学生花名册');
    expect(p.columns.map((x) => x.field)).toEqual([
      null,
      'name',
      'gender',
      'className',
      'studentNo',
      'ethnicity',
      'birthMonth',
      'guardianPhone',
      'notes',
    ]);
    expect(p.rows.map((r) => [r.row, r.status])).toEqual([
      [5, 'new'],
      [6, 'new'],
      [7, 'new'],
      [9, 'new'],
      [10, 'new'],
      [11, 'new'],
      [13, 'skip'],
    ]);
    expect(statusOf(p, 6).actions).toEqual(['新建学生 李明（五年级(2)班）']);
    expect(statusOf(p, 13).reason).toMatch(/制表人.*不像是姓名/);
    expect(p.report).toMatchObject({ created: 6, updated: 0, unchanged: 0, skipped: [{ row: 13 }] });
  });

  it("imports it: full-width text cleaned, 5.2 and 五(2) read as this 学年's classes; twice creates nothing new", async () => {
    const r1 = await commit(req('roster', '花名册-五年级.xlsx', await rosterXlsx()));
    expect(r1).toMatchObject({ created: 6, updated: 0, unchanged: 0 });
    expect(r1.skipped).toHaveLength(1);
    expect(await students()).toEqual([
      '张伟 五年级(1)班',
      '张伟 五年级(3)班',
      '张树茂 五年级(2)班',
      '李明 五年级(2)班',
      '王芳 五年级(2)班',
      '赵静 五年级(1)班',
    ]);
    const wang = (await c.ok('people.list', { text: '王芳' })).items[0];
    expect(wang).toMatchObject({
      entryYear: 2021,
      classNo: 2,
      gender: '女',
      studentNo: 'G2015003',
      ethnicity: '回族',
      birthMonth: '2015-01',
      notes: '科幻画小组',
    });
    expect((await c.ok('people.list', { text: '李明' })).items[0].ethnicity).toBe('汉族');

    const counts = tableCounts(a);
    const r2 = await commit(req('roster', '花名册-五年级.xlsx', await rosterXlsx()));
    expect(r2).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(tableCounts(a)).toEqual(counts);
  });

  it('reads an old .xls: picks the worksheet with the roster, joins 年级 and 班级 columns', async () => {
    const p = await preview(req('roster', '花名册-四年级三班.xls', rosterXls()));
    expect(p).toMatchObject({
      format: 'xls',
      sheets: ['说明', '四(3)班'],
      sheet: '四(3)班',
      headerRow: 2,
      asOfSource: 'today',
    });
    expect(p.columns.map((x) => x.field)).toEqual(['name', 'gender', 'gradeLabel', 'className', 'studentNo']);
    await commit(req('roster', '花名册-四年级三班.xls', rosterXls()));
    expect(await students()).toEqual(['刘小红 四年级(3)班', '陈浩 四年级(3)班', '马晓燕 四年级(3)班']);
  });

  it('reads a GBK .csv and asks about a namesake in another class instead of guessing', async () => {
    await importRosters();
    const p = await preview(req('roster', '花名册-六年级-GBK.csv', rosterGbkCsv()));
    expect(p).toMatchObject({ format: 'csv', encoding: 'GBK', headerRow: 1 });
    const zw = statusOf(p, 4);
    expect(zw.status).toBe('needs-choice');
    expect(zw.reason).toBe('档案中的「张伟」在五年级(1)班、五年级(3)班，与表中的班级（六年级(1)班）不同，请选择');
    expect(zw.choices).toHaveLength(1);
    const choice = zw.choices[0];
    expect(choice.options.map((o) => o.label)).toEqual([
      '张伟 · 五年级(1)班',
      '张伟 · 五年级(3)班',
      '新建一名学生',
      '不导入这一行',
    ]);
    expect(p.report.skipped).toEqual([{ row: 4, reason: zw.reason }]);
    expect(statusOf(p, 3).actions).toEqual(['新建学生 周子轩（六年级(1)班）']);

    // The teacher says it is a different child: a third 张伟 is created, and the preview shows it first.
    const answered = req('roster', '花名册-六年级-GBK.csv', rosterGbkCsv(), { choices: { [choice.key]: 'new' } });
    const p2 = await preview(answered);
    expect(statusOf(p2, 4)).toMatchObject({ status: 'new', actions: ['新建学生 张伟（六年级(1)班）'] });
    expect(await commit(answered)).toMatchObject({ created: 4, skipped: [] });
    expect((await students()).filter((s) => s.startsWith('张伟'))).toEqual([
      '张伟 五年级(1)班',
      '张伟 五年级(3)班',
      '张伟 六年级(1)班',
    ]);
    expect(await commit(answered)).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it('updates what the sheet adds (学号 identifies a student) and never blanks what it leaves out', async () => {
    await commit(req('roster', 'a.csv', Buffer.from('姓名,班级,家长电话\n孙悦,六(1)班,13900000000\n')));
    const r = await commit(req('roster', 'b.csv', Buffer.from('姓名,班级,学号,性别\n孙悦,六年级(1)班,2020011,女\n')));
    expect(r).toMatchObject({ created: 0, updated: 1 });
    expect((await c.ok('people.list', { text: '孙悦' })).items[0]).toMatchObject({
      studentNo: '2020011',
      gender: '女',
      guardianPhone: '13900000000',
    });
    const p = await preview(req('roster', 'c.csv', Buffer.from('姓名,班级,学号\n孙悦,五年级(2)班,2020011\n')));
    expect(p.rows[0]).toMatchObject({ status: 'update', actions: ['更新学生 孙悦：年级、班级'] });
    const other = await preview(req('roster', 'd.csv', Buffer.from('姓名,班级,学号\n吴桐,六(1)班,2020011\n')));
    expect(other.rows[0]).toMatchObject({ status: 'skip', reason: '学号 2020011 已属于学生 孙悦' });
  });

  it('says, in Chinese, which 出生年月 it could not read and imports the row without it; 民族 gets its 族', async () => {
    const csv = '姓名,班级,出生年月,民族\n刘洋,六(1)班,明年春天,回\n陈晨,六(1)班,2014-03,汉族\n';
    const p = await preview(req('roster', 'e.csv', Buffer.from(csv)));
    expect(p.rows[0]).toMatchObject({ status: 'new' });
    expect(p.rows[0].actions).toContain('出生年月「明年春天」无法识别，未导入');
    expect(p.rows[1].actions.some((x) => x.includes('出生年月'))).toBe(false);
    await commit(req('roster', 'e.csv', Buffer.from(csv)));
    const {
      items: [liu],
    } = await c.ok('people.list', { text: '刘洋' });
    expect(liu).toMatchObject({ birthMonth: null, ethnicity: '回族' });
  });

  it('skips rows it cannot read, with the reason, and imports the rest', async () => {
    const csv = '姓名,班级\n孙悦,六年级甲班\n,五(1)\n吴桐,六(1)\n王小明,\n';
    const r = await commit(req('roster', 'x.csv', Buffer.from(csv)));
    expect(r.created).toBe(1);
    expect(r.skipped).toEqual([
      { row: 2, reason: '班级「六年级甲班」无法识别（可写作 五年级(2)班、五(2)班 或 5.2）' },
      { row: 3, reason: '姓名为空' },
      { row: 5, reason: '学生「王小明」不在档案中，表中也没有班级，无法新建（请先导入花名册，或在表中补上班级）' },
    ]);
  });

  it('a sheet without a 姓名 column gets a clear Chinese message and writes nothing; a corrected mapping imports it', async () => {
    const before = tableCounts(a);
    const wrong = await preview(req('roster', '选错的表.csv', wrongColumnsCsv()));
    expect(wrong.problem).toMatch(/找不到表头/);
    const e = await c.fail('sheets.commit', req('roster', '选错的表.csv', wrongColumnsCsv()));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(HAS_CHINESE);
    const noName = Buffer.from('班级,学号\n五(2),2021001\n');
    expect((await preview(req('roster', 'n.csv', noName))).problem).toBe(
      '表中没有「姓名」列，无法导入。请在下面为对应的列选择“姓名”，或检查是否选错了文件。',
    );
    expect((await c.fail('sheets.commit', req('roster', 'n.csv', noName))).message).toContain('表中没有「姓名」列');
    expect(tableCounts(a)).toEqual(before);

    // Headers nobody could guess: the teacher maps the columns in the preview.
    const odd = Buffer.from('甲,乙,丙\n孙悦,六年级(1)班,女\n');
    expect((await preview(req('roster', 'odd.csv', odd))).problem).toMatch(/找不到表头/);
    const mapped = req('roster', 'odd.csv', odd, { headerRow: 1, mapping: ['name', 'className', 'gender'] });
    expect((await preview(mapped)).problem).toBeNull();
    expect(await commit(mapped)).toMatchObject({ created: 1 });
    expect((await c.ok('people.list', { text: '孙悦' })).items[0]).toMatchObject({
      classLabel: '六年级(1)班',
      gender: '女',
    });
  });

  it("reports job progress under the client's job id", async () => {
    const seen: unknown[] = [];
    const { createDispatcher } = await import('../../electron/core/handlers');
    const d = createDispatcher(a, {
      emit: (name, payload) => {
        if (name === 'job.progress') seen.push(payload);
      },
    });
    const r = req('roster', 'a.csv', Buffer.from('姓名,班级\n孙悦,六(1)\n'));
    expect((await d('sheets.commit', r)).ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ jobId: r.jobId, done: 2, total: 2, finished: true });
  });
});

describe('获奖名单', () => {
  it('imports a messy .xlsx: competition from the title, level from its name, merged rows as one work; a namesake asks', async () => {
    await importRosters();
    await commit(req('roster', 'x.xls', rosterXls()));
    const r = req('awards', '获奖名单-市赛.xlsx', await awardsXlsx());
    const p = await preview(r);
    expect(p).toMatchObject({ headerRow: 2, asOfSource: 'awardDate', problem: null });
    expect(p.columns.map((x) => x.field)).toEqual([
      null,
      'title',
      'students',
      'className',
      'category',
      'award',
      'advisors',
      'certificateNo',
      'awardedOn',
    ]);
    expect(p.rows.map((x) => [x.row, x.status])).toEqual([
      [3, 'new'],
      [4, 'new'],
      [5, 'new'],
      [6, 'new'],
      [8, 'needs-choice'],
      [9, 'new'],
    ]);
    expect(statusOf(p, 3).actions).toEqual([
      '新建教师 王丽华',
      '新建比赛 2025年第二十三届天水市青少年科技创新大赛',
      '新建作品《会唱歌的雨伞》',
      '新建获奖 市级一等奖',
    ]);
    expect(statusOf(p, 6).reason).toBe('并入第 5 行的同一作品（合并单元格）');
    const ask = statusOf(p, 8);
    expect(ask.reason).toBe('档案中有 2 名叫「张伟」的学生，请选择是哪一位');
    // Classes are shown as they were on the award's day (May 2025: this autumn's 五年级 were 四年级).
    expect(ask.choices[0].options.map((o) => o.label)).toEqual([
      '张伟 · 四年级(1)班',
      '张伟 · 四年级(3)班',
      '不导入这一行',
    ]);

    const zhangWei3 = ask.choices[0].options[1].value;
    const report = await commit({ ...r, choices: { [ask.choices[0].key]: zhangWei3 } });
    expect(report).toMatchObject({ created: 13, updated: 0, skipped: [] });
    expect(report.counts).toMatchObject({
      students: { created: 0 },
      teachers: { created: 2 },
      works: { created: 5 },
      competitions: { created: 1 },
      awards: { created: 5 },
    });

    const [comp] = await c.ok('competitions.list', {});
    expect(comp).toMatchObject({ name: '天水市青少年科技创新大赛', session: '第二十三届', year: 2025, level: '市级' });
    const works = await c.ok('works.list', {});
    const byTitle = Object.fromEntries(works.map((w) => [w.title, w]));
    expect(byTitle['会唱歌的雨伞']).toMatchObject({
      category: '青少年科技创新成果',
      authorNames: ['张树茂', '李明'],
      advisorNames: ['王丽华'],
      teamKind: '集体',
    });
    expect(byTitle['未来城市']).toMatchObject({ category: '少年儿童科学幻想绘画', authorNames: ['王芳'] });
    expect(byTitle['校园雨水收集系统']).toMatchObject({
      authorNames: ['赵静', '张伟'],
      advisorNames: ['王丽华', '陈建国'],
    });
    expect(byTitle['智能垃圾分类箱'].authorIds).toEqual([zhangWei3]);
    const awards = await c.ok('awards.list', {});
    expect(awards.map((x) => `${x.workTitle} ${x.level}${x.grade} ${x.certificateNo} ${x.awardedOn}`).sort()).toEqual([
      '会唱歌的雨伞 市级一等奖 TS2025-001 2025-05-20',
      '我的科学小论文 市级优秀奖 TS2025-052 2025-05-20',
      '智能垃圾分类箱 市级三等奖 TS2025-040 2025-05-20',
      '未来城市 市级二等奖 TS2025-017 2025-05-20',
      '校园雨水收集系统 市级三等奖 TS2025-031 2025-05-20',
    ]);

    const counts = tableCounts(a);
    expect(await commit({ ...r, choices: { [ask.choices[0].key]: zhangWei3 } })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 6,
    });
    expect(tableCounts(a)).toEqual(counts);
  });

  it('imports a GBK .csv: 国家级一等奖 in one cell, the same work promoted 市 → 省 → 国 as one work; twice creates nothing', async () => {
    await importRosters();
    await commit(req('roster', 'g.csv', rosterGbkCsv()));
    await commit(req('awards', 'a.xlsx', await awardsXlsx()));
    const r = req('awards', '获奖名单-省赛国赛-GBK.csv', awardsGbkCsv());
    const report = await commit(r);
    expect(report).toMatchObject({ created: 6, skipped: [] });
    expect(report.counts).toMatchObject({
      competitions: { created: 2 },
      works: { created: 1 },
      awards: { created: 3 },
    });
    const umbrella = await c.ok('works.list', { text: '会唱歌的雨伞' });
    expect(umbrella).toHaveLength(1);
    const chain = await c.ok('awards.list', { workId: umbrella[0].id });
    expect(chain.map((x) => `${x.level}${x.grade} ${x.competitionName}`)).toEqual([
      '省级一等奖 甘肃省青少年科技创新大赛',
      '市级一等奖 天水市青少年科技创新大赛',
    ]);
    expect(chain[0].promotedFromId).toBe(chain[1].id);
    const national = (await c.ok('awards.list', {})).filter((x) => x.level === '国家级');
    expect(national.map((x) => `${x.workTitle} ${x.grade} ${x.competitionSession} ${x.awardedOn}`).sort()).toEqual([
      '月球基地 三等奖 第三十九届 2025-08-20',
      '未来城市 一等奖 第三十九届 2025-08-20',
    ]);
    expect(national.find((x) => x.workTitle === '未来城市')!.promotedFromId).not.toBeNull();

    const counts = tableCounts(a);
    expect(await commit(r)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(tableCounts(a)).toEqual(counts);
  });

  it('updates an award the sheet adds a certificate number to; person awards when there is no work title', async () => {
    await commit(req('roster', 'r.csv', Buffer.from('姓名,班级\n孙悦,六(1)\n')));
    await commit(
      req(
        'awards',
        'a.csv',
        Buffer.from('姓名,奖项,比赛名称,获奖时间\n孙悦,县级二等奖,秦州区中小学生机器人竞赛,2025-09-20\n'),
      ),
    );
    let [award] = await c.ok('awards.list', {});
    expect(award).toMatchObject({
      recipientKind: 'person',
      personName: '孙悦',
      level: '县级',
      grade: '二等奖',
      certificateNo: null,
    });
    const again = await commit(
      req(
        'awards',
        'b.csv',
        Buffer.from(
          '姓名,奖项,比赛名称,获奖时间,证书编号\n孙悦,县级二等奖,秦州区中小学生机器人竞赛,2025-09-20,QZ-88\n',
        ),
      ),
    );
    expect(again).toMatchObject({ created: 0, updated: 1 });
    [award] = await c.ok('awards.list', {});
    expect(award.certificateNo).toBe('QZ-88');
  });

  it('a row that fails half-way leaves no trace: the student it made is rolled back, and the next row makes it again', async () => {
    const long = '长'.repeat(130);
    const csv = `姓名,班级,作品名称,奖项,获奖时间\n新同学,五(1),${long},市级一等奖,2025-06-01\n新同学,五(1),星空,市级二等奖,2025-06-01\n`;
    const p = await preview(req('awards', 'z.csv', Buffer.from(csv)));
    expect(p.rows[0]).toMatchObject({ status: 'skip', reason: '作品名称：内容太长' });
    expect(p.rows[1].status).toBe('new');
    expect(p.rows[1].actions).toContain('新建学生 新同学（五年级(1)班）'); // as on the award's day; 六年级 now
    const r = await commit(req('awards', 'z.csv', Buffer.from(csv)));
    expect(r.counts.students.created).toBe(1);
    expect(r.skipped).toEqual([{ row: 2, reason: '作品名称：内容太长' }]);
    expect((await c.ok('people.list', { text: '新同学' })).items.map((x) => x.classLabel)).toEqual(['六年级(1)班']);
  });

  it('a list without 等级 writes nothing; rows without a level or readable date are skipped with the reason', async () => {
    const before = tableCounts(a);
    const e = await c.fail(
      'sheets.commit',
      req('awards', 'x.csv', Buffer.from('姓名,作品名称,指导教师\n孙悦,月球基地,陈建国\n')),
    );
    expect(e.message).toContain('表中没有「等级」列');
    expect(tableCounts(a)).toEqual(before);
    const csv =
      '姓名,班级,作品名称,等级,获奖时间\n孙悦,六(1),月球基地,一等奖,2025-06-01\n吴桐,六(1),星空,市级一等奖,六月\n';
    const r = await commit(req('awards', 'y.csv', Buffer.from(csv)));
    expect(r.skipped).toEqual([
      { row: 2, reason: '缺少获奖级别（请加上“级别”列，或写成“市级一等奖”）' },
      { row: 3, reason: '获奖时间「六月」无法识别' },
    ]);
    expect(tableCounts(a)).toEqual(before);
  });
});

describe('keji import-roster / import-awards', () => {
  it('prints { created, updated, skipped } as JSON; ambiguous rows are skipped with the reason', async () => {
    const dir = path.join(tempDir(), '科技档案');
    const files = tempDir();
    const write = async (name: string, bytes: Buffer | Promise<Buffer>) => {
      const f = path.join(files, name);
      fs.writeFileSync(f, await bytes);
      return f;
    };
    const roster = await write('花名册.xlsx', rosterXlsx());
    const gbk = await write('花名册.csv', rosterGbkCsv());
    const awards = await write('获奖名单.xlsx', awardsXlsx());
    const lines: string[] = [];
    const errs: string[] = [];
    const out = { log: (s: string) => lines.push(s), err: (s: string) => errs.push(s) };
    expect(await main(['init', dir], out)).toBe(0);

    // The real bin once, as a script would run it.
    const bin = spawnSync(
      process.execPath,
      ['electron/cli/keji.mjs', 'import-roster', dir, roster, '--as-of', '2025-10-15', '--json'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(bin.stderr).toBe('');
    expect(bin.status).toBe(0);
    expect(JSON.parse(bin.stdout)).toMatchObject({
      created: 6,
      updated: 0,
      skipped: [{ row: 13, reason: '「制表人：王老师」不像是姓名' }],
    });

    lines.length = 0;
    expect(await main(['import-roster', dir, gbk, '--as-of', '2025-10-15', '--json'], out)).toBe(0);
    const r = JSON.parse(lines[0]);
    expect(r).toMatchObject({ created: 3, updated: 0 });
    expect(r.skipped).toEqual([
      { row: 4, reason: '档案中的「张伟」在五年级(1)班、五年级(3)班，与表中的班级（六年级(1)班）不同，请选择' },
    ]);

    lines.length = 0;
    expect(await main(['import-awards', dir, awards], out)).toBe(0);
    expect(lines[0]).toMatch(/^新建 \d+ 条，更新 0 条；0 行已在档案中；跳过 1 行$/);
    expect(lines[1]).toBe('  第 8 行：档案中有 2 名叫「张伟」的学生，请选择是哪一位');
    lines.length = 0;
    expect(await main(['import-awards', dir, awards, '--json'], out)).toBe(0);
    expect(JSON.parse(lines[0])).toMatchObject({ created: 0, updated: 0 });

    expect(await main(['import-roster', dir, path.join(files, '没有这个文件.xlsx')], out)).toBe(1);
    expect(errs.at(-1)).toMatch(/^错误：.*无法读取文件/);
    const a2 = openArchive(dir);
    try {
      // 6 + 3 from the rosters, and 刘小红 whom the award list names with her class.
      expect(a2.db.prepare("SELECT COUNT(*) FROM people WHERE kind='student'").pluck().get()).toBe(10);
    } finally {
      a2.close();
    }
  });
});
