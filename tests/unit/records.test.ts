// Records through the one entry point every host uses (createDispatcher, outputs validated):
// people with computed 班级, activities with filters and 改期 history, works, award chains,
// Chinese errors that write nothing, and the trash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { caller, HAS_CHINESE, newArchive, tableCounts, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  // "Today" is 2025-10-15 (2025—2026学年第一学期) for every default date.
  a = newArchive({ start: '2025-10-15T08:00:00Z' });
  c = caller(a);
});
afterEach(() => a.close());

const student = (name: string, entryYear = 2021, classNo: number | null = 2) =>
  c.ok('people.create', { kind: 'student', name, entryYear, classNo, stage: '小学', gender: '男' });
const teacher = (name: string, subject = '科学') => c.ok('people.create', { kind: 'teacher', name, subject });

describe('people', () => {
  it('students get a class label computed for the date asked; teachers are labelled by subject', async () => {
    const s = await student('张树茂', 2021, 2);
    expect(s.classLabel).toBe('五年级(2)班'); // today is in 2025—2026
    expect((await c.ok('people.get', { id: s.id, asOf: '2024-10-01' })).classLabel).toBe('四年级(2)班');
    expect((await c.ok('people.get', { id: s.id, asOf: '2026-09-01' })).classLabel).toBe('六年级(2)班');
    expect((await c.ok('people.get', { id: s.id, asOf: '2027-09-01' })).classLabel).toBe('2021级(已毕业)');
    const t = await teacher('王丽华', '科学');
    expect(t.classLabel).toBe('科学教师');
    expect(t.entryYear).toBeNull();

    const list = (await c.ok('people.list', { kind: 'student', asOf: '2022-03-01' })).items;
    expect(list.map((p) => [p.name, p.classLabel])).toEqual([['张树茂', '一年级(2)班']]);
  });

  it('the 学年 boundary follows the school calendar setting', async () => {
    const s = await student('李明', 2021, 1);
    expect((await c.ok('people.get', { id: s.id, asOf: '2025-08-28' })).classLabel).toBe('四年级(1)班');
    await c.ok('settings.set', { calendar: { autumnStart: '08-25', springStart: '02-20' } });
    expect((await c.ok('people.get', { id: s.id, asOf: '2025-08-28' })).classLabel).toBe('五年级(1)班');
  });

  it('archived (graduated) students stay in the archive but leave the default list', async () => {
    const s = await student('欧阳晓明', 2019, 1);
    await c.ok('people.archive', { id: s.id, archived: true });
    expect((await c.ok('people.list', {})).items.map((p) => p.id)).not.toContain(s.id);
    expect((await c.ok('people.list', { includeArchived: true })).items.map((p) => p.id)).toContain(s.id);
    expect((await c.ok('people.get', { id: s.id })).archivedAt).not.toBeNull();
  });

  it('search finds by name and student number, treating % literally', async () => {
    await c.ok('people.create', { kind: 'student', name: '曾小红', entryYear: 2022, studentNo: '2022105' });
    await c.ok('people.create', { kind: 'student', name: '单雨涵', entryYear: 2022, studentNo: '2022106' });
    expect((await c.ok('people.list', { text: '小红' })).items.map((p) => p.name)).toEqual(['曾小红']);
    expect((await c.ok('people.list', { text: '2022106' })).items.map((p) => p.name)).toEqual(['单雨涵']);
    expect((await c.ok('people.list', { text: '%' })).items).toEqual([]);
  });
});

describe('activities', () => {
  async function seedActivities() {
    const t1 = await teacher('王丽华');
    const t2 = await teacher('李建国', '信息技术');
    const s1 = await student('张树茂');
    const s2 = await student('李明');
    const mk = (title: string, type: string, startDate: string, extra: Record<string, unknown> = {}) =>
      c.ok('activities.create', { title, type, startDate, teacherIds: [t1.id], ...extra });
    const acts = {
      lecture: await mk('科普讲座：走进中国航天', '科普讲座', '2024-10-12', { location: '学校报告厅' }),
      drill: await mk('5·12 防震减灾演练', '防震减灾演练', '2025-05-12', { teacherIds: [t2.id, t1.id] }),
      autumn: await mk('航模队例会', '兴趣小组例会', '2025-09-01', {
        participantIds: [s1.id, s2.id],
        content: '讲解橡筋动力飞机的原理',
      }),
      winter: await mk('机器人编程入门', '机器人/编程', '2026-01-31', { teacherIds: [t2.id] }),
      spring: await mk('科技节开幕式', '科技节/科技周', '2026-02-01', { status: 'planned' }),
      cancelled: await mk('参观科技馆', '参观考察', '2026-03-20', { status: 'cancelled' }),
    };
    return { t1, t2, s1, s2, acts };
  }
  const titles = (xs: { title: string }[]) => xs.map((x) => x.title).sort();

  it('create then get returns what the teacher entered, with 学年/学期 and ordered teachers', async () => {
    const { t1, t2, s1, s2, acts } = await seedActivities();
    const got = await c.ok('activities.get', { id: acts.drill.id });
    expect(got).toMatchObject({
      title: '5·12 防震减灾演练',
      type: '防震减灾演练',
      status: 'done',
      startDate: '2025-05-12',
      schoolYear: 2024,
      term: 2,
    });
    expect(got.teacherIds).toEqual([t2.id, t1.id]);
    expect(got.teacherNames).toEqual(['李建国', '王丽华']);
    const autumn = await c.ok('activities.get', { id: acts.autumn.id });
    expect(autumn.participantIds.sort()).toEqual([s1.id, s2.id].sort());
    expect(autumn.participantCount).toBe(2);
    expect(autumn).toMatchObject({ schoolYear: 2025, term: 1 });
  });

  it('list filters by 学年, 学期, type, status and text', async () => {
    const { t2, acts } = await seedActivities();
    expect(titles((await c.ok('activities.list', { schoolYear: 2024 })).items)).toEqual(
      titles([acts.lecture, acts.drill]),
    );
    expect(titles((await c.ok('activities.list', { schoolYear: 2025 })).items)).toEqual(
      titles([acts.autumn, acts.winter, acts.spring, acts.cancelled]),
    );
    // 31 January is still 第一学期, 1 February is 第二学期
    expect(titles((await c.ok('activities.list', { schoolYear: 2025, term: 1 })).items)).toEqual(
      titles([acts.autumn, acts.winter]),
    );
    expect(titles((await c.ok('activities.list', { schoolYear: 2025, term: 2 })).items)).toEqual(
      titles([acts.spring, acts.cancelled]),
    );
    expect(titles((await c.ok('activities.list', { type: '科普讲座' })).items)).toEqual([acts.lecture.title]);
    expect(titles((await c.ok('activities.list', { status: 'planned' })).items)).toEqual([acts.spring.title]);
    expect(titles((await c.ok('activities.list', { status: 'cancelled' })).items)).toEqual([acts.cancelled.title]);
    expect(titles((await c.ok('activities.list', { text: '航天' })).items)).toEqual([acts.lecture.title]);
    expect(titles((await c.ok('activities.list', { text: '报告厅' })).items)).toEqual([acts.lecture.title]); // location
    expect(titles((await c.ok('activities.list', { text: '橡筋' })).items)).toEqual([acts.autumn.title]); // content
    expect(titles((await c.ok('activities.list', { teacherId: t2.id })).items)).toEqual(
      titles([acts.drill, acts.winter]),
    );
    expect((await c.ok('activities.list', { text: '%' })).items).toEqual([]);
    // newest first
    const all = (await c.ok('activities.list', {})).items;
    expect(all.map((x) => x.startDate)).toEqual([...all.map((x) => x.startDate)].sort().reverse());
    expect(all).toHaveLength(6);
  });

  it('改期 keeps every date the activity had', async () => {
    const t = await teacher('王丽华');
    const act = await c.ok('activities.create', {
      title: '科普讲座：身边的化学',
      type: '科普讲座',
      status: 'planned',
      startDate: '2025-10-10',
      teacherIds: [t.id],
    });
    await c.ok('activities.reschedule', { id: act.id, startDate: '2025-10-17', reason: '与期中考试时间冲突' });
    const moved = await c.ok('activities.reschedule', {
      id: act.id,
      startDate: '2025-10-24',
      endDate: '2025-10-25',
      reason: '天气原因',
    });
    expect(moved.startDate).toBe('2025-10-24');
    expect(moved.endDate).toBe('2025-10-25');
    expect(moved.rescheduleCount).toBe(2);
    expect(moved.reschedules.map((r) => [r.fromStart, r.fromEnd, r.toStart, r.toEnd, r.reason])).toEqual([
      ['2025-10-10', null, '2025-10-17', null, '与期中考试时间冲突'],
      ['2025-10-17', null, '2025-10-24', '2025-10-25', '天气原因'],
    ]);
    const [summary] = (await c.ok('activities.list', { text: '身边的化学' })).items;
    expect(summary.rescheduleCount).toBe(2);
    // moving it to the date it already has is not a 改期
    expect(
      (await c.ok('activities.reschedule', { id: act.id, startDate: '2025-10-24', endDate: '2025-10-25' }))
        .rescheduleCount,
    ).toBe(2);
  });

  it('changing the date of a planned activity in the edit form is recorded as a 改期 too', async () => {
    const act = await c.ok('activities.create', {
      title: '科技节',
      type: '科技节/科技周',
      status: 'planned',
      startDate: '2026-05-18',
    });
    const edited = await c.ok('activities.update', {
      id: act.id,
      patch: { title: '科技节', type: '科技节/科技周', status: 'planned', startDate: '2026-05-25' },
    });
    expect(edited.reschedules.map((r) => [r.fromStart, r.toStart])).toEqual([['2026-05-18', '2026-05-25']]);
  });

  it('a done activity cannot be rescheduled: refused in Chinese, dates unchanged', async () => {
    const act = await c.ok('activities.create', {
      title: '防震减灾演练',
      type: '防震减灾演练',
      startDate: '2025-05-12',
    });
    const before = tableCounts(a);
    const err = await c.fail('activities.reschedule', { id: act.id, startDate: '2025-05-19' });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(HAS_CHINESE);
    expect(err.message).toContain('计划中');
    expect(tableCounts(a)).toEqual(before);
    const after = await c.ok('activities.get', { id: act.id });
    expect(after.startDate).toBe('2025-05-12');
    expect(after.reschedules).toEqual([]);
  });

  it('a whole-school event is recorded by head-count, without naming 620 students', async () => {
    const act = await c.ok('activities.create', {
      title: '全校科普讲座',
      type: '科普讲座',
      startDate: '2025-09-20',
      headCount: 620,
      headCountNote: '全校学生',
    });
    const got = await c.ok('activities.get', { id: act.id });
    expect(got).toMatchObject({ headCount: 620, headCountNote: '全校学生', participantCount: 0, participantIds: [] });
  });

  it('only students can be named as participants', async () => {
    const t = await teacher('王丽华');
    const err = await c.fail('activities.create', {
      title: '例会',
      type: '兴趣小组例会',
      startDate: '2025-09-20',
      participantIds: [t.id],
    });
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'participantIds' });
    expect(err.message).toMatch(HAS_CHINESE);
  });

  it('tags are kept and shared', async () => {
    const act = await c.ok('activities.create', {
      title: '科技节',
      type: '科技节/科技周',
      startDate: '2025-05-18',
      tags: ['科技节', ' 安全教育 ', '科技节'],
    });
    expect(act.tags).toEqual(['安全教育', '科技节']);
  });
});

describe('works and awards', () => {
  async function authors(n: number) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await student(['张树茂', '李明', '曾小红', '单雨涵'][i], 2021, 1));
    return out;
  }

  it('a collective work of 3 students is accepted, authors kept in order', async () => {
    const [s1, s2, s3] = await authors(3);
    const t = await teacher('王丽华');
    const w = await c.ok('works.create', {
      title: '教室空气质量监测仪',
      category: '青少年科技创新成果',
      authorIds: [s3.id, s1.id, s2.id],
      advisorIds: [t.id],
    });
    expect(w.teamKind).toBe('集体');
    expect(w.authorNames).toEqual(['曾小红', '张树茂', '李明']);
    expect(w.advisorNames).toEqual(['王丽华']);
    const single = await c.ok('works.create', {
      title: '未来城市',
      category: '少年儿童科学幻想绘画',
      authorIds: [s1.id],
    });
    expect(single.teamKind).toBe('个人');
  });

  it('a work with 4 authors is refused in Chinese, on the authors field, and nothing is written', async () => {
    const four = await authors(4);
    const before = tableCounts(a);
    const err = await c.fail('works.create', {
      title: '太多作者',
      category: '小发明',
      authorIds: four.map((s) => s.id),
    });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBe('authorIds');
    expect(err.message).toContain('最多 3 名作者');
    expect(tableCounts(a)).toEqual(before);
  });

  it('a teacher cannot be an author and a student cannot be an advisor', async () => {
    const [s] = await authors(1);
    const t = await teacher('王丽华');
    expect(await c.fail('works.create', { title: 'x', category: '小发明', authorIds: [t.id] })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'authorIds',
    });
    expect(
      await c.fail('works.create', { title: 'x', category: '小发明', authorIds: [s.id], advisorIds: [s.id] }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'advisorIds' });
  });

  it('an award promoted 县 → 市 → 省 keeps the chain; the work shows its best level', async () => {
    const [s1, s2] = await authors(2);
    const w = await c.ok('works.create', {
      title: '智能浇花器',
      category: '青少年科技创新成果',
      authorIds: [s1.id, s2.id],
    });
    const comp = await c.ok('competitions.create', {
      name: '天水市青少年科技创新大赛',
      session: '第二十三届',
      year: 2025,
      level: '市级',
    });
    const county = await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      level: '县级',
      grade: '一等奖',
      awardedOn: '2024-12-18',
    });
    const city = await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      competitionId: comp.id,
      level: '市级',
      grade: '一等奖',
      awardedOn: '2025-04-22',
      promotedFromId: county.id,
    });
    const prov = await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      level: '省级',
      grade: '二等奖',
      awardedOn: '2025-06-15',
      promotedFromId: city.id,
      certificateNo: 'GS-2025-018',
    });
    expect(prov.promotedFromId).toBe(city.id);
    expect(city.promotedFromId).toBe(county.id);
    expect(city.competitionName).toBe('天水市青少年科技创新大赛');
    expect(prov.studentNames).toEqual(['张树茂', '李明']);
    const got = await c.ok('works.get', { id: w.id });
    expect(got.awardCount).toBe(3);
    expect(got.bestLevel).toBe('省级');
    expect((await c.ok('awards.list', { workId: w.id })).map((x) => x.level)).toEqual(['省级', '市级', '县级']);
    expect((await c.ok('awards.list', { personId: s2.id })).length).toBe(3);
  });

  it('promotion must come from an award of the same work', async () => {
    const [s1, s2] = await authors(2);
    const w1 = await c.ok('works.create', { title: '作品一', category: '小发明', authorIds: [s1.id] });
    const w2 = await c.ok('works.create', { title: '作品二', category: '小发明', authorIds: [s2.id] });
    const a1 = await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w1.id,
      level: '县级',
      grade: '一等奖',
      awardedOn: '2024-12-18',
    });
    const before = tableCounts(a);
    const err = await c.fail('awards.create', {
      recipientKind: 'work',
      workId: w2.id,
      level: '市级',
      grade: '一等奖',
      awardedOn: '2025-04-22',
      promotedFromId: a1.id,
    });
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'promotedFromId' });
    expect(err.message).toContain('同一作品');
    expect(tableCounts(a)).toEqual(before);
  });

  it('editing 晋级自 cannot make a loop (县 promoted from 省 promoted from 市 promoted from 县)', async () => {
    const [s1] = await authors(1);
    const w = await c.ok('works.create', { title: '智能浇花器', category: '青少年科技创新成果', authorIds: [s1.id] });
    const base = { recipientKind: 'work' as const, workId: w.id, grade: '一等奖' };
    const county = await c.ok('awards.create', { ...base, level: '县级', awardedOn: '2024-12-18' });
    const city = await c.ok('awards.create', {
      ...base,
      level: '市级',
      awardedOn: '2025-04-22',
      promotedFromId: county.id,
    });
    const prov = await c.ok('awards.create', {
      ...base,
      level: '省级',
      awardedOn: '2025-06-15',
      promotedFromId: city.id,
    });
    const err = await c.fail('awards.update', {
      id: county.id,
      patch: { ...base, level: '县级', awardedOn: '2024-12-18', promotedFromId: prov.id },
    });
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'promotedFromId' });
    expect(err.message).toMatch(HAS_CHINESE);
    expect((await c.ok('awards.list', { workId: w.id })).find((x) => x.id === county.id)!.promotedFromId).toBeNull();
  });

  it('a new grade word typed by the teacher is kept in the vocabulary', async () => {
    const [s1] = await authors(1);
    const w = await c.ok('works.create', { title: '作品', category: '小发明', authorIds: [s1.id] });
    await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      level: '县级',
      grade: '最佳创意奖',
      awardedOn: '2024-12-18',
    });
    const grades = await c.ok('vocab.list', { kind: 'grade' });
    expect(grades.at(-1)).toBe('最佳创意奖');
    expect(grades.slice(0, 2)).toEqual(['特等奖', '一等奖']);
  });
});

describe('errors the teacher can read, and nothing half-written', () => {
  it('a bad date → INVALID_INPUT naming the field in Chinese; no row written', async () => {
    const before = tableCounts(a);
    const err = await c.fail('activities.create', { title: '讲座', type: '科普讲座', startDate: '2025-13-01' });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBe('startDate');
    expect(err.message).toMatch(HAS_CHINESE);
    expect(err.message).toContain('开始日期');
    expect(tableCounts(a)).toEqual(before);
  });

  it('a missing title and an end before the start are explained in Chinese', async () => {
    const e1 = await c.fail('activities.create', { title: '', type: '科普讲座', startDate: '2025-10-01' });
    expect(e1).toMatchObject({ code: 'INVALID_INPUT', field: 'title' });
    expect(e1.message).toContain('活动名称');
    expect(e1.message).toContain('必填');
    const e2 = await c.fail('activities.create', {
      title: '讲座',
      type: '科普讲座',
      startDate: '2025-10-02',
      endDate: '2025-10-01',
    });
    expect(e2).toMatchObject({ code: 'INVALID_INPUT', field: 'endDate' });
    expect(e2.message).toContain('结束日期不能早于开始日期');
    const e3 = await c.fail('people.create', { kind: 'student', name: '张三' });
    expect(e3).toMatchObject({ code: 'INVALID_INPUT', field: 'entryYear' });
    expect(e3.message).toMatch(HAS_CHINESE);
  });

  it('validation messages are Chinese only, with no English words or field names', async () => {
    const bad: [string, unknown][] = [
      ['people.create', { kind: 'student', name: '张三', entryYear: 1985 }],
      ['people.create', { kind: 'student', name: '张三' }],
      ['people.create', { kind: 'student', name: '张三', entryYear: 2020, classNo: 0 }],
      ['activities.create', { title: '讲座', type: '科普讲座', startDate: '2025-01-01', headCount: 200000 }],
      ['works.create', { title: '作品', category: '小发明', authorIds: ['x', 'y'] }],
      ['awards.create', { recipientKind: 'work', level: '县级', grade: '一等奖', awardedOn: '2025-01-01' }],
      ['trash.purge', { kind: 'activity', id: '01900000-0000-7000-8000-000000000000', confirm: '删除' }],
      ['activities.list', { term: 3 }],
    ];
    for (const [name, input] of bad) {
      const err = await c.fail(name, input);
      expect(err.code, name).toBe('INVALID_INPUT');
      expect(err.message, `${name} ${JSON.stringify(input)}`).toMatch(HAS_CHINESE);
      expect(err.message, `${name} ${JSON.stringify(input)}`).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('"required" is said only of a field left empty, not of a number out of range', async () => {
    const missing = await c.fail('people.create', { kind: 'student', name: '张三' });
    expect(missing.message).toContain('入学年份');
    expect(missing.message).toContain('此项必填');
    const early = await c.fail('people.create', { kind: 'student', name: '张三', entryYear: 1985 });
    expect(early.field).toBe('entryYear');
    expect(early.message).not.toContain('此项必填');
    const negative = await c.fail('activities.create', {
      title: '讲座',
      type: '科普讲座',
      startDate: '2025-01-01',
      headCount: -1,
    });
    expect(negative.message).not.toContain('此项必填');
    const huge = await c.fail('activities.create', {
      title: '讲座',
      type: '科普讲座',
      startDate: '2025-01-01',
      headCount: 200000,
    });
    expect(huge.message).not.toContain('内容太长');
  });

  it('a call that fails half-way rolls back what it had already written', async () => {
    const s = await student('张树茂');
    const g = await c.ok('groups.create', { name: '航模队' });
    const before = tableCounts(a);
    // the first person is valid and would be added; the second does not exist
    const err = await c.fail('groups.join', {
      groupId: g.id,
      personIds: [s.id, '01900000-0000-7000-8000-000000000000'],
      on: '2025-09-10',
    });
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(HAS_CHINESE);
    expect(tableCounts(a)).toEqual(before);
    expect(await c.ok('groups.members', { id: g.id })).toEqual([]);
  });

  it('an unknown call → UNKNOWN_CALL in Chinese', async () => {
    const err = await c.fail('activities.explode', {});
    expect(err.code).toBe('UNKNOWN_CALL');
    expect(err.message).toContain('未知的操作');
    expect((await c.fail('__proto__', {})).code).toBe('UNKNOWN_CALL');
    expect((await c.fail('toString', {})).code).toBe('UNKNOWN_CALL');
  });

  it('a record that does not exist → NOT_FOUND in Chinese', async () => {
    const err = await c.fail('activities.get', { id: '01900000-0000-7000-8000-000000000000' });
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('找不到');
  });
});

describe('trash', () => {
  it('delete hides, restore brings back, purge needs 永久删除 and only works from the trash', async () => {
    const act = await c.ok('activities.create', { title: '参观科技馆', type: '参观考察', startDate: '2025-10-01' });
    const keep = await c.ok('activities.create', { title: '科普讲座', type: '科普讲座', startDate: '2025-10-02' });

    // purge of a live record is refused: it must go to the trash first
    expect((await c.fail('trash.purge', { kind: 'activity', id: act.id, confirm: '永久删除' })).code).toBe('NOT_FOUND');
    expect((await c.ok('activities.get', { id: act.id })).title).toBe('参观科技馆');

    await c.ok('trash.delete', { kind: 'activity', id: act.id });
    expect((await c.ok('activities.list', {})).items.map((x) => x.id)).toEqual([keep.id]);
    expect((await c.fail('activities.get', { id: act.id })).code).toBe('NOT_FOUND');
    const trash = await c.ok('trash.list', {});
    expect(trash).toEqual([expect.objectContaining({ kind: 'activity', id: act.id, title: '参观科技馆' })]);

    await c.ok('trash.restore', { kind: 'activity', id: act.id });
    expect((await c.ok('activities.list', {})).items.map((x) => x.id).sort()).toEqual([act.id, keep.id].sort());
    expect(await c.ok('trash.list', {})).toEqual([]);

    await c.ok('trash.delete', { kind: 'activity', id: act.id });
    const wrong = await c.fail('trash.purge', { kind: 'activity', id: act.id, confirm: '删除' });
    expect(wrong.code).toBe('INVALID_INPUT');
    expect(wrong.field).toBe('confirm');
    expect((await c.ok('trash.list', {})).map((x) => x.id)).toEqual([act.id]);

    await c.ok('trash.purge', { kind: 'activity', id: act.id, confirm: '永久删除' });
    expect(await c.ok('trash.list', {})).toEqual([]);
    expect(a.db.prepare('SELECT COUNT(*) FROM activities WHERE id=?').pluck().get(act.id)).toBe(0);
    expect((await c.fail('trash.restore', { kind: 'activity', id: act.id })).code).toBe('NOT_FOUND');
  });

  it('a work that still has awards cannot be purged: CONFLICT in Chinese, the work stays', async () => {
    const s = await student('张树茂');
    const w = await c.ok('works.create', { title: '智能浇花器', category: '小发明', authorIds: [s.id] });
    await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      level: '县级',
      grade: '一等奖',
      awardedOn: '2024-12-18',
    });
    await c.ok('trash.delete', { kind: 'work', id: w.id });
    expect((await c.ok('trash.list', {}))[0].title).toBe('《智能浇花器》');
    const err = await c.fail('trash.purge', { kind: 'work', id: w.id, confirm: '永久删除' });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(HAS_CHINESE);
    expect(a.db.prepare('SELECT COUNT(*) FROM works WHERE id=?').pluck().get(w.id)).toBe(1);
    await c.ok('trash.restore', { kind: 'work', id: w.id });
    expect((await c.ok('works.get', { id: w.id })).awardCount).toBe(1);
  });
});

describe('change log', () => {
  it('records every write, newest first', async () => {
    const act = await c.ok('activities.create', {
      title: '科技节',
      type: '科技节/科技周',
      status: 'planned',
      startDate: '2026-05-18',
    });
    await c.ok('activities.reschedule', { id: act.id, startDate: '2026-05-25' });
    await c.ok('activities.setStatus', { id: act.id, status: 'done' });
    await c.ok('trash.delete', { kind: 'activity', id: act.id });
    await c.ok('trash.restore', { kind: 'activity', id: act.id });
    const recent = (await c.ok('changes.recent', { limit: 10 })).items;
    expect(recent.map((e) => [e.entity, e.action])).toEqual([
      ['activity', 'restore'],
      ['activity', 'trash'],
      ['activity', 'status'],
      ['activity', 'reschedule'],
      ['activity', 'create'],
    ]);
    for (const e of recent) expect(e.entityId).toBe(act.id);
    expect(recent.at(-1)!.summary).toBe('科技节');
    expect(recent[3].summary).toContain('2026-05-18');
    // timestamps come from the archive's clock and increase
    const ats = recent.map((e) => e.at).reverse();
    expect([...ats].sort()).toEqual(ats);
    expect(ats[0] > '2025-10-15').toBe(true);
    // Cut at its limit, it says how many changes there are in all.
    expect(await c.ok('changes.recent', { limit: 2 })).toMatchObject({
      items: [{ action: 'restore' }, { action: 'trash' }],
      total: 5,
    });
  });
});
