// What the offline viewer shows, read from the export's snapshot (already pruned and masked)
// with the same entity modules the app uses, so labels and counts match what the teacher sees.
import { schoolYearLabel } from '../../../shared/domain/calendar';
import { formatDateZh, formatRangeZh } from '../../../shared/domain/format';
import type { ViewerActivity, ViewerAward, ViewerData, ViewerMedia, ViewerWork } from '../../../resources/viewer/types';
import type { Archive } from '../db/open';
import { getActivity, listActivities } from '../activities';
import { listAwards } from '../awards';
import { getSettings } from '../settings';
import { listWorks } from '../works';

/** The date on the teacher's wall calendar (the package name uses it too). */
export const localIsoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const STATUS: Record<string, string> = { planned: '计划中', done: '已完成', cancelled: '已取消' };

/** `displayRel`: a HEIC's display JPEG in the package (the viewer shows it instead of the HEIC). */
export interface IncludedMedia { id: string; rel: string; thumbRel: string | null; displayRel?: string | null }

/** `media`: the media files written into the package (id → relative paths). */
export function buildViewerData(s: Archive, media: ReadonlyMap<string, IncludedMedia>, meta: { exportedAt: Date; scopeLabel: string; maskedNames: boolean }): ViewerData {
  const list: ViewerMedia[] = [];
  const index = new Map<string, number>();
  const hasRotation = (s.db.prepare("SELECT COUNT(*) FROM pragma_table_info('media') WHERE name='rotation'").pluck().get() as number) > 0;
  const mediaRow = s.db.prepare(`SELECT id, kind, original_name, caption, taken_at, ${hasRotation ? 'rotation' : '0 AS rotation'} FROM media WHERE id=? AND deleted_at IS NULL`);
  const ref = (id: string | null | undefined): number | null => {
    if (!id) return null;
    if (index.has(id)) return index.get(id)!;
    const inc = media.get(id);
    const r = inc && (mediaRow.get(id) as { kind: ViewerMedia['kind']; original_name: string; caption: string | null; taken_at: string | null; rotation: number } | undefined);
    if (!inc || !r) return null;
    list.push({ src: inc.displayRel ?? inc.rel, thumb: inc.thumbRel, kind: r.kind, name: r.original_name, caption: r.caption, date: r.taken_at?.slice(0, 10) ?? null, rotation: r.rotation ?? 0 });
    index.set(id, list.length - 1);
    return list.length - 1;
  };
  const linked = s.db.prepare(`SELECT l.media_id FROM media_links l JOIN media m ON m.id=l.media_id
    WHERE l.target_kind=? AND l.target_id=? AND m.deleted_at IS NULL ORDER BY l.position, m.taken_at, m.id`).pluck();
  const mediaOf = (kind: string, id: string, first?: string | null) => {
    const ids = [first, ...(linked.all(kind, id) as string[])];
    return [...new Set(ids.map(ref).filter((i): i is number => i !== null))];
  };
  const nameOf = s.db.prepare('SELECT name FROM people WHERE id=?').pluck();
  const groupName = s.db.prepare('SELECT name FROM groups WHERE id=? AND deleted_at IS NULL').pluck();

  const activities: ViewerActivity[] = listActivities(s, { limit: 20000 }).map((summary) => {
    const a = getActivity(s, summary.id);
    return {
      id: a.id, title: a.title, type: a.type, status: STATUS[a.status] ?? a.status,
      dateLabel: formatRangeZh(a.startDate, a.endDate), startDate: a.startDate,
      schoolYear: schoolYearLabel(a.schoolYear), term: a.term === 1 ? '第一学期' : '第二学期',
      location: a.location, teachers: a.teacherNames,
      participants: a.participantIds.map((p) => (nameOf.get(p) as string | undefined) ?? '').filter(Boolean),
      headCount: a.headCount ? `${a.headCountNote ?? ''}${a.headCount} 人` : null,
      group: a.groupId ? ((groupName.get(a.groupId) as string | undefined) ?? null) : null,
      content: a.content, process: a.process, reflection: a.reflection, tags: a.tags,
      media: mediaOf('activity', a.id, a.coverMediaId),
      reschedules: a.reschedules.map((r) => `${formatRangeZh(r.fromStart, r.fromEnd)} → ${formatRangeZh(r.toStart, r.toEnd)}${r.reason ? `（${r.reason}）` : ''}`),
    };
  });

  const works: ViewerWork[] = listWorks(s).map((w) => ({
    id: w.id, title: w.title, category: w.category, subject: w.subject, stage: w.stage,
    authors: w.authorNames, advisors: w.advisorNames,
    group: w.groupId ? ((groupName.get(w.groupId) as string | undefined) ?? null) : null,
    summary: w.summary, best: w.bestLevel, media: mediaOf('work', w.id),
  })).sort((x, y) => x.title.localeCompare(y.title, 'zh-CN'));

  const awards: ViewerAward[] = listAwards(s, {}).map((x) => ({
    id: x.id, date: x.awardedOn, dateLabel: formatDateZh(x.awardedOn),
    competition: `${x.competitionSession ?? ''}${x.competitionName ?? ''}`,
    level: x.level, grade: x.grade, category: x.category,
    recipient: x.recipientKind === 'work' ? `《${x.workTitle ?? ''}》` : x.recipientKind === 'person' ? (x.personName ?? '') : '学校',
    students: x.studentNames, advisors: x.advisorNames, certificateNo: x.certificateNo,
    media: mediaOf('award', x.id, x.certificateMediaId),
  }));

  // Photos that belong to no record still appear in the gallery.
  for (const id of media.keys()) ref(id);

  return {
    school: getSettings(s).schoolName, exportedAt: formatDateZh(localIsoDate(meta.exportedAt)),
    scopeLabel: meta.scopeLabel, maskedNames: meta.maskedNames, activities, works, awards, media: list,
  };
}

/** data.js: a classic script (Chromium refuses fetch() and modules from file://). */
export function dataScript(data: ViewerData): string {
  // '<' escaped so no text in the archive can close a script element if it is ever inlined.
  return `window.KEJI_DATA = ${JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')};\n`;
}
