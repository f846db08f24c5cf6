// The periods a summary covers: a 学期, a 学年, a calendar year (年度总结 for 科协), several
// 学年 ("四年来"), or any range of days. Each has a key (stored with saved drafts, used in URLs),
// dates, the words the text uses for it, and the previous period of the same kind.
import {
  schoolYearLabel,
  schoolYearRange,
  term,
  type CalendarSettings,
  DEFAULT_CALENDAR,
  type IsoDate,
  type TermNo,
} from './calendar';
import { chineseNumber, formatRangeZh } from './format';

export type PeriodSpec =
  | { kind: 'term'; year: number; term: TermNo }
  | { kind: 'year'; year: number }
  | { kind: 'calendar'; year: number }
  /** 学年 from `from` to `to` (start years, both included). */
  | { kind: 'years'; from: number; to: number }
  | { kind: 'range'; from: IsoDate; to: IsoDate };

export interface ResolvedPeriod {
  spec: PeriodSpec;
  key: string;
  from: IsoDate;
  to: IsoDate;
  /** '2025—2026学年第一学期', '2025—2026学年', '2025年度', '2022—2026学年', '2025年3月1日至6月30日'. */
  label: string;
  /** The document title: '2025—2026学年第一学期科技活动工作总结'. */
  title: string;
  /** How the text names this period: '本学期', '本学年', '本年度', '四年来', '这一时期'. */
  scope: string;
  /** And the previous one: '上学期', '上学年', '上一年度', '此前四年', '上一时期'. */
  previousScope: string;
  previous: PeriodSpec;
}

const YEAR_MIN = 1990,
  YEAR_MAX = 2100;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const okYear = (y: number) => Number.isInteger(y) && y >= YEAR_MIN && y <= YEAR_MAX;

function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86400000).toISOString().slice(0, 10);
}
const dayCount = (from: IsoDate, to: IsoDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000) + 1;
const validDate = (d: string) => DATE_RE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

export function periodKey(p: PeriodSpec): string {
  switch (p.kind) {
    case 'term':
      return `term:${p.year}-${p.year + 1}-${p.term}`;
    case 'year':
      return `year:${p.year}-${p.year + 1}`;
    case 'calendar':
      return `cal:${p.year}`;
    case 'years':
      return `years:${p.from}-${p.to + 1}`;
    case 'range':
      return `range:${p.from}..${p.to}`;
  }
}

/**
 * Reads a key: 'term:2025-2026-1', 'year:2025-2026', 'cal:2025', 'years:2022-2026' (four 学年
 * from 2022—2023 to 2025—2026), 'range:2025-03-01..2025-06-30'. The bare forms the CLI takes
 * ('2025-2026-1', '2025-2026', '2025') are read too. Returns null when the key is not valid.
 */
export function parsePeriod(key: string): PeriodSpec | null {
  const s = key.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(?:term:)?(\d{4})-(\d{4})-([12])$/.exec(s))) {
    const y = Number(m[1]);
    return Number(m[2]) === y + 1 && okYear(y) ? { kind: 'term', year: y, term: Number(m[3]) as TermNo } : null;
  }
  if ((m = /^(?:year:)?(\d{4})-(\d{4})$/.exec(s)) && !s.startsWith('years:')) {
    const y = Number(m[1]);
    return Number(m[2]) === y + 1 && okYear(y) ? { kind: 'year', year: y } : null;
  }
  if ((m = /^(?:cal:)?(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    return okYear(y) ? { kind: 'calendar', year: y } : null;
  }
  if ((m = /^years:(\d{4})-(\d{4})$/.exec(s))) {
    const from = Number(m[1]),
      to = Number(m[2]) - 1;
    return okYear(from) && okYear(to) && to >= from && to - from < 30 ? { kind: 'years', from, to } : null;
  }
  if ((m = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s))) {
    return validDate(m[1]) && validDate(m[2]) && m[1] <= m[2] ? { kind: 'range', from: m[1], to: m[2] } : null;
  }
  return null;
}

/** Words for a number of years: 2 → '两年来'. */
const yearsWord = (n: number) => `${n === 2 ? '两' : chineseNumber(n)}年来`;

export function resolvePeriod(p: PeriodSpec, cal: CalendarSettings = DEFAULT_CALENDAR): ResolvedPeriod {
  const key = periodKey(p);
  switch (p.kind) {
    case 'term': {
      const t = term(p.year, p.term, cal);
      return {
        spec: p,
        key,
        from: t.from,
        to: t.to,
        label: t.label,
        title: `${t.label}科技活动工作总结`,
        scope: '本学期',
        previousScope: '上学期',
        previous: p.term === 2 ? { kind: 'term', year: p.year, term: 1 } : { kind: 'term', year: p.year - 1, term: 2 },
      };
    }
    case 'year': {
      const r = schoolYearRange(p.year, cal);
      const label = schoolYearLabel(p.year);
      return {
        spec: p,
        key,
        ...r,
        label,
        title: `${label}科技活动工作总结`,
        scope: '本学年',
        previousScope: '上学年',
        previous: { kind: 'year', year: p.year - 1 },
      };
    }
    case 'calendar':
      return {
        spec: p,
        key,
        from: `${p.year}-01-01`,
        to: `${p.year}-12-31`,
        label: `${p.year}年度`,
        title: `${p.year}年度科技活动工作总结`,
        scope: '本年度',
        previousScope: '上一年度',
        previous: { kind: 'calendar', year: p.year - 1 },
      };
    case 'years': {
      const n = p.to - p.from + 1;
      const label = `${p.from}—${p.to + 1}学年`;
      return {
        spec: p,
        key,
        from: schoolYearRange(p.from, cal).from,
        to: schoolYearRange(p.to, cal).to,
        label,
        title: `${label}科技活动工作总结`,
        scope: yearsWord(n),
        previousScope: `此前${n === 2 ? '两' : chineseNumber(n)}年`,
        previous: { kind: 'years', from: p.from - n, to: p.to - n },
      };
    }
    case 'range': {
      const n = dayCount(p.from, p.to);
      const prevTo = addDays(p.from, -1);
      const label = formatRangeZh(p.from, p.to);
      return {
        spec: p,
        key,
        from: p.from,
        to: p.to,
        label,
        title: `${label}科技活动工作总结`,
        scope: '这一时期',
        previousScope: '上一时期',
        previous: { kind: 'range', from: addDays(prevTo, -(n - 1)), to: prevTo },
      };
    }
  }
}
