// Excel and CSV, both ways: import a 花名册 or a 获奖名单 from .xlsx/.xls/.csv with a
// preview the teacher can correct, and export any list to .xlsx with Chinese headers.
// Preview and commit take the same request: preview runs the import in a transaction that is
// rolled back, so what the teacher sees is exactly what the commit will do.
// All three are jobs because reading and writing workbooks is asynchronous (exceljs).
import { z } from 'zod';
import { IsoDate } from '../schemas';

export const SHEET_KINDS = ['roster', 'awards'] as const;
export const SheetKind = z.enum(SHEET_KINDS);
export type SheetKind = z.infer<typeof SheetKind>;

export const SHEET_FIELDS = [
  'name',
  'students',
  'gender',
  'className',
  'gradeLabel',
  'studentNo',
  'entryYear',
  'stage',
  'ethnicity',
  'birthMonth',
  'idNumber',
  'guardianPhone',
  'title',
  'category',
  'subject',
  'division',
  'competition',
  'session',
  'year',
  'organizer',
  'level',
  'award',
  'advisors',
  'certificateNo',
  'awardedOn',
  'notes',
  'school',
  'pupils',
] as const;
export const SheetField = z.enum(SHEET_FIELDS);
export type SheetField = z.infer<typeof SheetField>;
/** Columns a 花名册 may have, in the order the mapping dropdown offers them. */
export const ROSTER_FIELDS = [
  'name',
  'gender',
  'className',
  'gradeLabel',
  'studentNo',
  'entryYear',
  'stage',
  'ethnicity',
  'birthMonth',
  'idNumber',
  'guardianPhone',
  'notes',
] as const satisfies readonly SheetField[];
/** Columns a 获奖名单 may have. */
export const AWARD_FIELDS = [
  'students',
  'school',
  'className',
  'gradeLabel',
  'title',
  'category',
  'subject',
  'division',
  'competition',
  'session',
  'year',
  'organizer',
  'level',
  'award',
  'advisors',
  'pupils',
  'certificateNo',
  'awardedOn',
  'notes',
] as const satisfies readonly SheetField[];
/** Without these a sheet cannot be imported. */
export const REQUIRED_FIELDS: Record<SheetKind, readonly SheetField[]> = { roster: ['name'], awards: ['award'] };
export const FIELDS_OF: Record<SheetKind, readonly SheetField[]> = { roster: ROSTER_FIELDS, awards: AWARD_FIELDS };

/** Largest file accepted (the web host's request limit leaves room for base64). */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;

/**
 * What a sheet file may make the app do (a file from a USB stick is hostile until
 * checked). Each limit is checked before the work it bounds, and refused with a Chinese message
 * that names it (shared/i18n/tables/sheets.ts, sheets.refuse.*).
 */
export const SHEET_LIMITS = {
  /** Data rows below the header of a 花名册 or 获奖名单. */
  dataRows: 20_000,
  /** Rows read from one worksheet (data rows plus title, header and blank rows). */
  sheetRows: 20_100,
  /** Columns read; further columns are ignored. */
  columns: 200,
  /** Worksheets in one file. */
  sheets: 50,
  /** Characters of one cell: a longer cell is cut here, and a row that would import it is skipped. */
  cellChars: 1_000,
  /** Cells filled down from vertical merges in one worksheet (overlapping spans are how a small file asks for a huge grid). */
  mergedCells: 200_000,
  /** Cells (with or without a value) in an .xlsx, counted before it is parsed. */
  xlsxCells: 1_000_000,
  /** <row> elements in an .xlsx (formatted empty rows included), counted before it is parsed. */
  xlsxRows: 200_000,
  /** Bytes an .xlsx may unpack to (all parts together), from its zip directory and then while inflating. */
  unpackedBytes: 64 * 1024 * 1024,
  /** Seconds a file may take to be read before the reading is stopped. */
  parseSeconds: 60,
} as const;

export const SheetFile = z.object({
  name: z.string().trim().min(1).max(255),
  base64: z
    .string()
    .min(1)
    .max(Math.ceil(MAX_SHEET_BYTES / 3) * 4 + 4),
});

export const ImportRequest = z.object({
  jobId: z.string().uuid(),
  kind: SheetKind,
  file: SheetFile,
  /** Worksheet shown in detail (headerRow and mapping apply to it); default: the list whose header scores best. */
  sheet: z.string().max(100).optional(),
  /**
   * Worksheets to import (the teacher's ticks). Default: `sheet` alone when given, else every
   * worksheet that looks like a list of this kind.
   */
  sheets: z.array(z.string().max(100)).max(60).optional(),
  /** The teacher's date for the undated rows of one worksheet (by name); overrides what its title says. */
  dates: z.record(z.string().max(100), IsoDate).optional(),
  /** 1-based row of the header; default: detected by scoring header synonyms. */
  headerRow: z.number().int().min(1).max(10000).optional(),
  /** Field of each column (index = column); default: matched by synonyms. */
  mapping: z.array(SheetField.nullable()).max(500).optional(),
  /**
   * The date the sheet is about: 班级 like 五年级(2)班 are read as of this day. Default for a 花名册:
   * a 学年 in the title, else today; for a 获奖名单: each award's own date.
   */
  asOf: IsoDate.optional(),
  /**
   * 获奖名单: the date for rows whose own cells give none (no 获奖时间, no 年度). Default: a date the
   * title rows or the file name give, shown as an assumption; without one such rows are held back.
   * Never today by default.
   */
  defaultDate: IsoDate.optional(),
  /** 获奖名单: a 学年 (its first year) for rows without a date; they are dated in its spring. */
  schoolYear: z.number().int().min(1990).max(2100).optional(),
  /** 花名册: the class of every row whose own class cell is empty ('四年级(2)班'), for class lists without a 班级 column. */
  className: z.string().trim().max(40).optional(),
  /** This school's name and short forms ('清水县第六中学、清水六中'); default: the name in 设置. */
  schoolName: z.string().trim().max(200).optional(),
  /** The teacher's answers to ambiguous names: choice key → person id, 'new' or 'skip'. */
  choices: z.record(z.string().max(200), z.string().max(60)).default({}),
});
export type ImportRequest = z.input<typeof ImportRequest>;

export const RowStatus = z.enum(['new', 'update', 'duplicate', 'needs-choice', 'skip']);
export type RowStatus = z.infer<typeof RowStatus>;

export const ChoiceOption = z.object({ value: z.string(), label: z.string() });
export const NameChoice = z.object({
  /** Send the answer as choices[key]. */
  key: z.string(),
  /** What is ambiguous, e.g. '张伟（五年级(2)班）'. */
  label: z.string(),
  options: z.array(ChoiceOption),
  /** The answer given so far, or null. */
  selected: z.string().nullable(),
});
export type NameChoice = z.infer<typeof NameChoice>;

export const PreviewRow = z.object({
  /** Row number as Excel shows it (1-based). */
  row: z.number(),
  status: RowStatus,
  /** Chinese reason for skip / duplicate / needs-choice. */
  reason: z.string().nullable(),
  /** What importing this row does, in Chinese ('新建学生 张伟（五年级(2)班）'). */
  actions: z.array(z.string()),
  cells: z.array(z.string()),
  choices: z.array(NameChoice),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const ENTITY_KINDS = ['students', 'teachers', 'works', 'competitions', 'awards'] as const;
export const ImportReport = z.object({
  /** Records created (students, teachers, works, competitions, awards together). */
  created: z.number(),
  /** Records whose fields changed. */
  updated: z.number(),
  /** Rows already in the archive exactly as in the sheet. */
  unchanged: z.number(),
  /** Rows not imported, with the reason (and the worksheet). */
  skipped: z.array(z.object({ row: z.number(), reason: z.string(), sheet: z.string().optional() })),
  counts: z.record(z.enum(ENTITY_KINDS), z.object({ created: z.number(), updated: z.number() })),
  /** Each imported worksheet's outcome. */
  sheets: z.array(
    z.object({
      name: z.string(),
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      skipped: z.number(),
    }),
  ),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const SheetLook = z.enum(['list', 'otherKind', 'empty', 'other']);
export type SheetLook = z.infer<typeof SheetLook>;
/** One worksheet of the file as the preview lists it: what it looks like, whether it is ticked, what importing it would do. */
export const SheetInfo = z.object({
  name: z.string(),
  look: SheetLook,
  rows: z.number(),
  selected: z.boolean(),
  outcome: z
    .object({
      name: z.string(),
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      skipped: z.number(),
      problem: z.string().nullable(),
      undated: z.number(),
      defaultDate: IsoDate.nullable(),
      dateSource: z.enum(['request', 'schoolYear', 'title', 'fileName']).nullable(),
    })
    .nullable(),
});
export type SheetInfo = z.infer<typeof SheetInfo>;

export const SheetColumn = z.object({ index: z.number(), header: z.string(), field: SheetField.nullable() });
export const ImportPreview = z.object({
  kind: SheetKind,
  fileName: z.string(),
  format: z.enum(['xlsx', 'xls', 'csv']),
  /** Text encoding of a CSV ('UTF-8', 'GBK', 'UTF-16LE'), null for workbooks. */
  encoding: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string(),
  headerRow: z.number(),
  /** Text of the title rows above the header, if any. */
  title: z.string().nullable(),
  columns: z.array(SheetColumn),
  asOf: IsoDate,
  asOfSource: z.enum(['request', 'title', 'today', 'awardDate']),
  /** 获奖名单: the date rows without their own date get, or null (those rows are held back). */
  defaultDate: IsoDate.nullable(),
  /** Where defaultDate came from: given by the teacher, a 学年 given, the title rows, the file name. */
  dateSource: z.enum(['request', 'schoolYear', 'title', 'fileName']).nullable(),
  /** The text the date was read from ('2016年5月', '2019-2020'), for the assumption shown. */
  dateClue: z.string().nullable(),
  /** 花名册: the class given for the whole sheet, or null. */
  sheetClass: z.string().nullable(),
  /** Rows held back because no date could be read or derived for them. */
  undated: z.number(),
  /** This school's names as the importer compares a 学校/单位 column and recipients ([] = unknown). */
  school: z.object({ names: z.array(z.string()), source: z.enum(['request', 'settings']).nullable() }),
  /** Why nothing can be imported as mapped (e.g. no 姓名 column), or null. */
  problem: z.string().nullable(),
  rows: z.array(PreviewRow),
  /** Every worksheet of the file, ticked or not (none is dropped without a word). */
  sheetList: z.array(SheetInfo),
  /** What the commit would report (all ticked worksheets). */
  report: ImportReport,
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const EXPORT_LISTS = ['activities', 'students', 'teachers', 'works', 'awards'] as const;
export const ExportList = z.enum(EXPORT_LISTS);
export type ExportList = z.infer<typeof ExportList>;
export const ExportRequest = z.object({
  jobId: z.string().uuid(),
  list: ExportList,
  /** The same filter the page passes to activities.list / people.list / works.list / awards.list. */
  filter: z.record(z.string(), z.unknown()).default({}),
  /** 张*茂 instead of 张树茂. */
  maskNames: z.boolean().default(false),
  /** 身份证号 and 家长电话 are left out unless the teacher asks. */
  includeSensitive: z.boolean().default(false),
});
export type ExportRequest = z.input<typeof ExportRequest>;
export const ExportResult = z.object({ fileName: z.string(), base64: z.string(), rows: z.number() });
export type ExportResult = z.infer<typeof ExportResult>;

export const sheetsCalls = {
  'sheets.preview': { input: ImportRequest, output: ImportPreview, effect: 'read', run: 'async' },
  'sheets.commit': { input: ImportRequest, output: ImportReport, effect: 'write', run: 'async' },
  'sheets.export': { input: ExportRequest, output: ExportResult, effect: 'read', run: 'async' },
} as const;
