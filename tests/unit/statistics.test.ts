// The numbers that go into a school's 工作总结: a small archive built by hand, where every
// expected count is known. 项 vs 人次, promoted works counted once at their highest level,
// the school's 优秀组织奖 listed apart, cancelled and trashed records left out, period ends inclusive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../../shared/contract';
import type { Archive } from '../../electron/core/db/open';
import { addMedia } from '../../electron/core/media/store';
import { computeStats } from '../../electron/core/report/statistics';
import { caller, newArchive, type Caller } from './helpers';

const YEAR_2024 = { from: '2024-09-01', to: '2025-08-31' }; // 2024—2025学年
const YEAR_2025 = { from: '2025-09-01', to: '2026-08-31' };

let a: Archive;
let c: Caller;
let s: Stats;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // Records are entered after the period (clock in October 2025), as teachers often do.
  a = newArchive({ start: '2025-10-15T08:00:00Z' });
  c = caller(a);
  const student = async (key: string, name: string, entryYear: number) =>
    (ids[key] = (await c.ok('people.create', { kind: 'student', name, entryYear, classNo: 1 })).id);
  await student('A', '张树茂', 2019); // 六年级 in 2024—2025
  await student('B', '李明', 2019);
  await student('C', '曾小红', 2019);
  await student('D', '单雨涵', 2022);
  await student('E', '未入学', 2025); // not yet at school in 2024—2025
  await student('F', '已毕业', 2018); // graduated before 2024—2025
  await student('H', '删除了', 2020);
  await c.ok('trash.delete', { kind: 'person', id: ids.H });
  ids.T1 = (await c.ok('people.create', { kind: 'teacher', name: '王丽华', subject: '科学' })).id;
  ids.T2 = (await c.ok('people.create', { kind: 'teacher', name: '李建国', subject: '信息技术' })).id;

  const act = async (title: string, type: string, startDate: string, extra: Record<string, unknown> = {}) =>
    (await c.ok('activities.create', { title, type, startDate, ...extra })).id;
  await act('开学第一讲', '科普讲座', '2024-09-01', { participantIds: [ids.A, ids.B] }); // first day: in
  await act('学年最后一次例会', '兴趣小组例会', '2025-08-31', { participantIds: [ids.A, ids.C, ids.D] }); // last day: in
  await act('暑假讲座', '科普讲座', '2024-08-31', { participantIds: [ids.A] }); // day before: out
  await act('新学年讲座', '科普讲座', '2025-09-01', { participantIds: [ids.A] }); // day after: out
  await act('参观科技馆', '参观考察', '2025-03-10', { status: 'cancelled', participantIds: [ids.B, ids.C] });
  await act('5·12 防震减灾演练', '防震减灾演练', '2025-05-12', { headCount: 620, headCountNote: '全校学生' });
  ids.trashedAct = await act('删掉的活动', '科普讲座', '2025-01-10', { participantIds: [ids.A] });
  await c.ok('trash.delete', { kind: 'activity', id: ids.trashedAct });

  const comp = await c.ok('competitions.create', {
    name: '天水市青少年科技创新大赛',
    session: '第二十三届',
    year: 2025,
    level: '市级',
  });
  const work = async (title: string, category: string, authorIds: string[], advisorIds: string[] = []) =>
    (await c.ok('works.create', { title, category, authorIds, advisorIds })).id;
  const award = async (
    workId: string | null,
    level: string,
    grade: string,
    awardedOn: string,
    promotedFromId: string | null = null,
  ) =>
    (
      await c.ok('awards.create', {
        recipientKind: workId ? 'work' : 'school',
        workId,
        level,
        grade,
        awardedOn,
        promotedFromId,
        competitionId: comp.id,
      })
    ).id;

  // W1: a collective work of 3 students, one award: 1 项, 3 人次.
  ids.W1 = await work('教室空气质量监测仪', '青少年科技创新成果', [ids.A, ids.B, ids.C], [ids.T1]);
  await award(ids.W1, '市级', '一等奖', '2025-04-22');
  const trashed = await award(ids.W1, '省级', '一等奖', '2025-06-15');
  await c.ok('trash.delete', { kind: 'award', id: trashed });
  // W2: promoted 县 → 市 → 省 within the year.
  ids.W2 = await work('智能浇花器', '青少年科技创新成果', [ids.D], [ids.T2]);
  const county = await award(ids.W2, '县级', '一等奖', '2024-12-18');
  const city = await award(ids.W2, '市级', '二等奖', '2025-04-22', county);
  await award(ids.W2, '省级', '三等奖', '2025-06-15', city);
  // W3: awards on both sides of the period's first day.
  ids.W3 = await work('未来城市', '少年儿童科学幻想绘画', [ids.A]);
  await award(ids.W3, '校级', '一等奖', '2024-08-31');
  await award(ids.W3, '校级', '二等奖', '2024-09-01');
  // W4: awards on both sides of the period's last day; its 市级 award is next year.
  ids.W4 = await work('自动关窗器', '小发明', [ids.D]);
  const w4county = await award(ids.W4, '县级', '三等奖', '2025-08-31');
  await award(ids.W4, '市级', '一等奖', '2025-09-01', w4county);
  // W5: no award at all (entered in October 2025).
  ids.W5 = await work('节水装置', '小制作', [ids.B]);
  // The school's own awards: listed apart, not counted as 获奖.
  await award(null, '市级', '优秀组织奖', '2025-04-22');
  await award(null, '县级', '优秀组织单位', '2025-09-20');

  // Photos: one in the year, one after it, a video and a trashed photo (neither counts).
  const photo = (n: number, kind: 'photo' | 'video', takenAt: string) =>
    addMedia(a, Buffer.from(`media ${n}`), {
      ext: kind === 'photo' ? 'jpg' : 'mp4',
      kind,
      mime: kind === 'photo' ? 'image/jpeg' : 'video/mp4',
      originalName: `m${n}`,
      takenAt,
    }).id;
  photo(1, 'photo', '2025-05-12T02:30:00.000Z');
  photo(2, 'photo', '2025-09-12T02:30:00.000Z');
  photo(3, 'video', '2025-05-12T02:40:00.000Z');
  const gone = photo(4, 'photo', '2025-05-12T02:50:00.000Z');
  await c.ok('trash.delete', { kind: 'media', id: gone });

  s = await c.ok('stats.get', YEAR_2024);
});
afterAll(() => a.close());

describe('statistics of the 2024—2025学年', () => {
  it('activities: cancelled ones are not counted as held but are shown by status; trashed ones vanish', () => {
    expect(s.activities).toBe(3);
    expect(s.activitiesByType).toEqual({ 科普讲座: 1, 兴趣小组例会: 1, 防震减灾演练: 1 });
    expect(s.activitiesByStatus).toEqual({ done: 3, cancelled: 1 });
  });

  it('participation: 人次 of named students, distinct students, and head-count events apart', () => {
    expect(s.participantPersonTimes).toBe(5); // 2 at the first lecture + 3 at the last meeting
    expect(s.distinctParticipants).toBe(4);
    expect(s.headCountEvents).toBe(1);
    expect(s.headCountTotal).toBe(620);
  });

  it('students at school during the year: not those not yet enrolled, graduated or trashed', () => {
    expect(s.students).toBe(4);
  });

  it('a collective work of 3 authors winning one award is 1 项 and 3 人次', () => {
    expect(s.levelGrade['市级']['一等奖']).toEqual({ items: 1, personTimes: 3 });
  });

  it('every award in the period is counted; the full table by 级别 × 等级', () => {
    expect(s.awards).toBe(6);
    expect(s.awardPersonTimes).toBe(8);
    expect(s.awardsByLevel).toEqual({ 省级: 1, 市级: 2, 县级: 2, 校级: 1 });
    expect(s.awardsByGrade).toEqual({ 一等奖: 2, 二等奖: 2, 三等奖: 2 });
    expect(s.levelGrade).toEqual({
      省级: { 三等奖: { items: 1, personTimes: 1 } },
      市级: { 一等奖: { items: 1, personTimes: 3 }, 二等奖: { items: 1, personTimes: 1 } },
      县级: { 一等奖: { items: 1, personTimes: 1 }, 三等奖: { items: 1, personTimes: 1 } },
      校级: { 二等奖: { items: 1, personTimes: 1 } },
    });
  });

  it('a work promoted 县 → 市 → 省 counts once, at 省级, in "N 项作品获奖"', () => {
    expect(s.awardedWorks).toBe(4);
    expect(s.awardedWorksByLevel).toEqual({ 省级: 1, 市级: 1, 县级: 1, 校级: 1 });
  });

  it('the school 优秀组织奖 is listed apart and not mixed into the awards', () => {
    expect(s.schoolAwards).toEqual([
      {
        id: expect.any(String),
        competition: '天水市青少年科技创新大赛',
        level: '市级',
        grade: '优秀组织奖',
        awardedOn: '2025-04-22',
      },
    ]);
    expect(s.awardsByGrade['优秀组织奖']).toBeUndefined();
  });

  it('students and teachers with awards (authors and advisors of awarded works)', () => {
    expect(s.studentsAwarded).toBe(4);
    expect(s.teachersAwarded).toBe(2);
  });

  it('works of the period: those that won in it', () => {
    expect(s.works).toBe(4);
    expect(s.worksByCategory).toEqual({ 青少年科技创新成果: 2, 少年儿童科学幻想绘画: 1, 小发明: 1 });
  });

  it('photos taken in the period, not videos, not trashed', () => {
    expect(s.photos).toBe(1);
  });

  it('stats.get and computeStats agree', () => {
    expect(computeStats(a, YEAR_2024)).toEqual(s);
    expect(s.period).toEqual(YEAR_2024);
  });
});

describe('other periods', () => {
  it('the next 学年 gets what fell just outside the first one', async () => {
    const n = await c.ok('stats.get', YEAR_2025);
    expect(n.activities).toBe(1);
    expect(n.awards).toBe(1);
    expect(n.awardsByLevel).toEqual({ 市级: 1 });
    expect(n.awardedWorksByLevel).toEqual({ 市级: 1 });
    expect(n.schoolAwards.map((x) => x.grade)).toEqual(['优秀组织单位']);
    expect(n.photos).toBe(1);
    // works entered in October 2025 count in the year they were entered
    expect(n.works).toBe(5);
  });

  it('a single day counts records of that day only (both ends inclusive)', () => {
    const day = computeStats(a, { from: '2025-08-31', to: '2025-08-31' });
    expect(day.activities).toBe(1);
    expect(day.participantPersonTimes).toBe(3);
    expect(day.awards).toBe(1);
    expect(day.awardsByLevel).toEqual({ 县级: 1 });
  });

  it('a period with the start after the end is refused in Chinese', async () => {
    const err = await c.fail('stats.get', { from: '2025-08-31', to: '2024-09-01' });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('开始日期不能晚于结束日期');
  });
});

describe('levels, grades and categories are counted as plain words', () => {
  it("a level or category named '__proto__' (a hostile package, a typo) is counted and pollutes nothing", async () => {
    const b = newArchive({ start: '2025-10-15T08:00:00Z' });
    const cb = caller(b);
    try {
      const p = await cb.ok('people.create', { kind: 'student', name: '张三', entryYear: 2020, classNo: 1 });
      const w = await cb.ok('works.create', {
        title: '水火箭',
        category: '__proto__',
        authorIds: [p.id],
        advisorIds: [],
      });
      for (const grade of ['一等奖', '二等奖'])
        await cb.ok('awards.create', {
          recipientKind: 'work',
          workId: w.id,
          level: '__proto__',
          grade,
          awardedOn: '2025-09-10',
        });
      const st = await cb.ok('stats.get', YEAR_2025);
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('一等奖');
      expect(({} as Record<string, unknown>)['一等奖']).toBeUndefined();
      expect(st.awardsByGrade).toEqual({ 一等奖: 1, 二等奖: 1 });
      expect(Object.getOwnPropertyDescriptor(st.awardsByLevel, '__proto__')?.value).toBe(2);
      const cell = Object.getOwnPropertyDescriptor(st.levelGrade, '__proto__')?.value;
      expect(cell).toEqual({ 一等奖: { items: 1, personTimes: 1 }, 二等奖: { items: 1, personTimes: 1 } });
    } finally {
      b.close();
    }
  });
});
