// What the offline viewer shows, read from the export's snapshot (already pruned and masked) with a
// handful of set-based queries (one per table, never one per activity: a ten-year archive has
// 10,000 of them), and written as the index viewer/data.js plus chunks per 学年 that the viewer
// loads on demand (resources/viewer/types.ts describes the files).
import { schoolYearLabel, schoolYearOf, termOf } from '../../../shared/domain/calendar';
import { formatDateZh, formatRangeZh } from '../../../shared/domain/format';
import { AWARD_LEVELS, rankOf } from '../../../shared/domain/vocab';
import type {
  MediaChunk,
  SearchChunk,
  ViewerActivity,
  ViewerAward,
  ViewerIndex,
  ViewerMedia,
  ViewerWork,
  ViewerYear,
  WorksChunk,
  YearChunk,
} from '../../../resources/viewer/types';
import type { Archive } from '../db/open';
import { translate } from '../../../shared/i18n/messages';
import { calendarOf, getSettings } from '../settings';

/** The date on the teacher's wall calendar (the package name uses it too). */
export const localIsoDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const STATUS: Record<string, string> = {
  planned: translate('package.viewer.status.planned'),
  done: translate('package.viewer.status.done'),
  cancelled: translate('package.viewer.status.cancelled'),
};

/** Photos per media chunk: one screenful of scrolling loads a few hundred KB, never a 学年's worth. */
export const MEDIA_PART = 600;
/** Activity rows data.js carries for the first screen (more than a 1080p screen shows). */
const FIRST_ROWS = 40;
/** A package whose viewer data is smaller than this carries it all in data.js (one file). */
export const INLINE_BELOW = 512 * 1024;

/** `displayRel`: a HEIC's display JPEG in the package (the viewer shows it instead of the HEIC). */
export interface IncludedMedia {
  id: string;
  rel: string;
  thumbRel: string | null;
  displayRel?: string | null;
}

export interface ViewerMeta {
  exportedAt: Date;
  scopeLabel: string;
  maskedNames: boolean;
}

/** Rows grouped by their first column, in query order. */
function groupBy<T>(
  rows: Record<string, unknown>[],
  key: string,
  value: (r: Record<string, unknown>) => T,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = r[key] as string;
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(value(r));
  }
  return out;
}

const low = (...xs: (string | null | undefined | string[])[]) => xs.flat().filter(Boolean).join('\n').toLowerCase();

export interface ViewerContent {
  index: ViewerIndex;
  chunks: Map<string, unknown>;
}

/** Everything the viewer shows, in chunks. `media`: the files written into the package (id → relative paths). */
export function buildViewerContent(
  s: Archive,
  media: ReadonlyMap<string, IncludedMedia>,
  meta: ViewerMeta,
): ViewerContent {
  const db = s.db;
  const cal = calendarOf(s);
  const yearOf = (date: string) => schoolYearOf(date, cal);
  const yearKey = (y: number) => `${y}-${y + 1}`;
  const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];

  const people = new Map(
    all('SELECT id, name, kind FROM people').map((r) => [r.id as string, r as { name: string; kind: string }]),
  );
  const nameOf = (id: unknown) => (id ? (people.get(id as string)?.name ?? '') : '');
  const groups = new Map(
    all('SELECT id, name FROM groups WHERE deleted_at IS NULL').map((r) => [r.id as string, r.name as string]),
  );

  // ---- the gallery: every included file, newest first, numbered ---------------------------------
  const hasRotation =
    (db.prepare("SELECT COUNT(*) FROM pragma_table_info('media') WHERE name='rotation'").pluck().get() as number) > 0;
  const mediaRows =
    all(`SELECT id, kind, original_name, caption, taken_at, COALESCE(taken_at, created_at) AS d, ${hasRotation ? 'rotation' : '0 AS rotation'}
    FROM media WHERE deleted_at IS NULL ORDER BY d DESC, id DESC`);
  let gallery: { id: string; m: ViewerMedia; year: number; month: string }[] = [];
  for (const r of mediaRows) {
    const inc = media.get(r.id as string);
    if (!inc) continue;
    const d = String(r.d ?? '');
    const day = /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : localIsoDate(meta.exportedAt);
    gallery.push({
      id: r.id as string,
      m: {
        src: inc.displayRel ?? inc.rel,
        thumb: inc.thumbRel,
        kind: r.kind as ViewerMedia['kind'],
        name: r.original_name as string,
        caption: (r.caption as string | null) ?? null,
        date: (r.taken_at as string | null)?.slice(0, 10) ?? null,
        rotation: (r.rotation as number) ?? 0,
      },
      year: yearOf(day),
      month: day.slice(0, 7),
    });
  }
  // Each 学年's photos consecutive (a stable sort: a date the SQL order could not place stays in its 学年).
  gallery = gallery
    .map((g, i) => [g, i] as const)
    .sort(([x, i], [y, j]) => y.year - x.year || (x.month === y.month ? i - j : x.month < y.month ? 1 : -1))
    .map(([g]) => g);
  const numberOf = new Map(gallery.map((g, i) => [g.id, i]));
  // Links, in the order the app shows them.
  const links =
    all(`SELECT l.target_kind || ':' || l.target_id AS t, l.media_id FROM media_links l JOIN media m ON m.id=l.media_id
    WHERE m.deleted_at IS NULL ORDER BY l.target_kind, l.target_id, l.position, m.taken_at, m.id`);
  const linked = groupBy(links, 't', (r) => r.media_id as string);
  const mediaOf = (kind: string, id: string, first?: unknown) => {
    const out = new Set<number>();
    for (const mid of [first as string | null, ...(linked.get(`${kind}:${id}`) ?? [])]) {
      const n = mid ? numberOf.get(mid) : undefined;
      if (n !== undefined) out.add(n);
    }
    return [...out];
  };

  // ---- activities -------------------------------------------------------------------------------
  const teachers = groupBy(
    all(
      `SELECT t.activity_id AS k, p.name FROM activity_teachers t JOIN people p ON p.id=t.person_id ORDER BY t.activity_id, t.position`,
    ),
    'k',
    (r) => r.name as string,
  );
  const participants = groupBy(
    all('SELECT activity_id AS k, person_id FROM activity_participants ORDER BY activity_id, person_id'),
    'k',
    (r) => nameOf(r.person_id),
  );
  const tagsOf = (kind: string) =>
    groupBy(
      all(
        `SELECT l.target_id AS k, t.name FROM tag_links l JOIN tags t ON t.id=l.tag_id WHERE l.target_kind='${kind}' ORDER BY l.target_id, t.name`,
      ),
      'k',
      (r) => r.name as string,
    );
  const activityTags = tagsOf('activity');
  const reschedules = groupBy(
    all(
      'SELECT activity_id AS k, from_start, from_end, to_start, to_end, reason FROM activity_reschedules ORDER BY activity_id, changed_at, id',
    ),
    'k',
    (r) =>
      `${formatRangeZh(r.from_start as string, r.from_end as string | null)} → ${formatRangeZh(r.to_start as string, r.to_end as string | null)}${r.reason ? `（${r.reason}）` : ''}`,
  );
  const years = new Map<number, { activities: ViewerActivity[]; awards: ViewerAward[] }>();
  const yearData = (y: number) => years.get(y) ?? years.set(y, { activities: [], awards: [] }).get(y)!;
  for (const r of all(`SELECT id, title, type, status, start_date, end_date, location, head_count, head_count_note, group_id, content, process, reflection, cover_media_id
    FROM activities WHERE deleted_at IS NULL ORDER BY start_date DESC, id DESC`)) {
    const id = r.id as string;
    const start = r.start_date as string;
    yearData(yearOf(start)).activities.push({
      id,
      title: r.title as string,
      type: r.type as string,
      status: STATUS[r.status as string] ?? (r.status as string),
      dateLabel: formatRangeZh(start, r.end_date as string | null),
      startDate: start,
      term: translate(termOf(start, cal).term === 1 ? 'package.viewer.term.first' : 'package.viewer.term.second'),
      location: (r.location as string | null) ?? null,
      teachers: teachers.get(id) ?? [],
      participants: (participants.get(id) ?? []).filter(Boolean),
      headCount: r.head_count
        ? translate('package.viewer.headCount', {
            note: (r.head_count_note as string | null) ?? '',
            n: r.head_count as number,
          })
        : null,
      group: r.group_id ? (groups.get(r.group_id as string) ?? null) : null,
      content: (r.content as string | null) ?? null,
      process: (r.process as string | null) ?? null,
      reflection: (r.reflection as string | null) ?? null,
      tags: activityTags.get(id) ?? [],
      media: mediaOf('activity', id, r.cover_media_id),
      reschedules: reschedules.get(id) ?? [],
    });
  }

  // ---- works and awards -------------------------------------------------------------------------
  const authors = groupBy(
    all('SELECT work_id AS k, person_id FROM work_authors ORDER BY work_id, position'),
    'k',
    (r) => r.person_id as string,
  );
  const advisors = groupBy(
    all('SELECT work_id AS k, person_id FROM work_advisors ORDER BY work_id, position'),
    'k',
    (r) => r.person_id as string,
  );
  const awardsOfWork = new Map<string, ViewerAward[]>();
  for (const r of all(`SELECT aw.id, aw.work_id, aw.person_id, aw.recipient_kind, aw.level, aw.grade, aw.category, aw.certificate_no, aw.awarded_on, aw.certificate_media_id,
      c.name AS competition_name, c.session AS competition_session, w.title AS work_title, p.name AS person_name
    FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id LEFT JOIN works w ON w.id=aw.work_id LEFT JOIN people p ON p.id=aw.person_id
    WHERE aw.deleted_at IS NULL ORDER BY aw.awarded_on DESC, aw.id`)) {
    const workId = r.work_id as string | null;
    const personId = r.person_id as string | null;
    const studentIds = workId
      ? (authors.get(workId) ?? [])
      : personId && people.get(personId)?.kind === 'student'
        ? [personId]
        : [];
    const date = r.awarded_on as string;
    const y = yearOf(date);
    const award: ViewerAward = {
      id: r.id as string,
      year: yearKey(y),
      date,
      dateLabel: formatDateZh(date),
      competition: `${(r.competition_session as string | null) ?? ''}${(r.competition_name as string | null) ?? ''}`,
      level: r.level as string,
      grade: r.grade as string,
      category: (r.category as string | null) ?? null,
      recipient:
        r.recipient_kind === 'work'
          ? `《${(r.work_title as string | null) ?? ''}》`
          : r.recipient_kind === 'person'
            ? ((r.person_name as string | null) ?? '')
            : translate('package.viewer.school'),
      students: studentIds.map(nameOf),
      advisors: (workId ? (advisors.get(workId) ?? []) : []).map(nameOf),
      certificateNo: (r.certificate_no as string | null) ?? null,
      media: mediaOf('award', r.id as string, r.certificate_media_id),
    };
    yearData(y).awards.push(award);
    if (workId) (awardsOfWork.get(workId) ?? awardsOfWork.set(workId, []).get(workId)!).push(award);
  }
  const works: ViewerWork[] = all(
    'SELECT id, title, category, subject, stage, group_id, summary FROM works WHERE deleted_at IS NULL',
  )
    .map((r) => {
      const id = r.id as string;
      const awards = awardsOfWork.get(id) ?? [];
      return {
        id,
        title: r.title as string,
        category: r.category as string,
        subject: (r.subject as string | null) ?? null,
        stage: (r.stage as string | null) ?? null,
        authors: (authors.get(id) ?? []).map(nameOf),
        advisors: (advisors.get(id) ?? []).map(nameOf),
        group: r.group_id ? (groups.get(r.group_id as string) ?? null) : null,
        summary: (r.summary as string | null) ?? null,
        best: awards.map((a) => a.level).sort((x, y) => rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y))[0] ?? null,
        media: mediaOf('work', id),
        awards,
      };
    })
    .sort((x, y) => x.title.localeCompare(y.title, 'zh-CN'));

  // ---- 学年 chunks and the index ------------------------------------------------------------------
  const chunks = new Map<string, unknown>();
  const yearNos = [...new Set([...years.keys(), ...gallery.map((g) => g.year)])].sort((x, y) => y - x);
  const list: ViewerYear[] = [];
  let at = 0;
  for (const y of yearNos) {
    const key = yearKey(y);
    const d = years.get(y) ?? { activities: [], awards: [] };
    const terms: [string, number][] = [];
    for (const a of d.activities) {
      if (terms.length && terms[terms.length - 1][0] === a.term) terms[terms.length - 1][1]++;
      else terms.push([a.term, 1]);
    }
    // The gallery is sorted newest first, and a 学年 is a run of dates: its photos are consecutive.
    const start = at;
    while (at < gallery.length && gallery[at].year === y) at++;
    const slice = gallery.slice(start, at);
    const months: [string, number][] = [];
    for (const g of slice) {
      if (months.length && months[months.length - 1][0] === g.month) months[months.length - 1][1]++;
      else months.push([g.month, 1]);
    }
    const mediaFiles: string[] = [];
    for (let p = 0; p * MEDIA_PART < slice.length; p++) {
      chunks.set(`m:${key}:${p}`, {
        media: slice.slice(p * MEDIA_PART, (p + 1) * MEDIA_PART).map((g) => g.m),
      } satisfies MediaChunk);
      mediaFiles.push(`viewer/data/${key}-media-${p + 1}.js`);
    }
    chunks.set(`y:${key}`, { activities: d.activities, awards: d.awards } satisfies YearChunk);
    list.push({
      key,
      label: schoolYearLabel(y),
      file: `viewer/data/${key}.js`,
      activities: d.activities.length,
      terms,
      awards: d.awards.length,
      mediaStart: start,
      media: slice.length,
      months,
      mediaFiles,
    });
  }
  chunks.set('works', { works } satisfies WorksChunk);

  const search: SearchChunk = { a: [], w: [], r: [], m: [] };
  for (const y of list) {
    const d = chunks.get(`y:${y.key}`) as YearChunk;
    for (const a of d.activities) {
      search.a.push([
        y.key,
        a.id,
        a.title,
        a.dateLabel,
        a.type,
        low(
          a.title,
          a.type,
          a.location,
          a.teachers,
          a.participants,
          a.tags,
          a.group,
          a.content,
          a.process,
          a.reflection,
        ),
      ]);
    }
    for (const a of d.awards) {
      search.r.push([
        y.key,
        a.id,
        a.dateLabel,
        a.competition,
        a.recipient,
        `${a.level}${a.grade}`,
        low(a.competition, a.recipient, a.students, a.advisors, a.level, a.grade, a.category, a.certificateNo),
      ]);
    }
  }
  for (const w of works)
    search.w.push([
      w.id,
      w.title,
      w.category,
      low(w.title, w.category, w.subject, w.authors, w.advisors, w.summary, w.group),
    ]);
  gallery.forEach((g, i) => search.m.push([i, low(g.m.caption, g.m.name)]));
  chunks.set('search', search);

  const index: ViewerIndex = {
    version: 2,
    school: getSettings(s).schoolName,
    exportedAt: formatDateZh(localIsoDate(meta.exportedAt)),
    scopeLabel: meta.scopeLabel,
    maskedNames: meta.maskedNames,
    counts: {
      activities: list.reduce((n, y) => n + y.activities, 0),
      media: gallery.length,
      works: works.length,
      awards: list.reduce((n, y) => n + y.awards, 0),
    },
    years: list,
    mediaPart: MEDIA_PART,
    worksFile: 'viewer/data/works.js',
    searchFile: 'viewer/data/search.js',
  };
  const newest = list.find((y) => y.activities > 0);
  if (newest) {
    index.first = {
      year: newest.key,
      rows: (chunks.get(`y:${newest.key}`) as YearChunk).activities
        .slice(0, FIRST_ROWS)
        .map((a) => [a.id, a.title, a.dateLabel, a.type, a.status, a.media.length]),
    };
  }
  return { index, chunks };
}

/** JSON that is safe inside a classic script ('<' escaped so no text can close a script element if it is ever inlined). */
const js = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The chunk's file, as the index names it. */
function fileOf(index: ViewerIndex, key: string): string {
  if (key === 'works') return index.worksFile!;
  if (key === 'search') return index.searchFile!;
  const [kind, year, part] = key.split(':');
  const y = index.years.find((x) => x.key === year)!;
  return kind === 'y' ? y.file! : y.mediaFiles[Number(part)]!;
}

/**
 * The viewer's data files (relative path → bytes): viewer/data.js, and one classic script per
 * chunk unless all of them together are under `inlineBelow` bytes (then data.js carries them).
 */
export function viewerDataFiles(content: ViewerContent, opts: { inlineBelow?: number } = {}): [string, Buffer][] {
  const { index, chunks } = content;
  const bodies = new Map([...chunks].map(([k, v]) => [k, js(v)]));
  const total = [...bodies.values()].reduce((n, b) => n + Buffer.byteLength(b), 0);
  if (total < (opts.inlineBelow ?? INLINE_BELOW)) {
    const inline: ViewerIndex = {
      ...index,
      worksFile: null,
      searchFile: null,
      years: index.years.map((y) => ({ ...y, file: null, mediaFiles: y.mediaFiles.map(() => null) })),
      chunks: Object.fromEntries(chunks),
    };
    return [['viewer/data.js', Buffer.from(`window.KEJI_DATA = ${js(inline)};\n`, 'utf8')]];
  }
  const out: [string, Buffer][] = [['viewer/data.js', Buffer.from(`window.KEJI_DATA = ${js(index)};\n`, 'utf8')]];
  for (const [key, body] of bodies)
    out.push([fileOf(index, key), Buffer.from(`KEJI_CHUNK(${JSON.stringify(key)}, ${body});\n`, 'utf8')]);
  return out;
}

/** What the export writes for the viewer's data. */
export function buildViewerFiles(
  s: Archive,
  media: ReadonlyMap<string, IncludedMedia>,
  meta: ViewerMeta,
  opts: { inlineBelow?: number } = {},
): [string, Buffer][] {
  return viewerDataFiles(buildViewerContent(s, media, meta), opts);
}
