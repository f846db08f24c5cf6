// The people.* calls (学生 and 教师), and the records.* calls of one person: their whole record
// across years (综合素质评价), archiving the graduated (毕业), and who a new person may already be.
import { z } from 'zod';
import { ActivitySummary, Award, Id, IsoDate, listed, Person, PersonInput, Work } from '../schemas';

export const PeopleFilter = z
  .object({
    kind: z.enum(['student', 'teacher']).optional(),
    text: z.string().max(100).optional(),
    /** Date the 年级 is computed for (default: today). */
    asOf: IsoDate.optional(),
    includeArchived: z.boolean().default(false),
    limit: z.number().int().min(1).max(20000).default(10000),
  })
  .default({ includeArchived: false, limit: 10000 });

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

export const Duplicate = Person.extend({ reason: z.enum(['sameClass', 'sameYear', 'sameStudentNo', 'sameName']) });
export type Duplicate = z.infer<typeof Duplicate>;

export const peopleCalls = {
  /** At most `limit` people; `total` counts every match. */
  'people.list': { input: PeopleFilter, output: listed(Person), effect: 'read', run: 'tx' },
  'people.get': { input: z.object({ id: Id, asOf: IsoDate.optional() }), output: Person, effect: 'read', run: 'tx' },
  'people.create': { input: PersonInput, output: Person, effect: 'write', run: 'tx' },
  'people.update': { input: z.object({ id: Id, patch: PersonInput }), output: Person, effect: 'write', run: 'tx' },
  'people.archive': { input: z.object({ id: Id, archived: z.boolean() }), output: Person, effect: 'write', run: 'tx' },

  'records.personRecord': {
    input: z.object({ id: Id, asOf: IsoDate.optional() }),
    output: PersonRecord,
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
