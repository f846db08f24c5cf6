// Golden test: the award list of a real summary (seed 000, 篇八 — a Xichang primary school) rebuilt
// as an archive (tests/fixtures/xichang.ts). The drafted 工作总结 must state exactly the counts the
// seed's facts imply, counted by the glossary's rules, and name the highlights the way the seed does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { gatherSummaryData, type SummaryData } from '../../electron/core/report/gather';
import { entriesOf, exportText, generateDraft, type GeneratedDraft } from '../../electron/core/report/narrative';
import { buildXichang, XICHANG_FACTS, XICHANG_SCHOOL } from '../fixtures/xichang';
import { newArchive } from './helpers';

let a: Archive;
let d: SummaryData;
let g: GeneratedDraft;
beforeAll(() => {
  a = newArchive({ start: '2025-08-28T08:00:00Z' });
  buildXichang(a);
  d = gatherSummaryData(a, '2024-2025');
  g = generateDraft(d);
});
afterAll(() => a.close());

const lines = (id: keyof GeneratedDraft['sections']) => g.sections[id].split('\n');

describe('the statistics behind the text', () => {
  it('works counted once at their highest level, 人次 per author, teachers apart', () => {
    const s = d.stats;
    expect(s.awardedWorks).toBe(XICHANG_FACTS.studentWorks);
    expect(s.awardedWorksByLevel).toEqual(XICHANG_FACTS.worksByLevel);
    expect(s.awardedWorkPersonTimes).toBe(XICHANG_FACTS.personTimes);
    expect(s.personAwardsByLevel).toEqual({ student: {}, teacher: XICHANG_FACTS.teacherByLevel });
    expect(s.awards).toBe(XICHANG_FACTS.awards);
    // 37 students with works + 0 personal; 3 advisors and 3 teachers with entries (the same three people).
    expect(s.studentsAwarded).toBe(XICHANG_FACTS.students);
    expect(s.byStudent).toHaveLength(XICHANG_FACTS.students);
    expect(s.teachersAwarded).toBe(3);
  });

  it('the painting promoted 州 → 省 → 国 is 3 awards but 1 work, at 国家级', () => {
    const gao = d.stats.byStudent.find((r) => r.name === '郜容静楠')!;
    expect(gao).toMatchObject({ works: 1, awards: 3, byLevel: { 市级: 1, 省级: 1, 国家级: 1 }, best: '国家级' });
    expect(gao.items).toEqual([{ title: '向日葵式旋转房屋', level: '国家级', grade: '一等奖' }]);
    expect(d.stats.byStudent[0].name).toBe('郜容静楠'); // best award first
    const su = d.stats.byStudent.find((r) => r.name === '苏凡尧')!;
    expect(su).toMatchObject({ works: 2, awards: 2, best: '县级' });
  });

  it('per 指导教师: works advised, 人次 of their students, their own entries', () => {
    const t = Object.fromEntries(d.stats.byTeacher.map((r) => [r.name, r]));
    expect(t['胡霞']).toMatchObject({ works: 23, awards: 25, studentPersonTimes: 23, byLevel: { 国家级: 1, 省级: 2, 市级: 8, 县级: 12 }, ownAwards: 1 });
    expect(t['吴杰']).toMatchObject({ works: 7, awards: 7, studentPersonTimes: 7, byLevel: { 县级: 7 }, ownAwards: 1 });
    expect(t['王立']).toMatchObject({ works: 6, awards: 6, studentPersonTimes: 2 + 6, byLevel: { 县级: 6 }, ownAwards: 1 });
  });

  it('类别 × 等级 with 项 and 人次 apart (group works add items but no named students)', () => {
    const c = d.stats.categoryGrade;
    expect(c['少年儿童科学幻想绘画']).toEqual({ 一等奖: { items: 10, personTimes: 10 }, 二等奖: { items: 7, personTimes: 7 }, 三等奖: { items: 8, personTimes: 8 } });
    expect(c['青少年科技实践活动']).toEqual({ 一等奖: { items: 1, personTimes: 1 }, 二等奖: { items: 3, personTimes: 1 } });
    expect(c['科学DV']).toEqual({ 二等奖: { items: 1, personTimes: 3 }, 三等奖: { items: 1, personTimes: 3 } });
    expect(d.stats.awardedWorksByCategory['少年儿童科学幻想绘画']).toEqual({ 国家级: 1, 省级: 2, 市级: 8, 县级: 12 });
  });

  it('entries: each work once at its best award, each teacher entry once', () => {
    const e = entriesOf(d.awards);
    expect(e).toHaveLength(XICHANG_FACTS.studentWorks + XICHANG_FACTS.teacherEntries);
    expect(e[0]).toMatchObject({ title: '向日葵式旋转房屋', level: '国家级', grade: '一等奖', who: '郜容静楠同学的作品' });
  });
});

describe('取得成绩: the sentences a school sends up', () => {
  it('opens with the totals: students, works, each level, 人次, and the teachers apart', () => {
    expect(lines('achievements')[0]).toBe(
      '本学年共有37位学生的36项作品在各级比赛中获奖（含小组集体作品2项），其中国家级1项、省级2项、市级8项、县级25项' +
      '（晋级的作品按所获最高级别计一次），获奖学生共38人次。教师方面，吴杰、胡霞、王立3位老师的3项成果获奖，其中省级2项、县级1项。');
  });

  it('names the highlights by category, highest award first, as the seed does', () => {
    const [, paint, teachers, practice, dv, invention] = lines('achievements');
    expect(paint).toBe('在科学幻想画类，郜容静楠同学的作品《向日葵式旋转房屋》荣获国家级一等奖，侯玖林同学的作品《穿越历史》、张树茂同学的作品《空气清洁鱼》分别荣获省级一等奖；' +
      '其他20项作品分别获市级奖8项（一等奖2项、二等奖3项、三等奖3项）、县级奖12项（一等奖3项、二等奖4项、三等奖5项）。');
    expect(teachers).toBe('在科技辅导员创新成果类，吴杰老师的创新成果《两维月相仪》荣获省级一等奖，胡霞老师的创新成果《可爱的凉山我的家》荣获省级二等奖，王立老师的创新成果《热循环动力船》荣获县级三等奖。');
    expect(practice).toBe('在科技实践活动类，苏凡尧同学的作品《凉山艾滋病孤儿生活现状调查》荣获县级一等奖，科技活动小组的作品《低碳校园》、科技活动小组的作品《让交通法规造福社会》、张熙蕾同学的作品《西昌市草莓种植利弊调查》分别荣获县级二等奖。');
    expect(dv).toMatch(/^在科学DV类，赵晨、\S+、\S+三位同学的作品《旧房与新房》荣获县级二等奖，苏凡尧、\S+、\S+三位同学的作品《诡异的光》荣获县级三等奖。$/);
    // "刘雨璜同学的《去鱼鳞的手套》…等8个作品获市三等奖": 7 are students' (王立's is with the teachers).
    expect(invention).toMatch(/^在科技创新成果类，(\S+同学的作品《[^》]+》、){2}\S+同学的作品《[^》]+》等7项作品荣获县级三等奖。$/);
    expect(lines('achievements')).toHaveLength(6);
  });

  it('every named award in the seed appears in the text with its level and grade', () => {
    const text = g.sections.achievements;
    for (const [who, title, award] of [
      ['郜容静楠', '向日葵式旋转房屋', '国家级一等奖'], ['张树茂', '空气清洁鱼', '省级一等奖'], ['侯玖林', '穿越历史', '省级一等奖'],
      ['吴杰', '两维月相仪', '省级一等奖'], ['胡霞', '可爱的凉山我的家', '省级二等奖'], ['苏凡尧', '凉山艾滋病孤儿生活现状调查', '县级一等奖'],
    ]) expect(text).toMatch(new RegExp(`${who}(同学|老师)的(作品|创新成果)《${title}》(、[^荣]+)?(分别)?荣获${award}`));
  });
});

describe('the other sections', () => {
  it('title and heading words follow the period', () => {
    expect(g.title).toBe('2024—2025学年科技活动工作总结');
    expect(generateDraft(gatherSummaryData(a, '2024-2025-2')).title).toBe('2024—2025学年第二学期科技活动工作总结');
    expect(generateDraft(gatherSummaryData(a, '2025')).sections.achievements).toMatch(/^本年度共有37位学生的36项作品/);
  });

  it('活动开展 names dates, types and participation', () => {
    const act = lines('activities');
    expect(act[0]).toBe('本学年，学校共开展各类科技活动8项，其中防震减灾演练3项、培训1项、科幻画创作1项、三小活动1项、社会实践调查1项、科学DV拍摄1项。' +
      '有名单记录的活动学生参与8人次，涉及7名学生；5项面向全校或整个年级的活动共有3900人次参加。');
    expect(act[1]).toBe('（一）防震减灾演练。本学年共开展防震减灾演练3次：10月15日，在各班教室开展“防震减灾手抄报评比”，三至六年级学生420人参加；' +
      '11月20日，开展“小手拉大手”防震减灾宣传，学生和家长680人参加；5月12日，在学校操场开展“防震减灾应急疏散演练”，全校师生1260人参加。');
    expect(g.sections.activities).toContain('（六）科学DV拍摄。3月25日，开展“科学DV拍摄”，6名学生参加。');
    expect(act.slice(1).map((l) => l.slice(0, l.indexOf('。')))).toEqual(['（一）防震减灾演练', '（二）培训', '（三）科幻画创作', '（四）三小活动', '（五）社会实践调查', '（六）科学DV拍摄']);
  });

  it('指导思想, 组织领导 and 队伍建设 are built from the school, teachers, groups and trainings', () => {
    expect(g.sections.guiding).toContain(`本学年，${XICHANG_SCHOOL}坚持`);
    expect(g.sections.organization).toContain('本学年由胡霞、吴杰、王立3位教师负责科技活动的组织与辅导');
    expect(g.sections.organization).toContain('学校组建了科技活动小组（4人）');
    expect(g.sections.team).toContain('学校组织科技辅导员参加培训和教研活动1次：9月20日科技辅导员培训（西昌市教师进修学校）');
    expect(g.sections.team).toContain('3位教师指导的学生作品在比赛中获奖，其中胡霞老师指导23项（其中省级以上3项），吴杰老师指导7项，王立老师指导6项。');
  });

  it('存在问题 and 今后打算 start with prompts; prompts never reach an export', () => {
    expect(lines('problems')[0]).toMatch(/^【提示】/);
    expect(g.sections.problems).toContain('1.学生参与面还不够广，参加有名单记录的科技活动的学生7人，占在校学生37人的19%');
    expect(exportText(g.sections.problems).some((l) => l.includes('【提示】'))).toBe(false);
    expect(exportText(g.sections.plans)[0]).toMatch(/^1\./);
    expect(lines('plans')[0]).toBe('【提示】请写出2025—2026学年的工作打算。');
  });
});
