// The archive on a USB stick: export a verified package, check one, merge one from
// another PC (preview, then apply with the teacher's picks for conflicts), and backups.
import { z } from 'zod';
import { IsoDate } from '../schemas';

const JobId = z.string().uuid();
const FolderPath = z.string().trim().min(1, '请选择文件夹').max(1024);

// ---- what goes into a package ----------------------------------------------------------------
export const ExportScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z
    .object({ kind: z.literal('period'), from: IsoDate, to: IsoDate })
    .refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期', path: ['to'] }),
  z.object({ kind: z.literal('activities'), ids: z.array(z.string().uuid()).min(1, '请至少选择一项活动').max(5000) }),
]);
export type ExportScope = z.infer<typeof ExportScope>;

export const ExportOptions = z.object({
  target: FolderPath,
  scope: ExportScope.default({ kind: 'all' }),
  /** 张树茂 → 张*茂 for every student, in names and in the text around them. */
  maskNames: z.boolean().default(false),
  /** 身份证号, 家长电话, teachers' phones: left out unless the teacher asks. */
  includeSensitive: z.boolean().default(false),
  /** 全部重新核对: read back every file already on the stick, not only those changed since the last export. */
  recheck: z.boolean().default(false),
});
export type ExportOptions = z.input<typeof ExportOptions>;

export const TargetInfo = z.object({
  path: z.string(),
  free: z.number(),
  total: z.number(),
  fsType: z.string().nullable(),
  fsLabel: z.string().nullable(),
  mountPoint: z.string().nullable(),
});
export type TargetInfo = z.infer<typeof TargetInfo>;

export const ExportPlan = z.object({
  name: z.string(),
  /** Where the finished package will be. */
  path: z.string(),
  target: TargetInfo,
  files: z.number(),
  bytes: z.number(),
  /** What must be written (the rest is already on the stick, unchanged). */
  bytesToWrite: z.number(),
  filesToWrite: z.number(),
  /** A package already on the stick that this export updates in place. */
  reuses: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  /** Chinese notes for the teacher (FAT32, masking…). */
  notes: z.array(z.string()),
});
export type ExportPlan = z.infer<typeof ExportPlan>;

export const ExportResult = ExportPlan.extend({
  seconds: z.number(),
  writtenFiles: z.number(),
  writtenBytes: z.number(),
  reusedFiles: z.number(),
  /** Files read back against their sha256 in this export (written, or kept after reading). */
  checkedFiles: z.number(),
  /**
   * Files kept unread: same size and modification time as when an earlier export read them back
   * (0 with `recheck`). checkedFiles + keptUnread = files.
   */
  keptUnread: z.number(),
  /**
   * The archive had not changed since the package on the stick was made (same database bytes,
   * media and thumbnail names, options, day and versions): its database snapshot and viewer data
   * were kept, not made again. Never with `recheck`.
   */
  archiveUnchanged: z.boolean().optional(),
});
export type ExportResult = z.infer<typeof ExportResult>;

// ---- verify ------------------------------------------------------------------------------------
export const PROBLEM_CODES = [
  'incomplete',
  'no-manifest',
  'bad-manifest',
  'unknown-format',
  'schema-too-new',
  'schema-mismatch',
  'too-many-files',
  'unsafe-path',
  'duplicate-path',
  'symlink',
  'missing',
  'changed',
  'extra',
  'empty-db',
  'truncated-db',
  'corrupt-db',
  'not-archive',
  'unsafe-media',
  'link',
] as const;
export const PackageProblem = z.object({
  code: z.enum(PROBLEM_CODES),
  path: z.string().optional(),
  message: z.string(),
});
export type PackageProblem = z.infer<typeof PackageProblem>;

export const PackageSummary = z.object({
  name: z.string(),
  school: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number(),
  archiveId: z.string(),
  scopeLabel: z.string(),
  maskedNames: z.boolean(),
  counts: z.record(z.string(), z.number()),
  files: z.number(),
  bytes: z.number(),
});
export type PackageSummary = z.infer<typeof PackageSummary>;

export const VerifyReport = z.object({
  path: z.string(),
  ok: z.boolean(),
  /** False for a package whose export never finished (a `.partial` folder, or no manifest). */
  complete: z.boolean(),
  problems: z.array(PackageProblem),
  /** Harmless oddities (Thumbs.db, .DS_Store left by a file browser). */
  warnings: z.array(z.string()),
  summary: PackageSummary.nullable(),
  checkedFiles: z.number(),
  checkedBytes: z.number(),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

// ---- merge -----------------------------------------------------------------------------------------
export const Pick = z.enum(['ours', 'theirs']);
export type Pick = z.infer<typeof Pick>;

export const FieldDiff = z.object({
  column: z.string(),
  label: z.string(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
});
export const MergeConflict = z.object({
  /** `<table>:<id>`: what a choice names. */
  key: z.string(),
  table: z.string(),
  label: z.string(),
  id: z.string(),
  title: z.string(),
  ours: z.object({ updatedAt: z.string(), trashed: z.boolean() }),
  theirs: z.object({ updatedAt: z.string(), trashed: z.boolean() }),
  fields: z.array(FieldDiff),
  /** Chinese, naming the record: what the package would do to it. */
  description: z.string(),
  /** Chinese: why it is not decided automatically (both changed, no shared history, an impossible time). */
  reason: z.string(),
});
export type MergeConflict = z.infer<typeof MergeConflict>;

export const MergeTableCount = z.object({
  table: z.string(),
  label: z.string(),
  count: z.number(),
  titles: z.array(z.string()),
});
export type MergeTableCount = z.infer<typeof MergeTableCount>;

export const MergePreview = z.object({
  package: PackageSummary,
  added: z.array(MergeTableCount),
  updated: z.array(MergeTableCount),
  /**
   * Records of ours this merge moves to the trash (the package deleted them, and it would win):
   * applied only with confirmTrash (the command line's --prefer theirs), else kept (`held`).
   * A conflict whose package side is trashed says so in its description instead.
   */
  trashed: z.array(MergeTableCount),
  /** The teacher confirmed trashing (else those records are kept as ours: `held`). */
  trashConfirmed: z.boolean(),
  /** Trashings kept as ours for want of confirmation (they come back at the next merge). */
  held: z.number(),
  /** Ours is newer, or the same: nothing to do. */
  unchanged: z.number(),
  /** The first MAX_LISTED_CONFLICTS conflicts, field by field… */
  conflicts: z.array(MergeConflict),
  /** …and how many there are in all (decided together with `prefer`). */
  conflictsTotal: z.number(),
  /** The two archives have merged before (or the package is our own): else every change of ours is a conflict. */
  sharedHistory: z.boolean(),
  /** Records this archive deleted for good (清空回收站): not brought back. */
  skipped: z.array(z.object({ table: z.string(), id: z.string(), title: z.string(), reason: z.string() })),
  media: z.object({ toCopy: z.number(), bytes: z.number(), duplicates: z.number() }),
  /** True when applying it would change nothing. */
  nothingToDo: z.boolean(),
});
export type MergePreview = z.infer<typeof MergePreview>;

export const MergeReport = MergePreview.extend({
  applied: z.boolean(),
  backup: z.string().nullable(),
  /** Conflicts left as they were (no choice given): they come back at the next merge. */
  unresolved: z.number(),
  warnings: z.array(z.string()),
  seconds: z.number(),
});
export type MergeReport = z.infer<typeof MergeReport>;

// ---- backups ---------------------------------------------------------------------------------
export const BackupInfo = z.object({ file: z.string(), at: z.string(), reason: z.string(), size: z.number() });
export type BackupInfo = z.infer<typeof BackupInfo>;

const PackagePath = z.object({ path: FolderPath });

export const packageCalls = {
  'package.targets': { input: z.object({}).default({}), output: z.array(TargetInfo), effect: 'read', run: 'tx' },
  // Jobs because they are asynchronous (the dispatcher wraps only synchronous calls in a transaction).
  'package.plan': { input: ExportOptions.extend({ jobId: JobId }), output: ExportPlan, effect: 'read', run: 'async' },
  // Reads the archive only (the stick is not the archive): no 'archive.changed' after it.
  'package.export': {
    input: ExportOptions.extend({ jobId: JobId }),
    output: ExportResult,
    effect: 'read',
    run: 'async',
  },
  'package.verify': { input: PackagePath.extend({ jobId: JobId }), output: VerifyReport, effect: 'read', run: 'async' },
  'package.preview': {
    input: PackagePath.extend({ jobId: JobId, confirmTrash: z.boolean().default(false) }),
    output: MergePreview,
    effect: 'read',
    run: 'async',
  },
  'package.merge': {
    input: PackagePath.extend({
      jobId: JobId,
      choices: z.record(z.string().max(100), Pick).default({}),
      /** For every conflict without a choice (全部保留本机 / 全部采用数据包 when there are more than are listed). */
      prefer: Pick.optional(),
      /** The teacher confirmed that records of ours the package deleted go to the trash here. */
      confirmTrash: z.boolean().default(false),
    }),
    output: MergeReport,
    effect: 'write',
    run: 'async',
  },
  /** Shows a checked package instead of the teacher's archive, read-only (the page reloads after). */
  'package.openReadonly': {
    input: PackagePath.extend({ jobId: JobId }),
    output: z.object({ ok: z.literal(true) }),
    effect: 'session',
    run: 'async',
  },
  /** Back to the teacher's own archive. A job only so that it runs outside the shown archive's transaction. */
  'package.closeReadonly': {
    input: z.object({ jobId: JobId }),
    output: z.object({ ok: z.literal(true) }),
    effect: 'session',
    run: 'async',
  },
  'backup.list': { input: z.object({}).default({}), output: z.array(BackupInfo), effect: 'read', run: 'tx' },
  // Jobs, so they run outside the dispatcher's transaction (the backup API steps asynchronously).
  'backup.create': { input: z.object({ jobId: JobId }), output: BackupInfo, effect: 'write', run: 'async' },
  'backup.restore': {
    input: z.object({ jobId: JobId, file: z.string().min(1).max(200), confirm: z.literal('恢复') }),
    output: z.object({ restored: BackupInfo, safetyBackup: BackupInfo }),
    effect: 'write',
    run: 'async',
  },
} as const;
