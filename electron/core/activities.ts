// 活动: status, 改期 history, named participants and/or a head-count, teachers, tags.
import type { z } from 'zod';
import { schoolYearOf, termOf } from '../../shared/domain/calendar';
import type { ActivityFilter } from '../../shared/contract';
import type { Activity, ActivitySummary, Reschedule } from '../../shared/schemas';
import type { ActivityInput as ActivityInputSchema } from '../../shared/schemas';
import type { Archive } from './db/open';
import { invalid, notFound } from './errors';
import { assertLive, insertEntity, logChange, mapRow, nowIso, replaceOrdered, updateEntity } from './rows';
import { calendarOf } from './settings';
import { setTags, tagsOf } from './tags';

type Parsed = z.output<typeof ActivityInputSchema>;

const SUMMARY_SQL = `SELECT a.*,
  (SELECT COUNT(*) FROM activity_participants p WHERE p.activity_id=a.id) AS participant_count,
  (SELECT COUNT(*) FROM activity_reschedules r WHERE r.activity_id=a.id) AS reschedule_count,
  (SELECT COUNT(*) FROM media_links l JOIN media m ON m.id=l.media_id
     WHERE l.target_kind='activity' AND l.target_id=a.id AND m.kind='photo' AND m.deleted_at IS NULL) AS photo_count,
  (SELECT group_concat(name, '、') FROM (SELECT pe.name FROM activity_teachers t JOIN people pe ON pe.id=t.person_id
     WHERE t.activity_id=a.id ORDER BY t.position)) AS teacher_names
  FROM activities a`;

function toSummary(a: Archive, r: Record<string, unknown>): ActivitySummary {
  const row = mapRow<Record<string, unknown>>(r);
  const cal = calendarOf(a);
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
  for (const id of input.teacherIds) assertLive(a, 'people', id, '教师');
  const isStudent = a.db.prepare("SELECT 1 FROM people WHERE id=? AND kind='student' AND deleted_at IS NULL").pluck();
  for (const id of input.participantIds) if (!isStudent.get(id)) throw invalid(`参与学生不存在：${id}`, 'participantIds');
  assertLive(a, 'groups', input.groupId, '小组');
}

function columns(input: Parsed) {
  return {
    title: input.title, type: input.type, status: input.status, startDate: input.startDate, endDate: input.endDate ?? null,
    location: input.location ?? null, headCount: input.headCount ?? null, headCountNote: input.headCountNote ?? null,
    groupId: input.groupId ?? null, content: input.content ?? null, process: input.process ?? null, reflection: input.reflection ?? null,
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
  if (before.status === 'planned' && (before.startDate !== input.startDate || (before.endDate ?? null) !== (input.endDate ?? null))) {
    recordReschedule(a, before, input.startDate, input.endDate ?? null, null);
  }
  updateEntity(a, 'activities', id, columns(input));
  writeChildren(a, id, input);
  logChange(a, 'activity', id, 'update', input.title);
  return getActivity(a, id);
}

function recordReschedule(a: Archive, before: Activity, toStart: string, toEnd: string | null, reason: string | null): void {
  a.db.prepare(`INSERT INTO activity_reschedules (id, activity_id, from_start, from_end, to_start, to_end, reason, changed_at)
    VALUES (?,?,?,?,?,?,?,?)`).run(a.clock.newId(), before.id, before.startDate, before.endDate, toStart, toEnd, reason, nowIso(a));
}

/** 改期: only planned activities move; every move is kept. */
export function rescheduleActivity(a: Archive, id: string, startDate: string, endDate: string | null, reason: string | null): Activity {
  const before = getActivity(a, id);
  if (before.status !== 'planned') throw invalid('只有“计划中”的活动可以改期', 'status');
  if (endDate && endDate < startDate) throw invalid('结束日期不能早于开始日期', 'endDate');
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
  const row = a.db.prepare(`${SUMMARY_SQL} WHERE a.id=? AND a.deleted_at IS NULL`).get(id) as Record<string, unknown> | undefined;
  if (!row) throw notFound(`活动 ${id}`);
  const s = toSummary(a, row);
  return {
    ...s,
    content: (row.content as string | null) ?? null,
    process: (row.process as string | null) ?? null,
    reflection: (row.reflection as string | null) ?? null,
    teacherIds: a.db.prepare('SELECT person_id FROM activity_teachers WHERE activity_id=? ORDER BY position').pluck().all(id) as string[],
    participantIds: a.db.prepare('SELECT person_id FROM activity_participants WHERE activity_id=? ORDER BY person_id').pluck().all(id) as string[],
    tags: tagsOf(a, 'activity', id),
    reschedules: (a.db.prepare('SELECT * FROM activity_reschedules WHERE activity_id=? ORDER BY changed_at, id').all(id) as Record<string, unknown>[])
      .map((r) => { const { activityId: _x, ...rest } = mapRow<Reschedule & { activityId: string }>(r); return rest; }),
  };
}

export function listActivities(a: Archive, f: z.output<typeof ActivityFilter>): ActivitySummary[] {
  const where = ['a.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.type) { where.push('a.type=?'); params.push(f.type); }
  if (f.status) { where.push('a.status=?'); params.push(f.status); }
  if (f.groupId) { where.push('a.group_id=?'); params.push(f.groupId); }
  if (f.teacherId) { where.push('EXISTS (SELECT 1 FROM activity_teachers t WHERE t.activity_id=a.id AND t.person_id=?)'); params.push(f.teacherId); }
  if (f.text) {
    const t = `%${f.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    where.push("(a.title LIKE ? ESCAPE '\\' OR a.location LIKE ? ESCAPE '\\' OR a.content LIKE ? ESCAPE '\\')");
    params.push(t, t, t);
  }
  const rows = a.db.prepare(`${SUMMARY_SQL} WHERE ${where.join(' AND ')} ORDER BY a.start_date DESC, a.id DESC`).all(...params) as Record<string, unknown>[];
  let list = rows.map((r) => toSummary(a, r));
  if (f.schoolYear !== undefined) list = list.filter((x) => x.schoolYear === f.schoolYear);
  if (f.term !== undefined) list = list.filter((x) => x.term === f.term);
  return list.slice(0, f.limit);
}
