// Lists that scale: the searchable pickers (an activity, a person — every record, graduates
// included, by text or pinyin initials), the 活动 list fetched a page at a time, filtered in SQL, and
// the 活动 calendar's date range.
// No answer here is cut short without saying so: each carries `total` (every match) beside the
// rows it returns, and the page shows "还有 N 项".
import { z } from 'zod';
import { ActivityStatus, ActivitySummary, Id, IsoDate } from '../schemas';

/** Rows per picker answer; the picker asks for the next ones with `offset`. */
export const PICK_PAGE = 50;

const PickInput = z.object({
  text: z.string().max(100).default(''),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(PICK_PAGE),
  /** Always answer these too (the chosen value, so its label shows whatever the text). */
  ids: z.array(Id).max(50).default([]),
});

export const PickedActivity = z.object({
  id: Id,
  title: z.string(),
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  type: z.string(),
});
export type PickedActivity = z.infer<typeof PickedActivity>;

export const PickedPerson = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['student', 'teacher']),
  /** 班级 today ('五年级(2)班', '2017级(已毕业)'), a teacher's subject, or ''. */
  label: z.string(),
  /** Left the school: graduated by the calendar, or archived (归档). Shown as 已毕业. */
  graduated: z.boolean(),
});
export type PickedPerson = z.infer<typeof PickedPerson>;

const pickOutput = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Every match of the text, not only the rows returned. */
    total: z.number().int(),
    /** The rows asked for by `ids`, whether or not they match. */
    chosen: z.array(item),
  });

/** The 活动 list's filter (as activities.list takes it), a page of it. */
export const ActivityPageInput = z.object({
  schoolYear: z.number().int().optional(),
  term: z.union([z.literal(1), z.literal(2)]).optional(),
  type: z.string().max(40).optional(),
  status: ActivityStatus.optional(),
  teacherId: Id.optional(),
  groupId: Id.optional(),
  text: z.string().max(100).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
  /** Also answer where this activity stands in the whole filtered list (-1 when it is not in it). */
  locate: Id.optional(),
});

export const ActivityPage = z.object({
  offset: z.number().int(),
  items: z.array(ActivitySummary),
  /** Every activity the filter matches. */
  total: z.number().int(),
  /** The whole list's headings: 学年 and 学期 with their counts, newest first (in list order). */
  groups: z.array(
    z.object({ schoolYear: z.number().int(), term: z.union([z.literal(1), z.literal(2)]), count: z.number().int() }),
  ),
  /** Index of `locate` in the list, when asked. */
  located: z.number().int().nullable(),
});
export type ActivityPage = z.infer<typeof ActivityPage>;

/** Rows per calendar answer at most; a fuller range says how many it left out (`total`). */
export const RANGE_LIMIT = 2000;

/** The 活动 calendar: the activities under the list's filter that run on some day of `from`…`to`. */
export const ActivityRangeInput = ActivityPageInput.omit({ offset: true, limit: true, locate: true }).extend({
  from: IsoDate,
  to: IsoDate,
  limit: z.number().int().min(1).max(RANGE_LIMIT).default(RANGE_LIMIT),
});

export const ActivityRange = z.object({
  /** By start date, then id; multi-day activities that began before `from` included. */
  items: z.array(ActivitySummary),
  /** Every activity of the range under the filter, not only the rows returned. */
  total: z.number().int(),
});
export type ActivityRange = z.infer<typeof ActivityRange>;

export const listsCalls = {
  'activities.pick': { input: PickInput, output: pickOutput(PickedActivity), effect: 'read', run: 'tx' },
  'people.pick': {
    input: PickInput.extend({ kind: z.enum(['student', 'teacher']).optional() }),
    output: pickOutput(PickedPerson),
    effect: 'read',
    run: 'tx',
  },
  'activities.page': { input: ActivityPageInput, output: ActivityPage, effect: 'read', run: 'tx' },
  'activities.range': { input: ActivityRangeInput, output: ActivityRange, effect: 'read', run: 'tx' },
} as const;
