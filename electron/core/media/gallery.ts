// 相册: the archive's media in groups (学年 / month / activity) with filters, one page at a time,
// so the gallery stays quick at 20,000 photos. Groups and pages come from one query builder, so
// the page at offset N is exactly the N-th tile under the headings `mediaGroups` returns.
import type { z } from 'zod';
import type {
  Certificate,
  MediaDetail,
  MediaFilter,
  MediaGroup,
  MediaItem,
  MediaLinkInfo,
  Rotation,
  TakenTime,
} from '../../../shared/calls/media';
import type { MediaFilter as MediaFilterSchema } from '../../../shared/calls/media';
import { schoolYearRange } from '../../../shared/domain/calendar';
import { translate } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { listAwards } from '../awards/queries';
import { invalid, notFound } from '../errors';
import { logChange, nowIso, updateEntity } from '../rows';
import { calendarOf } from '../settings';

type Filter = z.output<typeof MediaFilterSchema>;

const DATE = 'COALESCE(m.taken_at, m.created_at)';

interface Built {
  from: string;
  where: string;
  key: string;
  groupOrder: string;
  title: string;
  date: string;
  params: Record<string, unknown>;
}

function build(a: Archive, f: Filter): Built {
  const cal = calendarOf(a);
  const params: Record<string, unknown> = { autumn: cal.autumnStart };
  const where = ['m.deleted_at IS NULL'];
  let from = 'media m';
  if (f.kind) {
    where.push('m.kind=@kind');
    params.kind = f.kind;
  }
  if (f.activityId) {
    where.push(
      "EXISTS (SELECT 1 FROM media_links x WHERE x.media_id=m.id AND x.target_kind='activity' AND x.target_id=@activityId)",
    );
    params.activityId = f.activityId;
  }
  if (f.target) {
    where.push(
      'EXISTS (SELECT 1 FROM media_links x WHERE x.media_id=m.id AND x.target_kind=@tkind AND x.target_id=@tid)',
    );
    params.tkind = f.target.kind;
    params.tid = f.target.id;
  }
  if (f.personId) {
    where.push(`EXISTS (SELECT 1 FROM media_links x WHERE x.media_id=m.id AND (
      (x.target_kind='person' AND x.target_id=@personId)
      OR (x.target_kind='activity' AND (EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id=x.target_id AND p.person_id=@personId)
                                     OR EXISTS (SELECT 1 FROM activity_teachers t WHERE t.activity_id=x.target_id AND t.person_id=@personId)))
      OR (x.target_kind='work' AND (EXISTS (SELECT 1 FROM work_authors w WHERE w.work_id=x.target_id AND w.person_id=@personId)
                                 OR EXISTS (SELECT 1 FROM work_advisors w WHERE w.work_id=x.target_id AND w.person_id=@personId)))
      OR (x.target_kind='award' AND EXISTS (SELECT 1 FROM awards aw WHERE aw.id=x.target_id AND (aw.person_id=@personId
                                 OR EXISTS (SELECT 1 FROM work_authors w WHERE w.work_id=aw.work_id AND w.person_id=@personId))))))`);
    params.personId = f.personId;
  }
  if (f.tag) {
    where.push(`EXISTS (SELECT 1 FROM tag_links tl JOIN tags tg ON tg.id=tl.tag_id WHERE tg.name=@tag AND (
      (tl.target_kind='media' AND tl.target_id=m.id)
      OR (tl.target_kind='activity' AND tl.target_id IN (SELECT target_id FROM media_links WHERE media_id=m.id AND target_kind='activity'))))`);
    params.tag = f.tag;
  }
  if (f.schoolYear !== undefined) {
    const r = schoolYearRange(f.schoolYear, cal);
    where.push(`substr(${DATE},1,10) BETWEEN @syFrom AND @syTo`);
    params.syFrom = r.from;
    params.syTo = r.to;
  }
  if (f.month) {
    where.push(`substr(${DATE},1,7)=@month`);
    params.month = f.month;
  }
  if (f.dateUncertain) where.push("m.taken_source='file'");

  if (f.groupBy === 'activity') {
    // One tile per (photo, activity): a photo of two activities shows under both.
    from = `media m LEFT JOIN (SELECT l.media_id, ac.id AS aid, ac.title, ac.start_date FROM media_links l
      JOIN activities ac ON ac.id=l.target_id AND ac.deleted_at IS NULL WHERE l.target_kind='activity') act ON act.media_id=m.id`;
    if (f.activityId) where.push('act.aid=@activityId');
    return {
      from,
      where: where.join(' AND '),
      key: "COALESCE(act.aid, 'none')",
      groupOrder: '(act.aid IS NULL), act.start_date DESC, act.aid',
      title: 'act.title',
      date: 'act.start_date',
      params,
    };
  }
  if (f.groupBy === 'year') {
    const sy = `CAST(CAST(substr(${DATE},1,4) AS INTEGER) - (substr(${DATE},6,5) < @autumn) AS TEXT)`;
    return { from, where: where.join(' AND '), key: sy, groupOrder: `${sy} DESC`, title: 'NULL', date: 'NULL', params };
  }
  const month = `substr(${DATE},1,7)`;
  return {
    from,
    where: where.join(' AND '),
    key: month,
    groupOrder: `${month} DESC`,
    title: 'NULL',
    date: 'NULL',
    params,
  };
}

export function mediaGroups(a: Archive, f: Filter): { total: number; groups: MediaGroup[] } {
  const b = build(a, f);
  const groups = a.db
    .prepare(
      `SELECT ${b.key} AS key, COUNT(*) AS count, ${b.title} AS title, ${b.date} AS date
    FROM ${b.from} WHERE ${b.where} GROUP BY ${b.key} ORDER BY ${b.groupOrder}`,
    )
    .all(b.params) as MediaGroup[];
  return { total: groups.reduce((s, g) => s + g.count, 0), groups };
}

const ITEM_COLS = `m.id, m.kind, m.mime, m.ext, m.size, m.original_name AS originalName, m.taken_at AS takenAt, m.taken_source AS takenSource, m.width, m.height,
  m.orientation, m.rotation, m.caption`;

export function listMedia(
  a: Archive,
  f: Filter & { offset: number; limit: number },
): { total: number; items: MediaItem[] } {
  const b = build(a, f);
  const total = a.db.prepare(`SELECT COUNT(*) FROM ${b.from} WHERE ${b.where}`).pluck().get(b.params) as number;
  const items = a.db
    .prepare(
      `SELECT ${ITEM_COLS}, ${b.key} AS groupKey FROM ${b.from} WHERE ${b.where}
    ORDER BY ${b.groupOrder}, ${DATE}, m.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...b.params, limit: f.limit, offset: f.offset }) as MediaItem[];
  return { total, items };
}

/**
 * Where some media (the files just imported) are under a filter: how many of them it shows, and
 * the gallery index of the first one shown (to scroll to it). Tiles are numbered in the order of
 * `listMedia`, so the index is the tile's position in the grid.
 */
export function locateMedia(
  a: Archive,
  f: Filter,
  ids: readonly string[],
): { visible: number; hidden: number; first: number | null } {
  const want = [...new Set(ids)];
  if (!want.length) return { visible: 0, hidden: 0, first: null };
  const live = a.db
    .prepare(`SELECT COUNT(*) FROM media WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`)
    .pluck()
    .get(JSON.stringify(want)) as number;
  const b = build(a, f);
  const hits = a.db
    .prepare(
      `SELECT id, idx FROM (SELECT m.id AS id, ROW_NUMBER() OVER (ORDER BY ${b.groupOrder}, ${DATE}, m.id) - 1 AS idx
      FROM ${b.from} WHERE ${b.where}) WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY idx`,
    )
    .all({ ...b.params, ids: JSON.stringify(want) }) as { id: string; idx: number }[];
  const visible = new Set(hits.map((h) => h.id)).size;
  return { visible, hidden: Math.max(0, live - visible), first: hits[0]?.idx ?? null };
}

export function getMedia(a: Archive, id: string): MediaDetail {
  const row = a.db
    .prepare(`SELECT ${ITEM_COLS}, m.sha256 FROM media m WHERE m.id=? AND m.deleted_at IS NULL`)
    .get(id) as Omit<MediaDetail, 'links'> | undefined;
  if (!row) throw notFound(translate('core.notFound.media', { id }));
  const links = a.db
    .prepare(
      `SELECT l.target_kind AS kind, l.target_id AS id,
      CASE l.target_kind
        WHEN 'activity' THEN (SELECT title FROM activities WHERE id=l.target_id AND deleted_at IS NULL)
        WHEN 'work' THEN (SELECT '《' || title || '》' FROM works WHERE id=l.target_id AND deleted_at IS NULL)
        WHEN 'award' THEN (SELECT IFNULL(c.name || ' ', '') || aw.level || aw.grade FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id WHERE aw.id=l.target_id AND aw.deleted_at IS NULL)
        WHEN 'person' THEN (SELECT name FROM people WHERE id=l.target_id AND deleted_at IS NULL)
      END AS title,
      CASE l.target_kind
        WHEN 'activity' THEN (SELECT start_date FROM activities WHERE id=l.target_id)
        WHEN 'award' THEN (SELECT awarded_on FROM awards WHERE id=l.target_id)
      END AS date,
      CASE l.target_kind
        WHEN 'activity' THEN EXISTS (SELECT 1 FROM activities WHERE id=l.target_id AND cover_media_id=l.media_id)
        WHEN 'award' THEN EXISTS (SELECT 1 FROM awards WHERE id=l.target_id AND certificate_media_id=l.media_id)
        ELSE 0
      END AS isCover
    FROM media_links l WHERE l.media_id=? ORDER BY l.target_kind, date DESC`,
    )
    .all(id) as (Omit<MediaLinkInfo, 'isCover' | 'title'> & { isCover: number; title: string | null })[];
  return {
    ...(row as Omit<MediaDetail, 'links'>),
    links: links.filter((l) => l.title !== null).map((l) => ({ ...l, title: l.title!, isCover: !!l.isCover })),
  };
}

export function updateMedia(
  a: Archive,
  id: string,
  patch: { caption?: string | null; rotation?: Rotation },
): MediaDetail {
  const fields: Record<string, unknown> = {};
  if (patch.caption !== undefined) fields.caption = patch.caption === '' ? null : patch.caption;
  if (patch.rotation !== undefined) fields.rotation = patch.rotation;
  updateEntity(a, 'media', id, fields);
  logChange(
    a,
    'media',
    id,
    'update',
    patch.caption !== undefined ? (patch.caption ?? '') : `rotation ${patch.rotation}`,
  );
  return getMedia(a, id);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** 'YYYY-MM-DDTHH:MM:SS' wall-clock → a number of seconds, and back (calendar maths in UTC: no zone, no DST). */
const secondsOf = (s: string) => Date.parse(`${s.slice(0, 19)}Z`) / 1000;
const stampOf = (sec: number) => {
  const d = new Date(sec * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
};

/**
 * 调整拍摄时间: a camera with a wrong clock. Either every file moves by `shiftYears` (calendar) and `shiftSeconds`, or the
 * earliest one is set to `to` and the others keep their distance from it. The source becomes
 * 'manual'. Answers the times before, for 撤销 (`restoreTimes`).
 */
export function retimeMedia(
  a: Archive,
  ids: readonly string[],
  how: { shiftSeconds?: number; shiftYears?: number; to?: string },
): { changed: number; before: TakenTime[] } {
  return a.db.transaction(() => {
    const rows = a.db
      .prepare(
        `SELECT id, taken_at AS takenAt, taken_source AS takenSource, created_at AS createdAt FROM media
      WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...new Set(ids)])) as (TakenTime & { createdAt: string })[];
    if (!rows.length) throw notFound(translate('core.what.media'));
    const local = (r: { takenAt: string | null; createdAt: string }) => r.takenAt ?? r.createdAt.slice(0, 19);
    let shift = how.shiftSeconds ?? 0;
    if (how.to !== undefined) shift = secondsOf(how.to) - Math.min(...rows.map((r) => secondsOf(local(r))));
    const years = how.to === undefined ? (how.shiftYears ?? 0) : 0;
    const moved = (sec: number) => {
      if (!years) return sec + shift;
      const d = new Date(sec * 1000);
      d.setUTCFullYear(d.getUTCFullYear() + years);
      return d.getTime() / 1000 + shift;
    };
    const next = rows.map((r) => ({ id: r.id, at: stampOf(moved(secondsOf(local(r)))) }));
    if (next.some((n) => n.at < '1900-01-01' || n.at > '2100-12-31'))
      throw invalid(translate('media.retime.outOfRange'));
    const up = a.db.prepare("UPDATE media SET taken_at=?, taken_source='manual', updated_at=? WHERE id=?");
    for (const n of next) {
      up.run(n.at, nowIso(a), n.id);
      logChange(a, 'media', n.id, 'update', translate('core.log.takenAt', { at: n.at }));
    }
    return { changed: next.length, before: rows.map(({ id, takenAt, takenSource }) => ({ id, takenAt, takenSource })) };
  })();
}

/** 撤销 of 调整拍摄时间: puts back the times (and their sources) `retimeMedia` answered. */
export function restoreTimes(a: Archive, items: readonly TakenTime[]): { changed: number } {
  return a.db.transaction(() => {
    const up = a.db.prepare(
      'UPDATE media SET taken_at=?, taken_source=?, updated_at=? WHERE id=? AND deleted_at IS NULL',
    );
    let changed = 0;
    for (const i of items) {
      changed += up.run(i.takenAt, i.takenSource, nowIso(a), i.id).changes;
      logChange(a, 'media', i.id, 'update', translate('core.log.takenAtUndone', { at: i.takenAt ?? '' }));
    }
    return { changed };
  })();
}

/** 证书墙: each live award with a live certificate photo (the chosen one, else the first linked photo). */
export function certificates(a: Archive, f: { schoolYear?: number }): Certificate[] {
  const range = f.schoolYear !== undefined ? schoolYearRange(f.schoolYear, calendarOf(a)) : undefined;
  const photoOf = a.db.prepare(`SELECT m.id, m.rotation FROM media m WHERE m.deleted_at IS NULL AND m.kind='photo' AND (
      m.id=(SELECT certificate_media_id FROM awards WHERE id=@award)
      OR m.id IN (SELECT media_id FROM media_links WHERE target_kind='award' AND target_id=@award))
    ORDER BY (m.id=(SELECT certificate_media_id FROM awards WHERE id=@award)) DESC,
      (SELECT position FROM media_links WHERE target_kind='award' AND target_id=@award AND media_id=m.id) LIMIT 1`);
  const out: Certificate[] = [];
  for (const aw of listAwards(a, range ?? {})) {
    const photo = photoOf.get({ award: aw.id }) as { id: string; rotation: Rotation } | undefined;
    if (!photo) continue;
    const recipient =
      aw.recipientKind === 'work'
        ? `《${aw.workTitle ?? ''}》`
        : aw.recipientKind === 'person'
          ? (aw.personName ?? '')
          : translate('certificates.school');
    out.push({
      awardId: aw.id,
      mediaId: photo.id,
      rotation: photo.rotation,
      competitionName: aw.competitionName,
      level: aw.level,
      grade: aw.grade,
      awardedOn: aw.awardedOn,
      recipient,
      studentNames: aw.studentNames,
    });
  }
  return out;
}

export type { MediaFilter };
