// Entity schemas: one place for each record's shape. Types are inferred from these.
import { z } from 'zod';
import './zod-zh'; // zod's messages in Chinese wherever a schema is used
import { ACTIVITY_STATUSES, GENDERS, STAGES } from './domain/vocab';
import { dateMessage } from './domain/format';
import { idNumberMessage, phoneMessage } from './domain/idcheck';

const text = (max = 200) => z.string().trim().max(max);
export const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'id');
/** The input of a call that names one record. */
export const ById = z.object({ id: Id });
/** A list cut at its `limit` says so: `total` counts every match, not only the `items` returned. */
export const listed = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
/** The input of a call that takes nothing. */
export const NoInput = z.object({}).strict().default({});
/** A real calendar day 'YYYY-MM-DD': 2024-02-30 is refused with "2024年2月没有30日", not a format message. */
export const IsoDate = z.string().superRefine((s, ctx) => {
  const message = dateMessage(s);
  if (message) ctx.addIssue({ code: 'custom', message });
});
export const Timestamp = z.string();
export const Name = text(40).min(1);
const OptText = (max = 200) => text(max).nullable().optional();

const Meta = { id: Id, createdAt: Timestamp, updatedAt: Timestamp, deletedAt: Timestamp.nullable() };

// ---- people -----------------------------------------------------------------
export const PersonKind = z.enum(['student', 'teacher']);
export const StudentFields = z.object({
  kind: z.literal('student'),
  name: Name,
  gender: z.enum(GENDERS).nullable().optional(),
  stage: z.enum(STAGES).default('小学'),
  entryYear: z.number().int().min(1990).max(2100),
  classNo: z.number().int().min(1).max(50).nullable().optional(),
  studentNo: OptText(40),
  ethnicity: OptText(20),
  birthMonth: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .nullable()
    .optional(),
  idNumber: OptText(30),
  guardianPhone: OptText(30),
  notes: OptText(2000),
});
export const TeacherFields = z.object({
  kind: z.literal('teacher'),
  name: Name,
  gender: z.enum(GENDERS).nullable().optional(),
  subject: OptText(40),
  title: OptText(40),
  phone: OptText(30),
  notes: OptText(2000),
});
/** A student's and a teacher's own fields besides kind and name, in the schemas' order: the one list
 * the core stores, the 花名册 import keeps and the form shows. */
const ownFields = (shape: object) => Object.keys(shape).filter((k) => k !== 'kind' && k !== 'name');
export const STUDENT_FIELDS: readonly string[] = ownFields(StudentFields.shape);
export const TEACHER_FIELDS: readonly string[] = ownFields(TeacherFields.shape);
/** What the teacher types in the form is checked for shape (身份证号 length/check digit, phone shape) and
 * answered with what is wrong. Imports (StudentFields/TeacherFields) keep what a 花名册 holds. */
const checked = (check: (s: string) => string | null) =>
  OptText(30).superRefine((s, ctx) => {
    const message = s ? check(s) : null;
    if (message) ctx.addIssue({ code: 'custom', message });
  });
export const PersonInput = z.discriminatedUnion('kind', [
  StudentFields.extend({ idNumber: checked(idNumberMessage), guardianPhone: checked(phoneMessage) }),
  TeacherFields.extend({ phone: checked(phoneMessage) }),
]);
export type PersonInput = z.input<typeof PersonInput>;

export const Person = z.object({
  ...Meta,
  kind: PersonKind,
  name: z.string(),
  gender: z.string().nullable(),
  stage: z.string().nullable(),
  entryYear: z.number().nullable(),
  classNo: z.number().nullable(),
  studentNo: z.string().nullable(),
  ethnicity: z.string().nullable(),
  birthMonth: z.string().nullable(),
  idNumber: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  subject: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  archivedAt: Timestamp.nullable(),
  /** Computed for the date asked (default today): '五年级(2)班', '2019级(已毕业)', or the teacher's subject. */
  classLabel: z.string(),
});
export type Person = z.infer<typeof Person>;

// ---- groups -------------------------------------------------------------------
export const GroupInput = z.object({
  name: text(60).min(1),
  description: OptText(2000),
  teacherId: Id.nullable().optional(),
});
export const Group = z.object({
  ...Meta,
  name: z.string(),
  description: z.string().nullable(),
  teacherId: Id.nullable(),
  memberCount: z.number(),
});
export type Group = z.infer<typeof Group>;
export const Membership = z.object({
  groupId: Id,
  personId: Id,
  name: z.string(),
  joinedOn: IsoDate,
  leftOn: IsoDate.nullable(),
});
export type Membership = z.infer<typeof Membership>;

// ---- activities --------------------------------------------------------------
export const ActivityStatus = z.enum(ACTIVITY_STATUSES);
export const ActivityInput = z
  .object({
    title: text(120).min(1),
    type: text(40).min(1),
    status: ActivityStatus.default('done'),
    startDate: IsoDate,
    endDate: IsoDate.nullable().optional(),
    location: OptText(120),
    teacherIds: z.array(Id).max(20).default([]),
    participantIds: z.array(Id).max(5000).default([]),
    headCount: z.number().int().min(0).max(100000).nullable().optional(),
    headCountNote: OptText(60),
    groupId: Id.nullable().optional(),
    content: OptText(20000),
    process: OptText(20000),
    reflection: OptText(20000),
    tags: z.array(text(30).min(1)).max(30).default([]),
  })
  .refine((a) => !a.endDate || a.endDate >= a.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type ActivityInput = z.input<typeof ActivityInput>;

export const Reschedule = z.object({
  id: Id,
  fromStart: IsoDate,
  fromEnd: IsoDate.nullable(),
  toStart: IsoDate,
  toEnd: IsoDate.nullable(),
  reason: z.string().nullable(),
  changedAt: Timestamp,
});
export type Reschedule = z.infer<typeof Reschedule>;

export const ActivitySummary = z.object({
  ...Meta,
  title: z.string(),
  type: z.string(),
  status: ActivityStatus,
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  location: z.string().nullable(),
  headCount: z.number().nullable(),
  headCountNote: z.string().nullable(),
  groupId: Id.nullable(),
  participantCount: z.number(),
  teacherNames: z.array(z.string()),
  rescheduleCount: z.number(),
  photoCount: z.number(),
  coverMediaId: Id.nullable(),
  schoolYear: z.number(),
  term: z.number(),
});
export type ActivitySummary = z.infer<typeof ActivitySummary>;

export const Activity = ActivitySummary.extend({
  content: z.string().nullable(),
  process: z.string().nullable(),
  reflection: z.string().nullable(),
  teacherIds: z.array(Id),
  participantIds: z.array(Id),
  tags: z.array(z.string()),
  reschedules: z.array(Reschedule),
});
export type Activity = z.infer<typeof Activity>;

// ---- competitions, works, awards ------------------------------------------------
export const CompetitionInput = z.object({
  name: text(120).min(1),
  session: OptText(30),
  year: z.number().int().min(1990).max(2100).nullable().optional(),
  organizer: OptText(120),
  level: text(20).min(1),
});
export const Competition = z.object({
  ...Meta,
  name: z.string(),
  session: z.string().nullable(),
  year: z.number().nullable(),
  organizer: z.string().nullable(),
  level: z.string(),
});
export type Competition = z.infer<typeof Competition>;

export const WorkInput = z.object({
  title: text(120).min(1),
  category: text(40).min(1),
  subject: OptText(40),
  stage: z.enum(STAGES).nullable().optional(),
  authorIds: z.array(Id).max(3, '集体作品最多 3 名作者').default([]),
  groupId: Id.nullable().optional(),
  advisorIds: z.array(Id).max(10).default([]),
  summary: OptText(5000),
});
export type WorkInput = z.input<typeof WorkInput>;
export const Work = z.object({
  ...Meta,
  title: z.string(),
  category: z.string(),
  subject: z.string().nullable(),
  stage: z.string().nullable(),
  teamKind: z.enum(['个人', '集体']),
  groupId: Id.nullable(),
  authorIds: z.array(Id),
  authorNames: z.array(z.string()),
  advisorIds: z.array(Id),
  advisorNames: z.array(z.string()),
  summary: z.string().nullable(),
  awardCount: z.number(),
  bestLevel: z.string().nullable(),
});
export type Work = z.infer<typeof Work>;

export const RecipientKind = z.enum(['work', 'person', 'school']);
export const AwardInput = z
  .object({
    competitionId: Id.nullable().optional(),
    recipientKind: RecipientKind,
    workId: Id.nullable().optional(),
    personId: Id.nullable().optional(),
    level: text(20).min(1),
    grade: text(20).min(1),
    category: OptText(40),
    certificateNo: OptText(60),
    awardedOn: IsoDate,
    promotedFromId: Id.nullable().optional(),
    notes: OptText(2000),
  })
  .refine((a) => (a.recipientKind === 'work' ? !!a.workId : a.recipientKind === 'person' ? !!a.personId : true), {
    message: '请选择获奖作品或获奖人',
    path: ['workId'],
  });
export type AwardInput = z.input<typeof AwardInput>;
export const Award = z.object({
  ...Meta,
  competitionId: Id.nullable(),
  competitionName: z.string().nullable(),
  competitionSession: z.string().nullable(),
  recipientKind: RecipientKind,
  workId: Id.nullable(),
  workTitle: z.string().nullable(),
  personId: Id.nullable(),
  personName: z.string().nullable(),
  level: z.string(),
  grade: z.string(),
  category: z.string().nullable(),
  certificateNo: z.string().nullable(),
  awardedOn: IsoDate,
  promotedFromId: Id.nullable(),
  certificateMediaId: Id.nullable(),
  notes: z.string().nullable(),
  /** Students credited: the work's authors, or the person. */
  studentIds: z.array(Id),
  studentNames: z.array(z.string()),
  advisorNames: z.array(z.string()),
});
export type Award = z.infer<typeof Award>;

// ---- media, tags, trash ---------------------------------------------------------
export const MediaKind = z.enum(['photo', 'video', 'document']);
export const Media = z.object({
  ...Meta,
  sha256: z.string(),
  ext: z.string(),
  kind: MediaKind,
  mime: z.string(),
  size: z.number(),
  originalName: z.string(),
  takenAt: Timestamp.nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  orientation: z.number().nullable(),
  caption: z.string().nullable(),
});
export type Media = z.infer<typeof Media>;

export const TrashKind = z.enum(['activity', 'person', 'group', 'work', 'award', 'competition', 'media']);
export type TrashKind = z.infer<typeof TrashKind>;
export const TrashItem = z.object({ kind: TrashKind, id: Id, title: z.string(), deletedAt: Timestamp });
export type TrashItem = z.infer<typeof TrashItem>;

export const ChangeEntry = z.object({
  seq: z.number(),
  at: Timestamp,
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  summary: z.string().nullable(),
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;

// ---- statistics (the numbers of a 工作总结; computed by electron/core/report/statistics.ts) ----
const Counts = z.record(z.string(), z.number());
/** { items 项, personTimes 人次 } of one table cell. */
export const StatCell = z.object({ items: z.number(), personTimes: z.number() });
const Grid = z.record(z.string(), z.record(z.string(), StatCell));

export const Period = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期' });
export type Period = z.infer<typeof Period>;

/** One awarded work (or personal entry) as it appears in a person's row: its best award. */
export const AwardedItem = z.object({ title: z.string(), level: z.string(), grade: z.string() });
export const StudentAwardRow = z.object({
  id: Id,
  name: z.string(),
  classLabel: z.string(),
  /** Awarded works (each once) and personal entries. */
  works: z.number(),
  /** Every award credited (a work promoted 县→市 is 2 awards). */
  awards: z.number(),
  /** Awards by 级别. */
  byLevel: Counts,
  best: z.string(),
  items: z.array(AwardedItem),
});
export type StudentAwardRow = z.infer<typeof StudentAwardRow>;
export const TeacherAwardRow = z.object({
  id: Id,
  name: z.string(),
  subject: z.string().nullable(),
  /** Awarded works advised (each once). */
  works: z.number(),
  /** Awards of the works advised. */
  awards: z.number(),
  /** 人次 of the students whose awarded works the teacher advised (each work once). */
  studentPersonTimes: z.number(),
  /** Works advised, by their highest 级别. */
  byLevel: Counts,
  /** The teacher's own awards (科技辅导员创新成果, 优秀辅导员…). */
  ownAwards: z.number(),
  items: z.array(AwardedItem),
});
export type TeacherAwardRow = z.infer<typeof TeacherAwardRow>;

export const Stats = z.object({
  period: z.object({ from: IsoDate, to: IsoDate }),
  activities: z.number(),
  activitiesByType: Counts,
  activitiesByStatus: Counts,
  participantPersonTimes: z.number(),
  distinctParticipants: z.number(),
  headCountEvents: z.number(),
  headCountTotal: z.number(),
  students: z.number(),
  studentsAwarded: z.number(),
  teachersAwarded: z.number(),
  works: z.number(),
  worksByCategory: Counts,
  awards: z.number(),
  awardPersonTimes: z.number(),
  awardsByLevel: Counts,
  awardsByGrade: Counts,
  /** 级别 → 等级 → { items 项, personTimes 人次 } */
  levelGrade: Grid,
  awardedWorks: z.number(),
  awardedWorksByLevel: Counts,
  schoolAwards: z.array(
    z.object({ id: Id, competition: z.string(), level: z.string(), grade: z.string(), awardedOn: IsoDate }),
  ),
  photos: z.number(),
  /** 类别 → 等级 → { items 项, personTimes 人次 }, every award (类别 of the award, else of the work). */
  categoryGrade: Grid,
  /** 类别 → 级别 → awarded works, each once at its highest level. */
  awardedWorksByCategory: z.record(z.string(), Counts),
  /** 人次 of the awarded works, each work once (a collective work of 3 is 3). */
  awardedWorkPersonTimes: z.number(),
  /** Personal awards (no work), by 级别: a teacher's 科技辅导员 entry, a student's own prize. */
  personAwardsByLevel: z.object({ student: Counts, teacher: Counts }),
  /** 学生获奖汇总 and 指导教师汇总, best first. */
  byStudent: z.array(StudentAwardRow),
  byTeacher: z.array(TeacherAwardRow),
});
export type Stats = z.infer<typeof Stats>;
