// Real award lists go in right or not at all — the importer never stores a guessed fact.
// A four-year ledger built here (several sheets, merged title rows, a 获奖年度 column, a "2021年5月"
// title row, undated rows, a 成绩 column, exam levels, other schools' pupils, the school's own
// honours) is imported sheet by sheet; what is stored is checked against what its rows imply.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { openArchive } from '../../electron/core/db/open';
import type { ImportPreview, ImportRequest } from '../../shared/calls/sheets';
import type { Archive } from '../../electron/core/db/open';
import {
  awardsByFileNameCsv,
  gbkXlsWithoutCodepage,
  ledgerAwardsXlsx,
  ledgerRosterXlsx,
  teacherHonoursXlsx,
} from '../fixtures/sheets/make';
import { caller, newArchive, tableCounts, tempDir, type Caller } from './helpers';

let a: Archive;
let c: Caller;
const TODAY = '2025-10-15';
beforeEach(() => {
  a = newArchive({ start: `${TODAY}T08:00:00Z` });
  c = caller(a);
});
afterEach(() => a.close());

let jobs = 0;
const jobId = () => `00000000-0000-4000-9000-${String(++jobs).padStart(12, '0')}`;
const LEDGER = '2019-2022年科技获奖台账.xlsx';
const req = (
  kind: 'roster' | 'awards',
  name: string,
  bytes: Buffer,
  extra: Partial<ImportRequest> = {},
): ImportRequest => ({ jobId: jobId(), kind, file: { name, base64: bytes.toString('base64') }, ...extra });
const row = (p: ImportPreview, n: number) => p.rows.find((r) => r.row === n)!;

type Stored = { grade: string; level: string; awarded_on: string; recipient_kind: string; who: string | null };
const stored = (): Stored[] =>
  a.db
    .prepare(
      `
  SELECT aw.grade, aw.level, aw.awarded_on, aw.recipient_kind,
    COALESCE(p.name, (SELECT group_concat(s.name, '、') FROM work_authors wa JOIN people s ON s.id = wa.person_id WHERE wa.work_id = aw.work_id)) AS who
  FROM awards aw LEFT JOIN people p ON p.id = aw.person_id WHERE aw.deleted_at IS NULL ORDER BY aw.awarded_on, who`,
    )
    .all() as Stored[];
const byYear = (rows: Stored[]) =>
  rows.reduce<Record<string, number>>(
    (m, r) => ({ ...m, [r.awarded_on.slice(0, 4)]: (m[r.awarded_on.slice(0, 4)] ?? 0) + 1 }),
    {},
  );

async function setUp(schoolName = '清水县第六中学、清水六中') {
  await c.ok('settings.set', { schoolName });
  await c.ok('sheets.commit', req('roster', '七年级花名册.xlsx', await ledgerRosterXlsx()));
}

describe('dates are read, or asked — never the day of the import', () => {
  it("a 获奖年度 column dates each row inside its year, shown as an assumption; the school's 优秀组织奖 is a school award", async () => {
    await setUp();
    const r = req('awards', LEDGER, await ledgerAwardsXlsx(), { sheet: '2019-2020年度' });
    const p = await c.ok('sheets.preview', r);
    expect(p).toMatchObject({ sheet: '2019-2020年度', defaultDate: null, dateSource: null, undated: 0, problem: null });
    expect(row(p, 3).actions).toContain('获奖时间按年度 2020 年记为 2020-06-30（推定）');
    expect(row(p, 6).status).toBe('new');
    await c.ok('sheets.commit', r);
    expect(stored()).toEqual([
      { grade: '优秀组织奖', level: '市级', awarded_on: '2020-06-30', recipient_kind: 'school', who: null },
      { grade: '一等奖', level: '市级', awarded_on: '2020-06-30', recipient_kind: 'work', who: '张晨明' },
      { grade: '二等奖', level: '市级', awarded_on: '2020-06-30', recipient_kind: 'work', who: '李雪' },
      { grade: '三等奖', level: '省级', awarded_on: '2020-06-30', recipient_kind: 'work', who: '王强' },
    ]);
  });

  it('a title row "2021年5月" dates the undated rows, named as the source; a 成绩 column is never a grade; other schools\' pupils are not ours', async () => {
    await setUp();
    const r = req('awards', LEDGER, await ledgerAwardsXlsx(), { sheet: '2021市赛' });
    const p = await c.ok('sheets.preview', r);
    expect(p).toMatchObject({
      headerRow: 3,
      defaultDate: '2021-05-01',
      dateSource: 'title',
      dateClue: '2021年5月',
      problem: null,
    });
    expect(p.school).toEqual({ names: ['清水县第六中学', '清水六中'], source: 'settings' });
    expect(p.columns.map((x) => x.field)).toEqual([null, 'title', 'students', 'school', null, 'award']);
    expect(row(p, 4)).toMatchObject({ status: 'skip', reason: '其他学校（清河县第一小学）的获奖，不导入' });
    expect(row(p, 5).actions).toContain('获奖时间按标题中的「2021年5月」记为 2021-05-01（推定）');
    await c.ok('sheets.commit', r);
    const s = stored();
    expect(s.map((x) => [x.who, x.grade, x.recipient_kind, x.awarded_on])).toEqual([
      [null, '综合团体奖', 'school', '2021-05-01'],
      ['孙磊', '二等奖', 'work', '2021-05-01'],
      ['赵敏', '一等奖', 'work', '2021-05-01'],
    ]);
    expect(s.some((x) => /^\d+$/.test(x.grade))).toBe(false);
    expect(s.some((x) => x.who === '张晨明')).toBe(false);
  });

  it('rows with no date anywhere are held back with the reason until the teacher gives one; exam levels and scores are no award', async () => {
    await setUp();
    const bytes = await ledgerAwardsXlsx();
    const p = await c.ok('sheets.preview', req('awards', LEDGER, bytes, { sheet: '2022' }));
    expect(p).toMatchObject({ defaultDate: null, dateSource: null, undated: 2 });
    expect(row(p, 2)).toMatchObject({ status: 'skip' });
    expect(row(p, 2).reason).toMatch(/没有获奖时间.*请在上方填写/);
    expect(row(p, 3).reason).toBe('没有获奖（奖项为空），不记为获奖');
    const before = tableCounts(a).awards;
    const held = await c.ok('sheets.commit', req('awards', LEDGER, bytes, { sheet: '2022' }));
    expect(held.skipped.map((x) => x.row)).toEqual([2, 3, 4]);
    expect(tableCounts(a).awards).toBe(before);

    const given = req('awards', LEDGER, bytes, { sheet: '2022', defaultDate: '2022-05-20' });
    const p2 = await c.ok('sheets.preview', given);
    expect(p2).toMatchObject({ defaultDate: '2022-05-20', dateSource: 'request', undated: 0 });
    expect(row(p2, 2).actions).toContain('「中级」是考级等级，不是获奖级别，未采用');
    await c.ok('sheets.commit', given);
    expect(stored().map((x) => [x.who, x.level, x.grade, x.awarded_on])).toEqual([
      ['张晨明', '省级', '一等奖', '2022-05-20'],
      ['王强', '市级', '二等奖', '2022-05-20'],
    ]);
  });

  it('the whole ledger in one import: every sheet listed, the absentee sheet not taken for awards, every award inside its year, the totals its rows imply', async () => {
    await setUp();
    const bytes = await ledgerAwardsXlsx();
    const p = await c.ok('sheets.preview', req('awards', LEDGER, bytes));
    expect(p.sheetList.map((x) => [x.name, x.look, x.selected])).toEqual([
      ['缺考名单', 'otherKind', false],
      ['2019-2020年度', 'list', true],
      ['2021市赛', 'list', true],
      ['2022', 'list', true],
    ]);
    expect(p.sheetList.map((x) => x.outcome && [x.outcome.dateSource, x.outcome.undated])).toEqual([
      null,
      [null, 0],
      ['title', 0],
      [null, 2],
    ]);
    expect(p.report.sheets.map((x) => [x.name, x.skipped])).toEqual([
      ['2019-2020年度', 0],
      ['2021市赛', 1],
      ['2022', 3],
    ]);
    expect(p.report.skipped.filter((x) => x.sheet === '2022').map((x) => x.row)).toEqual([2, 3, 4]);
    // The teacher gives the date of the undated sheet only; the others keep what their rows and title say.
    const r = await c.ok('sheets.commit', req('awards', LEDGER, bytes, { dates: { 2022: '2022-05-20' } }));
    expect(r.sheets.map((x) => x.name)).toEqual(['2019-2020年度', '2021市赛', '2022']);
    const s = stored();
    expect(byYear(s)).toEqual({ 2020: 4, 2021: 3, 2022: 2 });
    expect(s.every((x) => x.awarded_on >= '2019-09-01' && x.awarded_on <= '2022-12-31')).toBe(true);
    expect(s.some((x) => x.awarded_on === TODAY)).toBe(false);
    const all = await c.ok('awards.list', { from: '2019-01-01', to: '2022-12-31' });
    expect(all).toHaveLength(9);
    expect(
      all
        .filter((x) => x.recipientKind === 'school')
        .map((x) => x.grade)
        .sort(),
    ).toEqual(['优秀组织奖', '综合团体奖']);
    expect(s.filter((x) => x.awarded_on.startsWith('2022')).every((x) => x.awarded_on === '2022-05-20')).toBe(true);
  });

  it('unticked sheets are not imported; a 学年 given (CLI --year) dates only rows nothing else dates', async () => {
    await setUp();
    const bytes = await ledgerAwardsXlsx();
    await c.ok('sheets.commit', req('awards', LEDGER, bytes, { sheets: ['2021市赛', '2022'], schoolYear: 2021 }));
    expect(byYear(stored())).toEqual({ 2021: 3, 2022: 2 });
    expect(
      stored()
        .filter((x) => x.awarded_on.startsWith('2022'))
        .map((x) => x.awarded_on),
    ).toEqual(['2022-06-30', '2022-06-30']);
  });

  it('a file named 2019-2020年获奖.csv (GBK) dates its rows in that 学年, and says so; 等 次 is the grade column', async () => {
    await setUp();
    const r = req('awards', '2019-2020年获奖.csv', awardsByFileNameCsv());
    const p = await c.ok('sheets.preview', r);
    expect(p).toMatchObject({
      encoding: 'GBK',
      defaultDate: '2020-06-30',
      dateSource: 'fileName',
      dateClue: '2019-2020',
    });
    expect(p.columns.map((x) => x.field)).toEqual(['students', 'className', 'competition', 'level', 'award']);
    await c.ok('sheets.commit', r);
    expect(stored().map((x) => [x.who, x.grade, x.awarded_on])).toEqual([
      ['张晨明', '三等奖', '2020-06-30'],
      ['赵敏', '一等奖', '2020-06-30'],
    ]);
  });

  it('a date outside 1990 … one year from today is refused (no year 0001 for undated rows)', async () => {
    await setUp();
    const bytes = await ledgerAwardsXlsx();
    for (const defaultDate of ['0001-01-01', '1989-12-31', '2027-01-01']) {
      const res = await c.d('sheets.preview', req('awards', LEDGER, bytes, { sheet: '2022', defaultDate }));
      expect(res).toMatchObject({ ok: false });
      expect((res as { error: { message: string } }).error.message).toMatch(/不在 1990 年 1 月 1 日至明年今日之间/);
    }
    expect(tableCounts(a).awards).toBe(0);
  });
});

describe('whose row is it', () => {
  it('a 学校 column with no school name known asks for it and writes nothing; the name given in the preview is used', async () => {
    await setUp('');
    const bytes = await ledgerAwardsXlsx();
    const p = await c.ok('sheets.preview', req('awards', LEDGER, bytes, { sheet: '2021市赛' }));
    expect(p.problem).toMatch(/还不知道本校的名称/);
    expect(p.school).toEqual({ names: [], source: null });
    expect(
      ((await c.d('sheets.commit', req('awards', LEDGER, bytes, { sheet: '2021市赛' }))) as { ok: boolean }).ok,
    ).toBe(false);
    expect(tableCounts(a).awards).toBe(0);
    const named = req('awards', LEDGER, bytes, { sheet: '2021市赛', schoolName: '清水六中' });
    const p2 = await c.ok('sheets.preview', named);
    expect(p2.school).toEqual({ names: ['清水六中'], source: 'request' });
    await c.ok('sheets.commit', named);
    expect(stored().map((x) => x.who)).toEqual([null, '孙磊', '赵敏']);
  });

  it("the school's name as recipient, with no school name known, is held with the reason (never a pupil named 清水六中)", async () => {
    await setUp('');
    const p = await c.ok('sheets.preview', req('awards', LEDGER, await ledgerAwardsXlsx(), { sheet: '2019-2020年度' }));
    expect(row(p, 6)).toMatchObject({
      status: 'skip',
      reason: '「清水六中」是学校名称，但还不知道本校的名称：请在上方“本校名称”中填写',
    });
  });
});

describe('command line', () => {
  it("imports every list sheet of the ledger, says each sheet's outcome; undated rows are skipped with the reason unless --year is given", async () => {
    const dir = path.join(tempDir(), '档案');
    const file = path.join(tempDir(), LEDGER);
    fs.writeFileSync(file, await ledgerAwardsXlsx());
    const lines: string[] = [];
    const out = { log: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    expect(await main(['init', dir], out)).toBe(0);
    const roster = path.join(tempDir(), '七年级花名册.xlsx');
    fs.writeFileSync(roster, await ledgerRosterXlsx());
    expect(await main(['import-roster', dir, roster], out)).toBe(0);

    lines.length = 0;
    expect(await main(['import-awards', dir, file, '--school', '清水县第六中学、清水六中'], out)).toBe(0);
    expect(lines).toContain('  工作表「2022」：新建 0 条，更新 0 条，已有 0 行，跳过 3 行');
    // The command line's own words: no "请在上方填写" where there is nothing above.
    expect(lines).toContain(
      '  工作表「2022」第 2 行：没有获奖时间，也无法从年度、标题或文件名得知，未导入：请用 --date YYYY-MM-DD 或 --year 学年起始年 给出',
    );
    expect(lines.join('\n')).not.toMatch(/上方|下面/);
    expect(lines).toContain('  工作表「2021市赛」第 4 行：其他学校（清河县第一小学）的获奖，不导入');

    lines.length = 0;
    expect(await main(['import-awards', dir, file, '--school', '清水六中', '--year', '2021', '--json'], out)).toBe(0);
    const r = JSON.parse(lines[0]);
    expect(r.sheets.map((x: { name: string; created: number }) => [x.name, x.created > 0])).toEqual([
      ['2019-2020年度', false],
      ['2021市赛', false],
      ['2022', true],
    ]);
    const a2 = openArchive(dir);
    try {
      const years = a2.db
        .prepare(
          'SELECT substr(awarded_on,1,4) y, COUNT(*) n FROM awards WHERE deleted_at IS NULL GROUP BY y ORDER BY y',
        )
        .all();
      expect(years).toEqual([
        { y: '2020', n: 4 },
        { y: '2021', n: 3 },
        { y: '2022', n: 2 },
      ]);
    } finally {
      a2.close();
    }
  });
});

describe('a class for the whole sheet', () => {
  const classList = () => Buffer.from('\ufeff学号,姓名,性别\r\n2022021,刘洋,男\r\n2022022,陈静,女\r\n', 'utf8');

  it('a class list of 学号 + 姓名 + 性别 cannot be placed by itself; with 四年级(2)班 given for the sheet its pupils go there, said on each row', async () => {
    const without = await c.ok('sheets.preview', req('roster', '名单.csv', classList()));
    expect(without.rows.map((r) => r.status)).toEqual(['skip', 'skip']);
    expect(without.sheetClass).toBeNull();

    const r = req('roster', '名单.csv', classList(), { className: '四年级(2)班' });
    const p = await c.ok('sheets.preview', r);
    expect(p.sheetClass).toBe('四年级(2)班');
    expect(p.rows[0].actions).toEqual(['班级按整表设定的「四年级(2)班」', '新建学生 刘洋（四年级(2)班）']);
    await c.ok('sheets.commit', r);
    expect(
      (await c.ok('people.list', { kind: 'student' })).items
        .map((x) => `${x.name} ${x.classLabel} ${x.studentNo}`)
        .sort(),
    ).toEqual(['刘洋 四年级(2)班 2022021', '陈静 四年级(2)班 2022022']);
  });

  it('a class that cannot be read is refused before anything is written', async () => {
    const res = await c.d('sheets.preview', req('roster', '名单.csv', classList(), { className: '火箭班' }));
    expect(res).toMatchObject({ ok: false });
    expect(tableCounts(a).people).toBe(0);
  });
});

describe("teachers' honours", () => {
  it("an 优秀科技辅导员 list makes teacher awards with the pupils as a note — never awards for the pupils; another school's teacher is skipped", async () => {
    await setUp();
    const r = req('awards', '优秀辅导员.xlsx', await teacherHonoursXlsx());
    const p = await c.ok('sheets.preview', r);
    expect(p.columns.map((x) => x.field)).toEqual([null, 'students', 'school', 'pupils', 'award']);
    expect(row(p, 4)).toMatchObject({ status: 'skip', reason: '其他学校（清河县第一小学）的获奖，不导入' });
    await c.ok('sheets.commit', r);
    const rows = a.db
      .prepare(
        `SELECT p.name, p.kind, aw.grade, aw.level, aw.awarded_on, aw.notes, c.name AS comp FROM awards aw
      JOIN people p ON p.id = aw.person_id LEFT JOIN competitions c ON c.id = aw.competition_id`,
      )
      .all();
    expect(rows).toEqual([
      {
        name: '王丽华',
        kind: 'teacher',
        grade: '优秀科技辅导员',
        level: '市级',
        awarded_on: '2021-06-30',
        notes: '辅导学生：赵敏、孙磊',
        comp: '天水市青少年科技创新大赛',
      },
    ]);
  });
});

describe('encodings', () => {
  it('an old .xls without a code page (GBK bytes) is read as Chinese, says GBK, and imports — not mojibake and 找不到表头', async () => {
    await setUp();
    const xls = gbkXlsWithoutCodepage('获奖名单', [
      ['学生姓名', '班级', '比赛名称', '级别', '奖项', '获奖时间'],
      ['赵敏', '八年级(2)班', '天水市青少年科技创新大赛', '市级', '一等奖', '2021-05-20'],
    ]);
    const r = req('awards', '获奖名单.xls', xls);
    const p = await c.ok('sheets.preview', r);
    expect(p).toMatchObject({ format: 'xls', encoding: 'GBK', sheet: '获奖名单', problem: null });
    expect(p.columns.map((x) => x.header)).toEqual(['学生姓名', '班级', '比赛名称', '级别', '奖项', '获奖时间']);
    await c.ok('sheets.commit', r);
    expect(stored().map((x) => [x.who, x.grade, x.awarded_on])).toEqual([['赵敏', '一等奖', '2021-05-20']]);
  });
});

describe('a 届次 the archive knows', () => {
  it('dates an undated row by the year of that session of the competition, said as an assumption', async () => {
    await setUp();
    const dated = Buffer.from(
      '\ufeff学生姓名,班级,比赛名称,届次,级别,奖项,获奖时间\r\n赵敏,七年级(2)班,天水市青少年科技创新大赛,第23届,市级,二等奖,2020-05-20\r\n',
      'utf8',
    );
    await c.ok('sheets.commit', req('awards', '名单.csv', dated));
    const undated = Buffer.from(
      '\ufeff学生姓名,班级,比赛名称,届次,级别,奖项\r\n孙磊,七年级(1)班,天水市青少年科技创新大赛,第二十三届,市级,三等奖\r\n',
      'utf8',
    );
    const r = req('awards', '名单.csv', undated);
    const p = await c.ok('sheets.preview', r);
    expect(p.rows[0].actions).toContain('获奖时间按档案中该届比赛的年份 2020 年记为 2020-06-30（推定）');
    await c.ok('sheets.commit', r);
    expect(stored().map((x) => [x.who, x.awarded_on])).toEqual([
      ['赵敏', '2020-05-20'],
      ['孙磊', '2020-06-30'],
    ]);
  });
});
