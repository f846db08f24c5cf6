// The drafted 工作总结: real Chinese prose from the archive's data, in the usual order
// 指导思想 → 组织领导 → 队伍建设 → 活动开展 → 取得成绩 → 存在问题 → 今后打算.
// Pure: every sentence is a function of SummaryData, so a test can check each number.
// Lines starting with 【提示】 guide the teacher in the editor and are left out of every export.
import { formatDateZh, chineseNumber } from '../../../shared/domain/format';
import { AWARD_GRADES, AWARD_LEVELS, CATEGORY_SHORT, rankOf } from '../../../shared/domain/vocab';
import type { ActivityFact, AwardFact, SummaryData } from './gather';
import { compareAwards, personalEntryTitle } from './statistics';

export const SECTION_IDS = ['guiding', 'organization', 'team', 'activities', 'achievements', 'problems', 'plans'] as const;
export type SectionId = (typeof SECTION_IDS)[number];
export const SECTION_HEADINGS: Record<SectionId, string> = {
  guiding: '指导思想', organization: '组织领导', team: '队伍建设', activities: '活动开展',
  achievements: '取得成绩', problems: '存在问题', plans: '今后打算',
};
export const PROMPT = '【提示】';

export interface GeneratedDraft { title: string; sections: Record<SectionId, string> }

// ---- small words --------------------------------------------------------------------------
const num = (n: number) => String(n);
/** '两' for 2 in counts of people ('两位同学'), else Chinese digits. */
const countWord = (n: number) => (n === 2 ? '两' : n <= 10 ? chineseNumber(n) : String(n));
const change = (d: number, unit: string) => (d > 0 ? `增加${d}${unit}` : d < 0 ? `减少${-d}${unit}` : '持平');
const firstN = <T>(xs: readonly T[], n: number) => xs.slice(0, n);
const namesList = (names: readonly string[], max = 3) => names.length <= max ? names.join('、') : `${firstN(names, max).join('、')}等`;
const byLevelOrder = (x: string, y: string) => rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y) || x.localeCompare(y, 'zh-Hans-CN');
const byGradeOrder = (x: string, y: string) => rankOf(AWARD_GRADES, x) - rankOf(AWARD_GRADES, y) || x.localeCompare(y, 'zh-Hans-CN');

/** '国家级1项、省级2项、市级8项' in level order. */
export function levelList(counts: Record<string, number>, unit = '项'): string {
  return Object.keys(counts).filter((k) => counts[k] > 0).sort(byLevelOrder).map((k) => `${k}${counts[k]}${unit}`).join('、');
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

const planWord = (d: SummaryData) => ({ term: '学期初', year: '学年初', calendar: '年初', years: '每学年初', range: '' }[d.period.spec.kind]);

// ---- 获奖 entries: a work once at its best award; a personal award once per promotion chain ----
export interface Entry {
  key: string; kind: 'work' | 'person'; personKind: 'student' | 'teacher' | null;
  category: string; level: string; grade: string; title: string;
  /** False for a personal award without a 《title》: the text then names its competition. */
  titled: boolean; context: string;
  /** How the text names who made it: '张树茂同学的作品', '赵晨、李明两位同学的作品', '吴杰老师的创新成果'. */
  who: string; authors: string[]; groupName: string | null;
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
  return [...best.entries()].map(([key, aw]) => {
    if (aw.workId) {
      const n = aw.authors.length;
      const who = n === 0 ? `${aw.groupName ?? '学生小组'}的作品` : n === 1 ? `${aw.authors[0]}同学的作品` : `${aw.authors.join('、')}${countWord(n)}位同学的作品`;
      return {
        key, kind: 'work' as const, personKind: null, category: aw.category, level: aw.level, grade: aw.grade, title: aw.workTitle ?? '',
        titled: true, context: '', who, authors: aw.authors, groupName: aw.groupName,
      };
    }
    const teacher = aw.personKind === 'teacher';
    const noun = aw.category.includes('科技教育创新成果') || aw.category.includes('辅导员') ? '创新成果' : '作品';
    const titled = /《[^》]+》/.test(aw.notes ?? '');
    return {
      key, kind: 'person' as const, personKind: aw.personKind, category: aw.category, level: aw.level, grade: aw.grade,
      title: personalEntryTitle({ notes: aw.notes, category: aw.category, competition: aw.competition }),
      titled, context: aw.competition ?? aw.category,
      who: `${aw.personName ?? ''}${teacher ? '老师' : '同学'}${titled ? `的${noun}` : ''}`,
      authors: teacher || !aw.personName ? [] : [aw.personName], groupName: null,
    };
  }).sort((x, y) => compareAwards(x, y) || x.title.localeCompare(y.title, 'zh-Hans-CN'));
}

const shortCategory = (c: string) => CATEGORY_SHORT[c] ?? c;
const entryText = (e: Entry) => (e.titled ? `${e.who}《${e.title}》` : `${e.who}在${e.context}中`);

/** '郜容静楠同学的作品《…》荣获国家级一等奖，张树茂同学的作品《…》、侯玖林同学的作品《…》分别荣获省级一等奖'. */
function namedSentence(list: readonly Entry[]): string {
  const runs: Entry[][] = [];
  for (const e of list) {
    const last = runs.at(-1);
    if (last && last[0].level === e.level && last[0].grade === e.grade) last.push(e);
    else runs.push([e]);
  }
  return runs.map((r) => `${r.map(entryText).join('、')}${r.length > 1 ? '分别' : ''}荣获${r[0].level}${r[0].grade}`).join('，');
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
    return `${lvl}奖${total}项（${[...grades.keys()].sort(byGradeOrder).map((g) => `${g}${grades.get(g)}项`).join('、')}）`;
  });
  return `其他${list.length}项${noun}分别获${parts.join('、')}`;
}

/** One paragraph per category, the category with the best award first. */
export function highlightParagraphs(entries: readonly Entry[]): string[] {
  const byCat = new Map<string, Entry[]>();
  for (const e of entries) (byCat.get(e.category) ?? byCat.set(e.category, []).get(e.category)!).push(e);
  const cats = [...byCat.entries()].sort((x, y) => compareAwards(x[1][0], y[1][0]) || y[1].length - x[1].length || x[0].localeCompare(y[0], 'zh-Hans-CN'));
  return cats.map(([cat, list]) => {
    const noun = list.every((e) => e.kind === 'person' && e.personKind === 'teacher') ? '成果' : '作品';
    const same = (e: Entry) => e.level === list[0].level && e.grade === list[0].grade;
    // Few entries: name them all. Else name everything at 省级 and above, or the best three.
    const top = list.filter((e) => rankOf(AWARD_LEVELS, e.level) <= 1);
    let shown = list.length <= 4 ? list : top.length ? firstN(top, 8) : firstN(list.filter(same), 3);
    let rest = list.filter((e) => !shown.includes(e));
    if (rest.length <= 2) { shown = list; rest = []; }
    if (!top.length && rest.length && list.every(same)) {
      return `在${shortCategory(cat)}类，${shown.map(entryText).join('、')}等${list.length}项${noun}荣获${list[0].level}${list[0].grade}。`;
    }
    return `在${shortCategory(cat)}类，${namedSentence(shown)}${rest.length ? `；${restSentence(rest, noun)}` : ''}。`;
  });
}

// ---- sections -------------------------------------------------------------------------------
const held = (d: SummaryData) => d.activities.filter((x) => x.status === 'done');
const isTraining = (x: ActivityFact) => x.type === '培训' || x.title.includes('培训');
const upper = (counts: Record<string, number>) => (counts['国家级'] ?? 0) + (counts['省级'] ?? 0);

/** Activity types, most held first; ties in the order they first happened. */
function topTypes(d: SummaryData): string[] {
  const counts = new Map<string, { n: number; first: string }>();
  for (const x of held(d)) {
    const c = counts.get(x.type);
    if (c) c.n++;
    else counts.set(x.type, { n: 1, first: x.startDate });
  }
  return [...counts.entries()].sort((x, y) => y[1].n - x[1].n || x[1].first.localeCompare(y[1].first) || x[0].localeCompare(y[0], 'zh-Hans-CN')).map(([t]) => t);
}

function guiding(d: SummaryData): string {
  if (d.previousTexts.guiding) return d.previousTexts.guiding;
  const types = firstN(topTypes(d), 4);
  return `${d.period.scope}，${d.school || '我校'}坚持“面向全体、重在参与、注重实践”的科技教育思路，把科技创新教育作为推进素质教育的重要内容，` +
    `以培养学生的科学兴趣、创新精神和实践能力为目标${types.length ? `，围绕${types.join('、')}等内容开展科技活动` : ''}，` +
    '做到活动有计划、有记录、有总结，建立健全科技档案。';
}

function organization(d: SummaryData): string {
  const lines: string[] = [];
  const teachers = d.teachers.map((t) => t.name);
  let p = '学校把科技教育列入学校工作计划';
  if (teachers.length) p += `，${d.period.scope}由${namesList(teachers)}${teachers.length > 1 ? `${teachers.length}位` : ''}教师负责科技活动的组织与辅导`;
  p += '。';
  if (d.groups.length) {
    const gs = firstN(d.groups, 4).map((g) => `${g.name}（${g.members}人）`).join('、');
    p += d.groups.length === 1 ? `学校组建了${gs}，定期开展活动。` : `学校组建了${gs}${d.groups.length > 4 ? '等' : ''}${d.groups.length}个科技兴趣小组，定期开展活动。`;
  }
  const all = d.activities;
  if (all.length) {
    const done = all.filter((x) => x.status === 'done').length;
    const cancelled = all.filter((x) => x.status === 'cancelled').length;
    const planned = all.filter((x) => x.status === 'planned').length;
    const moved = all.filter((x) => x.rescheduleCount > 0).length;
    const parts = [`已完成${done}项`];
    if (moved) parts.push(`${moved}项调整了时间`);
    if (cancelled) parts.push(`${cancelled}项因故取消`);
    if (planned) parts.push(`${planned}项尚在计划中`);
    const pw = planWord(d);
    p += `${pw ? `${pw}制订科技活动计划，` : ''}${done === all.length ? `登记的${all.length}项活动均已完成` : `登记的${all.length}项活动中，${parts.join('，')}`}。`;
  }
  p += `每项活动都有记录${d.stats.photos ? `，留存照片${d.stats.photos}张` : ''}，按学年归入科技档案。`;
  lines.push(p);
  lines.push(`${PROMPT}如学校成立了科技教育工作领导小组，请写明组长、副组长和成员。`);
  return lines.join('\n');
}

function team(d: SummaryData): string {
  const md = dateWriter(d);
  const lines: string[] = [];
  const trainings = held(d).filter(isTraining);
  if (trainings.length) {
    const items = trainings.map((x) => `${md(x.startDate)}${x.title}${x.location ? `（${x.location}）` : ''}`);
    lines.push(`${d.period.scope}，学校组织科技辅导员参加培训和教研活动${trainings.length}次：${items.join('；')}。`);
  } else {
    lines.push(`${PROMPT}${d.period.scope}没有登记教师培训活动。如有外出学习、听课评课、专题培训，请补充。`);
  }
  const guiding = d.stats.byTeacher.filter((t) => t.works > 0);
  if (guiding.length) {
    const parts = firstN(guiding, 3).map((t) => `${t.name}老师指导${t.works}项${upper(t.byLevel) ? `（其中省级以上${upper(t.byLevel)}项）` : ''}`);
    lines.push(`${guiding.length}位教师指导的学生作品在比赛中获奖，其中${parts.join('，')}${guiding.length > 3 ? '等' : ''}。`);
  }
  const own = entriesOf(d.awards).filter((e) => e.personKind === 'teacher');
  if (own.length) lines.push(`教师自身也取得了成绩：${namedSentence(own)}。`);
  return lines.join('\n');
}

/** “title”, unless the title brings its own quotes or book marks. */
const quoted = (title: string) => (/^[“《].*[”》]$/.test(title) || /[“”]/.test(title) ? title : `“${title}”`);

function participation(x: ActivityFact): string {
  if (x.headCount) return `${x.headCountNote ?? '共'}${x.headCount}人参加`;
  if (x.participantIds.length) return `${x.groupName ? `${x.groupName}` : ''}${x.participantIds.length}名学生参加`;
  return '';
}

function activities(d: SummaryData): string {
  const md = dateWriter(d);
  const done = held(d);
  const s = d.stats;
  const lines: string[] = [];
  if (!done.length) {
    lines.push(`${PROMPT}${d.period.scope}没有登记已完成的活动。请先在“活动”中登记，或在这里直接填写。`);
    return lines.join('\n');
  }
  const types = topTypes(d);
  const count = (t: string) => done.filter((x) => x.type === t).length;
  let p = `${d.period.scope}，学校共开展各类科技活动${done.length}项，其中${types.map((t) => `${t}${count(t)}项`).join('、')}。`;
  const named = done.filter((x) => x.participantIds.length > 0);
  const personTimes = named.reduce((n, x) => n + x.participantIds.length, 0);
  const distinct = new Set(named.flatMap((x) => x.participantIds)).size;
  const mass = done.filter((x) => x.headCount);
  const parts: string[] = [];
  if (personTimes) parts.push(`有名单记录的活动学生参与${personTimes}人次，涉及${distinct}名学生`);
  if (mass.length) parts.push(`${mass.length}项面向全校或整个年级的活动共有${mass.reduce((n, x) => n + (x.headCount ?? 0), 0)}人次参加`);
  if (parts.length) p += `${parts.join('；')}。`;
  const cancelled = d.activities.filter((x) => x.status === 'cancelled').length;
  if (cancelled) p += `另有${cancelled}项活动因故取消。`;
  const ps = d.prevStats;
  if (ps.activities || ps.participantPersonTimes) {
    p += `与${d.period.previousScope}相比，开展活动${change(s.activities - ps.activities, '项')}，学生参与${change(s.participantPersonTimes - ps.participantPersonTimes, '人次')}。`;
  }
  lines.push(p);
  types.forEach((type, i) => {
    const list = done.filter((x) => x.type === type);
    const size = (x: ActivityFact) => x.headCount ?? x.participantIds.length;
    const shown = list.length <= 6 ? list : [...list].sort((x, y) => size(y) - size(x)).slice(0, 6).sort((x, y) => x.startDate.localeCompare(y.startDate));
    const items = shown.map((x) => {
      const when = x.endDate && x.endDate !== x.startDate ? `${md(x.startDate)}至${md(x.endDate)}` : md(x.startDate);
      const part = participation(x);
      return `${when}，${x.location ? `在${x.location}` : ''}开展${quoted(x.title)}${part ? `，${part}` : ''}`;
    });
    const total = list.reduce((n, x) => n + size(x), 0);
    const head = `（${chineseNumber(i + 1)}）${type}。`;
    const body = list.length === 1 ? `${items[0]}。`
      : `${d.period.scope}共开展${type}${list.length}次：${items.join('；')}${list.length > shown.length ? `等，共${total}人次参加` : ''}。`;
    lines.push(head + body);
  });
  return lines.join('\n');
}

function achievements(d: SummaryData): string {
  const s = d.stats;
  const entries = entriesOf(d.awards);
  const works = entries.filter((e) => e.kind === 'work');
  const students = new Set(works.flatMap((e) => e.authors));
  const groupWorks = works.filter((e) => e.authors.length === 0).length;
  const lines: string[] = [];
  let p: string;
  if (works.length) {
    const levels: Record<string, number> = {};
    for (const e of works) levels[e.level] = (levels[e.level] ?? 0) + 1;
    const promoted = d.awards.some((x) => x.workId && x.promotedFromId);
    p = `${d.period.scope}共有${students.size}位学生的${works.length}项作品在各级比赛中获奖${groupWorks ? `（含小组集体作品${groupWorks}项）` : ''}，` +
      `其中${levelList(levels)}${promoted ? '（晋级的作品按所获最高级别计一次）' : ''}，获奖学生共${num(s.awardedWorkPersonTimes)}人次。`;
  } else {
    p = `${d.period.scope}暂无学生作品获奖记录。`;
  }
  const teacherEntries = entries.filter((e) => e.personKind === 'teacher');
  if (teacherEntries.length) {
    const names = [...new Set(teacherEntries.map((e) => e.who.replace(/老师.*$/, '')))];
    const lv: Record<string, number> = {};
    for (const e of teacherEntries) lv[e.level] = (lv[e.level] ?? 0) + 1;
    const who = names.length > 1 ? `${namesList(names)}${names.length}位老师` : `${names[0]}老师`;
    p += `教师方面，${who}的${teacherEntries.length}项成果获奖，其中${levelList(lv)}。`;
  }
  const studentOwn = entries.filter((e) => e.kind === 'person' && e.personKind === 'student');
  if (studentOwn.length) {
    const lv: Record<string, number> = {};
    for (const e of studentOwn) lv[e.level] = (lv[e.level] ?? 0) + 1;
    p += `另有${studentOwn.length}项学生个人奖项（${levelList(lv)}）。`;
  }
  if (s.schoolAwards.length) {
    p += `学校荣获${s.schoolAwards.map((x) => `${x.competition || x.level}${x.grade}`).join('、')}。`;
  }
  const ps = d.prevStats;
  if (ps.awardedWorks || ps.activities) {
    const du = upper(s.awardedWorksByLevel) - upper(ps.awardedWorksByLevel);
    p += `与${d.period.previousScope}相比，获奖作品${change(s.awardedWorks - ps.awardedWorks, '项')}，省级以上获奖作品${change(du, '项')}。`;
  }
  lines.push(p);
  lines.push(...highlightParagraphs(entries));
  return lines.join('\n');
}

/** Data-made points: a teacher starts from these (or from last period's text) and edits. */
function problemPoints(d: SummaryData): string[] {
  const s = d.stats, ps = d.prevStats;
  const out: string[] = [];
  if (s.students > 0 && s.distinctParticipants / s.students < 0.5) {
    out.push(`学生参与面还不够广，参加有名单记录的科技活动的学生${s.distinctParticipants}人，占在校学生${s.students}人的${Math.round((100 * s.distinctParticipants) / s.students)}%`);
  }
  const moved = d.activities.filter((x) => x.rescheduleCount > 0).length;
  const cancelled = d.activities.filter((x) => x.status === 'cancelled').length;
  if (moved + cancelled > 0) out.push(`活动计划执行还不够稳定，${[moved ? `${moved}项活动调整了时间` : '', cancelled ? `${cancelled}项活动取消` : ''].filter(Boolean).join('，')}`);
  if (s.awardedWorks === 0) out.push(`参加上级比赛的作品较少，${d.period.scope}没有作品获奖`);
  else if (upper(s.awardedWorksByLevel) === 0) out.push(`作品质量还有待提高，${d.period.scope}获奖作品均为市级及以下奖项`);
  if (!held(d).some(isTraining)) out.push(`教师培训不足，${d.period.scope}没有组织科技辅导员培训`);
  if (ps.awardedWorks > s.awardedWorks) out.push(`获奖作品比${d.period.previousScope}减少${ps.awardedWorks - s.awardedWorks}项`);
  return out;
}

function planPoints(d: SummaryData): string[] {
  const md = (iso: string) => formatDateZh(iso).replace(/^\d+年/, '');
  const out: string[] = [];
  const next = d.nextPlanned;
  if (next.length) {
    out.push(`按计划开展${firstN(next, 5).map((x) => `${md(x.startDate)}${quoted(x.title)}`).join('、')}${next.length > 5 ? `等${next.length}项` : ''}活动`);
  }
  const s = d.stats;
  if (s.students > 0 && s.distinctParticipants / s.students < 0.5) out.push('扩大学生参与面，让更多学生参加科技兴趣小组和“三小”活动');
  if (!held(d).some(isTraining)) out.push('加强科技辅导员培训，组织教师外出学习和校内教研');
  out.push('继续做好活动记录，把照片、作品、证书及时归入科技档案');
  return out;
}

const numbered = (points: readonly string[]) => points.map((x, i) => `${i + 1}.${x}${i === points.length - 1 ? '。' : '；'}`);

function judgement(d: SummaryData, id: 'problems' | 'plans', points: string[], ask: string): string {
  const prev = d.previousTexts[id];
  const lines = [`${PROMPT}${ask}`];
  if (prev) {
    lines.push(`${PROMPT}下面是${d.period.previousScope}写的内容，请按${d.period.scope}情况修改。数据提示：${points.join('；') || '无'}。`);
    lines.push(prev);
  } else {
    lines.push(`${PROMPT}下面的条目由数据生成，请修改、补充或删除。`);
    lines.push(...numbered(points));
  }
  return lines.join('\n');
}

export function generateDraft(d: SummaryData): GeneratedDraft {
  return {
    title: d.period.title,
    sections: {
      guiding: guiding(d),
      organization: organization(d),
      team: team(d),
      activities: activities(d),
      achievements: achievements(d),
      problems: judgement(d, 'problems', problemPoints(d), `请结合${d.period.scope}实际，写出科技活动中存在的主要问题。`),
      plans: judgement(d, 'plans', planPoints(d), `请写出${d.next.label}的工作打算。`),
    },
  };
}

/** The text as it goes into a document: prompts dropped, blank lines squeezed. */
export function exportText(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith(PROMPT));
}
