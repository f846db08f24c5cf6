// Photos, videos and documents: import as a job, the gallery's paged list and its
// groups, the lightbox's edits, links to records, and the certificate wall.
import { z } from 'zod';
import { Id, IsoDate, MediaKind, Timestamp } from '../schemas';

/** `display`: a HEIC's display JPEG (pages cannot draw HEIC), the original for other types. */
export const MEDIA_SIZES = ['thumb', 'medium', 'display', 'original'] as const;
export type MediaSize = (typeof MEDIA_SIZES)[number];
/** Long edge in pixels of each cached WebP size (thumbs/ab/<sha256>-<px>.webp). */
export const THUMB_PX = { thumb: 256, medium: 1024 } as const;

export const Rotation = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);
export type Rotation = z.infer<typeof Rotation>;

export const LinkKind = z.enum(['activity', 'work', 'award', 'person']);
export const LinkTarget = z.object({ kind: LinkKind, id: Id });
export type LinkTarget = z.infer<typeof LinkTarget>;

/**
 * Where a file's date came from (migration 0008): EXIF DateTimeOriginal, CreateDate, IFD0 DateTime,
 * XMP, a video's mvhd/tkhd, the activity it was imported onto, the file's modified time (不确定),
 * or 调整拍摄时间. null: stored before the source was recorded.
 */
export const TAKEN_SOURCES = ['original', 'digitized', 'ifd0', 'xmp', 'video', 'activity', 'file', 'manual'] as const;
export const TakenSource = z.enum(TAKEN_SOURCES);
export type TakenSource = z.infer<typeof TakenSource>;

/** A file's date and its source, as 调整拍摄时间 found it (for 撤销). */
export const TakenTime = z.object({ id: Id, takenAt: Timestamp.nullable(), takenSource: TakenSource.nullable() });
export type TakenTime = z.infer<typeof TakenTime>;

/** One tile of the gallery. `groupKey` says which group of `media.groups` the tile is in. */
export const MediaItem = z.object({
  id: Id,
  kind: MediaKind,
  mime: z.string(),
  ext: z.string(),
  size: z.number(),
  originalName: z.string(),
  /** Local wall-clock time 'YYYY-MM-DDTHH:MM:SS' (EXIF, else the file's time). */
  takenAt: Timestamp.nullable(),
  takenSource: TakenSource.nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** EXIF orientation (thumbnails are already upright). */
  orientation: z.number().nullable(),
  /** The teacher's turn for display, clockwise. */
  rotation: Rotation,
  caption: z.string().nullable(),
  groupKey: z.string(),
});
export type MediaItem = z.infer<typeof MediaItem>;

export const GroupBy = z.enum(['year', 'month', 'activity']);
export type GroupBy = z.infer<typeof GroupBy>;

export const MediaFilter = z.object({
  activityId: Id.optional(),
  /** Only media linked to this record (a work's files, an award's certificate). */
  target: LinkTarget.optional(),
  kind: MediaKind.optional(),
  /** Photos of a person: linked to them, or to an activity, work or award they are part of. */
  personId: Id.optional(),
  tag: z.string().trim().min(1).max(30).optional(),
  /** 学年 start year (2025 = 2025—2026学年). */
  schoolYear: z.number().int().min(1990).max(2100).optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month')
    .optional(),
  /** 日期不确定: only files dated by their modified time (no date inside, no activity). */
  dateUncertain: z.boolean().optional(),
  groupBy: GroupBy.default('month'),
});
export type MediaFilter = z.input<typeof MediaFilter>;

/**
 * A heading of the gallery, in display order. `key` is 'YYYY' (学年 start), 'YYYY-MM', an
 * activity id, or 'none' (no date / no activity).
 */
export const MediaGroup = z.object({
  key: z.string(),
  count: z.number(),
  /** For activity groups: the activity's title and start date. */
  title: z.string().nullable(),
  date: IsoDate.nullable(),
});
export type MediaGroup = z.infer<typeof MediaGroup>;

export const MediaLinkInfo = z.object({
  kind: LinkKind,
  id: Id,
  title: z.string(),
  date: IsoDate.nullable(),
  isCover: z.boolean(),
});
export type MediaLinkInfo = z.infer<typeof MediaLinkInfo>;
export const MediaDetail = MediaItem.omit({ groupKey: true }).extend({
  links: z.array(MediaLinkInfo),
  sha256: z.string(),
});
export type MediaDetail = z.infer<typeof MediaDetail>;

export const ImportFailure = z.object({ file: z.string(), reason: z.string() });
export type ImportFailure = z.infer<typeof ImportFailure>;
export const ImportResult = z.object({
  imported: z.number(),
  duplicates: z.number(),
  failed: z.array(ImportFailure),
  cancelled: z.boolean(),
  /** Ids of every stored or linked item, in the order of the files. */
  mediaIds: z.array(Id),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const Certificate = z.object({
  awardId: Id,
  mediaId: Id,
  rotation: Rotation,
  competitionName: z.string().nullable(),
  level: z.string(),
  grade: z.string(),
  awardedOn: IsoDate,
  /** 《作品》, the person, or the school. */
  recipient: z.string(),
  studentNames: z.array(z.string()),
});
export type Certificate = z.infer<typeof Certificate>;

const Ok = z.object({ ok: z.literal(true) });

/** Bytes per 'media.stage' chunk: 4 MiB (5.6 MB of base64 over IPC). */
export const STAGE_CHUNK = 4 * 1024 * 1024;

/** Largest poster frame the page may send (a 1024 px WebP is ~100 KB; this leaves room for a JPEG). */
export const MAX_POSTER_BYTES = 2 * 1024 * 1024;
/** The page can only draw ≤ 1024 px frames; anything bigger is shrunk to the medium size anyway. */
export const PosterInput = z.object({
  jobId: z.string().uuid(),
  id: Id,
  /** The frame as JPEG, PNG or WebP bytes, base64 (no data: prefix). */
  image: z
    .base64()
    .min(4)
    .max(Math.ceil(MAX_POSTER_BYTES / 3) * 4),
});

export const mediaCalls = {
  /** Copies files and folders (recursively) into the archive; linked to `target` when given. */
  'media.import': {
    input: z.object({
      jobId: z.string().uuid(),
      paths: z.array(z.string().min(1).max(4096)).min(1).max(20000),
      target: LinkTarget.optional(),
    }),
    output: ImportResult,
    effect: 'write',
    run: 'async',
  },
  'media.groups': {
    input: MediaFilter.default({ groupBy: 'month' }),
    output: z.object({ total: z.number(), groups: z.array(MediaGroup) }),
    effect: 'read',
    run: 'tx',
  },
  /** One page of the gallery, in the order of `media.groups`. */
  'media.list': {
    input: MediaFilter.extend({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.object({ total: z.number(), items: z.array(MediaItem) }),
    effect: 'read',
    run: 'tx',
  },
  /** Where `ids` (files just imported) are under a filter: how many it shows or hides, and the first one's tile index. */
  'media.locate': {
    input: MediaFilter.extend({ ids: z.array(Id).min(1).max(20000) }),
    output: z.object({ visible: z.number(), hidden: z.number(), first: z.number().nullable() }),
    effect: 'read',
    run: 'tx',
  },
  'media.get': { input: z.object({ id: Id }), output: MediaDetail, effect: 'read', run: 'tx' },
  'media.update': {
    input: z.object({
      id: Id,
      caption: z.string().trim().max(500).nullable().optional(),
      rotation: Rotation.optional(),
    }),
    output: MediaDetail,
    effect: 'write',
    run: 'tx',
  },
  /**
   * 调整拍摄时间 of the chosen files: move them all by `shiftYears` and `shiftSeconds`, or set the earliest to `to`
   * (the others keep their distance). Answers the times before, for 撤销 (media.restoreTimes).
   */
  'media.retime': {
    input: z
      .object({
        ids: z.array(Id).min(1).max(20000),
        shiftSeconds: z
          .number()
          .int()
          .min(-200 * 366 * 86400)
          .max(200 * 366 * 86400)
          .optional(),
        /** Calendar years added before `shiftSeconds` (a camera set to the wrong year). */
        shiftYears: z.number().int().min(-200).max(200).optional(),
        to: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'YYYY-MM-DDTHH:MM')
          .transform((s) => (s.length === 16 ? `${s}:00` : s))
          .optional(),
      })
      .refine((i) => (i.shiftSeconds === undefined && i.shiftYears === undefined) !== (i.to === undefined), {
        message: '时差或目标时间，二选一',
      }),
    output: z.object({ changed: z.number(), before: z.array(TakenTime) }),
    effect: 'write',
    run: 'tx',
  },
  'media.restoreTimes': {
    input: z.object({ items: z.array(TakenTime).min(1).max(20000) }),
    output: z.object({ changed: z.number() }),
    effect: 'write',
    run: 'tx',
  },
  /** Makes the photo the cover of an activity, or the certificate photo of an award. */
  'media.setCover': {
    input: z.object({ id: Id, target: z.object({ kind: z.enum(['activity', 'award']), id: Id }) }),
    output: MediaDetail,
    effect: 'write',
    run: 'tx',
  },
  'media.link': {
    input: z.object({ ids: z.array(Id).min(1).max(20000), target: LinkTarget }),
    output: z.object({ linked: z.number() }),
    effect: 'write',
    run: 'tx',
  },
  'media.unlink': {
    input: z.object({ ids: z.array(Id).min(1).max(20000), target: LinkTarget }),
    output: Ok,
    effect: 'write',
    run: 'tx',
  },
  /**
   * A video's poster frame, drawn by the page's own Chromium (no ffmpeg here): saved as the video's
   * two cached WebP sizes, so ?size=thumb|medium serves it. It writes only that regenerable cache,
   * never a row: effect 'cache' (refused on a package viewed read-only; no 'archive.changed', so the
   * gallery does not reload per poster); run 'async' because sharp is asynchronous.
   */
  'media.savePoster': { input: PosterInput, output: Ok, effect: 'cache', run: 'async' },
  /**
   * Desktop: one chunk (≤ STAGE_CHUNK bytes, base64) of a file dropped on the window, kept in the
   * archive's .incoming/ until media.import takes the returned path. The web host uploads over
   * HTTP instead (POST /media/upload). Effect 'cache': it changes no record, so no page reloads per
   * chunk, and a package viewed read-only refuses it like any write.
   */
  'media.stage': {
    input: z.object({
      batch: z.string().uuid(),
      seq: z.number().int().min(0).max(1_000_000),
      name: z.string().min(1).max(400),
      offset: z.number().int().min(0),
      data: z
        .string()
        .max(Math.ceil(STAGE_CHUNK / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, '不是 base64'),
    }),
    output: z.object({ path: z.string() }),
    effect: 'cache',
    run: 'tx',
  },
  /** 证书墙: every award with a certificate photo, newest first. */
  'media.certificates': {
    input: z.object({ schoolYear: z.number().int().optional() }).default({}),
    output: z.array(Certificate),
    effect: 'read',
    run: 'tx',
  },
} as const;
