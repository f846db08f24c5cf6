// The 工作总结 draft a teacher edits: saved per period, never overwritten by new numbers without
// asking, last period's texts carried into 存在问题/今后打算, photos suggested and picked; and the
// periods a summary can cover (学期, 学年, 年度, several 学年, any range) with their previous period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod, periodKey, resolvePeriod } from '../../shared/domain/periods';
import type { Archive } from '../../electron/core/db/open';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { caller, newArchive, type Caller } from './helpers';

describe('periods', () => {
  it.each([
    [
      '2025-2026-1',
      'term:2025-2026-1',
      '2025-09-01',
      '2026-01-31',
      '2025—2026学年第一学期',
      '2025—2026学年第一学期科技活动工作总结',
      '本学期',
      'term:2024-2025-2',
    ],
    [
      'term:2025-2026-2',
      'term:2025-2026-2',
      '2026-02-01',
      '2026-08-31',
      '2025—2026学年第二学期',
      '2025—2026学年第二学期科技活动工作总结',
      '本学期',
      'term:2025-2026-1',
    ],
    [
      '2025-2026',
      'year:2025-2026',
      '2025-09-01',
      '2026-08-31',
      '2025—2026学年',
      '2025—2026学年科技活动工作总结',
      '本学年',
      'year:2024-2025',
    ],
    ['2025', 'cal:2025', '2025-01-01', '2025-12-31', '2025年度', '2025年度科技活动工作总结', '本年度', 'cal:2024'],
    [
      'years:2022-2026',
      'years:2022-2026',
      '2022-09-01',
      '2026-08-31',
      '2022—2026学年',
      '2022—2026学年科技活动工作总结',
      '四年来',
      'years:2018-2022',
    ],
    [
      'range:2025-03-01..2025-03-10',
      'range:2025-03-01..2025-03-10',
      '2025-03-01',
      '2025-03-10',
      '2025年3月1日至3月10日',
      '2025年3月1日至3月10日科技活动工作总结',
      '这一时期',
      'range:2025-02-19..2025-02-28',
    ],
  ])('%s', (input, key, from, to, label, title, scope, prev) => {
    const spec = parsePeriod(input)!;
    const p = resolvePeriod(spec);
    expect(p).toMatchObject({ key, from, to, label, title, scope });
    expect(periodKey(p.previous)).toBe(prev);
  });

  it('refuses what is not a period', () => {
    for (const bad of [
      '2025-2027',
      '2025-2026-3',
      'years:2026-2022',
      'range:2025-03-10..2025-03-01',
      'range:2025-02-30..2025-03-01',
      '下学期',
      '',
    ]) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });

  it('term dates follow the school calendar settings', () => {
    expect(
      resolvePeriod({ kind: 'term', year: 2025, term: 2 }, { autumnStart: '08-25', springStart: '02-20' }),
    ).toMatchObject({ from: '2026-02-20', to: '2026-08-24' });
  });
});

let a: Archive;
let c: Caller;
const ids: Record<string, string> = {};
const TERM1 = '2025-2026-1';
const TERM2 = '2025-2026-2';

beforeAll(async () => {
  a = newArchive({ start: '2026-01-10T08:00:00Z' });
  c = caller(a);
  await c.ok('settings.set', { schoolName: '青山镇中心小学' });
  const kid = async (name: string) =>
    (ids[name] = (await c.ok('people.create', { kind: 'student', name, entryYear: 2021, classNo: 1 })).id);
  await kid('张树茂');
  await kid('李明');
  await kid('曾小红');
  ids.T = (await c.ok('people.create', { kind: 'teacher', name: '王丽华', subject: '科学' })).id;
  const act = async (title: string, startDate: string, extra: Record<string, unknown>) =>
    (ids[title] = (
      await c.ok('activities.create', { title, type: '科普讲座', startDate, teacherIds: [ids.T], ...extra })
    ).id);
  await act('走进航天', '2025-10-10', { participantIds: [ids['张树茂'], ids['李明']] });
  await act('科技节开幕式', '2025-11-05', { type: '科技节/科技周', headCount: 600, headCountNote: '全校学生' });
  await act('气象站参观', '2025-12-01', { type: '参观考察', participantIds: [ids['曾小红']] });
  await act('上学期讲座', '2025-05-10', { participantIds: [ids['李明']] });
  await act('下学期航模训练', '2026-03-05', { type: '模型', status: 'planned' });
  const photo = (n: number, on: string, activity: string) => {
    const { id } = addMedia(a, Buffer.from(`photo ${n}`), {
      ext: 'jpg',
      kind: 'photo',
      mime: 'image/jpeg',
      originalName: `IMG_${n}.jpg`,
      takenAt: `${on}T02:00:00Z`,
    });
    linkMedia(a, id, 'activity', ids[activity], n);
    return (ids[`photo${n}`] = id);
  };
  photo(1, '2025-10-10', '走进航天');
  photo(2, '2025-10-10', '走进航天');
  photo(3, '2025-11-05', '科技节开幕式');
  photo(4, '2025-11-05', '科技节开幕式');
  a.db.prepare('UPDATE activities SET cover_media_id=? WHERE id=?').run(ids.photo4, ids['科技节开幕式']);
  photo(5, '2025-12-01', '气象站参观');
  ids.W = (
    await c.ok('works.create', {
      title: '智能浇花器',
      category: '青少年科技创新成果',
      authorIds: [ids['张树茂'], ids['李明']],
      advisorIds: [ids.T],
    })
  ).id;
  await c.ok('awards.create', {
    recipientKind: 'work',
    workId: ids.W,
    level: '县级',
    grade: '一等奖',
    awardedOn: '2025-12-18',
  });
});
afterAll(() => a.close());

const section = async (period: string, key: string) =>
  (await c.ok('summary.draft', { period })).sections.find((s) => s.key === key)!;

describe('statistics of a period through the contract', () => {
  it('this term, compared with nothing: the archive begins within it (its first period)', async () => {
    const s = await c.ok('summary.stats', { period: TERM1 });
    expect(s.period).toMatchObject({ key: `term:${TERM1}`, label: '2025—2026学年第一学期' });
    // The fair comparison is the same term a year earlier, which the archive does not cover.
    expect(s.previous.label).toBe('2024—2025学年第一学期');
    expect(s).toMatchObject({ comparable: false, comparison: [], asOf: null });
    expect(s.stats).toMatchObject({
      activities: 3,
      participantPersonTimes: 3,
      distinctParticipants: 3,
      headCountEvents: 1,
      headCountTotal: 600,
      awardedWorks: 1,
      awardedWorkPersonTimes: 2,
    });
    expect(s.stats.byTeacher).toEqual([
      expect.objectContaining({ name: '王丽华', works: 1, awards: 1, studentPersonTimes: 2, byLevel: { 县级: 1 } }),
    ]);
    const text = (await c.ok('summary.draft', { period: TERM1 })).sections.map((x) => x.text).join('\n');
    expect(text).not.toMatch(/相比|增加|减少/);
  });

  it('a bad period is refused with a Chinese message', async () => {
    const err = await c.fail('summary.stats', { period: '下学期' });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('时间段格式不正确');
  });
});

describe("the teacher's edits", () => {
  it('are kept through new data, flagged as stale, and replaced only when asked', async () => {
    const before = await section(TERM1, 'achievements');
    expect(before).toMatchObject({ edited: false, stale: false, heading: '五、取得成绩' });
    expect(before.text).toContain('张树茂、李明两位同学的作品《智能浇花器》荣获县级一等奖');
    expect(before.text).not.toContain('还没有登记获奖');

    const mine = '本学期，张树茂、李明同学的《智能浇花器》获县级一等奖。（王老师改写）';
    await c.ok('summary.saveSection', { period: TERM1, key: 'achievements', text: mine });
    expect(await section(TERM1, 'achievements')).toMatchObject({ text: mine, edited: true, stale: false });

    // New numbers arrive: a second work wins. The typed text stays; the page is told it is stale.
    const w2 = (await c.ok('works.create', { title: '雨水收集器', category: '小制作', authorIds: [ids['曾小红']] })).id;
    await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w2,
      level: '市级',
      grade: '二等奖',
      awardedOn: '2026-01-05',
    });
    const after = await section(TERM1, 'achievements');
    expect(after).toMatchObject({ text: mine, edited: true, stale: true });
    expect(after.generated).toContain('本学期，共有3位学生的2项作品在各级比赛中获奖，其中市级1项、县级1项');
    // Other sections follow the data by themselves.
    expect((await section(TERM1, 'activities')).edited).toBe(false);

    // 用新数据重新生成此节
    const regenerated = (await c.ok('summary.regenerateSection', { period: TERM1, key: 'achievements' })).sections.find(
      (s) => s.key === 'achievements',
    )!;
    expect(regenerated).toMatchObject({ edited: false, stale: false });
    expect(regenerated.text).toBe(after.generated);
  });

  it('saving an empty text returns the section to the generated one; the title is editable too', async () => {
    await c.ok('summary.saveSection', { period: TERM1, key: 'guiding', text: '我校坚持……' });
    await c.ok('summary.saveSection', { period: TERM1, key: 'guiding', text: '  \n ' });
    expect((await section(TERM1, 'guiding')).edited).toBe(false);
    const d = await c.ok('summary.saveSection', {
      period: TERM1,
      key: 'title',
      text: '青山镇中心小学2025年秋季学期科技教育工作总结',
    });
    expect(d.sections[0]).toMatchObject({
      key: 'title',
      text: '青山镇中心小学2025年秋季学期科技教育工作总结',
      edited: true,
    });
    expect(d.sections.map((s) => s.heading)).toEqual([
      '',
      '一、指导思想',
      '二、组织领导',
      '三、队伍建设',
      '四、活动开展',
      '五、取得成绩',
      '六、存在问题',
      '七、今后打算',
    ]);
  });

  it("last period's 存在问题, 今后打算 and 指导思想 are where the next period's draft starts", async () => {
    await c.ok('summary.saveSection', {
      period: TERM1,
      key: 'problems',
      text: '1.活动器材不足；\n2.部分活动记录不完整。',
    });
    await c.ok('summary.saveSection', {
      period: TERM1,
      key: 'guiding',
      text: '我校以“小手拉大手，科学进万家”为主题开展科技教育。',
    });
    const problems = await section(TERM2, 'problems');
    expect(problems.edited).toBe(false);
    const lines = problems.text.split('\n');
    expect(lines[0]).toMatch(/^【提示】请结合本学期实际，写出科技活动中存在的主要问题。/);
    expect(lines.slice(-3)).toEqual([
      '【提示】下面是2025—2026学年第一学期写的内容，请按本学期情况修改。',
      '1.活动器材不足；',
      '2.部分活动记录不完整。',
    ]);
    expect((await section(TERM2, 'guiding')).text).toBe('我校以“小手拉大手，科学进万家”为主题开展科技教育。');
    // 今后打算 of term 1 lists what is already planned for term 2.
    expect((await section(TERM1, 'plans')).text).toContain('按计划开展3月5日“下学期航模训练”活动');
  });
});

describe('photos', () => {
  it("suggests the covers of the biggest activities, biggest first, and keeps the teacher's picks", async () => {
    const cands = await c.ok('summary.photoCandidates', { period: TERM1 });
    expect(cands.map((x) => x.mediaId)).toEqual([ids.photo4, ids.photo3, ids.photo1, ids.photo2, ids.photo5]);
    expect(cands.filter((x) => x.suggested).map((x) => x.mediaId)).toEqual([ids.photo4, ids.photo1, ids.photo5]);
    expect(cands[0].caption).toBe('科技节开幕式（2025年11月5日）');
    const d0 = await c.ok('summary.draft', { period: TERM1 });
    expect(d0.photosChosen).toBe(false);
    expect(d0.photos.map((p) => p.mediaId)).toEqual([ids.photo4, ids.photo1, ids.photo5]);

    const picked = [
      { mediaId: ids.photo2, caption: '学生观看航天模型' },
      { mediaId: ids.photo4, caption: '科技节开幕' },
    ];
    const d1 = await c.ok('summary.setPhotos', { period: TERM1, photos: picked });
    expect(d1).toMatchObject({ photosChosen: true, photos: picked });
    // A photo moved to the trash drops out of the picks.
    await c.ok('trash.delete', { kind: 'media', id: ids.photo2 });
    expect((await c.ok('summary.draft', { period: TERM1 })).photos).toEqual([picked[1]]);
    await c.ok('trash.restore', { kind: 'media', id: ids.photo2 });
    const d2 = await c.ok('summary.setPhotos', { period: TERM1, photos: null });
    expect(d2.photosChosen).toBe(false);
    expect(d2.photos.map((p) => p.mediaId)).toEqual([ids.photo4, ids.photo1, ids.photo5]);
  });
});

describe('a period with nothing recorded', () => {
  it('still drafts every section with prompts, and exports without failing', async () => {
    const { exportReport } = await import('../../electron/core/report/exports');
    const draft = await c.ok('summary.draft', { period: '2030-2031-1' });
    const text = (k: string) => draft.sections.find((s) => s.key === k)!.text;
    // Nothing recorded is not "nothing happened": no sentence says so, only prompts for the teacher.
    expect(text('achievements')).toMatch(/^【提示】本学期还没有登记获奖/);
    expect(text('activities')).toMatch(/^【提示】本学期还没有标记为“已完成”的学生活动/);
    for (const k of ['organization', 'team', 'activities', 'achievements'])
      expect(text(k), k).not.toMatch(/(^|\n)[^【]*(没有|暂无|0人|0项|0%)/);
    expect(draft.photos).toEqual([]);
    for (const format of ['docx', 'xlsx', 'html'] as const) {
      const f = await exportReport(a, { period: '2030-2031-1', format });
      expect(f.bytes.length, format).toBeGreaterThan(1000);
    }
    const plan = await exportReport(a, { kind: 'plan', period: '2030-2031-1', format: 'html' });
    expect(plan.bytes.toString('utf8')).toContain('本学期尚未登记活动');
  });
});
