// 乡镇/学区级 everywhere a level is read or written: sorted between 县级 and 校级 in the
// pickers' list, in the .xlsx 统计表 and summaries (a column only where such an award exists), in
// the 工作总结's sentence, and read from a 获奖名单's cells and competition names.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import type { Work } from '../../shared/schemas';
import { exportReport } from '../../electron/core/report/exports';
import { levelList } from '../../electron/core/report/narrative';
import { gradeIn, levelFromCompetition, normalizeLevel, awardLevelOf } from '../../electron/core/sheets/cells';
import { caller, newArchive, type Caller } from './helpers';

const bestLevel = (works: readonly Work[], title: string) => works.find((w) => w.title === title)?.bestLevel;

let a: Archive;
let c: Caller;
beforeAll(async () => {
  a = newArchive({ start: '2025-08-28T08:00:00Z' });
  c = caller(a);
  const pupil = await c.ok('people.create', {
    kind: 'student',
    name: '邓佳',
    stage: '小学',
    entryYear: 2020,
    classNo: 1,
  });
  const teacher = await c.ok('people.create', { kind: 'teacher', name: '吴杰', subject: '科学' });
  const w1 = await c.ok('works.create', {
    title: '自动浇花器',
    category: '小制作',
    authorIds: [pupil.id],
    advisorIds: [teacher.id],
  });
  const w2 = await c.ok('works.create', {
    title: '会走路的纸人',
    category: '小制作',
    authorIds: [pupil.id],
    advisorIds: [teacher.id],
  });
  const zone = await c.ok('competitions.create', {
    name: '青山镇学区小学生科技小制作比赛',
    level: '乡镇/学区级',
    year: 2024,
  });
  const county = await c.ok('competitions.create', { name: '秦安县青少年科技创新大赛', level: '县级', year: 2024 });
  const first = await c.ok('awards.create', {
    competitionId: zone.id,
    recipientKind: 'work',
    workId: w1.id,
    level: '乡镇/学区级',
    grade: '一等奖',
    awardedOn: '2024-11-06',
  });
  await c.ok('awards.create', {
    competitionId: county.id,
    recipientKind: 'work',
    workId: w1.id,
    level: '县级',
    grade: '二等奖',
    awardedOn: '2024-12-18',
    promotedFromId: first.id,
  });
  await c.ok('awards.create', {
    competitionId: zone.id,
    recipientKind: 'work',
    workId: w2.id,
    level: '乡镇/学区级',
    grade: '三等奖',
    awardedOn: '2024-11-06',
  });
});
afterAll(() => a.close());

describe('乡镇/学区级', () => {
  it('is offered between 县级 and 校级, and a work’s best level is the higher one', async () => {
    expect(await c.ok('vocab.list', { kind: 'level' })).toEqual([
      '国家级',
      '省级',
      '市级',
      '县级',
      '乡镇/学区级',
      '校级',
    ]);
    const works = await c.ok('works.list', {});
    expect(bestLevel(works, '自动浇花器')).toBe('县级');
    expect(bestLevel(works, '会走路的纸人')).toBe('乡镇/学区级');
  });

  it('has its row and columns in the .xlsx, after 县级, and no column for a level nobody won', async () => {
    const file = await exportReport(a, { period: '2024-2025', format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const st = wb.getWorksheet('获奖统计表')!;
    const firstCol = (r: number) => st.getRow(r).getCell(1).value;
    expect([firstCol(4), firstCol(5), firstCol(6)]).toEqual(['县级', '乡镇/学区级', '合计']);
    const students = wb.getWorksheet('学生获奖汇总')!;
    const head = (students.getRow(3).values as unknown[]).slice(1);
    expect(head).toEqual([
      '序号',
      '姓名',
      '班级',
      '获奖作品（项）',
      '获奖（次）',
      '县级',
      '乡镇/学区级',
      '最高级别',
      '获奖作品及最高奖项',
    ]);
    expect((students.getRow(4).values as unknown[]).slice(1, 9)).toEqual([
      1,
      '邓佳',
      '五年级(1)班',
      2,
      3,
      1,
      2,
      '县级',
    ]);
    const teachers = wb.getWorksheet('指导教师汇总')!;
    expect((teachers.getRow(3).values as unknown[]).slice(7, 10)).toEqual([
      '县级作品',
      '乡镇/学区级作品',
      '个人获奖（项）',
    ]);
  });

  it('is named in the 工作总结 sentence in its place', () => {
    expect(levelList({ 校级: 3, '乡镇/学区级': 2, 县级: 1 })).toBe('县级1项、乡镇/学区级2项、校级3项');
  });

  it('is read from a 获奖名单: level cells, a level before the grade, and the competition’s name', () => {
    for (const s of ['乡镇/学区级', '乡镇／学区级', '学区级', '乡镇级', '镇级', '学区'])
      expect(normalizeLevel(s), s).toBe('乡镇/学区级');
    expect(awardLevelOf('学区级')).toBe('乡镇/学区级');
    expect(normalizeLevel('县级')).toBe('县级');
    expect(normalizeLevel('校级')).toBe('校级');
    expect(gradeIn('学区一等奖')).toEqual({ grade: '一等奖', level: '乡镇/学区级' });
    expect(gradeIn('县级二等奖')).toEqual({ grade: '二等奖', level: '县级' });
    expect(levelFromCompetition('青山镇学区小学生科技小制作比赛')).toBe('乡镇/学区级');
    expect(levelFromCompetition('秦安县青山镇青少年科技创新大赛')).toBe('乡镇/学区级');
    expect(levelFromCompetition('镇原县青少年科技创新大赛')).toBe('县级'); // a county whose name starts with 镇
    expect(levelFromCompetition('青山镇中心小学科技节')).toBe('校级');
  });
});
