// The school calendar: 学年 runs 1 September – 31 August; 第一学期 autumn, 第二学期 spring.
// Term start dates differ by province, so they are settings (month-day strings).
import type { Stage } from './vocab';

export interface CalendarSettings {
  /** First day of 第一学期, 'MM-DD'. Default '09-01' (the 学年 starts here too). */
  autumnStart: string;
  /** First day of 第二学期, 'MM-DD'. Default '02-01'. */
  springStart: string;
}
export const DEFAULT_CALENDAR: CalendarSettings = { autumnStart: '09-01', springStart: '02-01' };

export type IsoDate = string; // 'YYYY-MM-DD'

const pad = (n: number) => String(n).padStart(2, '0');
export function isoDate(y: number, m: number, d: number): IsoDate {
  return `${y}-${pad(m)}-${pad(d)}`;
}
function addDays(date: IsoDate, days: number): IsoDate {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Start year of the 学年 containing `date` (2025 for 2025—2026学年). */
export function schoolYearOf(date: IsoDate, cal: CalendarSettings = DEFAULT_CALENDAR): number {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= cal.autumnStart ? y : y - 1;
}
export function schoolYearLabel(startYear: number): string {
  return `${startYear}—${startYear + 1}学年`;
}
export function schoolYearRange(startYear: number, cal: CalendarSettings = DEFAULT_CALENDAR) {
  const from = `${startYear}-${cal.autumnStart}`;
  return { from, to: addDays(`${startYear + 1}-${cal.autumnStart}`, -1) };
}

export type TermNo = 1 | 2;
export interface Term {
  year: number;
  term: TermNo;
  key: string;
  label: string;
  from: IsoDate;
  to: IsoDate;
}

export function termOf(date: IsoDate, cal: CalendarSettings = DEFAULT_CALENDAR): Term {
  const year = schoolYearOf(date, cal);
  const springStart = `${year + 1}-${cal.springStart}`;
  return term(year, date >= springStart ? 2 : 1, cal);
}

export function term(year: number, no: TermNo, cal: CalendarSettings = DEFAULT_CALENDAR): Term {
  const springStart = `${year + 1}-${cal.springStart}`;
  const yr = schoolYearRange(year, cal);
  const from = no === 1 ? yr.from : springStart;
  const to = no === 1 ? addDays(springStart, -1) : yr.to;
  return {
    year,
    term: no,
    key: `${year}-${year + 1}-${no}`,
    label: `${schoolYearLabel(year)}${no === 1 ? '第一学期' : '第二学期'}`,
    from,
    to,
  };
}

/** Parses '2025-2026-1' (学期) or '2025-2026' (学年). */
export function parsePeriodKey(key: string): { year: number; term?: TermNo } | null {
  const m = /^(\d{4})-(\d{4})(?:-([12]))?$/.exec(key);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) return null;
  return { year: Number(m[1]), term: m[3] ? (Number(m[3]) as TermNo) : undefined };
}

const GRADE_NAMES: Record<Stage, readonly string[]> = {
  小学: ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'],
  初中: ['七年级', '八年级', '九年级'],
  高中: ['高一', '高二', '高三'],
};

/** Years of a school stage (小学 6, 初中 3, 高中 3; no stage: 小学): the one place they are written. */
export const stageYears = (stage: string | null | undefined): number =>
  GRADE_NAMES[(stage ?? '小学') as Stage]?.length ?? GRADE_NAMES['小学'].length;

/** At school on `date`: 年级 within the stage (neither 未入学 nor 已毕业). */
export function atSchoolOn(
  stage: string | null | undefined,
  entryYear: number,
  date: IsoDate,
  cal: CalendarSettings = DEFAULT_CALENDAR,
): boolean {
  const g = gradeNumberOf(entryYear, date, cal);
  return g >= 1 && g <= stageYears(stage);
}

/** Past the last 年级 of the stage on `date` (已毕业): the one test for a graduate. */
export function isGraduated(
  stage: string | null | undefined,
  entryYear: number,
  date: IsoDate,
  cal: CalendarSettings = DEFAULT_CALENDAR,
): boolean {
  return gradeNumberOf(entryYear, date, cal) > stageYears(stage);
}

/** stageYears in SQL, for a `stage` column (the same numbers, written from the same table). */
export const stageYearsSql = (col: string): string =>
  `(CASE ${col} ${Object.keys(GRADE_NAMES)
    .map((s) => `WHEN '${s}' THEN ${stageYears(s)}`)
    .join(' ')} ELSE ${stageYears(null)} END)`;

/** 年级 number (1-based within the stage) on `date` for a student who entered in `entryYear`. */
export function gradeNumberOf(entryYear: number, date: IsoDate, cal: CalendarSettings = DEFAULT_CALENDAR): number {
  return schoolYearOf(date, cal) - entryYear + 1;
}

/** 年级 label on `date`: '五年级', or '已毕业' / '未入学' outside the stage. */
export function gradeLabelOf(
  stage: Stage,
  entryYear: number,
  date: IsoDate,
  cal: CalendarSettings = DEFAULT_CALENDAR,
): string {
  const n = gradeNumberOf(entryYear, date, cal);
  const names = GRADE_NAMES[stage];
  if (n < 1) return '未入学';
  if (n > names.length) return '已毕业';
  return names[n - 1];
}

/** Class label '五年级(2)班' on `date`. */
export function classLabelOf(
  stage: Stage,
  entryYear: number,
  classNo: number | null,
  date: IsoDate,
  cal?: CalendarSettings,
): string {
  const g = gradeLabelOf(stage, entryYear, date, cal);
  if (g === '已毕业') return `${entryYear}级(已毕业)`;
  return classNo ? `${g}(${classNo})班` : g;
}

/** Inverse: entry year from a 年级 label seen on `date` ('五年级' in 2025—2026 → 2021). */
export function entryYearFromGrade(
  stage: Stage,
  gradeLabel: string,
  date: IsoDate,
  cal?: CalendarSettings,
): number | null {
  const idx = GRADE_NAMES[stage].indexOf(gradeLabel);
  if (idx < 0) return null;
  return schoolYearOf(date, cal) - idx;
}
export function gradeNames(stage: Stage): readonly string[] {
  return GRADE_NAMES[stage];
}
