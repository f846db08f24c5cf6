// Implements every contract call over one open archive (createHandlers), and the dispatcher, the
// edge every host calls: it parses the input with the contract's schema, refuses a write on a
// read-only archive, runs the call (in one transaction or as a job) and answers { ok, value } or
// { ok: false, error } with a Chinese message. Nothing throws across it. What happens around a call
// comes from its `effect` and `run` in the contract (callPolicy), here and nowhere else.
import { z } from 'zod';
import { callPolicy, contract, isCallName, type Api, type CallError, type CallName } from '../../shared/contract';
import { isMessageKey, messages, translate } from '../../shared/i18n/messages';
import type { Archive } from './db/open';
import { SCHEMA_VERSION } from './db/migrations/index';
import { KejiError } from './errors';
import * as activities from './activities';
import * as awards from './awards';
import * as competitions from './competitions';
import * as groups from './groups';
import * as people from './people';
import { computeStats, schoolYearsWithData } from './report/statistics';
import { getSettings, setSettings } from './settings';
import * as trash from './trash';
import { addVocab, listVocab } from './vocabulary';
import * as works from './works';
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
import { listedActivities, listedChanges, listedPeople } from './lists/listed';
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

    'activities.list': (f) => listedActivities(a, f),
    'activities.get': (i) => activities.getActivity(a, i.id),
    'activities.create': (i) => activities.createActivity(a, i),
    'activities.update': (i) => activities.updateActivity(a, i.id, i.patch),
    'activities.reschedule': (i) =>
      activities.rescheduleActivity(a, i.id, i.startDate, i.endDate ?? null, i.reason ?? null),
    'activities.setStatus': (i) => activities.setActivityStatus(a, i.id, i.status),

    'people.list': (f) => listedPeople(a, f),
    'people.get': (i) => people.getPerson(a, i.id, i.asOf),
    'people.create': (i) => people.createPerson(a, i),
    'people.update': (i) => people.updatePerson(a, i.id, i.patch),
    'people.archive': (i) => people.setArchived(a, i.id, i.archived),

    'groups.list': () => groups.listGroups(a),
    'groups.create': (i) => groups.createGroup(a, i),
    'groups.members': (i) => groups.members(a, i.id),
    'groups.join': (i) => groups.join(a, i.groupId, i.personIds, i.on),
    'groups.leave': (i) => groups.leave(a, i.groupId, i.personId, i.on),

    'competitions.list': () => competitions.listCompetitions(a),
    'competitions.create': (i) => competitions.createCompetition(a, i),
    'works.list': (i) => works.listWorks(a, i.text),
    'works.get': (i) => works.getWork(a, i.id),
    'works.create': (i) => works.createWork(a, i),
    'works.update': (i) => works.updateWork(a, i.id, i.patch),
    'awards.list': (i) => awards.listAwards(a, i),
    'awards.create': (i) => awards.createAward(a, i),
    'awards.update': (i) => awards.updateAward(a, i.id, i.patch),

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

/** Chinese label of a field name, from the i18n table ('startDate' → '开始日期'); the call's own
 * entity first, so a work's 'title' reads 作品名称 and not 活动名称. */
const ENTITY_OF: Record<string, string> = {
  activities: 'activity',
  people: 'person',
  works: 'work',
  awards: 'award',
  groups: 'group',
  competitions: 'competition',
  'records.updateGroup': 'group',
};
function fieldLabel(field: string, call?: string): string {
  const entity = call ? (ENTITY_OF[call] ?? ENTITY_OF[call.split('.')[0]]) : undefined;
  const own = entity ? `${entity}.field.${field}` : '';
  if (own && isMessageKey(own)) return translate(own);
  const key = Object.keys(messages)
    .filter(isMessageKey)
    .find((k) => k.endsWith(`.field.${field}`));
  return key ? translate(key) : ''; // never show the teacher a program's field name
}

const READONLY_ERROR = (a?: Archive): CallError => ({
  code: 'REFUSED',
  message: translate('error.REFUSED', {
    detail: translate(a?.readonlyReason === 'diskFull' ? 'viewing.diskFullRefused' : 'viewing.readonlyRefused'),
  }),
});

/** Every issue, each named by its field's label; the message tells the first. The issue messages are
 * Chinese already (shared/zod-zh.ts maps zod's codes; a schema's own message wins). */
export function zodToError(err: z.ZodError, call?: string): CallError {
  const issues = err.issues.map((issue) => {
    const field = issue.path.filter((p) => typeof p === 'string').at(-1) as string | undefined;
    const label = field ? fieldLabel(field, call) : '';
    // '结束日期不能早于开始日期' already names its field; '此项必填' needs the label in front.
    const message = label && !issue.message.includes(label) ? `${label}：${issue.message}` : issue.message;
    return { ...(field ? { field } : {}), message };
  });
  const first = issues[0];
  return {
    code: 'INVALID_INPUT',
    message: translate('error.INVALID_INPUT', { detail: first.message }),
    ...(first.field ? { field: first.field } : {}),
    issues,
  };
}

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
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodToError(parsed.error, name) };
    try {
      // Jobs run outside one big transaction: they commit unit by unit and report progress.
      const value = policy.inTransaction
        ? a.db.transaction(() => handlers[name](parsed.data))()
        : await handlers[name](parsed.data);
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
