// Reading the 班级 a teacher wrote: '五年级(2)班', '五（2）班', '5.2', '五(2)', '初一3班', '高二(1)班',
// '2021级2班', or just '2班' when 年级 is in its own column. The inverse of classLabelOf in calendar.ts;
// the 入学年份 comes from entryYearFromGrade for the date the sheet is about.
import { entryYearFromGrade, gradeNames, type CalendarSettings, type IsoDate } from './calendar';
import type { Stage } from './vocab';

export interface ParsedClass {
  stage: Stage | null;
  /** 年级 within the stage, 1-based (五年级 → 5, 初二 → 2). */
  gradeNo: number | null;
  classNo: number | null;
  /** Only when written explicitly ('2021级'). */
  entryYear: number | null;
}

const CN_DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** '3' / '三' / '十二' / '二十' → number; null if not a small number. */
export function smallNumber(s: string): number | null {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十]{1,3}$/.test(s)) return null;
  if (s === '十') return 10;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 ? CN_DIGIT[s] : null;
  const tens = i === 0 ? 1 : CN_DIGIT[s.slice(0, i)];
  const ones = i === s.length - 1 ? 0 : CN_DIGIT[s.slice(i + 1)];
  return tens === undefined || ones === undefined ? null : tens * 10 + ones;
}

/** Full-width letters, digits and brackets to half-width; drops blanks. */
export function halfWidth(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0]/g, ' ')
    .replace(/[【〔［]/g, '(')
    .replace(/[】〕］]/g, ')');
}

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
// grade prefix, then an optional class part; 'sep' tells whether the two were visibly apart.
const GRADE_CLASS = new RegExp(`^(初中|初|高中|高)?${NUM}(年级|年)?(?:([.\\-·_/、,]|\\()?${NUM}\\)?(班)?)?$`);

/** Parses a class label; null when it cannot be read without guessing. */
/** A class column's text as the class part of a label: '2' / '2班' / '(二)' → '(2)班' / '(二)班';
 * anything else unchanged. For a 年级 written in a column of its own ('五年级' + '2'). */
export function classPartLabel(cls: string): string {
  return cls.replace(/^\(?(\d{1,2}|[一二三四五六七八九十]{1,3})\)?班?$/, '($1)班');
}

export function parseClassLabel(text: string): ParsedClass | null {
  // '2019级(已毕业)' is how classLabelOf writes a graduate: the entry year is all it says.
  const s = halfWidth(text)
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\(已毕业\)$/, '');
  if (!s) return null;

  // '2021级', '2021级(2)班'. ('2021届' is the year they leave: not read, the teacher is asked instead.)
  let m = /^(\d{4})级(?:\(?(\d{1,2}|[一二三四五六七八九十]{1,3})\)?班?)?$/.exec(s);
  if (m) return { stage: null, gradeNo: null, classNo: m[2] ? smallNumber(m[2]) : null, entryYear: Number(m[1]) };

  // Class only: '2班', '(2)班', '二班'.
  m = /^\(?(\d{1,2}|[一二三四五六七八九十]{1,3})\)?班$/.exec(s);
  if (m) return { stage: null, gradeNo: null, classNo: smallNumber(m[1]), entryYear: null };

  m = GRADE_CLASS.exec(s);
  if (!m) return null;
  const [, prefix, gradeText, yearWord, sep, classText, banWord] = m;
  const g = smallNumber(gradeText);
  if (g === null || g < 1) return null;
  // '52' could be 五年级2班 or 52班: without 年级, a separator, brackets or 班 we do not guess.
  if (classText && !yearWord && !sep && !banWord && !s.includes('(')) return null;
  if (!classText && !yearWord && !prefix) return null; // a bare '5' is a class number, not a grade
  let stage: Stage;
  let gradeNo: number;
  if (prefix === '初' || prefix === '初中') {
    stage = '初中';
    gradeNo = g;
  } else if (prefix === '高' || prefix === '高中') {
    stage = '高中';
    gradeNo = g;
  } else if (g <= 6) {
    stage = '小学';
    gradeNo = g;
  } else if (g <= 9) {
    stage = '初中';
    gradeNo = g - 6;
  } else return null;
  if (gradeNo > gradeNames(stage).length) return null;
  const classNo = classText ? smallNumber(classText) : null;
  if (classText && (classNo === null || classNo < 1 || classNo > 50)) return null;
  return { stage, gradeNo, classNo, entryYear: null };
}

/** 入学年份 of a parsed class seen on `asOf` (the date the sheet is about). */
export function entryYearOf(p: ParsedClass, asOf: IsoDate, cal?: CalendarSettings): number | null {
  if (p.entryYear) return p.entryYear;
  if (!p.stage || !p.gradeNo) return null;
  return entryYearFromGrade(p.stage, gradeNames(p.stage)[p.gradeNo - 1], asOf, cal);
}
