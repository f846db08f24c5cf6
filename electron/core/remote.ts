// The core off the host's thread. A host (the web server's main thread, Electron's main process)
// starts the core elsewhere — a worker thread, an Electron utilityProcess — and talks to it through
// one message port. The core side (serveCore) owns the archive: it opens it, holds its lock, runs
// every call through the dispatcher, and switches to a package opened read-only and back. The host
// side (connectCore) turns that port into a Dispatcher, so a long call (an import, a merge) never
// holds up the host's other work: its other requests, its media serving, its window.
//
// What needs the host travels back over the same port: events ('archive.changed', 'job.progress'),
// the computer's open dialog and programs (pick, openFile: asked of the host, answered by it), log
// lines, and which archive is shown (so the host serves that archive's media from its own read-only
// connection, switched before the call that switched it answers).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ErrorCode, EventName, Result } from '../../shared/contract';
import type { PickKind } from '../../shared/desktop';
import { translate } from '../../shared/i18n/messages';
import { openArchive, type Archive } from './db/open';
import { KejiError } from './errors';
import type { Dispatcher, HostInfo } from './context';
import { createDispatcher, toCallError } from './handlers';
import type { LogFields, Logger } from './log';
import { openPackageReadonly } from './package/open';
import { ArchiveSession } from './viewing';

/** A message port of either kind: a worker thread's, or a utilityProcess's. */
export interface CorePort {
  post(message: unknown): void;
  listen(onMessage: (message: unknown) => void): void;
}

/** Which archive the core shows, as the host needs it to serve media: a folder to read. */
export interface Shown {
  /** The archive's own folder (a package: the stick). */
  dir: string;
  /** The folder its database is in (a package: the checked temp copy). */
  dbDir: string;
  /** Where thumbnails made for it go, when not `dir`. */
  cacheDir?: string;
  readonly: boolean;
  readonlyReason?: 'diskFull';
}

export interface CoreInit {
  dir: string;
  /** Make a new archive in `dir` when there is none (the desktop app's first start). */
  create?: boolean;
  /** Open `dir` as a package, read-only (keji web --readonly). */
  readonlyPackage?: boolean;
  host?: HostInfo;
  /** What the host can do for the core: the open dialog, opening a file with the computer's program. */
  asks?: ('pick' | 'openFile')[];
  /** The host keeps a log: the core sends it its lines (one per call, and any exception's frames). */
  log?: boolean;
}

export type ToCore =
  | { t: 'init'; init: CoreInit }
  | { t: 'call'; id: number; name: unknown; input: unknown }
  | { t: 'answer'; id: number; ok: true; value: unknown }
  | { t: 'answer'; id: number; ok: false; message: string; code?: string }
  | { t: 'close' };

export type FromCore =
  | { t: 'ready'; shown: Shown }
  | { t: 'failed'; code: string; message: string }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; name: EventName; payload: unknown }
  | { t: 'ask'; id: number; what: 'pick' | 'openFile'; arg: string }
  | { t: 'shown'; shown: Shown }
  | { t: 'log'; level: 'info' | 'warn' | 'error'; event: string; fields?: LogFields }
  | { t: 'closed' };

export function shownOf(a: Archive): Shown {
  const dbDir = a.cacheDir ?? a.dir;
  return {
    dir: a.dir,
    dbDir,
    ...(a.cacheDir ? { cacheDir: a.cacheDir } : {}),
    readonly: a.readonly,
    ...(a.readonlyReason ? { readonlyReason: a.readonlyReason } : {}),
  };
}

// ---- the core's side ------------------------------------------------------------------------------

/**
 * Serves the core on `port` until told to close. Calls are answered as they finish, not in turn:
 * a search is answered while an import (which awaits its workers) is still running.
 */
export function serveCore(port: CorePort): void {
  let asked = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const post = (m: FromCore) => port.post(m);
  const ask = (what: 'pick' | 'openFile', arg: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++asked;
      pending.set(id, { resolve, reject });
      post({ t: 'ask', id, what, arg });
    });
  const log: Logger = {
    dir: null,
    info: (event, fields) => post({ t: 'log', level: 'info', event, fields }),
    warn: (event, fields) => post({ t: 'log', level: 'warn', event, fields }),
    error: (event, fields) => post({ t: 'log', level: 'error', event, fields }),
    close() {},
  };
  let session: ArchiveSession | null = null;
  let home: Archive | null = null;
  let shown: Archive | null = null;
  const starting: Promise<void>[] = [];

  const start = async (init: CoreInit) => {
    try {
      home = init.readonlyPackage
        ? await openPackageReadonly(init.dir)
        : openArchive(init.dir, { create: !!init.create });
    } catch (e) {
      const err = toCallError(e);
      post({ t: 'failed', code: err.code, message: err.message });
      return;
    }
    const asks = new Set(init.asks ?? []);
    session = new ArchiveSession(home, (a, viewing) =>
      createDispatcher(a, {
        emit: (name, payload) => post({ t: 'event', name, payload }),
        ...(init.log ? { log } : {}),
        host: init.host,
        viewing,
        ...(asks.has('pick') ? { pick: (kind: PickKind) => ask('pick', kind) as Promise<string[]> } : {}),
        ...(asks.has('openFile')
          ? {
              openFile: async (file: string) => {
                await ask('openFile', file);
              },
            }
          : {}),
      }),
    );
    shown = session.current;
    post({ t: 'ready', shown: shownOf(shown) });
  };

  port.listen((raw) => {
    const m = raw as ToCore;
    switch (m.t) {
      case 'init':
        starting.push(start(m.init));
        return;
      case 'call':
        void (async () => {
          await Promise.all(starting);
          if (!session)
            return post({
              t: 'result',
              id: m.id,
              result: {
                ok: false,
                error: {
                  code: 'NOT_AN_ARCHIVE',
                  message: translate('error.NOT_AN_ARCHIVE', { detail: translate('core.noArchive') }),
                },
              },
            });
          const result = await session.dispatch(m.name, m.input);
          // A package shown (or home again): the host serves its media before the page hears back.
          if (session.current !== shown) {
            shown = session.current;
            post({ t: 'shown', shown: shownOf(shown) });
          }
          post({ t: 'result', id: m.id, result });
        })();
        return;
      case 'answer': {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        // The host's own refusal (no program opens the file) keeps its code and Chinese message.
        else
          p?.reject(
            m.code ? Object.assign(new KejiError(m.code as ErrorCode), { message: m.message }) : new Error(m.message),
          );
        return;
      }
      case 'close':
        void (async () => {
          await Promise.all(starting);
          try {
            session?.close();
            home?.close();
          } finally {
            post({ t: 'closed' });
          }
        })();
        return;
    }
  });
}

// ---- the host's side ------------------------------------------------------------------------------

export interface RemoteCore {
  /** Answers a call on the archive the core shows now. Never throws. */
  dispatch: Dispatcher;
  /** The archive shown, as of the last answer. */
  shown(): Shown;
  /** Closes the archive in the core (releasing its lock); the host then ends the thread or process. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  emit: (name: EventName, payload: unknown) => void;
  /** Called (and awaited) before the answer of the call that switched the archive shown. */
  onShown?: (shown: Shown) => void | Promise<void>;
  pick?: (kind: PickKind) => Promise<string[]>;
  openFile?: (file: string) => Promise<void>;
  log?: Logger;
  /** The port ended (the thread or process is gone): every call waiting is answered with an error. */
  onExit?: (listen: (detail: string) => void) => void;
}

/** Starts the core on `port` with `init`; resolves when the archive is open, rejects in Chinese when not. */
export function connectCore(port: CorePort, init: CoreInit, opts: ConnectOptions): Promise<RemoteCore> {
  let nextId = 0;
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  let shown: Shown | null = null;
  let closed: (() => void) | null = null;
  /** Set once the thread or process is gone: a call made after that is answered at once, never left waiting. */
  let gone: Result<never> | null = null;
  // Messages are handled in the order they arrive: a 'shown' before the result it precedes.
  let chain: Promise<unknown> = Promise.resolve();
  return new Promise<RemoteCore>((resolve, reject) => {
    const remote: RemoteCore = {
      dispatch: (name, input) =>
        new Promise((answer) => {
          if (gone) return answer(gone);
          const id = ++nextId;
          waiting.set(id, answer);
          port.post({ t: 'call', id, name, input } satisfies ToCore);
        }),
      shown: () => shown!,
      close: () =>
        new Promise<void>((done) => {
          if (gone) return done(); // nothing left to close: the lock went with the thread or process
          closed = done;
          port.post({ t: 'close' } satisfies ToCore);
        }),
    };
    opts.onExit?.((detail) => {
      const error = { code: 'INTERNAL' as const, message: translate('core.gone', { detail }) };
      gone = { ok: false, error };
      for (const answer of waiting.values()) answer(gone);
      waiting.clear();
      reject(Object.assign(new Error(error.message), { code: error.code }));
      closed?.();
    });
    port.listen((raw) => {
      const m = raw as FromCore;
      chain = chain
        .then(async () => {
          switch (m.t) {
            case 'ready':
              shown = m.shown;
              resolve(remote);
              return;
            case 'failed':
              reject(Object.assign(new Error(m.message), { code: m.code }));
              return;
            case 'shown':
              shown = m.shown;
              await opts.onShown?.(m.shown);
              return;
            case 'result': {
              const answer = waiting.get(m.id);
              waiting.delete(m.id);
              answer?.(m.result);
              return;
            }
            case 'event':
              opts.emit(m.name, m.payload);
              return;
            case 'log':
              opts.log?.[m.level](m.event, m.fields);
              return;
            case 'closed':
              closed?.();
              return;
            case 'ask':
              void (async () => {
                try {
                  const fn = m.what === 'pick' ? opts.pick : opts.openFile;
                  if (!fn) throw new Error(`${m.what} unsupported`);
                  const value = await (fn as (arg: string) => Promise<unknown>)(m.arg);
                  // A dialog closed after the core died: no one is left to answer.
                  if (!gone) port.post({ t: 'answer', id: m.id, ok: true, value: value ?? null } satisfies ToCore);
                } catch (e) {
                  if (!gone)
                    port.post({
                      t: 'answer',
                      id: m.id,
                      ok: false,
                      message: String((e as Error)?.message ?? e),
                      ...(e instanceof KejiError ? { code: e.code } : {}),
                    } satisfies ToCore);
                }
              })();
              return;
          }
        })
        .catch(() => {});
    });
    port.post({ t: 'init', init } satisfies ToCore);
  });
}

// ---- a worker thread ------------------------------------------------------------------------------

/** Where the worker is: core-worker.mjs beside this module from source; beside the bundle when built
 * (electron/build.mjs must emit it there). Null when there is none: the host then runs the core inline. */
export function coreWorkerFile(): string | null {
  if (process.env.KEJI_CORE_WORKER) return process.env.KEJI_CORE_WORKER;
  let dir: string;
  try {
    // No `new URL(…, import.meta.url)`: under happy-dom the global URL is the page's, not Node's.
    dir = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    dir = __dirname; // CommonJS bundle
  }
  return [path.join(dir, 'core-worker.mjs')].find((f) => fs.existsSync(f)) ?? null;
}

/** The core in a worker thread of this process: the archive's lock is this process's. */
export async function startCoreThread(
  init: CoreInit,
  opts: Omit<ConnectOptions, 'onExit'>,
  file: string | null = coreWorkerFile(),
): Promise<RemoteCore> {
  if (!file) throw new Error('core-worker.mjs is missing');
  const worker = new Worker(file);
  let exited = (_detail: string) => {};
  worker.on('error', (e) => exited(String(e?.message ?? e).slice(0, 200)));
  worker.on('exit', (code) => exited(`core stopped (${code})`));
  try {
    const remote = await connectCore(
      { post: (m) => worker.postMessage(m), listen: (cb) => worker.on('message', cb) },
      init,
      {
        ...opts,
        onExit: (listen) => {
          exited = listen;
        },
      },
    );
    return {
      ...remote,
      async close() {
        await remote.close();
        await worker.terminate();
      },
    };
  } catch (e) {
    await worker.terminate();
    throw e;
  }
}

// ---- what a host holds ----------------------------------------------------------------------------

/** The core as a host holds it: calls, and the archive shown, for the host's own reading (media, downloads). */
export interface CoreHost {
  /** The archive the host was started on, as this thread reads it. */
  readonly home: Archive;
  /** The archive shown right now (a package opened read-only, perhaps), as this thread reads it. */
  readonly current: Archive;
  dispatch: Dispatcher;
  /** Where the core runs: 'remote' (a worker thread or utilityProcess, off this thread) or 'inline' (this thread). */
  readonly where: 'remote' | 'inline';
  close(): Promise<void>;
}

export type CoreContext = { emit: (name: EventName, payload: unknown) => void; host?: HostInfo; log?: Logger } & Pick<
  ConnectOptions,
  'pick' | 'openFile'
>;

/** The core in this thread, over an archive the caller opened (tests hand one in). */
export function inlineCore(archive: Archive, ctx: CoreContext): CoreHost {
  const session = new ArchiveSession(archive, (a, viewing) => createDispatcher(a, { ...ctx, viewing }));
  return {
    home: archive,
    get current() {
      return session.current;
    },
    where: 'inline',
    dispatch: (name, input) => session.dispatch(name, input),
    async close() {
      session.close();
    },
  };
}

/** This thread's own read-only connection to the archive the core shows. */
function readShown(s: Shown): Archive {
  const a = openArchive(s.dbDir, { readonly: true });
  return Object.assign(a, {
    dir: s.dir,
    readonly: s.readonly,
    ...(s.cacheDir ? { cacheDir: s.cacheDir } : {}),
    ...(s.readonlyReason ? { readonlyReason: s.readonlyReason } : {}),
  });
}

/** Starts the core somewhere else (a worker thread, a utilityProcess) and connects to it. */
export type CoreStarter = (init: CoreInit, opts: Omit<ConnectOptions, 'onExit'>) => Promise<RemoteCore>;

/**
 * The core started by `start` (a worker thread by default), which opens `dir` and holds its lock;
 * this thread keeps a read-only connection to whatever archive the core shows, switched before the
 * call that switched it answers.
 */
export async function remoteCore(
  init: CoreInit,
  ctx: CoreContext,
  start: CoreStarter = startCoreThread,
): Promise<CoreHost> {
  let home: Archive | null = null;
  let current: Archive | null = null;
  const remote = await start(
    {
      ...init,
      host: ctx.host,
      log: !!ctx.log,
      asks: [...(ctx.pick ? ['pick' as const] : []), ...(ctx.openFile ? ['openFile' as const] : [])],
    },
    {
      emit: ctx.emit,
      log: ctx.log,
      pick: ctx.pick,
      openFile: ctx.openFile,
      onShown: (s) => {
        const before = current;
        current = s.dbDir === home?.cacheDir || (s.dbDir === home?.dir && !home?.cacheDir) ? home : readShown(s);
        if (before && before !== home && before !== current) before.close();
      },
    },
  );
  home = current = readShown(remote.shown());
  return {
    get home() {
      return home!;
    },
    get current() {
      return current!;
    },
    where: 'remote',
    dispatch: remote.dispatch,
    async close() {
      await remote.close();
      if (current !== home) current?.close();
      home?.close();
    },
  };
}
