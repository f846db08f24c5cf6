// Record keeping: what the pages need beyond the base calls — pinyin initials for
// name search, a person's whole record across years (综合素质评价), counts of linked media,
// archiving graduated students, and editing/deleting groups.
import { z } from 'zod';
import { ActivitySummary, Award, Group, GroupInput, Id, IsoDate, Person, Work } from '../schemas';

export const MediaTarget = z.enum(['activity', 'work', 'award', 'person']);

export const PersonRecord = z.object({
  person: Person,
  /** Activities the person took part in (participant) or organised (teacher), newest first. */
  activities: z.array(ActivitySummary.extend({ role: z.enum(['participant', 'teacher']) })),
  /** Works the person authored (student) or advised (teacher). */
  works: z.array(Work.extend({ role: z.enum(['author', 'advisor']) })),
  /** Awards credited to the person: their works' awards and personal ones. */
  awards: z.array(Award),
  groups: z.array(z.object({ groupId: Id, groupName: z.string(), joinedOn: IsoDate, leftOn: IsoDate.nullable() })),
});
export type PersonRecord = z.infer<typeof PersonRecord>;

export const LinkedMedia = z.object({
  id: Id,
  kind: z.enum(['photo', 'video', 'document']),
  originalName: z.string(),
  caption: z.string().nullable(),
});
export type LinkedMedia = z.infer<typeof LinkedMedia>;

export const Duplicate = Person.extend({ reason: z.enum(['sameClass', 'sameYear', 'sameStudentNo', 'sameName']) });
export type Duplicate = z.infer<typeof Duplicate>;

export const recordsCalls = {
  /** Pinyin initials of each text ('张树茂' → 'zsm'; 多音字 surnames read as surnames: 曾 → z, 单 → s). */
  'records.initials': {
    input: z.object({ texts: z.array(z.string().max(60)).max(20000) }),
    output: z.array(z.string()),
    effect: 'read',
    run: 'tx',
  },
  'records.personRecord': {
    input: z.object({ id: Id, asOf: IsoDate.optional() }),
    output: PersonRecord,
    effect: 'read',
    run: 'tx',
  },
  /** How many media are linked to each target (photos of an activity, the certificate scan of an award). */
  'records.mediaCounts': {
    input: z.object({ kind: MediaTarget, ids: z.array(Id).max(20000) }),
    output: z.record(z.string(), z.number()),
    effect: 'read',
    run: 'tx',
  },
  'records.mediaOf': {
    input: z.object({ kind: MediaTarget, id: Id }),
    output: z.array(LinkedMedia),
    effect: 'read',
    run: 'tx',
  },
  /** Archives every student who has left the stage by `asOf` (毕业); nothing is deleted. */
  'records.archiveGraduated': {
    input: z.object({ asOf: IsoDate }),
    output: z.object({ archived: z.number() }),
    effect: 'write',
    run: 'tx',
  },
  'records.updateGroup': { input: z.object({ id: Id, patch: GroupInput }), output: Group, effect: 'write', run: 'tx' },
  /** Who the person about to be saved may already be: the same name in the same 入学年份 (so the same
   * class or a class of that year), the same 学号, or a teacher of the same name. The form asks
   * before creating a second one (仍然添加 / 打开已有). */
  'records.duplicates': {
    input: z.object({
      kind: z.enum(['student', 'teacher']),
      name: z.string().max(60),
      entryYear: z.number().int().nullable().optional(),
      classNo: z.number().int().nullable().optional(),
      studentNo: z.string().max(40).nullable().optional(),
      excludeId: Id.optional(),
    }),
    output: z.array(Duplicate),
    effect: 'read',
    run: 'tx',
  },
} as const;
