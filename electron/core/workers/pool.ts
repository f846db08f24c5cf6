// The one worker-thread pool of the core, on tinypool: photo import and thumbnails
// (media/workers.ts), sheet parsing (sheets/workbook.ts) and export hashing (package/io.ts) all
// run their worker files through a WorkerPool. What it adds to tinypool is what the app needs of
// every worker:
//   - where each worker file is: from source, in Electron's dist/main (unpacked beside app.asar)
//     and in keji's dist/cli/keji (workerFile);
//   - a per-task time limit and an AbortSignal that end the thread running the task (the next
//     task gets a fresh one), answered with WorkerTimedOut / JobCancelled;
//   - a thread that dies (out of memory, an uncaught error) answers its task with WorkerCrashed,
//     never leaves it waiting;
//   - idle threads never keep the process alive, and closeAllWorkerPools ends every thread.
// A worker file's default export takes one task and returns its answer; it reports a failure
// inside the answer, so a rejected run always means the thread itself failed.
// tinypool is imported when a pool first runs, with import(): the CommonJS bundles (main.cjs,
// core-utility.cjs) load it from node_modules as the ES module it is, and its own thread entry
// (tinypool/dist/entry/worker.js) is then found beside it, unpacked from app.asar.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transferable } from 'node:worker_threads';
import type TinypoolType from 'tinypool';
import { JobCancelled } from '../jobs';

export type WorkerName = 'import' | 'sheets' | 'hash';

/** Per worker: the variable that overrides its path, its starter beside the source, its built names. */
const FILES: Record<WorkerName, { env: string; source: string; built: string[] }> = {
  import: { env: 'KEJI_MEDIA_WORKER', source: '../media/import-worker.mjs', built: ['import-worker.mjs'] },
  // dist/main names it sheets-worker.mjs; keji's dist/cli/keji keeps the source name.
  sheets: {
    env: 'KEJI_SHEETS_WORKER',
    source: '../sheets/parse-worker.mjs',
    built: ['sheets-worker.mjs', 'parse-worker.mjs'],
  },
  hash: { env: 'KEJI_HASH_WORKER', source: '../package/hash-worker.mjs', built: ['hash-worker.mjs'] },
};

/** This module's folder, and whether it runs from source (a .ts file) or from a bundle. */
function here(): { dir: string; source: boolean } {
  try {
    // No `new URL(…, import.meta.url)`: under happy-dom the global URL is the page's, not Node's.
    const self = fileURLToPath(import.meta.url);
    return { dir: path.dirname(self), source: /\.[cm]?ts$/.test(self) };
  } catch {
    // CommonJS bundle (esbuild leaves import.meta empty): the workers are built next to it.
    return { dir: __dirname, source: false };
  }
}

/**
 * Where a worker's file is. From source: its .mjs starter (which registers the TypeScript loader)
 * in its feature's folder. From a bundle: the built file beside it — in the packaged app the
 * unpacked copy, since a worker cannot start from inside app.asar.
 */
export function workerFile(name: WorkerName): string {
  const spec = FILES[name];
  const override = process.env[spec.env];
  if (override) return override;
  const { dir, source } = here();
  if (source) return path.join(dir, spec.source);
  for (const n of spec.built) {
    const beside = path.join(dir, n);
    const unpacked = beside.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
    if (unpacked !== beside && fs.existsSync(unpacked)) return unpacked;
    if (fs.existsSync(beside)) return beside;
  }
  return path.join(dir, spec.built[0]);
}

/** Two on a 2-core PC; never more than the cores minus one for the UI, never more than 4, never less than 1. */
export function defaultConcurrency(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores <= 2 ? cores : cores - 1));
}

/** A task ran past its time limit; its thread was ended. */
export class WorkerTimedOut extends Error {
  constructor(readonly ms: number) {
    super(`worker task took more than ${ms} ms`);
    this.name = 'WorkerTimedOut';
  }
}

/** The thread running a task died (`code` e.g. ERR_WORKER_OUT_OF_MEMORY) or could not start. */
export class WorkerCrashed extends Error {
  constructor(
    readonly detail: string,
    readonly code: string = '',
  ) {
    super(`worker stopped: ${detail}`);
    this.name = 'WorkerCrashed';
  }
}

export interface PoolOptions {
  /** At most this many threads (and so tasks) at once. Default defaultConcurrency(). */
  threads?: number;
  /** Keep one thread started while idle (a warm reader); default none. */
  warm?: boolean;
  /** An idle thread beyond `warm` ends after this long. Default 5 s. */
  idleMs?: number;
  /** The thread's own JavaScript heap limit: a task needing more ends its thread, not the process. */
  heapMb?: number;
}

export interface RunOptions {
  /** Aborting ends the thread running the task (or drops it from the queue): JobCancelled. */
  signal?: AbortSignal;
  /** Past this, from the call, the thread is ended: WorkerTimedOut. */
  timeoutMs?: number;
  transferList?: readonly Transferable[];
}

const open = new Set<WorkerPool>();

let tinypool: Promise<typeof TinypoolType> | null = null;
const loadTinypool = () => {
  if (!tinypool) {
    const unpacked = unpackedTinypool();
    tinypool = (unpacked ? import(pathToFileURL(unpacked).href) : import('tinypool')).then(
      (m: { default: typeof TinypoolType }) => m.default,
    );
  }
  return tinypool;
};

/**
 * tinypool names its thread entry from its own module's URL. Imported by name from a bundle inside
 * app.asar (main.cjs: archive:// thumbnails), that URL points into the archive even though the files
 * are unpacked, and the thread would be asked to start from inside app.asar. So a bundle in app.asar
 * imports the unpacked copy by its path; everywhere else (source, dist/cli, the unpacked
 * core-utility.cjs, which resolves to the unpacked copy anyway) tinypool is imported by name.
 */
function unpackedTinypool(): string | null {
  const { dir, source } = here();
  const marker = `${path.sep}app.asar${path.sep}`;
  if (source || !dir.includes(marker)) return null;
  const appRoot = dir.slice(0, dir.indexOf(marker)) + `${path.sep}app.asar.unpacked`;
  const entry = path.join(appRoot, 'node_modules', 'tinypool', 'dist', 'index.js');
  return fs.existsSync(entry) ? entry : null;
}

/** A bounded set of threads running one worker file. */
export class WorkerPool {
  /** At most this many threads, so this many tasks at once. */
  readonly size: number;
  private pool: Promise<TinypoolType> | null = null;
  private started: TinypoolType | null = null;
  /** Every waiting run's way out when a thread fails with no task to answer (it could not start). */
  private readonly waiting = new Set<(e: WorkerCrashed) => void>();

  constructor(
    readonly worker: WorkerName,
    private readonly options: PoolOptions = {},
  ) {
    this.size = Math.max(1, options.threads ?? defaultConcurrency());
  }

  /** Threads started now (never more than `size`). */
  get threads(): number {
    return this.started?.threads.length ?? 0;
  }

  private start(): Promise<TinypoolType> {
    open.add(this);
    return (this.pool ??= loadTinypool().then((Tinypool) => {
      const pool = new Tinypool({
        filename: workerFile(this.worker),
        minThreads: this.options.warm ? 1 : 0,
        maxThreads: this.size,
        idleTimeout: this.options.idleMs ?? 5_000,
        resourceLimits: this.options.heapMb ? { maxOldGenerationSizeMb: this.options.heapMb } : undefined,
      });
      // tinypool reports here a thread that failed holding no task (it could not start): the
      // tasks queued for it would wait forever, so they fail now and the next run starts afresh.
      pool.on('error', (e: Error & { code?: string }) => {
        if (this.started === pool) this.reset();
        const crash = new WorkerCrashed(String(e?.message ?? e), e?.code ?? '');
        for (const fail of [...this.waiting]) fail(crash);
        void destroy(pool);
      });
      this.started = pool;
      return pool;
    }));
  }

  private reset(): void {
    this.pool = null;
    this.started = null;
  }

  /** Runs one task on a free thread (queued while all are busy); resolves with the worker's answer. */
  async run<T>(task: unknown, opts: RunOptions = {}): Promise<T> {
    if (opts.signal?.aborted) throw new JobCancelled();
    // The limit and the signal count from the call, also while tinypool loads or the task waits.
    const stop = new AbortController();
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? null
        : setTimeout(() => {
            timedOut = true;
            stop.abort();
          }, opts.timeoutMs);
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let fail: (e: WorkerCrashed) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    this.waiting.add(fail);
    try {
      const pool = await this.start();
      if (stop.signal.aborted) throw stop.signal.reason;
      // Only a task that may be stopped gets a signal: tinypool gives such a task a thread of its own.
      const job = pool.run(task, {
        signal: opts.signal || timer ? stop.signal : null,
        transferList: opts.transferList as never,
      });
      job.catch(() => {}); // answered through the race below, even when `failed` wins it
      return (await Promise.race([job, failed])) as T;
    } catch (e) {
      if (timedOut) throw new WorkerTimedOut(opts.timeoutMs!);
      if (stop.signal.aborted) throw new JobCancelled();
      if (e instanceof WorkerCrashed) throw e;
      const err = e as Error & { code?: string };
      throw new WorkerCrashed(String(err?.message ?? err), err?.code ?? '');
    } finally {
      this.waiting.delete(fail);
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends every thread now (a task still running is answered with WorkerCrashed); a later run starts new ones. */
  async close(): Promise<void> {
    open.delete(this);
    const p = this.pool;
    this.reset();
    if (p) await destroy(await p);
  }
}

/**
 * tinypool's destroy() waits for each thread with `events.once(wrapper, 'exit')`, and its thread
 * wrapper has no removeListener: a thread that fails (cannot start) while the pool is being
 * destroyed then throws a TypeError from inside the 'error' event, uncaught. The wrapper is given
 * the removeListener of the thread it wraps before destroying, so such a thread is only a rejected wait.
 */
async function destroy(pool: TinypoolType): Promise<void> {
  for (const w of pool.threads as unknown as { thread?: NodeJS.EventEmitter; removeListener?: unknown }[]) {
    const proto = Object.getPrototypeOf(w) as { removeListener?: unknown };
    if (w.thread && typeof proto.removeListener !== 'function')
      proto.removeListener = function (this: { thread: NodeJS.EventEmitter }, e: string, cb: () => void) {
        this.thread.removeListener(e, cb);
        return this;
      };
  }
  await pool.destroy().catch(() => {});
}

/** Ends every pool's threads (hosts shutting down, the archive closing, tests). */
export async function closeAllWorkerPools(): Promise<void> {
  await Promise.all([...open].map((p) => p.close()));
}
