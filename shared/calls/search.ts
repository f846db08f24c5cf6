// Search: one query over every kind of record — Chinese of any length, pinyin of names
// and titles, combined with filters — answered from the index kept by SQL triggers (migration 0002).
import { z } from 'zod';
import { Id, IsoDate } from '../schemas';

export const SEARCH_KINDS = [
  'activity',
  'student',
  'teacher',
  'group',
  'work',
  'award',
  'competition',
  'media',
] as const;
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;

const Label = z.string().trim().min(1).max(40);

export const SearchInput = z
  .object({
    text: z.string().max(200).default(''),
    /** Only these kinds (a list page searches its own kind). */
    kinds: z.array(SearchKind).max(SEARCH_KINDS.length).optional(),
    /** 学年 by its start year (2025 = 2025—2026学年). */
    schoolYear: z.number().int().min(1990).max(2100).optional(),
    /** 学期 within the 学年: 1 第一学期, 2 第二学期. */
    term: z.union([z.literal(1), z.literal(2)]).optional(),
    /** 活动类型, or 作品/获奖 类别. */
    type: Label.optional(),
    /** 级别 of awards and competitions (works: any award at it). */
    level: Label.optional(),
    /** 等级 of awards (works: any award of it). */
    grade: Label.optional(),
    /** A class: students who entered in `entryYear` (and sit in `classNo`); their works, awards and activities. */
    classOf: z
      .object({ entryYear: z.number().int().min(1990).max(2100), classNo: z.number().int().min(1).max(50).optional() })
      .optional(),
    /** Records of one teacher: activities organised, works advised, their groups. */
    teacherId: Id.optional(),
    includeTrashed: z.boolean().default(false),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.term === undefined || q.schoolYear !== undefined, {
    message: '选择学期前请先选择学年',
    path: ['term'],
  });
export type SearchInput = z.input<typeof SearchInput>;

/** [start, end) in UTF-16 code units of the string it belongs to. */
export const Range = z.tuple([z.number().int(), z.number().int()]);
export type Range = z.infer<typeof Range>;

export const SearchHit = z.object({
  kind: SearchKind,
  id: Id,
  title: z.string(),
  titleRanges: z.array(Range),
  /** A piece of the record's other text around the match, when the title did not match. */
  snippet: z.string().nullable(),
  snippetRanges: z.array(Range),
  /** Short facts to tell hits apart: date, type, class, category… */
  detail: z.array(z.string()),
  date: IsoDate.nullable(),
  deleted: z.boolean(),
  /** How it matched: the text, the pinyin of its title/name, or only the filters. */
  via: z.enum(['text', 'pinyin', 'filter']),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  text: z.string(),
  /** Matches of every kind before the top `limit` were taken, counted up to a cap… */
  total: z.number(),
  /** …and whether there were more than that (show "200+"). */
  capped: z.boolean(),
  /** Groups in the order of their best hit; hits in rank order; `total` counts the kind's matches (within the cap). */
  groups: z.array(z.object({ kind: SearchKind, total: z.number(), hits: z.array(SearchHit) })),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const searchCalls = {
  'search.query': { input: SearchInput, output: SearchResult, effect: 'read', run: 'tx' },
} as const;
