// Every call the renderer can make, named once: input schema, output schema.
// From this come the Api type, the preload bridge, the HTTP routes, the typed client and validation.
// Features keep their calls in calls/<feature>.ts; they are merged into `contract` here, and only here.
// Every call says what it does (`effect`) and how it runs (`run`); the dispatcher derives the
// read-only refusal, the transaction and 'archive.changed' from these two fields alone (callPolicy).
import { z } from 'zod';
import './zod-zh'; // zod's messages in Chinese wherever the contract is loaded
import { ChangeEntry, Id, listed, NoInput, Period, Stats, TrashItem, TrashKind } from './schemas';
import { VOCAB_KINDS } from './domain/vocab';
import { sheetsCalls } from './calls/sheets';
import { mediaCalls } from './calls/media';
import { recordsCalls } from './calls/records';
import { activitiesCalls } from './calls/activities';
import { peopleCalls } from './calls/people';
import { groupsCalls } from './calls/groups';
import { competitionsCalls } from './calls/competitions';
import { worksCalls } from './calls/works';
import { awardsCalls } from './calls/awards';
import { searchCalls } from './calls/search';
import { appCalls } from './calls/app';
import { summaryCalls } from './calls/summary';
import { packageCalls } from './calls/package';
import { listsCalls } from './calls/lists';

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
  dir: z.string(),
  schoolName: z.string(),
  schemaVersion: z.number(),
  appVersion: z.string(),
  counts: Counts,
  schoolYears: z.array(z.number()),
  /** A package opened read-only (nothing can be changed in it). */
  readonly: z.boolean(),
  /** The app shows a package instead of the teacher's own archive and can go back to it. */
  canReturn: z.boolean(),
  /** Opened read-only because the disk is full (or write-protected): the banner says why. */
  diskFull: z.boolean().default(false),
});
export type ArchiveInfo = z.infer<typeof ArchiveInfo>;

// The entities' list filters live with their calls; re-exported for existing importers.
export { ActivityFilter } from './calls/activities';
export { PeopleFilter } from './calls/people';

// Period and Stats live in schemas.ts (the summary feature extends Stats); re-exported for existing importers.
export { Period, Stats } from './schemas';

const baseCalls = {
  'jobs.cancel': { input: z.object({ jobId: z.string().uuid() }), output: Ok, effect: 'session', run: 'tx' },
  'archive.info': { input: NoInput, output: ArchiveInfo, effect: 'read', run: 'tx' },
  'settings.get': { input: NoInput, output: Settings, effect: 'read', run: 'tx' },
  'settings.set': { input: Settings.partial(), output: Settings, effect: 'write', run: 'tx' },
  'vocab.list': {
    input: z.object({ kind: z.enum(VOCAB_KINDS) }),
    output: z.array(z.string()),
    effect: 'read',
    run: 'tx',
  },
  'vocab.add': {
    input: z.object({ kind: z.enum(VOCAB_KINDS), label: z.string().trim().min(1).max(30) }),
    output: z.array(z.string()),
    effect: 'write',
    run: 'tx',
  },

  'trash.list': { input: NoInput, output: z.array(TrashItem), effect: 'read', run: 'tx' },
  'trash.delete': { input: z.object({ kind: TrashKind, id: Id }), output: Ok, effect: 'write', run: 'tx' },
  'trash.restore': { input: z.object({ kind: TrashKind, id: Id }), output: Ok, effect: 'write', run: 'tx' },
  'trash.purge': {
    input: z.object({ kind: TrashKind, id: Id, confirm: z.literal('永久删除') }),
    output: Ok,
    effect: 'write',
    run: 'tx',
  },

  'changes.recent': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }),
    /** The newest `limit` changes; `total` counts every change kept. */
    output: listed(ChangeEntry),
    effect: 'read',
    run: 'tx',
  },
  'stats.get': { input: Period, output: Stats, effect: 'read', run: 'tx' },
} as const;

export const contract = {
  ...baseCalls,
  ...activitiesCalls,
  ...peopleCalls,
  ...groupsCalls,
  ...competitionsCalls,
  ...worksCalls,
  ...awardsCalls,
  ...mediaCalls,
  ...sheetsCalls,
  ...recordsCalls,
  ...searchCalls,
  ...appCalls,
  ...summaryCalls,
  ...packageCalls,
  ...listsCalls,
} as const satisfies Record<string, CallSpec>;

/**
 * What a call does to the archive it is asked of:
 * - 'read'    reads only. Answered on a read-only archive; announces nothing.
 * - 'write'   changes records or the archive's files. Refused on a read-only archive (a package being
 *             viewed, a full disk); after success the host announces 'archive.changed' so pages refresh.
 * - 'cache'   writes only what is not a record: regenerable thumbnails and poster frames, chunks staged
 *             in .incoming/. Refused on a read-only archive; announces nothing (no page reloads per chunk).
 * - 'session' changes the host's session, not the archive: which archive is shown (package.openReadonly,
 *             closeReadonly), a job cancelled, a dialog or program of the computer. Answered on a
 *             read-only archive (that is how one goes back home); announces nothing (the page reloads itself).
 */
export type CallEffect = 'read' | 'write' | 'cache' | 'session';
/**
 * How it runs:
 * - 'tx'    synchronous, inside one SQLite transaction (all or nothing).
 * - 'async' long or asynchronous (import, export, merge, sharp, a dialog): outside any transaction,
 *           committing unit by unit. It takes a client-made `jobId`, reports 'job.progress' with it and
 *           can be stopped with 'jobs.cancel'.
 */
export type CallRun = 'tx' | 'async';
export interface CallSpec {
  input: z.ZodType;
  output: z.ZodType;
  effect: CallEffect;
  run: CallRun;
  /** Retired flags: say `effect` and `run` instead. */
  query?: never;
  job?: never;
}

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.infer<Contract[N]['output']>;

/** What the core implements: one async-or-sync function per call, on parsed input. */
export type Api = { [N in CallName]: (input: ParsedInput<N>) => CallOutput<N> | Promise<CallOutput<N>> };
/** A feature's share of the Api (for handler factories in electron/core/<feature>/). */
export type ApiPart<C extends Record<string, CallSpec>> = { [N in keyof C & CallName]: Api[N] };

/** What the dispatcher does around a call, from its effect and run; the one place they are read. */
export interface CallPolicy {
  /** Refused (REFUSED) on a read-only archive, before anything runs. */
  refusedWhenReadonly: boolean;
  /** 'archive.changed' is announced after it succeeds. */
  announcesChange: boolean;
  /** Runs inside one SQLite transaction. */
  inTransaction: boolean;
}
export function callPolicy(name: CallName): CallPolicy {
  const { effect, run } = contract[name] as CallSpec;
  return {
    refusedWhenReadonly: effect === 'write' || effect === 'cache',
    announcesChange: effect === 'write',
    inTransaction: run === 'tx',
  };
}

/** A long call: takes a `jobId`, reports progress, runs outside one transaction. */
export function isJob(name: CallName): boolean {
  return (contract[name] as CallSpec).run === 'async';
}

/** Payload of every 'job.progress' event. */
export interface JobProgress {
  jobId: string;
  done: number;
  total: number;
  current?: string;
  bytesDone?: number;
  bytesTotal?: number;
  etaSeconds?: number;
  finished?: boolean;
}

export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  'SCHEMA_TOO_NEW',
  'NOT_AN_ARCHIVE',
  'UNKNOWN_CALL',
  'FORBIDDEN',
  'INTERNAL',
  // A whole sentence from the core saying why it will not do it (no space on the stick, a broken package…).
  'REFUSED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface CallError {
  code: ErrorCode;
  message: string;
  field?: string;
  /** Every problem of an invalid input (the message names the first), each with its field. */
  issues?: { field?: string; message: string }[];
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** Events pushed from host to renderer (progress of long jobs, data changes). */
export const EVENT_NAMES = ['archive.changed', 'job.progress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Calls that change nothing in the archive (effect 'read' or 'session'). */
export const QUERY_CALLS: ReadonlySet<CallName> = new Set(
  (Object.keys(contract) as CallName[]).filter((n) => ['read', 'session'].includes((contract[n] as CallSpec).effect)),
);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
