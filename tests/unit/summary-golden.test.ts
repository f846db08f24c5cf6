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
    expect(t['胡霞']).toMatchObject({
      works: 23,
      awards: 25,
      studentPersonTimes: 23,
      byLevel: { 国家级: 1, 省级: 2, 市级: 8, 县级: 12 },
      ownAwards: 1,
    });
    expect(t['吴杰']).toMatchObject({ works: 7, awards: 7, studentPersonTimes: 7, byLevel: { 县级: 7 }, ownAwards: 1 });
    expect(t['王立']).toMatchObject({
      works: 6,
      awards: 6,
      studentPersonTimes: 2 + 6,
      byLevel: { 县级: 6 },
      ownAwards: 1,
    });
  });

  it('类别 × 等级 with 项 and 人次 apart (group works add items but no named students)', () => {
    const c = d.stats.categoryGrade;
    expect(c['少年儿童科学幻想绘画']).toEqual({
      一等奖: { items: 10, personTimes: 10 },
      二等奖: { items: 7, personTimes: 7 },
      三等奖: { items: 8, personTimes: 8 },
    });
    expect(c['青少年科技实践活动']).toEqual({
      一等奖: { items: 1, personTimes: 1 },
      二等奖: { items: 3, personTimes: 1 },
    });
    expect(c['科学DV']).toEqual({ 二等奖: { items: 1, personTimes: 3 }, 三等奖: { items: 1, personTimes: 3 } });
    expect(d.stats.awardedWorksByCategory['少年儿童科学幻想绘画']).toEqual({ 国家级: 1, 省级: 2, 市级: 8, 县级: 12 });
  });

  it('entries: each work once at its best award, each teacher entry once', () => {
    const e = entriesOf(d.awards);
    expect(e).toHaveLength(XICHANG_FACTS.studentWorks + XICHANG_FACTS.teacherEntries);
    expect(e[0]).toMatchObject({
      title: '向日葵式旋转房屋',
      level: '国家级',
      grade: '一等奖',
      who: '郜容静楠同学的作品',
    });
  });
});

describe('取得成绩: the sentences a school sends up', () => {
  it("opens with the totals: students, works, each level, 人次 (the teachers' own awards are told once, below)", () => {
    expect(lines('achievements')[0]).toBe(
      '本学年，共有37位学生的36项作品在各级比赛中获奖（含小组集体作品2项），其中国家级1项、省级2项、市级8项、县级25项' +
        '（晋级的作品按所获最高级别计一次），获奖学生共38人次。',
    );
  });

  it('names the highlights by category, highest award first, as the seed does', () => {
    const [, paint, teachers, practice, dv, invention] = lines('achievements');
    expect(paint).toBe(
      '在科学幻想画类，郜容静楠同学的作品《向日葵式旋转房屋》荣获国家级一等奖，侯玖林同学的作品《穿越历史》、张树茂同学的作品《空气清洁鱼》分别荣获省级一等奖；' +
        '其他20项作品分别获市级奖8项（一等奖2项、二等奖3项、三等奖3项）、县级奖12项（一等奖3项、二等奖4项、三等奖5项）。',
    );
    expect(teachers).toBe(
      '在科技辅导员创新成果类，吴杰老师的创新成果《两维月相仪》荣获省级一等奖，胡霞老师的创新成果《可爱的凉山我的家》荣获省级二等奖，王立老师的创新成果《热循环动力船》荣获县级三等奖。',
    );
    expect(practice).toBe(
      '在科技实践活动类，苏凡尧同学的作品《凉山艾滋病孤儿生活现状调查》荣获县级一等奖，科技活动小组的作品《低碳校园》、科技活动小组的作品《让交通法规造福社会》、张熙蕾同学的作品《西昌市草莓种植利弊调查》分别荣获县级二等奖。',
    );
    expect(dv).toMatch(
      /^在科学DV类，赵晨、\S+、\S+三位同学的作品《旧房与新房》荣获县级二等奖，苏凡尧、\S+、\S+三位同学的作品《诡异的光》荣获县级三等奖。$/,
    );
    // "刘雨璜同学的《去鱼鳞的手套》…等8个作品获市三等奖": 7 are students' (王立's is with the teachers).
    expect(invention).toMatch(
      /^在科技创新成果类，(\S+同学的作品《[^》]+》、){2}\S+同学的作品《[^》]+》等7项作品荣获县级三等奖。$/,
    );
    expect(exportText(g.sections.achievements)).toHaveLength(6);
  });

  it('every named award in the seed appears in the text with its level and grade', () => {
    const text = g.sections.achievements;
    for (const [who, title, award] of [
      ['郜容静楠', '向日葵式旋转房屋', '国家级一等奖'],
      ['张树茂', '空气清洁鱼', '省级一等奖'],
      ['侯玖林', '穿越历史', '省级一等奖'],
      ['吴杰', '两维月相仪', '省级一等奖'],
      ['胡霞', '可爱的凉山我的家', '省级二等奖'],
      ['苏凡尧', '凉山艾滋病孤儿生活现状调查', '县级一等奖'],
    ])
      expect(text).toMatch(new RegExp(`${who}(同学|老师)的(作品|创新成果)《${title}》(、[^荣]+)?(分别)?荣获${award}`));
  });
});

describe('the other sections', () => {
  it('title and heading words follow the period', () => {
    expect(g.title).toBe('2024—2025学年科技活动工作总结');
    expect(generateDraft(gatherSummaryData(a, '2024-2025-2')).title).toBe('2024—2025学年第二学期科技活动工作总结');
    expect(generateDraft(gatherSummaryData(a, '2025')).sections.achievements).toMatch(
      /^本年度，截至8月28日，共有37位学生的36项作品/,
    ); // the year is not over
  });

  it("活动开展: totals, then a paragraph per theme with its highlights, in a teacher's words", () => {
    const act = lines('activities');
    expect(act[0]).toBe(
      '本学年，学校共开展各类科技活动8项，其中面向全校或整个年级的活动5项，参加学生3900人次；科技小组活动2项，7名学生参加，共8人次；教师培训1项。',
    );
    expect(act[2]).toBe(
      '（一）“三小”活动与竞赛准备。本学年开展科幻画创作活动1次、“三小”活动1次、科学DV拍摄活动1次。' +
        '11月5日，学校举办“全校每人一幅科幻画”创作，全校学生1180人参加。12月10日，学校举办“科技小论文、小发明征集”，高年级学生360人参加。3月25日，科技小组的6名同学参加了“科学DV拍摄”。',
    );
    expect(act[3]).toBe(
      '（二）防震减灾教育。本学年开展防震减灾演练和宣传活动3次。10月15日，学校在各班教室举办“防震减灾手抄报评比”，三至六年级学生420人参加。' +
        '11月20日，学校举办“小手拉大手”防震减灾宣传，学生和家长680人参加。5月12日，学校在操场举办“防震减灾应急疏散演练”，全校师生1260人参加。',
    );
    expect(act.slice(2).map((l) => l.slice(0, l.indexOf('。')))).toEqual([
      '（一）“三小”活动与竞赛准备',
      '（二）防震减灾教育',
      '（三）社会实践调查',
    ]);
    // The training is the teachers' (队伍建设), not a student activity.
    expect(g.sections.activities).not.toContain('培训。');
  });

  it('指导思想, 组织领导 and 队伍建设 are built from the school, teachers, groups and trainings', () => {
    expect(g.sections.guiding).toContain(`本学年，${XICHANG_SCHOOL}坚持`);
    expect(g.sections.organization).toContain('本学年由胡霞、吴杰、王立三位老师负责科技活动的组织与辅导');
    expect(g.sections.organization).toContain('学校组建了科技活动小组（4人）');
    // Attended elsewhere, so written as attended, not as run by the school.
    expect(g.sections.team).toContain(
      '选派科技辅导员外出参加培训1次（9月20日参加西昌市教师进修学校组织的“科技辅导员培训”）',
    );
    expect(g.sections.team).toContain(
      '三位老师指导的学生作品在各级比赛中获奖：胡霞老师指导获奖作品23项，省级以上3项；吴杰老师指导获奖作品7项；王立老师指导获奖作品6项。',
    );
  });

  it('存在问题 and 今后打算 start with prompts; prompts never reach an export', () => {
    expect(lines('problems')[0]).toMatch(/^【提示】/);
    // Without the school's enrolment no share of students is claimed.
    expect(g.sections.problems).not.toMatch(/%|在校学生/);
    expect(exportText(g.sections.problems).some((l) => l.includes('【提示】'))).toBe(false);
    expect(exportText(g.sections.plans)[0]).toMatch(/^1\./);
    expect(lines('plans')[0]).toMatch(/^【提示】请写出2025—2026学年的工作打算。/);
  });
});
