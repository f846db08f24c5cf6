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
  const total =
    items.length < f.limit
      ? items.length
      : (a.db
          .prepare(`SELECT COUNT(*) FROM activities a WHERE ${w}`)
          .pluck()
          .get(...params) as number);
  return { items, total };
}

export function listedPeople(a: Archive, f: z.output<typeof PeopleFilter>): Out<'people.list'> {
  const items = listPeople(a, f);
  if (items.length < f.limit) return { items, total: items.length };
  const { where, params } = peopleWhere(f);
  const total = a.db
    .prepare(`SELECT COUNT(*) FROM people WHERE ${where.join(' AND ')}`)
    .pluck()
    .get(...params) as number;
  return { items, total };
}

export function listedChanges(a: Archive, limit: number): Out<'changes.recent'> {
  const items = recentChanges(a, limit);
  const total =
    items.length < limit ? items.length : (a.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get() as number);
  return { items, total };
}
