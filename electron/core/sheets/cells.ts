// Reading what teachers type into cells: names padded with full-width spaces, several authors
// in one cell, '国家级一等奖' in one cell, dates in every Chinese way, 第二十三届.
import { halfWidth, smallNumber } from '../../../shared/domain/classLabel';
import { AWARD_GRADES, AWARD_LEVELS, GENDERS, STAGES, WORK_CATEGORIES, type Stage } from '../../../shared/domain/vocab';

/** Full-width to half-width, blanks collapsed, trimmed. */
export function norm(s: string): string {
  return halfWidth(s)
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

const HAN = /[\u3400-\u9fff]/;

/** One person's name: '李　明' (padded to line up with three-character names) → '李明'. */
export function cleanName(s: string): string {
  const t = norm(s).replace(/[·•]/g, '·');
  return HAN.test(t) ? t.replace(/ /g, '') : t;
}

/**
 * Several names in one cell: '张三、李四', '张三，李四', '张三/李四', '张三 李四'.
 * A blank separates whole names only: '张树茂 李明' is two people, '李 明' (padded) is one.
 */
export function splitNames(s: string): string[] {
  const parts = norm(s)
    .split(/[、,，;；/|]+|\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const tokens = p.split(' ').filter(Boolean);
    if (tokens.length < 2 || !HAN.test(p)) {
      out.push(cleanName(p));
      continue;
    }
    // A lone character is half of a padded name ('李 明', '张 树茂'): join it to its neighbour.
    const names: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if ([...tokens[i]].length === 1 && i + 1 < tokens.length) {
        names.push(tokens[i] + tokens[++i]);
        continue;
      }
      if ([...tokens[i]].length === 1 && names.length) {
        names[names.length - 1] += tokens[i];
        continue;
      }
      names.push(tokens[i]);
    }
    out.push(...names);
  }
  return out.map((n) => n.replace(/^[（(].*[)）]$/, '')).filter(Boolean);
}

/** A cell that is plainly not a person's name (footers like 制表人：…, totals, numbers). */
export function notAName(name: string): boolean {
  return !name || /[:：\d]/.test(name) || [...name].length > 20 || /^(合计|总计|小计|备注|说明|以下空白)/.test(name);
}

export function parseGender(s: string): '男' | '女' | null {
  const t = norm(s).toUpperCase();
  if (/^(男|男生|男性|M|MALE)$/.test(t)) return '男';
  if (/^(女|女生|女性|F|FEMALE)$/.test(t)) return '女';
  return null;
}
export const isGender = (s: string): s is (typeof GENDERS)[number] => (GENDERS as readonly string[]).includes(s);

/** '汉' → '汉族'; '汉族', a longer name, 其他 / 未知 kept as written; '' → null. */
export function ethnicityOf(s: string): string | null {
  const t = norm(s).replace(/\s/g, '');
  if (!t) return null;
  return /族$/.test(t) || [...t].length > 3 || /其他|未知/.test(t) ? t : `${t}族`;
}

export function parseStage(s: string): Stage | null {
  const t = norm(s);
  const hit = STAGES.find((st) => t.includes(st) || t.includes(st.slice(0, 2)));
  if (hit) return hit;
  if (/小/.test(t)) return '小学';
  if (/初/.test(t)) return '初中';
  if (/高/.test(t)) return '高中';
  return null;
}

const LEVEL_WORDS: [RegExp, string][] = [
  [/^(国家级|国家|全国|中国|国际)/, '国家级'],
  [/^(省级|省部级|省)/, '省级'],
  [/^(市级|地市级|地级|州级|盟级|市|地区|州)/, '市级'],
  [/^(县级|区县级|区级|县区级|县|区)/, '县级'],
  [/^(乡镇级|镇级|乡级|街道级|学区级|片区级|乡镇|学区|镇|乡)/, '乡镇/学区级'],
  [/^(校级|学校|校)/, '校级'],
];

/** '市级' / '市' / '地区级' → '市级'; unknown words are kept as typed. */
export function normalizeLevel(s: string): string {
  const t = norm(s).replace(/\s/g, '');
  if (!t) return '';
  if ((AWARD_LEVELS as readonly string[]).includes(t)) return t;
  for (const [re, level] of LEVEL_WORDS) if (re.test(t)) return level;
  return t;
}

/** '一等' → '一等奖', '金奖' → '金牌'; other words are kept as typed. */
export function normalizeGrade(s: string): string {
  const t = norm(s).replace(/\s/g, '');
  if ((AWARD_GRADES as readonly string[]).includes(t)) return t;
  const m = /^([特一二三])等$/.exec(t);
  if (m) return `${m[1]}等奖`;
  const medal = /^([金银铜])(奖|牌)$/.exec(t);
  if (medal) return `${medal[1]}牌`;
  if (/^优秀$/.test(t)) return '优秀奖';
  return t;
}

/** '国家级一等奖' / '省 二等奖' / '市级金牌' → { level, grade }; a cell with only a grade has level ''; no grade word → grade ''. */
export function splitAward(s: string): { level: string; grade: string } {
  return gradeIn(s) ?? { level: '', grade: '' };
}

/**
 * 级别 from a competition's name when the sheet has no 级别 column: the smallest administrative
 * unit named ('天水市秦州区…' → 县级). Null when the name says nothing.
 */
export function levelFromCompetition(name: string): string | null {
  const t = norm(name);
  if (/(全国|中国|国家|国际)/.test(t)) return '国家级';
  const head = t.replace(/(青少年|中小学|学生|科技|科学|创新|大赛|比赛|竞赛|活动).*$/, '');
  if (/校|小学|中学/.test(head)) return '校级';
  if (/学区|街道|[乡镇]$/.test(head)) return '乡镇/学区级'; // '青山镇学区…', '秦安县青山镇…' (not 镇原县)
  if (/[县旗]|[^自治]区/.test(head)) return '县级';
  if (/[市州盟]|地区/.test(head)) return '市级';
  if (/省|自治区/.test(head)) return '省级';
  return null;
}

/** '第二十三届' / '23' / '第23届' → '第二十三届'. */
export function normalizeSession(s: string): string {
  const t = norm(s).replace(/\s/g, '');
  const m = /^第?(\d{1,3}|[一二三四五六七八九十百零〇两]{1,5})届?$/.exec(t);
  if (!m) return t;
  const n = smallNumber(m[1]) ?? (/^\d+$/.test(m[1]) ? Number(m[1]) : null);
  return n ? `第${chineseNum(n)}届` : t;
}
function chineseNum(n: number): string {
  const D = '零一二三四五六七八九';
  if (n < 10) return D[n];
  if (n < 20) return '十' + (n % 10 ? D[n % 10] : '');
  if (n < 100) return D[Math.floor(n / 10)] + '十' + (n % 10 ? D[n % 10] : '');
  return String(n);
}

/** 届次 written inside a competition name ('第二十三届天水市青少年科技创新大赛') → [name without it, 届次]. */
export function sessionInName(name: string): [string, string | null] {
  const m = /^(\d{4}年(?:度)?)?第(\d{1,3}|[一二三四五六七八九十百零〇两]{1,5})届/.exec(norm(name));
  if (!m) return [norm(name), null];
  return [norm(name).slice(m[0].length).trim() || norm(name), normalizeSession(`第${m[2]}届`)];
}

const pad = (n: number) => String(n).padStart(2, '0');
function valid(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/**
 * A date as teachers write it: 2024-05-12, 2024/5/12, 2024.5.12, 2024年5月12日, 20240512,
 * an Excel serial number, or just 2024年5月 / 2024.5 (first of the month). Null if unreadable.
 */
export function parseDate(s: string): string | null {
  const t = norm(s).replace(/\s/g, '');
  if (!t) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return valid(+m[1], +m[2], +m[3]);
  m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t);
  if (m) return valid(+m[1], +m[2], 1);
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    // Excel serial day (1900 system)
    const n = Math.floor(Number(t));
    if (n > 32874 && n < 73051) return new Date(Date.UTC(1899, 11, 30) + n * 86400000).toISOString().slice(0, 10);
  }
  return null;
}

/** '2024' / '2024年' / '2024年度' → 2024. */
export function parseYear(s: string): number | null {
  const m = /^(\d{4})(年度?)?$/.exec(norm(s).replace(/\s/g, ''));
  const y = m ? Number(m[1]) : NaN;
  return y >= 1990 && y <= 2100 ? y : null;
}

const CATEGORY_SYNONYMS: [RegExp, string][] = [
  [/科幻画|科学幻想|幻想绘画/, '少年儿童科学幻想绘画'],
  [/辅导员/, '科技辅导员科技教育创新成果'],
  [/实践活动/, '青少年科技实践活动'],
  [/创意/, '青少年科技创意'],
  [/创新成果|科技创新作品|发明创造/, '青少年科技创新成果'],
  [/^(科学)?DV|微电影/i, '科学DV'],
];

/** Known short names to the vocabulary's words ('科幻画' → '少年儿童科学幻想绘画'); others kept. */
export function normalizeCategory(s: string): string {
  const t = norm(s);
  if (!t || (WORK_CATEGORIES as readonly string[]).includes(t)) return t;
  for (const [re, c] of CATEGORY_SYNONYMS) if (re.test(t)) return c;
  return t;
}

/** A word of the 类别 vocabulary named in some text (a competition's name), or null. */
export function categoryIn(text: string): string | null {
  const t = norm(text);
  if (!t) return null;
  for (const [re, c] of CATEGORY_SYNONYMS) if (re.test(t)) return c;
  return (WORK_CATEGORIES as readonly string[]).find((c) => t.includes(c)) ?? null;
}

/** '2024年' / '2024年度' at the start of a competition's name → [rest, 2024]. */
export function yearInName(name: string): [string, number | null] {
  const m = /^(\d{4})年度?/.exec(name);
  if (!m) return [name, null];
  const y = Number(m[1]);
  return y >= 1990 && y <= 2100 && name.length > m[0].length ? [name.slice(m[0].length).trim(), y] : [name, null];
}

/**
 * The competition a 获奖名单's title names: '2024年第二十三届天水市青少年科技创新大赛获奖名单'
 * → { name: '天水市青少年科技创新大赛', session: '第二十三届', year: 2024 }. Null when the
 * title does not name a competition.
 */
export function competitionFromTitle(
  line: string,
): { name: string; session: string | null; year: number | null } | null {
  let t = norm(line).replace(/\s/g, '');
  t = t.replace(
    /[的]?(获奖|获奖作品|获奖学生|获奖情况|获奖结果|评选结果|评审结果|评比结果)?(名单|统计表|统计|一览表|汇总表|汇总|公示|情况表|登记表)$/,
    '',
  );
  t = t.replace(/[的]?(优秀(?:科技)?(?:辅导员|辅导教师|指导教师|指导老师|教练员?)|科技辅导员)(?:奖)?$/, '');
  if (!/(赛|评选|评比|科技节|科技周|展评|征文|作品展)/.test(t)) return null;
  const [rest, year] = yearInName(t);
  const [name, session] = sessionInName(rest);
  return name ? { name, session, year } : null;
}

// ---- facts read, never guessed -------------------------------------------------

/** Grade words a cell may hold, as written in real lists; anything else (a score, 中级) is no grade. */
const GRADE_WORDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/优秀组织单位/, () => '优秀组织单位'],
  [/(?:优秀)?组织奖/, () => '优秀组织奖'],
  [/(?:综合)?团体(?:总分)?(?:[特一二三]等奖|奖)/, (m) => m[0]],
  [/([特一二三])等奖?/, (m) => `${m[1]}等奖`],
  [/([金银铜])(?:奖|牌)/, (m) => `${m[1]}牌`],
  [/专项奖/, () => '专项奖'],
  [/优秀(?:科技)?(?:辅导员|辅导教师|指导教师|指导老师|教练员?)/, (m) => m[0]],
  [/优秀奖|优秀作品|^优秀$/, () => '优秀奖'],
  [/鼓励奖|入围奖|优胜奖|参与奖|最佳[\u4e00-\u9fff]{1,6}奖|第[一二三四五六七八九十\d]{1,3}名/, (m) => m[0]],
];

const LEVEL_IN_TEXT: [RegExp, string][] = [
  [/国家级|全国|国赛|国际/, '国家级'],
  [/省级|省赛|省部级|省/, '省级'],
  [/市级|市赛|地市级|州级|市/, '市级'],
  [/乡镇级|镇级|乡级|学区级|学区|乡镇|镇赛/, '乡镇/学区级'],
  [/县级|县赛|区级|区县级|县区级|县/, '县级'],
  [/校级|校赛/, '校级'],
];

/**
 * The grade (and a level) in an award cell: '一等奖', '市级一等奖', '省赛一等奖，推荐参加国赛'
 * → { grade: '一等奖', level: '省级' }. A number, an exam level or an empty cell has no grade.
 * The level is the one named before the grade ('省赛' here, not the '国赛' it may advance to).
 */
export function gradeIn(s: string): { grade: string; level: string } | null {
  const t = norm(s).replace(/\s/g, '');
  if (!t || /^[\d.]+分?$/.test(t)) return null;
  for (const [re, make] of GRADE_WORDS) {
    const m = re.exec(t);
    if (!m) continue;
    const before = t.slice(0, m.index);
    let level = '';
    if (before) {
      level = LEVEL_WORDS.find(([lre]) => lre.test(before))?.[1] ?? '';
      if (!level)
        for (const [lre, l] of LEVEL_IN_TEXT)
          if (lre.test(before)) {
            level = l;
            break;
          }
    }
    return { grade: make(m), level };
  }
  return null;
}

/** 初级 / 中级 / 高级 / 一级 …: the level of an exam, never the level of an award. */
export const isExamLevel = (s: string) =>
  /^(初级|中级|高级|[一二三四五六七八九十\d]{1,2}级|入门级|专业级|预备级)/.test(norm(s).replace(/\s/g, ''));

/** A level of the vocabulary ('市' → '市级'), or null when the cell names none. */
export function awardLevelOf(s: string): string | null {
  const l = normalizeLevel(s);
  return (AWARD_LEVELS as readonly string[]).includes(l) ? l : null;
}

/** The day a year alone stands for: the middle of that year, inside it whichever calendar a summary uses. */
export const dayOfYear = (y: number) => `${y}-06-30`;

export type DateClue = { date: string; text: string };

/**
 * A date a title row or a file name gives: '2016年5月' → 2016-05-01, '2016年5月20日' → that day,
 * '2019-2020学年' / '2019-2020年获奖' → 2020-06-30 (the spring of that 学年), '2021年' → 2021-06-30.
 */
export function dateClueIn(text: string): DateClue | null {
  const t = halfWidth(text).replace(/\s/g, '');
  let m = /(\d{4})[-—–~至到](\d{4})/.exec(t);
  if (m && Number(m[2]) === Number(m[1]) + 1 && sane(Number(m[2])))
    return { date: dayOfYear(Number(m[2])), text: m[0] };
  if (m) return null; // '2019-2022': several years, no one date
  m = /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/.exec(t);
  if (m && sane(+m[1])) {
    const d = m[3] ? valid(+m[1], +m[2], +m[3]) : valid(+m[1], +m[2], 1);
    if (d) return { date: d, text: m[0] };
  }
  m = /(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})/.exec(t);
  if (m && sane(+m[1])) {
    const d = valid(+m[1], +m[2], +m[3]);
    if (d) return { date: d, text: m[0] };
  }
  m = /(?:^|[^\d])((?:19|20)\d{2})(?:年度?|届|学年|$|[^\d])/.exec(t);
  if (m && sane(+m[1])) return { date: dayOfYear(Number(m[1])), text: m[1] };
  return null;
}
const sane = (y: number) => y >= 1990 && y <= 2100;

/** Dates an import accepts: 1990-01-01 up to one year from `today`. */
export function dateInRange(d: string, today: string): boolean {
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return d >= '1990-01-01' && d <= limit;
}

/** '清水县第六中学' / '清水六中': the same school? Whole names, one inside the other, or a short form (its characters in order, same first two). */
export function sameSchool(a: string, b: string): boolean {
  const x = norm(a).replace(/[\s()（）]/g, '');
  const y = norm(b).replace(/[\s()（）]/g, '');
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 4 && long.includes(short)) return true;
  if (short.length < 4 || short.slice(0, 2) !== long.slice(0, 2)) return false;
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length && /[中小学校院园]$/.test(short) && sameKind(short, long);
}
/** 六中 is a 中学, 一小 a 小学: a short form never names a school of the other kind. */
function sameKind(short: string, long: string): boolean {
  const kind = (s: string) => (/小学?$|小学/.test(s) ? 'x' : /中学?$|中学/.test(s) ? 'z' : '');
  const k1 = kind(short);
  const k2 = kind(long);
  return !k1 || !k2 || k1 === k2;
}

/** A cell that names a school rather than a pupil ('清水六中', '青山镇中心小学'). */
export const looksLikeSchool = (s: string) =>
  /(学校|小学|中学|中心校|完小|学院|幼儿园|[一二三四五六七八九十\d]{1,2}[中小])$/.test(norm(s).replace(/\s/g, ''));
