// The drafted 工作总结: real Chinese prose from the archive's data, in the usual order
// 指导思想 → 组织领导 → 队伍建设 → 活动开展 → 取得成绩 → 存在问题 → 今后打算.
// Pure: every sentence is a function of SummaryData, so a test can check each number.
// Lines starting with 【提示】 guide the teacher in the editor and are left out of every export.
import { formatDateZh, chineseNumber } from '../../../shared/domain/format';
import { AWARD_GRADES, AWARD_LEVELS, CATEGORY_SHORT, rankOf } from '../../../shared/domain/vocab';
import type { ActivityFact, AwardFact, SummaryData } from './gather';
import { compareAwards, personalEntryTitle } from './statistics';

export const SECTION_IDS = [
  'guiding',
  'organization',
  'team',
  'activities',
  'achievements',
  'problems',
  'plans',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];
export const SECTION_HEADINGS: Record<SectionId, string> = {
  guiding: '指导思想',
  organization: '组织领导',
  team: '队伍建设',
  activities: '活动开展',
  achievements: '取得成绩',
  problems: '存在问题',
  plans: '今后打算',
};
export const PROMPT = '【提示】';

export interface GeneratedDraft {
  title: string;
  sections: Record<SectionId, string>;
}

// ---- small words --------------------------------------------------------------------------
const num = (n: number) => String(n);
/** '两' for 2 in counts of people ('两位同学'), else Chinese digits. */
const countWord = (n: number) => (n === 2 ? '两' : n <= 10 ? chineseNumber(n) : String(n));
const firstN = <T>(xs: readonly T[], n: number) => xs.slice(0, n);
const namesList = (names: readonly string[], max = 3) =>
  names.length <= max ? names.join('、') : `${firstN(names, max).join('、')}等`;
const byLevelOrder = (x: string, y: string) =>
  rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y) || x.localeCompare(y, 'zh-Hans-CN');
const byGradeOrder = (x: string, y: string) =>
  rankOf(AWARD_GRADES, x) - rankOf(AWARD_GRADES, y) || x.localeCompare(y, 'zh-Hans-CN');

/** '国家级1项、省级2项、市级8项' in level order. */
export function levelList(counts: Record<string, number>, unit = '项'): string {
  return Object.keys(counts)
    .filter((k) => counts[k] > 0)
    .sort(byLevelOrder)
    .map((k) => `${k}${counts[k]}${unit}`)
    .join('、');
}

/** Dates inside one 学年 need no year ('5月12日'); longer periods keep it. */
function dateWriter(d: SummaryData) {
  const long = Date.parse(d.period.to) - Date.parse(d.period.from) > 366 * 86400000;
  return (iso: string) => {
    if (long) return formatDateZh(iso);
    const [, m, day] = iso.split('-');
    return `${Number(m)}月${Number(day)}日`;
  };
}

const planWord = (d: SummaryData) =>
  ({ term: '学期初', year: '学年初', calendar: '年初', years: '每学年初', range: '' })[d.period.spec.kind];

// ---- 获奖 entries: a work once at its best award; a personal award once per promotion chain ----
export interface Entry {
  key: string;
  kind: 'work' | 'person';
  personKind: 'student' | 'teacher' | null;
  category: string;
  level: string;
  grade: string;
  title: string;
  /** False for a personal award without a 《title》: the text then names its competition. */
  titled: boolean;
  context: string;
  /** How the text names who made it: '张树茂同学的作品', '赵晨、李明两位同学的作品', '吴杰老师的创新成果'. */
  who: string;
  authors: string[];
  groupName: string | null;
}

export function entriesOf(awards: readonly AwardFact[]): Entry[] {
  const best = new Map<string, AwardFact>();
  const superseded = new Set(awards.map((x) => x.promotedFromId).filter((x): x is string => !!x));
  for (const aw of awards) {
    if (aw.recipientKind === 'school') continue;
    if (aw.recipientKind === 'person' && superseded.has(aw.id)) continue;
    const key = aw.workId ?? `award:${aw.id}`;
    const prev = best.get(key);
    if (!prev || compareAwards(aw, prev) < 0) best.set(key, aw);
  }
  return [...best.entries()]
    .map(([key, aw]) => {
      if (aw.workId) {
        const n = aw.authors.length;
        const who =
          n === 0
            ? `${aw.groupName ?? '学生小组'}的作品`
            : n === 1
              ? `${aw.authors[0]}同学的作品`
              : `${aw.authors.join('、')}${countWord(n)}位同学的作品`;
        return {
          key,
          kind: 'work' as const,
          personKind: null,
          category: aw.category,
          level: aw.level,
          grade: aw.grade,
          title: aw.workTitle ?? '',
          titled: true,
          context: '',
          who,
          authors: aw.authors,
          groupName: aw.groupName,
        };
      }
      const teacher = aw.personKind === 'teacher';
      const noun = aw.category.includes('科技教育创新成果') || aw.category.includes('辅导员') ? '创新成果' : '作品';
      const titled = /《[^》]+》/.test(aw.notes ?? '');
      return {
        key,
        kind: 'person' as const,
        personKind: aw.personKind,
        category: aw.category,
        level: aw.level,
        grade: aw.grade,
        title: personalEntryTitle({ notes: aw.notes, category: aw.category, competition: aw.competition }),
        titled,
        context: aw.competition ?? aw.category,
        who: `${aw.personName ?? ''}${teacher ? '老师' : '同学'}${titled ? `的${noun}` : ''}`,
        authors: teacher || !aw.personName ? [] : [aw.personName],
        groupName: null,
      };
    })
    .sort((x, y) => compareAwards(x, y) || x.title.localeCompare(y.title, 'zh-Hans-CN'));
}

const shortCategory = (c: string) => CATEGORY_SHORT[c] ?? c;
const entryText = (e: Entry) => (e.titled ? `${e.who}《${e.title}》` : `${e.who}在${e.context}中`);

/** Entries are listed with 、, unless an entry's own names use 、 ('赵晨、李明两位同学的作品'): then with ，. */
const listSep = (list: readonly Entry[]) => (list.some((e) => e.authors.length > 1) ? '，' : '、');

/** '郜容静楠同学的作品《…》荣获国家级一等奖，张树茂同学的作品《…》、侯玖林同学的作品《…》分别荣获省级一等奖'. */
function namedSentence(list: readonly Entry[]): string {
  const runs: Entry[][] = [];
  for (const e of list) {
    const last = runs.at(-1);
    if (last && last[0].level === e.level && last[0].grade === e.grade) last.push(e);
    else runs.push([e]);
  }
  return runs
    .map((r) => `${r.map(entryText).join(listSep(r))}${r.length > 1 ? '分别' : ''}荣获${r[0].level}${r[0].grade}`)
    .join('，');
}

/** '其他20项作品分别获市级奖8项（一等奖2项、二等奖3项、三等奖3项）、县级奖12项（…）'. */
function restSentence(list: readonly Entry[], noun: string): string {
  const byLevel = new Map<string, Map<string, number>>();
  for (const e of list) {
    const g = byLevel.get(e.level) ?? byLevel.set(e.level, new Map()).get(e.level)!;
    g.set(e.grade, (g.get(e.grade) ?? 0) + 1);
  }
  const levels = [...byLevel.keys()].sort(byLevelOrder);
  if (levels.length === 1 && byLevel.get(levels[0])!.size === 1) {
    const [grade] = [...byLevel.get(levels[0])!.keys()];
    return `其他${list.length}项${noun}获${levels[0]}${grade}`;
  }
  const parts = levels.map((lvl) => {
    const grades = byLevel.get(lvl)!;
    const total = [...grades.values()].reduce((x, y) => x + y, 0);
    if (grades.size === 1) return `${lvl}${[...grades.keys()][0]}${total}项`;
    return `${lvl}奖${total}项（${[...grades.keys()]
      .sort(byGradeOrder)
      .map((g) => `${g}${grades.get(g)}项`)
      .join('、')}）`;
  });
  return `其他${list.length}项${noun}分别获${parts.join('、')}`;
}

const UNNAMED_CATEGORIES = new Set(['', '其他', '未分类', '其它']);

/** One paragraph per category, the category with the best award first (an unnamed category last, never named). */
export function highlightParagraphs(entries: readonly Entry[]): string[] {
  const byCat = new Map<string, Entry[]>();
  for (const e of entries) (byCat.get(e.category) ?? byCat.set(e.category, []).get(e.category)!).push(e);
  const cats = [...byCat.entries()].sort(
    (x, y) =>
      Number(UNNAMED_CATEGORIES.has(x[0])) - Number(UNNAMED_CATEGORIES.has(y[0])) ||
      compareAwards(x[1][0], y[1][0]) ||
      y[1].length - x[1].length ||
      x[0].localeCompare(y[0], 'zh-Hans-CN'),
  );
  return cats.map(([cat, list]) => {
    const noun = list.every((e) => e.kind === 'person' && e.personKind === 'teacher') ? '成果' : '作品';
    const same = (e: Entry) => e.level === list[0].level && e.grade === list[0].grade;
    // Few entries: name them all. Else name everything at 省级 and above, or the best three.
    const top = list.filter((e) => rankOf(AWARD_LEVELS, e.level) <= 1);
    let shown = list.length <= 4 ? list : top.length ? firstN(top, 8) : firstN(list.filter(same), 3);
    let rest = list.filter((e) => !shown.includes(e));
    if (rest.length <= 2) {
      shown = list;
      rest = [];
    }
    const lead = UNNAMED_CATEGORIES.has(cat) ? '此外，' : `在${shortCategory(cat)}类，`;
    if (!top.length && rest.length && list.every(same)) {
      return `${lead}${shown.map(entryText).join(listSep(shown))}等${list.length}项${noun}荣获${list[0].level}${list[0].grade}。`;
    }
    return `${lead}${namedSentence(shown)}${rest.length ? `；${restSentence(rest, noun)}` : ''}。`;
  });
}

// ---- sections -------------------------------------------------------------------------------
const held = (d: SummaryData) => d.activities.filter((x) => x.status === 'done');
const isTraining = (x: ActivityFact) => x.type === '培训' || /培训|教研/.test(x.title);
/** A training the school's teachers went to (elsewhere), not one the school ran. */
const attended = (x: ActivityFact) =>
  !!x.location &&
  /县|市|省|区|进修|教研室|教育局|科协|少年宫|科技馆/.test(x.location) &&
  !/本校|我校|校内/.test(x.location);
/** 省级以上: the count at 国家级 and 省级 (the text and the tables say the same). */
export const upper = (counts: Record<string, number>) => (counts['国家级'] ?? 0) + (counts['省级'] ?? 0);

/** The themes 活动开展 is written in, and the words a teacher uses for each type. */
const THEMES: { name: string; types: string[] }[] = [
  { name: '科普教育', types: ['科普讲座', '科技节/科技周', '参观考察'] },
  {
    name: '“三小”活动与竞赛准备',
    types: ['三小活动', '科幻画创作', '科学DV拍摄', '模型', '机器人/编程', '兴趣小组例会', '竞赛选拔'],
  },
  { name: '防震减灾教育', types: ['防震减灾演练'] },
  { name: '社会实践调查', types: ['社会实践调查'] },
];
const NOUN: Record<string, string> = {
  科普讲座: '科普讲座',
  '科技节/科技周': '科技节（科技周）活动',
  参观考察: '参观考察活动',
  三小活动: '“三小”活动',
  科幻画创作: '科幻画创作活动',
  科学DV拍摄: '科学DV拍摄活动',
  模型: '模型制作活动',
  '机器人/编程': '机器人与编程活动',
  兴趣小组例会: '兴趣小组活动',
  竞赛选拔: '竞赛作品校内选拔',
  防震减灾演练: '防震减灾演练和宣传活动',
  社会实践调查: '社会实践调查',
  培训: '教师培训',
};
const themeOf = (type: string) => THEMES.find((t) => t.types.includes(type))?.name ?? '其他科技活动';
const nounOf = (type: string) => NOUN[type] ?? '其他科技活动';
const COUNT_WORD_UNIT = (type: string) => (type === '科普讲座' ? '场' : '次');

/** '截至11月20日，' while the period is not over. */
const asOfWords = (d: SummaryData, md: (iso: string) => string) => (d.asOf ? `截至${md(d.asOf)}，` : '');

/** Words for the theme list of 指导思想: '科普教育、“三小”活动与竞赛准备、防震减灾教育'. */
function themeList(d: SummaryData): string[] {
  const counts = new Map<string, number>();
  for (const x of held(d)) if (!isTraining(x)) counts.set(themeOf(x.type), (counts.get(themeOf(x.type)) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([n]) => n !== '其他科技活动')
    .sort((x, y) => y[1] - x[1])
    .map(([n]) => n.replace(/与竞赛准备$/, ''));
}

function guiding(d: SummaryData): string {
  if (d.previousTexts.guiding) return d.previousTexts.guiding;
  const themes = firstN(themeList(d), 4);
  return (
    `${d.period.scope}，${d.school || '我校'}坚持“面向全体、重在参与、注重实践”的科技教育思路，把科技创新教育作为推进素质教育的重要内容，` +
    `以培养学生的科学兴趣、创新精神和实践能力为目标${themes.length ? `，围绕${themes.join('、')}等方面开展科技活动` : ''}，` +
    '做到活动有计划、有记录、有总结，建立健全科技档案。'
  );
}

function leadershipSentence(d: SummaryData): string | null {
  const l = d.leadership;
  if (!l.principal.trim()) return null;
  const parts = [`以校长${l.principal.trim()}为组长`];
  if (l.deputy.trim()) parts.push(`分管副校长${l.deputy.trim()}为副组长`);
  const members = l.members.trim().replace(/[,，;；\s]+/g, '、');
  return `学校成立了${parts.join('、')}${members ? `，科技辅导员${members}等为成员` : ''}的科技教育工作领导小组，统筹安排科技教育工作。`;
}

function organization(d: SummaryData): string {
  const md = dateWriter(d);
  const lines: string[] = [];
  const lead = leadershipSentence(d);
  let p = lead ?? '';
  p += '学校把科技教育列入学校工作计划';
  const teachers = d.teachers.filter((t) => t.activities > 0 || t.works > 0).map((t) => t.name);
  if (teachers.length)
    p += `，${d.period.scope}由${namesList(teachers)}${teachers.length > 1 ? `${countWord(teachers.length)}位` : ''}老师负责科技活动的组织与辅导`;
  p += '。';
  if (d.groups.length) {
    const gs = firstN(d.groups, 4)
      .map((g) => `${g.name}（${g.members}人）`)
      .join('、');
    p +=
      d.groups.length === 1
        ? `学校组建了${gs}，定期开展活动。`
        : `学校组建了${gs}${d.groups.length > 4 ? '等' : ''}${countWord(d.groups.length)}个科技兴趣小组，定期开展活动。`;
  }
  const all = d.activities;
  const done = all.filter((x) => x.status === 'done').length;
  const planned = all.filter((x) => x.status === 'planned');
  const pw = planWord(d);
  if (all.length && pw) {
    if (d.asOf) {
      p += `${pw}制订了科技活动计划，${asOfWords(d, md)}已完成${done}项${planned.length ? `，其余${planned.length}项将按计划开展` : ''}。`;
    } else {
      const moved = all.filter((x) => x.rescheduleCount > 0 && x.status === 'done').length;
      const cancelled = all.filter((x) => x.status === 'cancelled').length;
      const extra = [moved ? `${moved}项因故调整了时间` : '', cancelled ? `${cancelled}项因故取消` : ''].filter(
        Boolean,
      );
      p += `${pw}制订了科技活动计划，按计划开展各项活动${extra.length ? `，其中${extra.join('，')}` : ''}。`;
    }
  }
  if (d.stats.photos) p += `活动过程留有文字记录和照片${d.stats.photos}张，按学年归入科技档案。`;
  lines.push(p);
  if (!lead)
    lines.push(
      `${PROMPT}如学校成立了科技教育工作领导小组，可在“设置”中填写校长、分管副校长和科技辅导员，这里会写出领导小组的组成；也可以直接写在这里。`,
    );
  if (!d.asOf && planned.length) {
    lines.push(
      `${PROMPT}有${planned.length}项活动仍标记为“计划中”（${firstN(planned, 3)
        .map((x) => `${md(x.startDate)}${quoted(x.title)}`)
        .join('、')}${planned.length > 3 ? '等' : ''}）。如已开展，请在“活动”中标记为已完成，它们就会计入总结。`,
    );
  }
  return lines.join('\n');
}

/** A list told in a sentence: all of a few, else the first ones and 等 (the count is said beside it). */
const TOLD = 6;
const fewOf = (items: readonly string[]) =>
  items.length <= TOLD ? items.join('；') : `${firstN(items, 3).join('；')}等`;

function trainingItem(md: (iso: string) => string, x: ActivityFact): string {
  return `${md(x.startDate)}${x.location && attended(x) ? `参加${x.location}组织的` : '的'}${quoted(x.title)}`;
}

function team(d: SummaryData): string {
  const md = dateWriter(d);
  const lines: string[] = [];
  const trainings = held(d).filter(isTraining);
  const out = trainings.filter(attended);
  const own = trainings.filter((x) => !attended(x));
  const parts: string[] = [];
  if (out.length) {
    // The same training on several dates is one item: '10月16日、12月26日参加…组织的“…”'.
    const same = new Map<string, ActivityFact[]>();
    for (const x of out)
      (
        same.get(`${x.location}|${x.title}`) ??
        same.set(`${x.location}|${x.title}`, []).get(`${x.location}|${x.title}`)!
      ).push(x);
    const items = [...same.values()].map(
      (xs) =>
        `${xs.map((x) => md(x.startDate)).join('、')}${trainingItem(md, xs[0]).slice(md(xs[0].startDate).length)}`,
    );
    parts.push(`选派科技辅导员外出参加培训${out.length}次（${fewOf(items)}）`);
  }
  if (own.length)
    parts.push(
      `在校内组织科技教研和培训${own.length}次（${fewOf(own.map((x) => `${md(x.startDate)}${quoted(x.title)}`))}）`,
    );
  if (parts.length)
    lines.push(`${d.period.scope}，学校重视科技辅导员队伍建设，${parts.join('，')}，教师的科技辅导水平不断提高。`);
  else
    lines.push(
      `${PROMPT}${d.period.scope}的档案中没有教师培训的记录。如科技辅导员参加了外出学习、专题培训或校内教研，请在这里补充。`,
    );
  const guidingTeachers = d.stats.byTeacher.filter((t) => t.works > 0);
  if (guidingTeachers.length) {
    const list = firstN(guidingTeachers, 3).map(
      (t) => `${t.name}老师指导获奖作品${t.works}项${upper(t.byLevel) ? `，省级以上${upper(t.byLevel)}项` : ''}`,
    );
    lines.push(
      `科技辅导员认真指导学生参赛，${guidingTeachers.length > 1 ? `${countWord(guidingTeachers.length)}位老师指导的学生作品在各级比赛中获奖：` : ''}${list.join('；')}${guidingTeachers.length > 3 ? '等' : ''}。`,
    );
  }
  return lines.join('\n');
}

/** “title”, unless the title brings its own quotes or book marks. */
const quoted = (title: string) => (/^[“《].*[”》]$/.test(title) || /[“”]/.test(title) ? title : `“${title}”`);
const sizeOf = (x: ActivityFact) => x.headCount ?? x.participantIds.length;

/** One held activity as a teacher tells it: '9月18日，学校在操场举办“第十届校园科技节”，全校学生584人参加'. */
function activitySentence(md: (iso: string) => string, x: ActivityFact): string {
  const end = x.endDate && x.endDate !== x.startDate ? md(x.endDate) : '';
  const when = end
    ? `${md(x.startDate)}至${x.endDate!.slice(0, 7) === x.startDate.slice(0, 7) ? end.replace(/^.*月/, '') : end}`
    : md(x.startDate);
  const place = (x.location ?? '').replace(/^(本校|学校|校园)(?=.)/, '');
  const where = place && !/参观|走进|考察/.test(x.title) ? `在${place}` : '';
  if (x.headCount)
    return `${when}，学校${where}举办${quoted(x.title)}，${x.headCountNote ?? '共有学生'}${x.headCount}人参加`;
  if (x.participantIds.length)
    return `${when}，${x.groupName ?? '科技小组'}的${x.participantIds.length}名同学${where}参加了${quoted(x.title)}`;
  return `${when}，${where ? `${where}` : ''}开展了${quoted(x.title)}`;
}

function activities(d: SummaryData): string {
  const md = dateWriter(d);
  const done = held(d).filter((x) => !isTraining(x));
  const lines: string[] = [];
  if (!done.length) {
    lines.push(
      `${PROMPT}${d.period.scope}${d.asOf ? `截至${md(d.asOf)}` : ''}还没有标记为“已完成”的学生活动。请在“活动”中登记或标记，或在这里直接填写。`,
    );
    return lines.join('\n');
  }
  const all = held(d);
  const trainings = all.length - done.length;
  const named = done.filter((x) => x.participantIds.length > 0 && !x.headCount);
  const personTimes = named.reduce((n, x) => n + x.participantIds.length, 0);
  const distinct = new Set(named.flatMap((x) => x.participantIds)).size;
  const mass = done.filter((x) => x.headCount);
  const other = done.length - named.length - mass.length;
  // The total is the 开展活动 of the statistics (trainings included; they are told in 队伍建设).
  let p = `${d.period.scope}，${asOfWords(d, md)}学校共开展各类科技活动${all.length}项`;
  const parts: string[] = [];
  if (mass.length)
    parts.push(
      `面向全校或整个年级的活动${mass.length}项，参加学生${mass.reduce((n, x) => n + (x.headCount ?? 0), 0)}人次`,
    );
  if (personTimes) parts.push(`科技小组活动${named.length}项，${distinct}名学生参加，共${personTimes}人次`);
  if (other) parts.push(`其他活动${other}项`);
  if (trainings) parts.push(`教师培训${trainings}项`);
  p += parts.length > 1 || trainings ? `，其中${parts.join('；')}。` : parts.length ? `，${parts[0]}。` : '。';
  if (d.enrolment && distinct > 0)
    p += `参加科技小组活动的学生约占在校学生${d.enrolment}人的${Math.round((100 * distinct) / d.enrolment)}%。`;
  lines.push(p); // cancelled activities are told once, in 组织领导
  if (!d.enrolment && (d.period.spec.kind === 'term' || d.period.spec.kind === 'year')) {
    lines.push(`${PROMPT}在“设置”中填写本学年在校学生人数后，这里可以写出参加活动的学生占全校学生的比例。`);
  }

  const usedReflections = new Set<string>();
  const themes = THEMES.map((t) => t.name)
    .concat('其他科技活动')
    .map((name) => ({ name, list: done.filter((x) => themeOf(x.type) === name) }))
    .filter((t) => t.list.length);
  themes.forEach((t, i) => {
    const counts = new Map<string, number>();
    for (const x of t.list) counts.set(x.type, (counts.get(x.type) ?? 0) + 1);
    const countText = [...counts.entries()]
      .map(([type, n]) => `${nounOf(type)}${n}${COUNT_WORD_UNIT(type)}`)
      .join('、');
    // Highlights: the biggest two (mass events first), told with their 效果 where recorded.
    const highlights = [...t.list]
      .sort((x, y) => sizeOf(y) - sizeOf(x) || x.startDate.localeCompare(y.startDate))
      .slice(0, t.list.length <= 3 ? 3 : 2)
      .sort((x, y) => x.startDate.localeCompare(y.startDate));
    const told = highlights.map((x) => {
      let sentence = activitySentence(md, x);
      // The 效果 a teacher recorded (its first clause; what went wrong belongs to 存在问题), told once.
      const r = (x.reflection ?? '')
        .trim()
        .split(/[；;。]/)[0]
        .trim();
      if (r && !usedReflections.has(r)) {
        usedReflections.add(r);
        sentence += `，${r}`;
      }
      return sentence;
    });
    const head = `（${chineseNumber(i + 1)}）${t.name}。`;
    const intro = t.list.length > 1 ? `${d.period.scope}开展${countText}。` : '';
    lines.push(`${head}${intro}${told.join('。')}。`);
  });
  return lines.join('\n');
}

const changes = (d: SummaryData) => {
  const s = d.stats,
    ps = d.prevStats;
  return [
    { label: '获奖作品', unit: '项', delta: s.awardedWorks - ps.awardedWorks },
    { label: '省级以上获奖作品', unit: '项', delta: upper(s.awardedWorksByLevel) - upper(ps.awardedWorksByLevel) },
    { label: '开展活动', unit: '项', delta: s.activities - ps.activities },
    { label: '学生参与活动', unit: '人次', delta: s.participantPersonTimes - ps.participantPersonTimes },
  ];
};

function achievements(d: SummaryData): string {
  const md = dateWriter(d);
  const s = d.stats;
  const entries = entriesOf(d.awards);
  const works = entries.filter((e) => e.kind === 'work');
  const students = new Set(works.flatMap((e) => e.authors));
  const groupWorks = works.filter((e) => e.authors.length === 0).length;
  const lines: string[] = [];
  let p = '';
  if (works.length > 1) {
    // a single work is told by its highlight below, not twice
    const levels: Record<string, number> = {};
    for (const e of works) levels[e.level] = (levels[e.level] ?? 0) + 1;
    const promoted = d.awards.some((x) => x.workId && x.promotedFromId);
    p =
      `${d.period.scope}，${asOfWords(d, md)}共有${students.size}位学生的${works.length}项作品在各级比赛中获奖${groupWorks ? `（含小组集体作品${groupWorks}项）` : ''}，` +
      `其中${levelList(levels)}${promoted ? '（晋级的作品按所获最高级别计一次）' : ''}，获奖学生共${num(s.awardedWorkPersonTimes)}人次。`;
  }
  const studentOwn = entries.filter((e) => e.kind === 'person' && e.personKind === 'student');
  if (studentOwn.length) {
    const lv: Record<string, number> = {};
    for (const e of studentOwn) lv[e.level] = (lv[e.level] ?? 0) + 1;
    p += `另有学生个人奖项${studentOwn.length}项（${levelList(lv)}）。`;
  }
  if (s.schoolAwards.length)
    p += `学校荣获${s.schoolAwards.map((x) => `${x.competition || x.level}${x.grade}`).join('、')}。`;
  if (d.comparable) {
    const up = changes(d).filter((c) => c.delta > 0 && (c.label.includes('获奖') ? works.length > 0 : true));
    if (up.length && p)
      p += `与${d.compareScope}相比，${up
        .slice(0, 3)
        .map((c) => `${c.label}增加${c.delta}${c.unit}`)
        .join('，')}。`;
  }
  if (p) lines.push(p);
  else if (!entries.length)
    lines.push(
      `${PROMPT}${d.period.scope}${d.asOf ? `截至${md(d.asOf)}` : ''}还没有登记获奖。如有获奖，请在“作品与获奖”中登记。`,
    );
  lines.push(...highlightParagraphs(entries));
  if (lines.some((l) => !l.startsWith(PROMPT)))
    lines.push(
      `${PROMPT}可以在这里补充本校的经验和特色，例如坚持“自己选题、自己设计和研究、自己制作和撰写”，立足本地实际选题等。`,
    );
  return lines.join('\n');
}

/** Data-made observations for 存在问题: offered to the teacher as 【提示】, never asserted. */
function problemHints(d: SummaryData): string[] {
  const s = d.stats;
  const out: string[] = [];
  if (d.enrolment && s.distinctParticipants > 0 && s.distinctParticipants / d.enrolment < 0.5) {
    out.push(
      `参加科技小组活动的学生${s.distinctParticipants}人，约占在校学生${d.enrolment}人的${Math.round((100 * s.distinctParticipants) / d.enrolment)}%，参与面还可以扩大`,
    );
  }
  const moved = d.activities.filter((x) => x.rescheduleCount > 0).length;
  const cancelled = d.activities.filter((x) => x.status === 'cancelled').length;
  if (moved + cancelled > 0)
    out.push(
      `${[moved ? `${moved}项活动调整了时间` : '', cancelled ? `${cancelled}项活动取消` : ''].filter(Boolean).join('，')}，可以说明原因`,
    );
  if (s.awardedWorks > 0 && upper(s.awardedWorksByLevel) === 0) out.push('获奖作品都在市级及以下，作品质量还可以提高');
  if (!held(d).some(isTraining)) out.push('档案中没有教师培训的记录，如确实较少，可作为一个问题');
  if (d.comparable) {
    const c = changes(d);
    const down = c.filter((x) => x.delta < 0);
    if (down.length) {
      const rose = c.filter((x) => x.delta > 0);
      out.push(
        `与${d.compareScope}相比，${down.map((x) => `${x.label}减少${-x.delta}${x.unit}`).join('，')}${rose.length ? `（${rose.map((x) => `${x.label}增加${x.delta}${x.unit}`).join('，')}）` : ''}，如需分析原因可写在这里`,
      );
    }
  }
  return out;
}

function problems(d: SummaryData): string {
  const prev = d.previousTexts.problems;
  const lines = [
    `${PROMPT}请结合${d.period.scope}实际，写出科技活动中存在的主要问题。下面的条目是常见的写法，请修改、补充或删除。`,
  ];
  for (const h of problemHints(d)) lines.push(`${PROMPT}数据提示：${h}。`);
  if (prev) {
    lines.push(`${PROMPT}下面是${d.before.label}写的内容，请按${d.period.scope}情况修改。`);
    lines.push(prev);
    return lines.join('\n');
  }
  const points: string[] = [];
  if (d.enrolment && d.stats.distinctParticipants > 0 && d.stats.distinctParticipants / d.enrolment < 0.5)
    points.push('学生参与面还不够广，科技活动主要依托兴趣小组开展，面向全体学生的常态化活动还需加强');
  else points.push('学生参与科技创新的积极性还有很大潜力，科技活动的覆盖面还需进一步扩大');
  if (d.stats.awardedWorks > 0 && upper(d.stats.awardedWorksByLevel) === 0)
    points.push('学生作品的质量还有待提高，在省级以上比赛中还没有获奖');
  else points.push('科技活动的质量还有待提高，作品的选题和制作需要更有针对性的指导');
  points.push('科技活动室和器材等硬件条件还需改善');
  lines.push(...numbered(points));
  return lines.join('\n');
}

function plans(d: SummaryData): string {
  const withYear = d.period.spec.kind !== 'term';
  const md = (iso: string) => (withYear ? formatDateZh(iso) : formatDateZh(iso).replace(/^\d+年/, ''));
  const lines = [
    `${PROMPT}请写出${d.next.label}的工作打算。下面的条目由计划中的活动和常见的写法生成，请修改、补充或删除。`,
  ];
  const prev = d.previousTexts.plans;
  if (prev) {
    lines.push(`${PROMPT}下面是${d.before.label}写的内容，请按${d.period.scope}情况修改。`);
    lines.push(prev);
    return lines.join('\n');
  }
  const out: string[] = [];
  const list = (xs: readonly ActivityFact[]) =>
    `${firstN(xs, 5)
      .map((x) => `${md(x.startDate)}${quoted(x.title)}`)
      .join('、')}${xs.length > 5 ? `等${xs.length}项` : ''}活动`;
  const rest = d.asOf ? d.activities.filter((x) => x.status === 'planned' && x.startDate >= d.asOf!) : [];
  if (rest.length) out.push(`做好${d.period.scope}余下的工作，开展${list(rest)}`);
  const nextWord = { term: '下学期', year: '下学年', calendar: '明年', years: '下学年', range: '下一阶段' }[
    d.period.spec.kind
  ];
  if (d.nextPlanned.length) out.push(`${nextWord}按计划开展${list(d.nextPlanned)}`);
  out.push('继续组织学生开展“三小”活动和科幻画创作，做好青少年科技创新大赛作品的选题、指导和修改');
  out.push('加强科技辅导员培训，组织教师外出学习和校内教研');
  out.push('继续做好活动记录，把照片、作品、证书及时归入科技档案');
  lines.push(...numbered(out));
  return lines.join('\n');
}

const numbered = (points: readonly string[]) =>
  points.map((x, i) => `${i + 1}.${x}${i === points.length - 1 ? '。' : '；'}`);

export function generateDraft(d: SummaryData): GeneratedDraft {
  return {
    title: d.period.title,
    sections: {
      guiding: guiding(d),
      organization: organization(d),
      team: team(d),
      activities: activities(d),
      achievements: achievements(d),
      problems: problems(d),
      plans: plans(d),
    },
  };
}

/** The text as it goes into a document: prompts dropped, blank lines squeezed. */
export function exportText(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(PROMPT));
}
