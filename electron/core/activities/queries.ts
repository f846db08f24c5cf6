// 活动: status, 改期 history, named participants and/or a head-count, teachers, tags.
import type { z } from 'zod';
import {
  schoolYearOf,
  schoolYearRange,
  termOf,
  term as termRange,
  type CalendarSettings,
} from '../../../shared/domain/calendar';
import type { ActivityFilter } from '../../../shared/calls/activities';
import type { Activity, ActivitySummary, Reschedule } from '../../../shared/schemas';
import type { ActivityInput as ActivityInputSchema } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { invalid, notFound } from '../errors';
import { assertLive, insertEntity, logChange, mapRow, nowIso, replaceOrdered, updateEntity } from '../rows';
import { calendarOf } from '../settings';
import { setTags, tagsOf } from '../tags/queries';
import { translate } from '../../../shared/i18n/messages';

type Parsed = z.output<typeof ActivityInputSchema>;

export const SUMMARY_SQL = `SELECT a.*,
  (SELECT COUNT(*) FROM activity_participants p WHERE p.activity_id=a.id) AS participant_count,
  (SELECT COUNT(*) FROM activity_reschedules r WHERE r.activity_id=a.id) AS reschedule_count,
  (SELECT COUNT(*) FROM media_links l JOIN media m ON m.id=l.media_id
     WHERE l.target_kind='activity' AND l.target_id=a.id AND m.kind='photo' AND m.deleted_at IS NULL) AS photo_count,
  (SELECT group_concat(name, '、') FROM (SELECT pe.name FROM activity_teachers t JOIN people pe ON pe.id=t.person_id
     WHERE t.activity_id=a.id ORDER BY t.position)) AS teacher_names
  FROM activities a`;

export function toSummary(
  a: Archive,
  r: Record<string, unknown>,
  cal: CalendarSettings = calendarOf(a),
): ActivitySummary {
  const row = mapRow<Record<string, unknown>>(r);
  const start = row.startDate as string;
  const { teacherNames, content: _c, process: _p, reflection: _r, ...rest } = row;
  return {
    ...(rest as Omit<ActivitySummary, 'teacherNames' | 'schoolYear' | 'term'>),
    teacherNames: teacherNames ? String(teacherNames).split('、') : [],
    schoolYear: schoolYearOf(start, cal),
    term: termOf(start, cal).term,
  };
}

function checkRefs(a: Archive, input: Parsed): void {
  for (const id of input.teacherIds) assertLive(a, 'people', id, translate('core.what.teacher'));
  const isStudent = a.db.prepare("SELECT 1 FROM people WHERE id=? AND kind='student' AND deleted_at IS NULL").pluck();
  for (const id of input.participantIds)
    if (!isStudent.get(id)) throw invalid(translate('core.activity.noParticipant', { id }), 'participantIds');
  assertLive(a, 'groups', input.groupId, translate('core.what.group'));
}

function columns(input: Parsed) {
  return {
    title: input.title,
    type: input.type,
    status: input.status,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    location: input.location ?? null,
    headCount: input.headCount ?? null,
    headCountNote: input.headCountNote ?? null,
    groupId: input.groupId ?? null,
    content: input.content ?? null,
    process: input.process ?? null,
    reflection: input.reflection ?? null,
  };
}

function writeChildren(a: Archive, id: string, input: Parsed): void {
  replaceOrdered(a, 'activity_teachers', 'activity_id', id, input.teacherIds);
  a.db.prepare('DELETE FROM activity_participants WHERE activity_id=?').run(id);
  const ins = a.db.prepare('INSERT OR IGNORE INTO activity_participants (activity_id, person_id) VALUES (?,?)');
  for (const pid of input.participantIds) ins.run(id, pid);
  setTags(a, 'activity', id, input.tags);
}

export function createActivity(a: Archive, input: Parsed): Activity {
  checkRefs(a, input);
  const id = insertEntity(a, 'activities', columns(input));
  writeChildren(a, id, input);
  logChange(a, 'activity', id, 'create', input.title);
  return getActivity(a, id);
}

export function updateActivity(a: Archive, id: string, input: Parsed): Activity {
  const before = getActivity(a, id);
  checkRefs(a, input);
  // Moving a planned activity's dates through the form is a 改期 too: keep the history.
  if (
    before.status === 'planned' &&
    (before.startDate !== input.startDate || (before.endDate ?? null) !== (input.endDate ?? null))
  ) {
    recordReschedule(a, before, input.startDate, input.endDate ?? null, null);
  }
  updateEntity(a, 'activities', id, columns(input));
  writeChildren(a, id, input);
  logChange(a, 'activity', id, 'update', input.title);
  return getActivity(a, id);
}

function recordReschedule(
  a: Archive,
  before: Activity,
  toStart: string,
  toEnd: string | null,
  reason: string | null,
): void {
  a.db
    .prepare(
      `INSERT INTO activity_reschedules (id, activity_id, from_start, from_end, to_start, to_end, reason, changed_at)
    VALUES (?,?,?,?,?,?,?,?)`,
    )
    .run(a.clock.newId(), before.id, before.startDate, before.endDate, toStart, toEnd, reason, nowIso(a));
}

/** 改期: only planned activities move; every move is kept. */
export function rescheduleActivity(
  a: Archive,
  id: string,
  startDate: string,
  endDate: string | null,
  reason: string | null,
): Activity {
  const before = getActivity(a, id);
  if (before.status !== 'planned') throw invalid(translate('core.activity.rescheduleOnlyPlanned'), 'status');
  if (endDate && endDate < startDate) throw invalid(translate('core.activity.endBeforeStart'), 'endDate');
  if (before.startDate === startDate && (before.endDate ?? null) === (endDate ?? null)) return before;
  recordReschedule(a, before, startDate, endDate, reason);
  updateEntity(a, 'activities', id, { startDate, endDate });
  logChange(a, 'activity', id, 'reschedule', `${before.startDate} → ${startDate}`);
  return getActivity(a, id);
}

export function setActivityStatus(a: Archive, id: string, status: Activity['status']): Activity {
  getActivity(a, id);
  updateEntity(a, 'activities', id, { status });
  logChange(a, 'activity', id, 'status', status);
  return getActivity(a, id);
}

export function getActivity(a: Archive, id: string): Activity {
  const row = a.db.prepare(`${SUMMARY_SQL} WHERE a.id=? AND a.deleted_at IS NULL`).get(id) as
    Record<string, unknown> | undefined;
  if (!row) throw notFound(translate('core.notFound.activity', { id }));
  const s = toSummary(a, row);
  return {
    ...s,
    content: (row.content as string | null) ?? null,
    process: (row.process as string | null) ?? null,
    reflection: (row.reflection as string | null) ?? null,
    teacherIds: a.db
      .prepare('SELECT person_id FROM activity_teachers WHERE activity_id=? ORDER BY position')
      .pluck()
      .all(id) as string[],
    participantIds: a.db
      .prepare('SELECT person_id FROM activity_participants WHERE activity_id=? ORDER BY person_id')
      .pluck()
      .all(id) as string[],
    tags: tagsOf(a, 'activity', id),
    reschedules: (
      a.db.prepare('SELECT * FROM activity_reschedules WHERE activity_id=? ORDER BY changed_at, id').all(id) as Record<
        string,
        unknown
      >[]
    ).map((r) => {
      const { activityId: _x, ...rest } = mapRow<Reschedule & { activityId: string }>(r);
      return rest;
    }),
  };
}

/** The filter as SQL over `activities a` (shared by activities.list and activities.page). */
export function activityWhere(
  a: Archive,
  f: Omit<z.output<typeof ActivityFilter>, 'limit'> & { ids?: readonly string[] },
): { where: string[]; params: unknown[]; cal: CalendarSettings } {
  const where = ['a.deleted_at IS NULL'];
  const params: unknown[] = [];
  const cal = calendarOf(a); // once per list, not once per row: lists reach 10,000 rows
  if (f.ids) {
    where.push('a.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.ids));
  }
  if (f.schoolYear !== undefined) {
    // 学年/学期 are date ranges under the calendar setting: filter in SQL so the index on start_date is used.
    const r = f.term !== undefined ? termRange(f.schoolYear, f.term, cal) : schoolYearRange(f.schoolYear, cal);
    where.push('a.start_date BETWEEN ? AND ?');
    params.push(r.from, r.to);
  }
  if (f.type) {
    where.push('a.type=?');
    params.push(f.type);
  }
  if (f.status) {
    where.push('a.status=?');
    params.push(f.status);
  }
  if (f.groupId) {
    // An activity belongs to a 小组 when it names it, or when a member of it took part.
    where.push(`(a.group_id=? OR EXISTS (SELECT 1 FROM activity_participants ap JOIN group_members gm ON gm.person_id=ap.person_id
      WHERE ap.activity_id=a.id AND gm.group_id=? AND gm.joined_on<=a.start_date AND (gm.left_on IS NULL OR gm.left_on>=a.start_date)))`);
    params.push(f.groupId, f.groupId);
  }
  if (f.teacherId) {
    where.push('EXISTS (SELECT 1 FROM activity_teachers t WHERE t.activity_id=a.id AND t.person_id=?)');
    params.push(f.teacherId);
  }
  if (f.text) {
    const t = `%${f.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    where.push(
      "(a.title LIKE ? ESCAPE '\\' OR a.location LIKE ? ESCAPE '\\' OR a.content LIKE ? ESCAPE '\\' OR a.process LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM tag_links l JOIN tags g ON g.id=l.tag_id WHERE l.target_kind='activity' AND l.target_id=a.id AND g.name LIKE ? ESCAPE '\\'))",
    );
    params.push(t, t, t, t, t);
  }
  return { where, params, cal };
}

/** `ids` (internal, not in the contract) narrows the list to given activities (a person's record).
 * At most `limit` rows (every one without it: the Excel export, a person's record). */
export function listActivities(
  a: Archive,
  f: Omit<z.output<typeof ActivityFilter>, 'limit'> & { limit?: number; ids?: readonly string[] },
): ActivitySummary[] {
  const { where, params, cal } = activityWhere(a, f);
  const rows = a.db
    .prepare(`${SUMMARY_SQL} WHERE ${where.join(' AND ')} ORDER BY a.start_date DESC, a.id DESC LIMIT ?`)
    .all(...params, f.limit ?? -1) as Record<string, unknown>[];
  const list = rows.map((r) => toSummary(a, r, cal));
  return f.schoolYear === undefined && f.term !== undefined ? list.filter((x) => x.term === f.term) : list;
}
