// The desktop's core off the window's thread: the archive core in an Electron utilityProcess
// (electron/core/core-utility.ts, built to dist/main/core-utility.cjs), spoken to through
// core/remote.ts exactly as the web host speaks to its worker thread. The core process opens the
// archive, holds its lock and runs every call; the main process keeps only read-only connections
// (for archive://) and answers what only it can do: the open dialog and opening a file with the
// PC's program. A core that dies answers its waiting calls in Chinese (core.gone) and is started
// again by the next call.
import { utilityProcess } from 'electron';
import type { CallError, ErrorCode } from '../../shared/contract';
import type { Archive } from '../core/db/open';
import type { Dispatcher } from '../core/context';
import type { Logger } from '../core/log';
import {
  connectCore,
  remoteCore,
  type CoreContext,
  type CoreHost,
  type CoreInit,
  type CoreStarter,
} from '../core/remote';
import { PHOTO_PROCESS_ENV } from '../core/media/memory';

/** The service name Electron gives the process (task manager, crash reports, child-process-gone). */
export const CORE_SERVICE_NAME = 'keji-core';

/**
 * Starts core-utility in a utilityProcess and connects to it; the process ends with close().
 * `onGone` hears of a process that ended without being closed (a crash, killed by the system).
 */
export function utilityStarter(modulePath: string, onGone?: (detail: string) => void): CoreStarter {
  return async (init, opts) => {
    const child = utilityProcess.fork(modulePath, [], {
      serviceName: CORE_SERVICE_NAME,
      stdio: 'ignore',
      // glibc's malloc settings for a process that decodes photos (read when it starts).
      env: { ...process.env, ...PHOTO_PROCESS_ENV },
    });
    let closing = false;
    let exited = (_detail: string) => {};
    child.on('exit', (code: number) => {
      const detail = `exit code ${code}`;
      exited(detail);
      if (!closing) onGone?.(detail);
    });
    try {
      const remote = await connectCore(
        { post: (m) => child.postMessage(m), listen: (cb) => child.on('message', cb) },
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
          closing = true;
          await remote.close();
          child.kill();
        },
      };
    } catch (e) {
      closing = true;
      child.kill();
      throw e;
    }
  };
}

/** The core of the desktop app, as main.ts and ipc.ts hold it. */
export interface DesktopCore {
  /** Answers a call in the core process; never throws. A core that died is started again first. */
  dispatch: Dispatcher;
  /** The archive shown (home, or a package opened read-only), as the main process reads it; null while no core runs. */
  current(): Archive | null;
  /** The teacher's own archive, as the main process reads it; null while no core runs. */
  home(): Archive | null;
  /** How many times a core process was started (1 until one dies). */
  readonly starts: number;
  /** Closes the archive in the core (its lock released) and ends the process. */
  close(): Promise<void>;
}

export interface DesktopCoreOptions {
  /** Where the core runs (a utilityProcess of `modulePath` by default; a test passes its own). */
  starter?: (onGone: (detail: string) => void) => CoreStarter;
  log?: Logger;
}

const asCallError = (e: unknown): CallError => ({
  code: ((e as { code?: string })?.code as ErrorCode) ?? 'INTERNAL',
  message: String((e as Error)?.message ?? e),
});

/**
 * Starts the core process over `init.dir` and waits until the archive is open: rejects with the
 * core's Chinese reason (`code`, `message`: LOCKED, SCHEMA_TOO_NEW, …) when it cannot be.
 */
export async function startDesktopCore(
  modulePath: string,
  init: CoreInit,
  ctx: CoreContext,
  opts: DesktopCoreOptions = {},
): Promise<DesktopCore> {
  const starter = opts.starter ?? ((onGone) => utilityStarter(modulePath, onGone));
  let host: CoreHost | null = null;
  let starting: Promise<CoreHost> | null = null;
  let generation = 0;
  let closed = false;

  const launch = (): Promise<CoreHost> => {
    const mine = ++generation;
    const onGone = (detail: string) => {
      ctx.log?.error('core.gone', { detail, start: mine });
      if (generation !== mine || !host) return;
      const dead = host;
      host = null;
      // Its read-only connections in this process go too; the next call starts a new core.
      void dead.close().catch(() => {});
    };
    return remoteCore(init, ctx, starter(onGone));
  };
  const ensure = (): Promise<CoreHost> => {
    if (host) return Promise.resolve(host);
    if (!starting) {
      const restart = generation > 0;
      starting = launch()
        .then((h) => {
          if (closed) {
            void h.close();
            throw Object.assign(new Error('closed'), { code: 'INTERNAL' });
          }
          host = h;
          if (restart) ctx.log?.info('core.restarted', { start: generation });
          return h;
        })
        .finally(() => {
          starting = null;
        });
    }
    return starting;
  };

  await ensure();
  return {
    async dispatch(name, input) {
      let h: CoreHost;
      try {
        h = await ensure();
      } catch (e) {
        return { ok: false, error: asCallError(e) };
      }
      return h.dispatch(name, input);
    },
    current: () => host?.current ?? null,
    home: () => host?.home ?? null,
    get starts() {
      return generation;
    },
    async close() {
      closed = true;
      await starting?.catch(() => {});
      const h = host;
      host = null;
      await h?.close();
    },
  };
}
