// activities.page: the 活动 list a page at a time, filtered in SQL, with the headings (学年 / 学期
// and their counts) of the whole list, so the page lays out 10,000 rows while holding only the ones
// it shows.
import type { z } from 'zod';
import type { ActivityPage, ActivityPageInput, ActivityRange, ActivityRangeInput } from '../../../shared/calls/lists';
import type { CalendarSettings } from '../../../shared/domain/calendar';
import { activityWhere, SUMMARY_SQL, toSummary } from '../activities/queries';
import type { Archive } from '../db/open';

type Input = z.output<typeof ActivityPageInput>;
type RangeInput = z.output<typeof ActivityRangeInput>;

/** 学年 (its start year) and 学期 (1, 2) of `a.start_date`, in SQL, under the calendar setting. */
export function periodSql(cal: CalendarSettings) {
  const year = `(CAST(substr(a.start_date,1,4) AS INTEGER) - (substr(a.start_date,6,5) < '${cal.autumnStart}'))`;
  const term = `(CASE WHEN a.start_date >= printf('%04d-%s', ${year} + 1, '${cal.springStart}') THEN 2 ELSE 1 END)`;
  return { year, term };
}

export function activityPage(a: Archive, i: Input): ActivityPage {
  const { where, params, cal } = activityWhere(a, i);
  const p = periodSql(cal);
  // A 学期 without a 学年: every year's first (or second) term.
  if (i.schoolYear === undefined && i.term !== undefined) {
    where.push(`${p.term}=?`);
    params.push(i.term);
  }
  const w = where.join(' AND ');
  const groups = a.db
    .prepare(
      `SELECT ${p.year} AS schoolYear, ${p.term} AS term, COUNT(*) AS count FROM activities a WHERE ${w}
    GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC`,
    )
    .all(...params) as { schoolYear: number; term: 1 | 2; count: number }[];
  const total = groups.reduce((s, g) => s + g.count, 0);
  const items = (
    a.db
      .prepare(`${SUMMARY_SQL} WHERE ${w} ORDER BY a.start_date DESC, a.id DESC LIMIT ? OFFSET ?`)
      .all(...params, i.limit, i.offset) as Record<string, unknown>[]
  ).map((r) => toSummary(a, r, cal));
  let located: number | null = null;
  if (i.locate) {
    const row = a.db
      .prepare(`SELECT a.start_date AS d, a.id FROM activities a WHERE ${w} AND a.id=?`)
      .get(...params, i.locate) as { d: string; id: string } | undefined;
    located = row
      ? (a.db
          .prepare(
            `SELECT COUNT(*) FROM activities a WHERE ${w} AND (a.start_date > ? OR (a.start_date = ? AND a.id > ?))`,
          )
          .pluck()
          .get(...params, row.d, row.d, row.id) as number)
      : -1;
  }
  return { offset: i.offset, items, total, groups, located };
}

/** activities.range: what the calendar shows for `from`…`to` (an activity counts on every day it runs). */
export function activityRange(a: Archive, i: RangeInput): ActivityRange {
  const { where, params, cal } = activityWhere(a, i);
  if (i.schoolYear === undefined && i.term !== undefined) {
    where.push(`${periodSql(cal).term}=?`);
    params.push(i.term);
  }
  where.push('a.start_date <= ? AND COALESCE(a.end_date, a.start_date) >= ?');
  params.push(i.to, i.from);
  const w = where.join(' AND ');
  const total = a.db
    .prepare(`SELECT COUNT(*) FROM activities a WHERE ${w}`)
    .pluck()
    .get(...params) as number;
  const items = (
    a.db.prepare(`${SUMMARY_SQL} WHERE ${w} ORDER BY a.start_date, a.id LIMIT ?`).all(...params, i.limit) as Record<
      string,
      unknown
    >[]
  ).map((r) => toSummary(a, r, cal));
  return { items, total };
}
