// activities.list / people.list / changes.recent: at most `limit` rows, and `total`, every match — a list cut at its
// limit says how many it left out (the caller pages, or shows "还有 N 项").
import type { z } from 'zod';
import type { contract } from '../../../shared/contract';
import type { ActivityFilter } from '../../../shared/calls/activities';
import type { PeopleFilter } from '../../../shared/calls/people';
import { activityWhere, SUMMARY_SQL, toSummary } from '../activities/queries';
import type { Archive } from '../db/open';
import { recentChanges } from '../changelog';
import { listPeople, peopleWhere } from '../people/queries';
import { periodSql } from './page';

type Out<N extends keyof typeof contract> = z.output<(typeof contract)[N]['output']>;

/** `items` read with `limit`, and how many match: counted only when the limit was reached. */
const counted = <T>(items: T[], limit: number, count: () => number) => ({
  items,
  total: items.length < limit ? items.length : count(),
});

export function listedActivities(a: Archive, f: z.output<typeof ActivityFilter>): Out<'activities.list'> {
  const { where, params, cal } = activityWhere(a, f);
  // A 学期 without a 学年 (every year's first or second term), in SQL so the limit and the count agree.
  if (f.schoolYear === undefined && f.term !== undefined) {
    where.push(`${periodSql(cal).term}=?`);
    params.push(f.term);
  }
  const w = where.join(' AND ');
  const items = (
    a.db
      .prepare(`${SUMMARY_SQL} WHERE ${w} ORDER BY a.start_date DESC, a.id DESC LIMIT ?`)
      .all(...params, f.limit) as Record<string, unknown>[]
  ).map((r) => toSummary(a, r, cal));
  return counted(
    items,
    f.limit,
    () =>
      a.db
        .prepare(`SELECT COUNT(*) FROM activities a WHERE ${w}`)
        .pluck()
        .get(...params) as number,
  );
}

export function listedPeople(a: Archive, f: z.output<typeof PeopleFilter>): Out<'people.list'> {
  return counted(listPeople(a, f), f.limit, () => {
    const { where, params } = peopleWhere(f);
    return a.db
      .prepare(`SELECT COUNT(*) FROM people WHERE ${where.join(' AND ')}`)
      .pluck()
      .get(...params) as number;
  });
}

export function listedChanges(a: Archive, limit: number): Out<'changes.recent'> {
  return counted(
    recentChanges(a, limit),
    limit,
    () => a.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get() as number,
  );
}
