// search.query: candidates from the FTS5 index, filters as SQL on the records, the top hits
// ranked (exact title, title prefix, title or pinyin, anywhere; newest first), grouped by kind,
// with ranges to highlight.
import type { z } from 'zod';
import {
  classLabelOf,
  schoolYearRange,
  stageYearsSql,
  term as termOf,
  type CalendarSettings,
} from '../../../shared/domain/calendar';
import { formatDateZh, formatRangeZh } from '../../../shared/domain/format';
import { STAGES, type Stage } from '../../../shared/domain/vocab';
import type { Range, SearchHit, SearchInput, SearchKind, SearchResult } from '../../../shared/calls/search';
import { SEARCH_KINDS } from '../../../shared/calls/search';
import type { Statement } from 'better-sqlite3';
import type { Archive } from '../db/open';
import { today } from '../rows';
import { calendarOf } from '../settings';
import { matcher, pinyinRange, snippetOf } from './highlight';
import { matchExpression, normalize, parseQuery, type QueryPart, type Scope } from './terms';

type Input = z.output<typeof SearchInput>;

interface Where {
  sql: string[];
  params: Record<string, unknown>;
  kinds: Set<SearchKind>;
}

/** A condition that holds for the listed kinds only; other kinds drop out. */
function byKind(w: Where, conds: Partial<Record<SearchKind, string>>): void {
  const entries = Object.entries(conds) as [SearchKind, string][];
  for (const k of [...w.kinds]) if (!(k in conds)) w.kinds.delete(k);
  w.sql.push(`(${entries.map(([k, c]) => `(d.kind='${k}' AND ${c})`).join(' OR ')})`);
}

const awardOfWork = (cond: string) =>
  `EXISTS (SELECT 1 FROM awards x WHERE x.work_id=d.entity_id AND x.deleted_at IS NULL AND ${cond})`;
const inClass = (personCol: string) =>
  `EXISTS (SELECT 1 FROM people c WHERE c.id=${personCol} AND c.entry_year=@entryYear AND (@classNo IS NULL OR c.class_no=@classNo))`;

function filters(a: Archive, q: Input): Where {
  const w: Where = { sql: [], params: {}, kinds: new Set(q.kinds ?? SEARCH_KINDS) };
  if (!q.includeTrashed) w.sql.push('d.deleted=0');
  if (q.schoolYear !== undefined) {
    const cal = calendarOf(a);
    const { from, to } = q.term ? termOf(q.schoolYear, q.term, cal) : schoolYearRange(q.schoolYear, cal);
    Object.assign(w.params, {
      from,
      to,
      fromYear: Number(from.slice(0, 4)),
      toYear: Number(to.slice(0, 4)),
      schoolYear: q.schoolYear,
    });
    byKind(w, {
      activity: 'd.date BETWEEN @from AND @to',
      award: 'd.date BETWEEN @from AND @to',
      media: 'd.date BETWEEN @from AND @to',
      work: awardOfWork('x.awarded_on BETWEEN @from AND @to'),
      competition:
        'EXISTS (SELECT 1 FROM competitions x WHERE x.id=d.entity_id AND x.year BETWEEN @fromYear AND @toYear)',
      // students who were at school that year
      student: `EXISTS (SELECT 1 FROM people x WHERE x.id=d.entity_id AND x.entry_year<=@schoolYear
        AND @schoolYear-x.entry_year < ${stageYearsSql('x.stage')})`,
    });
  }
  if (q.type) {
    w.params.type = q.type;
    byKind(w, {
      activity: 'EXISTS (SELECT 1 FROM activities x WHERE x.id=d.entity_id AND x.type=@type)',
      work: 'EXISTS (SELECT 1 FROM works x WHERE x.id=d.entity_id AND x.category=@type)',
      award: 'EXISTS (SELECT 1 FROM awards x WHERE x.id=d.entity_id AND x.category=@type)',
    });
  }
  if (q.level) {
    w.params.level = q.level;
    byKind(w, {
      award: 'EXISTS (SELECT 1 FROM awards x WHERE x.id=d.entity_id AND x.level=@level)',
      competition: 'EXISTS (SELECT 1 FROM competitions x WHERE x.id=d.entity_id AND x.level=@level)',
      work: awardOfWork('x.level=@level'),
    });
  }
  if (q.grade) {
    w.params.grade = q.grade;
    byKind(w, {
      award: 'EXISTS (SELECT 1 FROM awards x WHERE x.id=d.entity_id AND x.grade=@grade)',
      work: awardOfWork('x.grade=@grade'),
    });
  }
  if (q.classOf) {
    Object.assign(w.params, { entryYear: q.classOf.entryYear, classNo: q.classOf.classNo ?? null });
    byKind(w, {
      student: inClass('d.entity_id'),
      activity: `EXISTS (SELECT 1 FROM activity_participants x WHERE x.activity_id=d.entity_id AND ${inClass('x.person_id')})`,
      work: `EXISTS (SELECT 1 FROM work_authors x WHERE x.work_id=d.entity_id AND ${inClass('x.person_id')})`,
      award: `EXISTS (SELECT 1 FROM awards x WHERE x.id=d.entity_id AND (${inClass('x.person_id')}
        OR EXISTS (SELECT 1 FROM work_authors y WHERE y.work_id=x.work_id AND ${inClass('y.person_id')})))`,
    });
  }
  if (q.teacherId) {
    w.params.teacherId = q.teacherId;
    byKind(w, {
      teacher: 'd.entity_id=@teacherId',
      activity: 'EXISTS (SELECT 1 FROM activity_teachers x WHERE x.activity_id=d.entity_id AND x.person_id=@teacherId)',
      work: 'EXISTS (SELECT 1 FROM work_advisors x WHERE x.work_id=d.entity_id AND x.person_id=@teacherId)',
      award: `EXISTS (SELECT 1 FROM awards x WHERE x.id=d.entity_id AND (x.person_id=@teacherId
        OR EXISTS (SELECT 1 FROM work_advisors y WHERE y.work_id=x.work_id AND y.person_id=@teacherId)))`,
      group: 'EXISTS (SELECT 1 FROM groups x WHERE x.id=d.entity_id AND x.teacher_id=@teacherId)',
    });
  }
  if (w.kinds.size < SEARCH_KINDS.length)
    w.sql.push(`d.kind IN (${[...w.kinds].map((k) => `'${k}'`).join(',') || "''"})`);
  return w;
}

const statements = new WeakMap<Archive['db'], Map<string, Statement>>();
/** Prepared once per connection: a search runs a dozen small statements. */
function stmt(a: Archive, sql: string): Statement {
  let m = statements.get(a.db);
  if (!m) statements.set(a.db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = a.db.prepare(sql)));
  return s;
}

const hasFilter = (q: Input) =>
  q.schoolYear !== undefined || !!q.type || !!q.level || !!q.grade || !!q.classOf || !!q.teacherId;

/** Matches counted per query; past this the count shows as "200+" (counting all would cost a full pass). */
export const COUNT_CAP = 200;

interface Row {
  doc: number;
  kind: SearchKind;
  entity_id: string;
  title: string;
  body: string;
  date: string | null;
  deleted: number;
}

/**
 * Ranking without scoring every match. Tiers — exact title, title starting with the query, title
 * or pinyin containing it, anywhere else — and newest first (doc order) inside each. The newest
 * COUNT_CAP+1 matches are fetched with one query that stops early; when that is all of them, the
 * tiers are sorted out here. When there are more, the title tiers get their own early-stopping
 * queries, so an older record whose title matches still comes before newer mentions.
 */
export function searchQuery(a: Archive, q: Input): SearchResult {
  const parts = parseQuery(q.text);
  const text = q.text.trim();
  if (!parts.length && !hasFilter(q)) return { text, total: 0, capped: false, groups: [] };
  const w = filters(a, q);
  const where = w.sql.length ? w.sql.join(' AND ') : '1';
  let counted: Row[];
  let candidates: Row[];
  if (parts.length) {
    // titles alone live in their own (much smaller) FTS table
    const run = (scope: Scope, limit: number) =>
      stmt(
        a,
        `SELECT d.* FROM ${scope === 'all' ? 'search_fts' : 'search_titles'} f
      JOIN search_docs d ON d.doc=f.rowid WHERE f.${scope === 'all' ? 'search_fts' : 'search_titles'} MATCH @match AND ${where}
      ORDER BY f.rowid DESC LIMIT @limit`,
      ).all({ ...w.params, match: matchExpression(parts, scope), limit }) as Row[];
    counted = run('all', COUNT_CAP + 1);
    const exact = stmt(
      a,
      `SELECT d.* FROM search_docs d WHERE d.title COLLATE NOCASE IN (@text, '《' || @text || '》') AND ${where}
      ORDER BY d.doc DESC LIMIT @limit`,
    ).all({ ...w.params, text, limit: q.limit }) as Row[];
    candidates =
      counted.length > COUNT_CAP
        ? [...exact, ...run('titleStart', q.limit), ...run('title', q.limit), ...counted]
        : [...exact, ...counted];
  } else {
    // Filters alone: the newest records that satisfy them.
    counted = stmt(
      a,
      `SELECT d.* FROM search_docs d WHERE ${where} ORDER BY d.date IS NULL, d.date DESC, d.doc DESC LIMIT @limit`,
    ).all({ ...w.params, limit: COUNT_CAP + 1 }) as Row[];
    candidates = counted;
  }
  const find = matcher(parts);
  const norm = normalize(text);
  /** 0 exact title, 1 title starts with it, 2 title (or its pinyin) has it, 3 elsewhere. */
  const tierOf = (title: string, m: { ranges: Range[] }) => {
    if (!parts.length) return 0;
    const t = normalize(title);
    if (t === norm || t === `《${norm}》`) return 0;
    if (!m.ranges.length) return 3;
    return /[\p{L}\p{N}]/u.test(title.slice(0, m.ranges[0][0])) ? 2 : 1;
  };
  const seen = new Set<number>();
  const ranked = candidates
    .filter((r) => (seen.has(r.doc) ? false : (seen.add(r.doc), true)))
    .map((r, order) => {
      const m = titleMatch(r.title, parts, find);
      return { r, m, order, tier: tierOf(r.title, m) };
    })
    .sort((x, y) => x.tier - y.tier || x.order - y.order)
    .slice(0, q.limit);
  const capped = counted.length > COUNT_CAP;
  const counts = new Map<SearchKind, number>();
  for (const r of counted.slice(0, COUNT_CAP)) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const groups = new Map<SearchKind, SearchHit[]>();
  const ctx: DetailContext = { a, asOf: today(a), cal: calendarOf(a) };
  for (const { r, m } of ranked) {
    const h = toHit(ctx, r, m, parts.length > 0, find);
    (groups.get(h.kind) ?? groups.set(h.kind, []).get(h.kind)!).push(h);
  }
  return {
    text,
    total: Math.max(Math.min(counted.length, COUNT_CAP), ranked.length),
    capped,
    groups: [...groups].map(([kind, list]) => ({
      kind,
      total: Math.max(counts.get(kind) ?? 0, list.length),
      hits: list,
    })),
  };
}

/** Where the query shows in a title: its text, or (letters only) the pinyin of its characters. */
function titleMatch(
  title: string,
  parts: readonly QueryPart[],
  find: (text: string) => Range[],
): { ranges: Range[]; pinyin: boolean } {
  const ranges = find(title);
  if (ranges.length || !parts.length) return { ranges, pinyin: false };
  // the whole query joined (zhang shu mao), then each letters-only part
  const letters = parts.every((p) => p.pinyin)
    ? [parts.map((p) => p.pinyin).join(''), ...parts.map((p) => p.pinyin!)]
    : parts.map((p) => p.pinyin).filter((l): l is string => !!l);
  for (const l of letters) {
    const range = pinyinRange(title, l);
    if (range) return { ranges: [range], pinyin: true };
  }
  return { ranges: [], pinyin: false };
}

function toHit(
  ctx: DetailContext,
  r: Row,
  m: { ranges: Range[]; pinyin: boolean },
  hasText: boolean,
  find: (text: string) => Range[],
): SearchHit {
  const snip = hasText && !m.ranges.length ? snippetOf(r.body, find) : null;
  return {
    kind: r.kind,
    id: r.entity_id,
    title: r.title,
    titleRanges: m.ranges,
    snippet: snip?.text ?? null,
    snippetRanges: snip?.ranges ?? [],
    detail: detailOf(ctx, r.kind, r.entity_id),
    date: r.date,
    deleted: r.deleted === 1,
    via: !hasText ? 'filter' : m.pinyin ? 'pinyin' : 'text',
  };
}

// ---- details: short facts that tell hits apart -------------------------------------------

interface DetailContext {
  a: Archive;
  asOf: string;
  cal: CalendarSettings;
}

function detailOf({ a, asOf, cal }: DetailContext, kind: SearchKind, id: string): string[] {
  const get = (sql: string) => stmt(a, sql).get(id) as Record<string, unknown> | undefined;
  const compact = (xs: unknown[]) => xs.filter((x) => x !== null && x !== undefined && x !== '').map(String);
  switch (kind) {
    case 'activity': {
      const r = get('SELECT start_date, end_date, type, location FROM activities WHERE id=?');
      return r ? compact([formatRangeZh(r.start_date as string, r.end_date as string | null), r.type, r.location]) : [];
    }
    case 'student': {
      const r = get('SELECT stage, entry_year, class_no, student_no FROM people WHERE id=?');
      if (!r) return [];
      const label = classLabelOf(
        (r.stage ?? STAGES[0]) as Stage,
        r.entry_year as number,
        r.class_no as number | null,
        asOf,
        cal,
      );
      return compact([label, r.student_no]);
    }
    case 'teacher': {
      const r = get('SELECT subject, title FROM people WHERE id=?');
      return r ? compact([r.subject, r.title]) : [];
    }
    case 'group': {
      const r = get('SELECT (SELECT name FROM people WHERE id=g.teacher_id) AS teacher FROM groups g WHERE id=?');
      return r ? compact([r.teacher]) : [];
    }
    case 'work': {
      const r =
        get(`SELECT w.category, (SELECT group_concat(p.name, '、' ORDER BY x.position) FROM work_authors x JOIN people p ON p.id=x.person_id WHERE x.work_id=w.id) AS authors,
        (SELECT g.name FROM groups g WHERE g.id=w.group_id) AS grp FROM works w WHERE w.id=?`);
      return r ? compact([r.category, r.authors ?? r.grp]) : [];
    }
    case 'award': {
      const r = get(
        "SELECT aw.awarded_on, coalesce(c.session, '') || c.name AS competition FROM awards aw LEFT JOIN competitions c ON c.id=aw.competition_id WHERE aw.id=?",
      );
      return r ? compact([formatDateZh(r.awarded_on as string), r.competition]) : [];
    }
    case 'competition': {
      const r = get('SELECT level, year, organizer FROM competitions WHERE id=?');
      return r ? compact([r.level, r.year, r.organizer]) : [];
    }
    case 'media': {
      const r = get('SELECT kind, original_name, caption, taken_at, created_at FROM media WHERE id=?');
      return r
        ? compact([
            formatDateZh(((r.taken_at ?? r.created_at) as string).slice(0, 10)),
            r.caption ? r.original_name : null,
          ])
        : [];
    }
  }
}
