// `keji search <目录> <文字> [...]` and `keji reindex <目录>`.
import { parseArgs } from 'node:util';
import { entryYearFromGrade, parsePeriodKey } from '../../shared/domain/calendar';
import type { Stage } from '../../shared/domain/vocab';
import { SEARCH_KINDS, SearchInput, type Range, type SearchKind } from '../../shared/calls/search';
import { translate } from '../../shared/i18n/messages';
import { openArchive } from '../core/db/open';
import { SCHEMA_VERSION } from '../core/db/migrations/index';
import { KejiError } from '../core/errors';
import { today } from '../core/rows';
import { searchQuery } from '../core/search/query';
import { reindex, staleDocs } from '../core/search/reindex';
import { calendarOf } from '../core/settings';
import type { Archive } from '../core/db/open';

type Out = { log: (s: string) => void; err: (s: string) => void };

export { SEARCH_USAGE } from './usage';

const need = (v: string | undefined, what: string) => {
  if (!v) throw new KejiError('INVALID_INPUT', `缺少${what}`);
  return v;
};

/** '2021-2', '2021级2班', '五年级(2)班' or '五年级' (as of today) → the class. */
function parseClass(a: Archive, s: string): { entryYear: number; classNo?: number } {
  const byYear = /^(\d{4})(?:(?:-|级)\(?(\d{1,2})\)?班?)?$/.exec(s);
  if (byYear) return { entryYear: Number(byYear[1]), ...(byYear[2] ? { classNo: Number(byYear[2]) } : {}) };
  const byGrade = /^(.+?(?:年级)|高[一二三])(?:\(?(\d{1,2})\)?班)?$/.exec(s.replace(/（/g, '(').replace(/）/g, ')'));
  if (byGrade) {
    for (const stage of ['小学', '初中', '高中'] as Stage[]) {
      const entryYear = entryYearFromGrade(stage, byGrade[1], today(a), calendarOf(a));
      if (entryYear !== null) return { entryYear, ...(byGrade[2] ? { classNo: Number(byGrade[2]) } : {}) };
    }
  }
  throw new KejiError('INVALID_INPUT', `班级应写成 五年级(2)班 或 2021-2（入学年份-班号）：${s}`);
}

function teacherId(a: Archive, nameOrId: string): string {
  const ids = a.db
    .prepare("SELECT id FROM people WHERE kind='teacher' AND deleted_at IS NULL AND (id=? OR name=?)")
    .pluck()
    .all(nameOrId, nameOrId) as string[];
  if (ids.length === 1) return ids[0];
  throw new KejiError(
    ids.length ? 'CONFLICT' : 'NOT_FOUND',
    ids.length ? `有 ${ids.length} 位教师叫 ${nameOrId}，请用 id` : `教师 ${nameOrId}`,
  );
}

/** Text with its matched ranges in 【】 for the terminal. */
const marked = (text: string, ranges: readonly Range[]) => {
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += `${text.slice(at, s)}【${text.slice(s, e)}】`;
    at = e;
  }
  return out + text.slice(at);
};

/** Read-only (works while the app has the archive open), unless it still needs migrating. */
function openForSearch(dir: string): Archive {
  const a = openArchive(dir, { readonly: true });
  if ((a.db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return a;
  a.close();
  return openArchive(dir);
}

export function searchCommand(args: string[], out: Out): number {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      year: { type: 'string' },
      term: { type: 'string' },
      type: { type: 'string' },
      level: { type: 'string' },
      grade: { type: 'string' },
      class: { type: 'string' },
      teacher: { type: 'string' },
      kind: { type: 'string' },
      trash: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const a = openForSearch(need(positionals[0], '档案目录'));
  try {
    const text = positionals.slice(1).join(' ');
    const period = values.term ?? values.year;
    const p = period ? parsePeriodKey(period) : null;
    if (period && (!p || (values.term && !p.term)))
      throw new KejiError('INVALID_INPUT', `时间段格式应为 2025-2026-1（学期）或 2025-2026（学年）：${period}`);
    const kinds = values.kind
      ?.split(/[,，]/)
      .map((k) => k.trim())
      .filter(Boolean);
    for (const k of kinds ?? [])
      if (!SEARCH_KINDS.includes(k as SearchKind))
        throw new KejiError('INVALID_INPUT', `未知的记录种类：${k}（可用：${SEARCH_KINDS.join(', ')}）`);
    // a ZodError reaches main()'s catch and is printed in Chinese there
    const input = SearchInput.parse({
      text,
      ...(p ? { schoolYear: p.year, ...(p.term ? { term: p.term } : {}) } : {}),
      ...(values.type ? { type: values.type } : {}),
      ...(values.level ? { level: values.level } : {}),
      ...(values.grade ? { grade: values.grade } : {}),
      ...(values.class ? { classOf: parseClass(a, values.class) } : {}),
      ...(values.teacher ? { teacherId: teacherId(a, values.teacher) } : {}),
      ...(kinds ? { kinds } : {}),
      includeTrashed: !!values.trash,
      ...(values.limit ? { limit: Number(values.limit) } : {}),
    });
    const r = searchQuery(a, input);
    if (values.json) {
      out.log(JSON.stringify(r, null, 2));
      return 0;
    }
    if (!r.groups.length) {
      out.log(translate('search.cli.none'));
      return 0;
    }
    out.log(r.capped ? translate('search.totalCapped', { n: r.total }) : translate('search.total', { n: r.total }));
    for (const g of r.groups) {
      out.log(`\n${translate(`search.kind.${g.kind}`)}（${g.total}）`);
      for (const h of g.hits) {
        const extra = [
          h.deleted ? `[${translate('search.trashed')}]` : '',
          h.via === 'pinyin' ? `(${translate('search.viaPinyin')})` : '',
        ]
          .filter(Boolean)
          .join(' ');
        out.log(
          `  ${marked(h.title, h.titleRanges)}${h.detail.length ? '  ' + h.detail.join(' · ') : ''}${extra ? '  ' + extra : ''}`,
        );
        if (h.snippet) out.log(`      ${marked(h.snippet, h.snippetRanges)}`);
      }
    }
    return 0;
  } finally {
    a.close();
  }
}

export function reindexCommand(args: string[], out: Out): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const a = openArchive(need(positionals[0], '档案目录'));
  try {
    const stale = staleDocs(a.db).length;
    const t = performance.now();
    const n = reindex(a.db);
    out.log(
      `${translate('search.cli.reindexed', { n })}（${Math.round(performance.now() - t)} ms${stale ? `；修复了 ${stale} 处不一致` : ''}）`,
    );
    return 0;
  } finally {
    a.close();
  }
}
