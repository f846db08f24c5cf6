// 总结导出: the statistics of any period, the drafted 工作总结 the teacher edits
// section by section (saved per period), and the photos picked for it. Files (.docx, .pdf,
// .xlsx) are made by electron/core/report/exports.ts and reach the teacher through the host
// (a GET download in the web host, a save dialog in the desktop host).
import { z } from 'zod';
import { parsePeriod } from '../domain/periods';
import { Id, IsoDate, Stats } from '../schemas';

/** 'term:2025-2026-1', 'year:2025-2026', 'cal:2025', 'years:2022-2026', 'range:2025-03-01..2025-06-30' (bare forms too). */
export const PeriodKey = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .refine((k) => parsePeriod(k) !== null, {
    message: '时间段格式不正确，例如 2025-2026-1（学期）、2025-2026（学年）、2025（年度）',
  });

export const SECTION_KEYS = [
  'title',
  'guiding',
  'organization',
  'team',
  'activities',
  'achievements',
  'problems',
  'plans',
] as const;
export const SectionKey = z.enum(SECTION_KEYS);
export type SectionKey = z.infer<typeof SectionKey>;

export const PeriodInfo = z.object({
  key: z.string(),
  label: z.string(),
  title: z.string(),
  from: IsoDate,
  to: IsoDate,
  scope: z.string(),
  previousScope: z.string(),
});
export type PeriodInfo = z.infer<typeof PeriodInfo>;

/** One row of the 与上期对比 table. */
export const ComparisonRow = z.object({
  label: z.string(),
  unit: z.string(),
  current: z.number(),
  previous: z.number(),
});
export type ComparisonRow = z.infer<typeof ComparisonRow>;

export const SummaryStats = z.object({
  period: PeriodInfo,
  /** The period compared with: the same term a year earlier, the previous 学年 or year (up to the same day while this one runs). */
  previous: PeriodInfo,
  stats: Stats,
  previousStats: Stats,
  /** Empty when no fair comparison exists (the archive does not cover the earlier period). */
  comparison: z.array(ComparisonRow),
  /** False in the archive's first period, or when the earlier one is only partly recorded. */
  comparable: z.boolean().default(true),
  /** Set while the period is not over: the numbers count what happened up to this day. */
  asOf: IsoDate.nullable().default(null),
  /** Planned activities of the period (not counted as 开展). */
  planned: z.number().default(0),
  /** 活动照片: linked to the period's held activities, and photos on no activity taken in the period. */
  photoSplit: z.object({ linked: z.number(), unlinked: z.number() }).default({ linked: 0, unlinked: 0 }),
});
export type SummaryStats = z.infer<typeof SummaryStats>;

export const DraftSection = z.object({
  key: SectionKey,
  /** '一、指导思想' (empty for the title). */
  heading: z.string(),
  /** What the draft says now: the teacher's text if edited, else freshly generated. */
  text: z.string(),
  /** The teacher typed in this section: regenerating it needs their say-so. */
  edited: z.boolean(),
  /** Edited, and the numbers have changed since: the generated text differs from the one they started from. */
  stale: z.boolean(),
  /** The text the current data would give (shown next to an edited section, to take it over on request). */
  generated: z.string(),
});
export type DraftSection = z.infer<typeof DraftSection>;

export const PhotoPick = z.object({ mediaId: Id, caption: z.string().trim().max(80) });
export type PhotoPick = z.infer<typeof PhotoPick>;

export const Draft = z.object({
  period: PeriodInfo,
  sections: z.array(DraftSection),
  photos: z.array(PhotoPick),
  /** False while the photos are the suggested ones (the teacher has not picked). */
  photosChosen: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type Draft = z.infer<typeof Draft>;

export const PhotoCandidate = z.object({
  mediaId: Id,
  activityId: Id,
  activityTitle: z.string(),
  date: IsoDate,
  caption: z.string(),
  /** Cover of one of the biggest activities: offered first and picked by default. */
  suggested: z.boolean(),
});
export type PhotoCandidate = z.infer<typeof PhotoCandidate>;

export const EXPORT_FORMATS = ['docx', 'pdf', 'xlsx', 'html'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;
/** summary: the 工作总结; plan: 学期科技活动计划表; student: 学生科技活动记录 (综合素质评价); teacher: 指导教师工作记录. */
export const EXPORT_KINDS = ['summary', 'plan', 'student', 'teacher'] as const;
export const ExportKind = z.enum(EXPORT_KINDS);
export type ExportKind = z.infer<typeof ExportKind>;

export const ExportRequest = z
  .object({
    kind: ExportKind.default('summary'),
    /** Required for a summary or a plan; a person's record without it covers all their 学年. */
    period: PeriodKey.optional(),
    format: ExportFormat,
    personId: Id.optional(),
    /** Names as 张*茂 (for sending outside the school). */
    maskNames: z.boolean().default(false),
  })
  .refine((r) => r.kind === 'student' || r.kind === 'teacher' || !!r.period, {
    message: '请选择时间段',
    path: ['period'],
  })
  .refine((r) => (r.kind === 'student' || r.kind === 'teacher' ? !!r.personId : true), {
    message: '请选择学生或教师',
    path: ['personId'],
  })
  .refine((r) => r.format !== 'xlsx' || r.kind === 'summary' || r.kind === 'plan', {
    message: '这种记录只能导出为 Word、PDF 或网页',
    path: ['format'],
  });
export type ExportRequest = z.input<typeof ExportRequest>;

/** 在校学生人数 per 学年 (start year → count) and the 科技教育工作领导小组: what no record says. */
export const ReportSettings = z.object({
  enrolment: z.record(z.string().regex(/^\d{4}$/), z.number().int().positive()),
  leadership: z.object({ principal: z.string().max(40), deputy: z.string().max(40), members: z.string().max(200) }),
});
export type ReportSettings = z.infer<typeof ReportSettings>;

export const summaryCalls = {
  'summary.reportSettings': {
    input: z.object({}).strict().default({}),
    output: ReportSettings,
    effect: 'read',
    run: 'tx',
  },
  /** A count of 0 or null removes that 学年's enrolment. */
  'summary.setReportSettings': {
    input: z.object({
      enrolment: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0).max(100000).nullable()).optional(),
      leadership: z
        .object({
          principal: z.string().trim().max(40),
          deputy: z.string().trim().max(40),
          members: z.string().trim().max(200),
        })
        .partial()
        .optional(),
    }),
    output: ReportSettings,
    effect: 'write',
    run: 'tx',
  },
  'summary.stats': { input: z.object({ period: PeriodKey }), output: SummaryStats, effect: 'read', run: 'tx' },
  'summary.draft': { input: z.object({ period: PeriodKey }), output: Draft, effect: 'read', run: 'tx' },
  /** Saves the teacher's text of one section (or the title); empty text goes back to the generated one. */
  'summary.saveSection': {
    input: z.object({ period: PeriodKey, key: SectionKey, text: z.string().max(20000) }),
    output: Draft,
    effect: 'write',
    run: 'tx',
  },
  /** 用新数据重新生成此节: drops the teacher's text of that section (the page asks first). */
  'summary.regenerateSection': {
    input: z.object({ period: PeriodKey, key: SectionKey }),
    output: Draft,
    effect: 'write',
    run: 'tx',
  },
  /** The photos to print, in order, with captions; null goes back to the suggestions. */
  'summary.setPhotos': {
    input: z.object({ period: PeriodKey, photos: z.array(PhotoPick).max(60).nullable() }),
    output: Draft,
    effect: 'write',
    run: 'tx',
  },
  'summary.photoCandidates': {
    input: z.object({ period: PeriodKey }),
    output: z.array(PhotoCandidate),
    effect: 'read',
    run: 'tx',
  },
} as const;
