// The calls the record pages add (shared/calls/records.ts) and the list filters they rely on:
// pinyin initials, a person's record across years, linked-media counts, archiving graduates,
// editing a group, filtering activities by 小组, and field labels named for the call's entity.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { caller, newArchive, tableCounts, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' });
  c = caller(a);
});
afterEach(() => a.close());

const student = (name: string, entryYear = 2021, classNo = 2) =>
  c.ok('people.create', { kind: 'student', name, entryYear, classNo, stage: '小学' });
const teacher = (name: string) => c.ok('people.create', { kind: 'teacher', name, subject: '科学' });

describe('records.initials', () => {
  it('gives the initials teachers type, reading 多音字 surnames as surnames', async () => {
    expect(await c.ok('records.initials', { texts: ['张树茂', '曾小红', '单雨涵', '欧阳晓明', '王丽华', ''] })).toEqual(
      ['zsm', 'zxh', 'syh', 'oyxm', 'wlh', ''],
    );
  });
});

describe('records.personRecord', () => {
  it('collects a student’s activities, works and awards across years, and a teacher’s as organiser and advisor', async () => {
    const s = await student('张树茂');
    const other = await student('李明');
    const t = await teacher('王丽华');
    const g = await c.ok('groups.create', { name: '航模队', teacherId: t.id });
    await c.ok('groups.join', { groupId: g.id, personIds: [s.id], on: '2024-09-10' });
    const a1 = await c.ok('activities.create', {
      title: '航模训练',
      type: '模型',
      startDate: '2024-10-12',
      participantIds: [s.id],
      teacherIds: [t.id],
    });
    const a2 = await c.ok('activities.create', {
      title: '科技节',
      type: '科技节/科技周',
      startDate: '2025-10-10',
      participantIds: [s.id, other.id],
    });
    await c.ok('activities.create', {
      title: '与他无关',
      type: '科普讲座',
      startDate: '2025-10-11',
      participantIds: [other.id],
    });
    const w = await c.ok('works.create', {
      title: '橡筋动力飞机',
      category: '模型',
      authorIds: [s.id],
      advisorIds: [t.id],
    });
    const county = await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      level: '县级',
      grade: '一等奖',
      awardedOn: '2025-04-01',
    });
    await c.ok('awards.create', {
      recipientKind: 'work',
      workId: w.id,
      level: '市级',
      grade: '二等奖',
      awardedOn: '2025-06-01',
      promotedFromId: county.id,
    });
    await c.ok('awards.create', {
      recipientKind: 'person',
      personId: s.id,
      level: '校级',
      grade: '优秀奖',
      awardedOn: '2025-12-01',
    });

    const r = await c.ok('records.personRecord', { id: s.id, asOf: '2024-10-01' });
    expect(r.person.classLabel).toBe('四年级(2)班');
    expect(r.activities.map((x) => [x.title, x.role])).toEqual([
      ['科技节', 'participant'],
      ['航模训练', 'participant'],
    ]);
    expect(r.activities.map((x) => x.schoolYear)).toEqual([2025, 2024]);
    expect(r.works.map((x) => [x.title, x.role])).toEqual([['橡筋动力飞机', 'author']]);
    expect(r.awards.map((x) => `${x.level}${x.grade}`)).toEqual(['校级优秀奖', '市级二等奖', '县级一等奖']);
    expect(r.groups).toEqual([{ groupId: g.id, groupName: '航模队', joinedOn: '2024-09-10', leftOn: null }]);

    const tr = await c.ok('records.personRecord', { id: t.id });
    expect(tr.activities.map((x) => [x.id, x.role])).toEqual([[a1.id, 'teacher']]);
    expect(tr.works.map((x) => x.role)).toEqual(['advisor']);
    expect(tr.awards.map((x) => `${x.level}${x.grade}`)).toEqual(['市级二等奖', '县级一等奖']);
    expect(a2.participantCount).toBe(2);
  });

  it('answers in Chinese for a person that is not there', async () => {
    const err = await c.fail('records.personRecord', { id: '01900000-0000-7000-8000-000000000000' });
    expect(err.code).toBe('NOT_FOUND');
  });
});

describe('records.mediaCounts and records.mediaOf', () => {
  it('count the live media linked to each target', async () => {
    const act = await c.ok('activities.create', { title: '科技节', type: '科技节/科技周', startDate: '2025-10-10' });
    const award = await c.ok('awards.create', {
      recipientKind: 'school',
      level: '县级',
      grade: '优秀组织奖',
      awardedOn: '2025-06-01',
    });
    const m1 = addMedia(a, new Uint8Array([1, 2, 3]), {
      ext: 'jpg',
      kind: 'photo',
      mime: 'image/jpeg',
      originalName: '开幕式.jpg',
    });
    const m2 = addMedia(a, new Uint8Array([4, 5, 6]), {
      ext: 'jpg',
      kind: 'photo',
      mime: 'image/jpeg',
      originalName: '合影.jpg',
    });
    const scan = addMedia(a, new Uint8Array([7, 8]), {
      ext: 'pdf',
      kind: 'document',
      mime: 'application/pdf',
      originalName: '证书.pdf',
    });
    linkMedia(a, m1.id, 'activity', act.id, 0);
    linkMedia(a, m2.id, 'activity', act.id, 1);
    linkMedia(a, scan.id, 'award', award.id);
    expect(await c.ok('records.mediaCounts', { kind: 'award', ids: [award.id] })).toEqual({ [award.id]: 1 });
    expect(await c.ok('records.mediaCounts', { kind: 'activity', ids: [act.id, award.id] })).toEqual({
      [act.id]: 2,
      [award.id]: 0,
    });
    expect((await c.ok('records.mediaOf', { kind: 'activity', id: act.id })).map((m) => m.originalName)).toEqual([
      '开幕式.jpg',
      '合影.jpg',
    ]);
    await c.ok('trash.delete', { kind: 'media', id: m1.id });
    expect(await c.ok('records.mediaCounts', { kind: 'activity', ids: [act.id] })).toEqual({ [act.id]: 1 });
  });
});

describe('records.archiveGraduated', () => {
  it('archives only students past their last 年级 on the date, and deletes nobody', async () => {
    const sixth = await student('六年级生', 2020);
    const fifth = await student('五年级生', 2021);
    const junior = await c.ok('people.create', { kind: 'student', name: '初三生', entryYear: 2023, stage: '初中' });
    // On 2026-09-01 the 2020 entrants have left 小学; the 2023 初中 entrants have left 初中.
    expect(await c.ok('records.archiveGraduated', { asOf: '2025-09-01' })).toEqual({ archived: 0 });
    expect(await c.ok('records.archiveGraduated', { asOf: '2026-09-01' })).toEqual({ archived: 2 });
    const all = (await c.ok('people.list', { includeArchived: true })).items;
    const archived = Object.fromEntries(all.map((p) => [p.name, !!p.archivedAt]));
    expect(archived).toEqual({ 六年级生: true, 五年级生: false, 初三生: true });
    expect((await c.ok('people.list', {})).items.map((p) => p.id)).toEqual([fifth.id]);
    expect([sixth.id, junior.id].every((id) => all.some((p) => p.id === id))).toBe(true);
  });
});

describe('records.updateGroup', () => {
  it('renames a group and changes its teacher; a blank name is refused with the group’s own label', async () => {
    const t = await teacher('赵敏');
    const g = await c.ok('groups.create', { name: '科幻画', description: null });
    const u = await c.ok('records.updateGroup', {
      id: g.id,
      patch: { name: '科幻画小组', description: '每周三活动', teacherId: t.id },
    });
    expect(u).toMatchObject({ name: '科幻画小组', description: '每周三活动', teacherId: t.id });
    const before = tableCounts(a);
    const err = await c.fail('records.updateGroup', { id: g.id, patch: { name: '  ' } });
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
    expect(err.message).toContain('小组名称');
    expect(tableCounts(a)).toEqual(before);
  });
});

describe('field labels follow the call', () => {
  it('a work’s missing title reads 作品名称, an activity’s reads 活动名称', async () => {
    expect((await c.fail('works.create', { title: '', category: '模型' })).message).toContain('作品名称');
    expect((await c.fail('activities.create', { title: '', type: '模型', startDate: '2025-10-10' })).message).toContain(
      '活动名称',
    );
    expect((await c.fail('people.create', { kind: 'student', name: '', entryYear: 2021 })).message).toContain('姓名');
  });
});

describe('activities.list for the page', () => {
  it('filters by 小组: activities naming the group, or with a member taking part while a member', async () => {
    const s1 = await student('张树茂');
    const s2 = await student('李明');
    const g = await c.ok('groups.create', { name: '航模队' });
    await c.ok('groups.join', { groupId: g.id, personIds: [s1.id], on: '2025-09-01' });
    await c.ok('groups.leave', { groupId: g.id, personId: s1.id, on: '2025-12-31' });
    const named = await c.ok('activities.create', {
      title: '航模队例会',
      type: '兴趣小组例会',
      startDate: '2025-08-01',
      groupId: g.id,
    });
    const during = await c.ok('activities.create', {
      title: '船模比赛',
      type: '模型',
      startDate: '2025-10-10',
      participantIds: [s1.id],
    });
    await c.ok('activities.create', {
      title: '离开之后',
      type: '模型',
      startDate: '2026-03-01',
      participantIds: [s1.id],
    });
    await c.ok('activities.create', {
      title: '别人的活动',
      type: '模型',
      startDate: '2025-10-11',
      participantIds: [s2.id],
    });
    expect((await c.ok('activities.list', { groupId: g.id })).items.map((x) => x.id).sort()).toEqual(
      [named.id, during.id].sort(),
    );
  });

  it('text search reaches 活动记录 and tags; 学年 follows the calendar setting; 10,000 rows come back whole', async () => {
    await c.ok('activities.create', {
      title: '讲座',
      type: '科普讲座',
      startDate: '2025-10-10',
      process: '同学们提出了关于黑洞的问题',
      tags: ['天文'],
    });
    expect((await c.ok('activities.list', { text: '黑洞' })).items.map((x) => x.title)).toEqual(['讲座']);
    expect((await c.ok('activities.list', { text: '天文' })).items.map((x) => x.title)).toEqual(['讲座']);
    await c.ok('activities.create', { title: '开学前', type: '培训', startDate: '2025-08-28' });
    expect((await c.ok('activities.list', { schoolYear: 2025 })).items.map((x) => x.title)).toEqual(['讲座']);
    await c.ok('settings.set', { calendar: { autumnStart: '08-25', springStart: '02-20' } });
    expect((await c.ok('activities.list', { schoolYear: 2025 })).items.map((x) => x.title).sort()).toEqual(
      ['开学前', '讲座'].sort(),
    );

    const ins = a.db.prepare(
      'INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?,?,?,?,?,?,?)',
    );
    a.db.transaction(() => {
      for (let i = 0; i < 10_000; i++)
        ins.run(
          `0192${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
          't',
          't',
          `活动${i}`,
          '培训',
          'done',
          '2020-01-01',
        );
    })();
    expect((await c.ok('activities.list', { limit: 20000 })).items).toHaveLength(10_002);
  });
});
