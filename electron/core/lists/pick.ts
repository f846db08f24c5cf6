// activities.pick / people.pick: what a searchable picker shows for the text typed — every record,
// graduates included, found by title/name or its pinyin (full or initials, the search index's own
// terms), newest first; with the count of all matches so the picker can say "还有 N 项".
import type { z } from 'zod';
import type { listsCalls, PickedActivity, PickedPerson } from '../../../shared/calls/lists';
import { classLabelOf, isGraduated } from '../../../shared/domain/calendar';
import { STAGES, type Stage } from '../../../shared/domain/vocab';
import type { Archive } from '../db/open';
import { today } from '../rows';
import { matchExpression, parseQuery } from '../search/terms';
import { calendarOf } from '../settings';

type ActivityInput = z.output<(typeof listsCalls)['activities.pick']['input']>;
type PeopleInput = z.output<(typeof listsCalls)['people.pick']['input']>;

/** Ids of the matching records of `kinds`, newest first, one page of them, and how many match. */
function matching(
  a: Archive,
  kinds: readonly string[],
  text: string,
  offset: number,
  limit: number,
): { ids: string[]; total: number } | null {
  const parts = parseQuery(text);
  if (!parts.length) return null;
  const from = `FROM search_titles f JOIN search_docs d ON d.doc=f.rowid
    WHERE f.search_titles MATCH @match AND d.kind IN (${kinds.map((k) => `'${k}'`).join(',')}) AND d.deleted=0`;
  const params = { match: matchExpression(parts, 'title'), limit, offset };
  const total = a.db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(params) as number;
  const ids = a.db
    .prepare(`SELECT d.entity_id ${from} ORDER BY d.date IS NULL, d.date DESC, d.doc DESC LIMIT @limit OFFSET @offset`)
    .pluck()
    .all(params) as string[];
  return { ids, total };
}

const ACTIVITY_COLS = 'id, title, start_date AS startDate, end_date AS endDate, type';

export function pickActivities(a: Archive, i: ActivityInput) {
  const byId = a.db.prepare(`SELECT ${ACTIVITY_COLS} FROM activities WHERE id=? AND deleted_at IS NULL`);
  const rows = (ids: readonly string[]) =>
    ids.map((id) => byId.get(id) as PickedActivity | undefined).filter((x): x is PickedActivity => !!x);
  const chosen = rows(i.ids);
  const m = matching(a, ['activity'], i.text, i.offset, i.limit);
  if (m) return { items: rows(m.ids), total: m.total, chosen };
  const total = a.db.prepare('SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL').pluck().get() as number;
  const items = a.db
    .prepare(
      `SELECT ${ACTIVITY_COLS} FROM activities WHERE deleted_at IS NULL ORDER BY start_date DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(i.limit, i.offset) as PickedActivity[];
  return { items, total, chosen };
}

export function pickPeople(a: Archive, i: PeopleInput) {
  const asOf = today(a);
  const cal = calendarOf(a);
  const toPerson = (r: Record<string, unknown>): PickedPerson => {
    const kind = r.kind as 'student' | 'teacher';
    const stage = ((r.stage as string | null) ?? STAGES[0]) as Stage;
    const gone = kind === 'student' && r.entry_year != null && isGraduated(stage, r.entry_year as number, asOf, cal);
    const label =
      kind === 'student' && r.entry_year != null
        ? classLabelOf(stage, r.entry_year as number, (r.class_no as number | null) ?? null, asOf, cal)
        : ((r.subject as string | null) ?? '');
    return { id: r.id as string, name: r.name as string, kind, label, graduated: gone || r.archived_at != null };
  };
  const byId = a.db.prepare('SELECT * FROM people WHERE id=? AND deleted_at IS NULL');
  const rows = (ids: readonly string[]) =>
    ids
      .map((id) => byId.get(id) as Record<string, unknown> | undefined)
      .filter((x): x is Record<string, unknown> => !!x)
      .map(toPerson);
  const chosen = rows(i.ids);
  const kinds = i.kind ? [i.kind] : ['student', 'teacher'];
  const m = matching(a, kinds, i.text, i.offset, i.limit);
  if (m) return { items: rows(m.ids), total: m.total, chosen };
  // No text: those at school first (teachers, then the youngest classes), then the graduates.
  const where = `deleted_at IS NULL AND kind IN (${kinds.map((k) => `'${k}'`).join(',')})`;
  const total = a.db.prepare(`SELECT COUNT(*) FROM people WHERE ${where}`).pluck().get() as number;
  const items = (
    a.db
      .prepare(
        `SELECT * FROM people WHERE ${where} ORDER BY archived_at IS NOT NULL, kind DESC, entry_year DESC, class_no, name, id LIMIT ? OFFSET ?`,
      )
      .all(i.limit, i.offset) as Record<string, unknown>[]
  ).map(toPerson);
  return { items, total, chosen };
}
