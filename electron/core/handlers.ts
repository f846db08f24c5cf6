// Implements every contract call over one open archive (createHandlers), and the dispatcher, the
// edge every host calls: it parses the input with the contract's schema, refuses a write on a
// read-only archive, runs the call (in one transaction or as a job) and answers { ok, value } or
// { ok: false, error } with a Chinese message. Nothing throws across it. What happens around a call
// comes from its `effect` and `run` in the contract (callPolicy), here and nowhere else.
import { z } from 'zod';
import { callPolicy, contract, isCallName, type Api, type CallError, type CallName } from '../../shared/contract';
import { translate } from '../../shared/i18n/messages';
import { checkInput, zodToError } from '../../shared/validate';
import type { Archive } from './db/open';
import { SCHEMA_VERSION } from './db/migrations/index';
import { KejiError } from './errors';
import { activitiesHandlers } from './activities/handlers';
import { awardsHandlers } from './awards/handlers';
import { competitionsHandlers } from './competitions/handlers';
import { groupsHandlers } from './groups/handlers';
import { peopleHandlers } from './people/handlers';
import { computeStats, schoolYearsWithData } from './report/statistics';
import { getSettings, setSettings } from './settings';
import * as trash from './trash';
import { addVocab, listVocab } from './vocabulary';
import { worksHandlers } from './works/handlers';
import { cancelJob } from './jobs';
import { recordsHandlers } from './records/handlers';
import { searchHandlers } from './search/handlers';
import { sheetsHandlers } from './sheets/handlers';
import { aboutHandlers } from './about';
import { errorFields, logCalls, type Logger } from './log';
import { mediaHandlers } from './media/handlers';
import { summaryHandlers } from './report/handlers';
import { packageHandlers } from './package/handlers';
import { listsHandlers } from './lists/handlers';
import { listedChanges } from './lists/listed';
import { APP_VERSION } from './version';
import type { Dispatcher, HandlerContext } from './context';

export { APP_VERSION };
export type { Dispatcher, HandlerContext } from './context';

export function createHandlers(a: Archive, ctx: HandlerContext = { emit: () => {} }) {
  return {
    'jobs.cancel': (i) => {
      cancelJob(i.jobId);
      return { ok: true as const };
    },
    'archive.info': () => {
      const count = (sql: string) => a.db.prepare(sql).pluck().get() as number;
      return {
        dir: a.dir,
        schoolName: getSettings(a).schoolName,
        schemaVersion: SCHEMA_VERSION,
        appVersion: APP_VERSION,
        counts: {
          activities: count('SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL'),
          students: count("SELECT COUNT(*) FROM people WHERE kind='student' AND deleted_at IS NULL"),
          teachers: count("SELECT COUNT(*) FROM people WHERE kind='teacher' AND deleted_at IS NULL"),
          works: count('SELECT COUNT(*) FROM works WHERE deleted_at IS NULL'),
          awards: count('SELECT COUNT(*) FROM awards WHERE deleted_at IS NULL'),
          media: count('SELECT COUNT(*) FROM media WHERE deleted_at IS NULL'),
        },
        schoolYears: schoolYearsWithData(a),
        readonly: a.readonly,
        canReturn: !!ctx.viewing?.away(),
        diskFull: a.readonlyReason === 'diskFull',
      };
    },
    'settings.get': () => getSettings(a),
    'settings.set': (i) => setSettings(a, i),
    'vocab.list': (i) => listVocab(a, i.kind),
    'vocab.add': (i) => addVocab(a, i.kind, i.label),

    ...activitiesHandlers(a, ctx),
    ...peopleHandlers(a, ctx),
    ...groupsHandlers(a, ctx),
    ...competitionsHandlers(a, ctx),
    ...worksHandlers(a, ctx),
    ...awardsHandlers(a, ctx),

    'trash.list': () => trash.listTrash(a),
    'trash.delete': (i) => {
      trash.moveToTrash(a, i.kind, i.id);
      return { ok: true as const };
    },
    'trash.restore': (i) => {
      trash.restoreFromTrash(a, i.kind, i.id);
      return { ok: true as const };
    },
    'trash.purge': (i) => {
      trash.purge(a, i.kind, i.id);
      return { ok: true as const };
    },

    'changes.recent': (i) => listedChanges(a, i.limit),
    'stats.get': (p) => computeStats(a, p),
    ...recordsHandlers(a, ctx),
    ...searchHandlers(a, ctx),
    ...sheetsHandlers(a, ctx),
    ...summaryHandlers(a, ctx),
    ...aboutHandlers(a, ctx, APP_VERSION),
    ...mediaHandlers(a, ctx),
    ...packageHandlers(a, ctx),
    ...listsHandlers(a),
  } satisfies Api;
}
export type Handlers = ReturnType<typeof createHandlers>;

const READONLY_ERROR = (a?: Archive): CallError => ({
  code: 'REFUSED',
  message: translate('error.REFUSED', {
    detail: translate(a?.readonlyReason === 'diskFull' ? 'viewing.diskFullRefused' : 'viewing.readonlyRefused'),
  }),
});

export function toCallError(e: unknown): CallError {
  if (e instanceof KejiError) return e.toJSON();
  if (e instanceof z.ZodError) return zodToError(e);
  const code = (e as { code?: string })?.code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return { code: 'CONFLICT', message: translate('error.CONFLICT', { detail: translate('core.db.constraint') }) };
  if (code === 'SQLITE_READONLY') return READONLY_ERROR();
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return { code: 'INTERNAL', message: translate('error.INTERNAL', { detail: translate('core.db.diskFull') }) };
  return {
    code: 'INTERNAL',
    message: translate('error.INTERNAL', { detail: String((e as Error)?.message ?? e).slice(0, 200) }),
  };
}

export type DispatcherOptions = {
  validateOutput?: boolean;
  log?: Logger;
  /** Answers these calls instead of the core's own handlers (tests; a host that answers a call itself).
   * The policy around them (validation, read-only refusal, transaction, events) is the same. */
  handlers?: Partial<Record<CallName, (input: never) => unknown>>;
} & Partial<HandlerContext>;

/** The one entry point every host uses. `validateOutput` is on in tests. Every successful
 * call whose effect is 'write' announces 'archive.changed' through `emit`, so open pages refresh. */
export function createDispatcher(a: Archive, opts: DispatcherOptions = {}): Dispatcher {
  const emit = opts.emit ?? (() => {});
  const { validateOutput, log, handlers: own, ...ctx } = opts;
  const handlers = { ...createHandlers(a, { ...ctx, emit }), ...own } as unknown as Record<
    string,
    (i: unknown) => unknown
  >;
  const dispatch: Dispatcher = async (name, input) => {
    if (!isCallName(name))
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CALL',
          message: translate('error.UNKNOWN_CALL', {
            detail: (typeof name === 'string' ? name : typeof name).slice(0, 60),
          }),
        },
      };
    const policy = callPolicy(name);
    // A package opened read-only is never written: not a row, not a photo copied into it, not a thumbnail.
    if (a.readonly && policy.refusedWhenReadonly) return { ok: false, error: READONLY_ERROR(a) };
    const spec = contract[name];
    const parsed = checkInput(name, input);
    if (!parsed.ok) return parsed;
    try {
      // Jobs run outside one big transaction: they commit unit by unit and report progress.
      const value = policy.inTransaction
        ? a.db.transaction(() => handlers[name](parsed.value))()
        : await handlers[name](parsed.value);
      if (validateOutput) spec.output.parse(value);
      if (policy.announcesChange) emit('archive.changed', { call: name });
      return { ok: true, value };
    } catch (e) {
      // A bug, not a teacher's mistake: its stack frames (never its message) go to the log.
      if (!(e instanceof KejiError) && !(e instanceof z.ZodError))
        log?.error('call.exception', { call: name, ...errorFields(e) });
      return { ok: false, error: toCallError(e) };
    }
  };
  // One log line per call: name, result code, milliseconds (log.ts keeps inputs out).
  return log ? logCalls(dispatch, log) : dispatch;
}
