// Every call the renderer can make, named once: input schema, output schema.
// From this come the Api type, the preload bridge, the HTTP routes, the typed client and validation.
// Features keep their calls in calls/<feature>.ts; they are merged into `contract` here, and only here.
// A call marked `job: true` is long (import, export, merge): it takes a client-made `jobId`,
// reports 'job.progress' events with that id, can be stopped with 'jobs.cancel', and manages
// its own transactions (the dispatcher does not wrap it in one).
import { z } from 'zod';
import {
  Activity, ActivityInput, ActivityStatus, ActivitySummary, Award, AwardInput, ChangeEntry, Competition,
  CompetitionInput, Group, GroupInput, Id, IsoDate, Membership, Period, Person, PersonInput, Stats, TrashItem, TrashKind,
  Work, WorkInput,
} from './schemas';
import { VOCAB_KINDS } from './domain/vocab';
import { sheetsCalls } from './calls/sheets';
import { mediaCalls } from './calls/media';
import { recordsCalls } from './calls/records';
import { searchCalls } from './calls/search';
import { appCalls } from './calls/app';
import { summaryCalls } from './calls/summary';
import { packageCalls } from './calls/package';
import { listsCalls } from './calls/lists';

const ById = z.object({ id: Id });
const Empty = z.object({}).strict().default({});
const Ok = z.object({ ok: z.literal(true) });
const Counts = z.record(z.string(), z.number());

export const CalendarSettingsSchema = z.object({
  autumnStart: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  springStart: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
});
export const Settings = z.object({
  schoolName: z.string().trim().max(60),
  calendar: CalendarSettingsSchema,
});
export type Settings = z.infer<typeof Settings>;

export const ArchiveInfo = z.object({
  dir: z.string(), schoolName: z.string(), schemaVersion: z.number(), appVersion: z.string(),
  counts: Counts, schoolYears: z.array(z.number()),
  /** A package opened read-only (nothing can be changed in it). */
  readonly: z.boolean(),
  /** The app shows a package instead of the teacher's own archive and can go back to it. */
  canReturn: z.boolean(),
  /** Opened read-only because the disk is full (or write-protected): the banner says why. */
  diskFull: z.boolean().default(false),
});
export type ArchiveInfo = z.infer<typeof ArchiveInfo>;

// Period and Stats live in schemas.ts (the summary feature extends Stats); re-exported for existing importers.
export { Period, Stats } from './schemas';

export const ActivityFilter = z.object({
  schoolYear: z.number().int().optional(),
  term: z.union([z.literal(1), z.literal(2)]).optional(),
  type: z.string().max(40).optional(),
  status: ActivityStatus.optional(),
  teacherId: Id.optional(),
  groupId: Id.optional(),
  text: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(20000).default(5000),
}).default({ limit: 5000 });

export const PeopleFilter = z.object({
  kind: z.enum(['student', 'teacher']).optional(),
  text: z.string().max(100).optional(),
  /** Date the 年级 is computed for (default: today). */
  asOf: IsoDate.optional(),
  includeArchived: z.boolean().default(false),
  limit: z.number().int().min(1).max(20000).default(10000),
}).default({ includeArchived: false, limit: 10000 });

const baseCalls = {
  'jobs.cancel': { input: z.object({ jobId: z.string().uuid() }), output: Ok },
  'archive.info': { input: Empty, output: ArchiveInfo , query: true },
  'settings.get': { input: Empty, output: Settings , query: true },
  'settings.set': { input: Settings.partial(), output: Settings },
  'vocab.list': { input: z.object({ kind: z.enum(VOCAB_KINDS) }), output: z.array(z.string()) , query: true },
  'vocab.add': { input: z.object({ kind: z.enum(VOCAB_KINDS), label: z.string().trim().min(1).max(30) }), output: z.array(z.string()) },

  'activities.list': { input: ActivityFilter, output: z.array(ActivitySummary) , query: true },
  'activities.get': { input: ById, output: Activity , query: true },
  'activities.create': { input: ActivityInput, output: Activity },
  'activities.update': { input: z.object({ id: Id, patch: ActivityInput }), output: Activity },
  'activities.reschedule': { input: z.object({ id: Id, startDate: IsoDate, endDate: IsoDate.nullable().optional(), reason: z.string().max(200).nullable().optional() }), output: Activity },
  'activities.setStatus': { input: z.object({ id: Id, status: ActivityStatus }), output: Activity },

  'people.list': { input: PeopleFilter, output: z.array(Person) , query: true },
  'people.get': { input: z.object({ id: Id, asOf: IsoDate.optional() }), output: Person , query: true },
  'people.create': { input: PersonInput, output: Person },
  'people.update': { input: z.object({ id: Id, patch: PersonInput }), output: Person },
  'people.archive': { input: z.object({ id: Id, archived: z.boolean() }), output: Person },

  'groups.list': { input: Empty, output: z.array(Group) , query: true },
  'groups.create': { input: GroupInput, output: Group },
  'groups.members': { input: ById, output: z.array(Membership) , query: true },
  'groups.join': { input: z.object({ groupId: Id, personIds: z.array(Id).min(1).max(5000), on: IsoDate }), output: z.array(Membership) },
  'groups.leave': { input: z.object({ groupId: Id, personId: Id, on: IsoDate }), output: z.array(Membership) },

  'competitions.list': { input: Empty, output: z.array(Competition) , query: true },
  'competitions.create': { input: CompetitionInput, output: Competition },
  'works.list': { input: z.object({ text: z.string().max(100).optional() }).default({}), output: z.array(Work) , query: true },
  'works.get': { input: ById, output: Work , query: true },
  'works.create': { input: WorkInput, output: Work },
  'works.update': { input: z.object({ id: Id, patch: WorkInput }), output: Work },
  'awards.list': { input: z.object({ from: IsoDate.optional(), to: IsoDate.optional(), workId: Id.optional(), personId: Id.optional() }).default({}), output: z.array(Award) , query: true },
  'awards.create': { input: AwardInput, output: Award },
  'awards.update': { input: z.object({ id: Id, patch: AwardInput }), output: Award },

  'trash.list': { input: Empty, output: z.array(TrashItem) , query: true },
  'trash.delete': { input: z.object({ kind: TrashKind, id: Id }), output: Ok },
  'trash.restore': { input: z.object({ kind: TrashKind, id: Id }), output: Ok },
  'trash.purge': { input: z.object({ kind: TrashKind, id: Id, confirm: z.literal('永久删除') }), output: Ok },

  'changes.recent': { input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }), output: z.array(ChangeEntry) , query: true },
  'stats.get': { input: Period, output: Stats , query: true },
} as const;

export const contract = {
  ...baseCalls,
  ...mediaCalls,
  ...sheetsCalls,
  ...recordsCalls,
  ...searchCalls,
  ...appCalls,
  ...summaryCalls,
  ...packageCalls,
  ...listsCalls,
} as const satisfies Record<string, CallSpec>;

export interface CallSpec { input: z.ZodType; output: z.ZodType; query?: true; job?: true }

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.infer<Contract[N]['output']>;

/** What the core implements: one async-or-sync function per call, on parsed input. */
export type Api = { [N in CallName]: (input: ParsedInput<N>) => CallOutput<N> | Promise<CallOutput<N>> };
/** A feature's share of the Api (for handler factories in electron/core/<feature>/). */
export type ApiPart<C extends Record<string, CallSpec>> = { [N in keyof C & CallName]: Api[N] };

export function isJob(name: CallName): boolean {
  return (contract[name] as CallSpec).job === true;
}

/** Payload of every 'job.progress' event. */
export interface JobProgress { jobId: string; done: number; total: number; current?: string; bytesDone?: number; bytesTotal?: number; etaSeconds?: number; finished?: boolean }

export const ERROR_CODES = [
  'INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'LOCKED', 'SCHEMA_TOO_NEW', 'NOT_AN_ARCHIVE', 'UNKNOWN_CALL', 'FORBIDDEN', 'INTERNAL',
  // A whole sentence from the core saying why it will not do it (no space on the stick, a broken package…).
  'REFUSED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface CallError { code: ErrorCode; message: string; field?: string }
export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** Events pushed from host to renderer (progress of long jobs, data changes). */
export const EVENT_NAMES = ['archive.changed', 'job.progress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Calls that only read: hosts announce 'archive.changed' after every other successful call. */
export const QUERY_CALLS: ReadonlySet<CallName> = new Set(
  (Object.keys(contract) as CallName[]).filter((n) => (contract[n] as CallSpec).query === true),
);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
