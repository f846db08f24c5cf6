// The worker threads that run import-worker.ts, and the messages they understand.
// A small pool: each worker handles one file at a time, so the pool size is the concurrency.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MediaKind } from './types';

/** Per-file failure codes (Chinese reasons in shared/i18n/tables/media.ts, 'media.fail.<code>'). */
export type FailCode =
  | 'notFound'
  | 'readError'
  | 'noAccess'
  | 'empty'
  | 'unsupported'
  | 'notImage'
  | 'mismatch'
  | 'corrupt'
  | 'tooLarge'
  | 'heic'
  | 'diskFull'
  | 'changed'
  | 'cancelled'
  | 'internal'
  | 'link';

/** A cached picture to write: WebP of `px` long edge, or (`format: 'jpeg'`) a HEIC's display JPEG. */
export interface ThumbTarget {
  px: number;
  dir: string;
  partial: string;
  final: string;
  format?: 'jpeg';
}

/**
 * One HEIC at a time in this process, across every pool (the import's and the thumbnail
 * regenerator's): each is decoded in a thread of its own that needs ~250 MB at its peak.
 * Kept here on the main thread, which sees every request end, even a worker's death.
 */
let heicTurn: Promise<unknown> = Promise.resolve();
function oneHeicAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = heicTurn.then(fn, fn);
  heicTurn = run.catch(() => {});
  return run;
}

export type WorkerRequest =
  | { type: 'hash'; id: number; file: string }
  /** `ext`/`kind`: what the main thread decided the file is (shared/domain/media.ts). */
  | {
      type: 'store';
      id: number;
      ext: string;
      kind: MediaKind;
      original: { dir: string; partial: string; final: string } | null;
      thumbs: ThumbTarget[];
      limitPixels: number;
      wantMeta: boolean;
    }
  | { type: 'forget'; id: number }
  | { type: 'regenerate'; id: number; file: string; ext: string; thumbs: ThumbTarget[]; limitPixels: number }
  /** A video's poster frame (image bytes from the page) written as `thumbs`. */
  | { type: 'poster'; id: number; bytes: Uint8Array; thumbs: ThumbTarget[]; limitPixels: number };

/** `head`: the first bytes, for the main thread to classify against the allow-list. */
export interface Hashed {
  sha: string;
  size: number;
  head: Uint8Array;
}
/** `takenAt`/`takenSource`: the date inside the file, if any; `fileTime`: its modified time (local). */
export interface Stored {
  width: number | null;
  height: number | null;
  orientation: number | null;
  takenAt: string | null;
  takenSource: 'original' | 'digitized' | 'ifd0' | 'xmp' | 'video' | null;
  fileTime: string;
}

export type WorkerAnswer<T> = { ok: true; value: T } | { ok: false; code: FailCode; detail: string };

/** Where the worker is: import-worker.mjs (which loads import-worker.ts) beside this module from source; the built import-worker.mjs beside the bundle in Electron's dist/main and keji's dist/cli/keji. */
export function workerFile(): string {
  if (process.env.KEJI_MEDIA_WORKER) return process.env.KEJI_MEDIA_WORKER;
  try {
    return fileURLToPath(new URL('./import-worker.mjs', import.meta.url));
  } catch {
    // CommonJS bundle (esbuild leaves import.meta empty): the file is built next to it. A worker
    // cannot start from inside app.asar, so the packaged app keeps it unpacked.
    const beside = path.join(__dirname, 'import-worker.mjs');
    const unpacked = beside.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
    return unpacked !== beside && fs.existsSync(unpacked) ? unpacked : beside;
  }
}

class MediaWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (a: WorkerAnswer<unknown>) => void>();
  private nextId = 1;
  dead = false;

  constructor(abort: SharedArrayBuffer) {
    // `entry`: the worker starts its HEIC decoder threads from the same file.
    const entry = workerFile();
    this.worker = new Worker(entry, { workerData: { abort, entry } });
    this.worker.on('message', (m: { id: number } & WorkerAnswer<unknown>) => {
      const cb = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      cb?.(m);
    });
    const die = (detail: string) => {
      this.dead = true;
      for (const cb of this.waiting.values()) cb({ ok: false, code: 'internal', detail });
      this.waiting.clear();
    };
    this.worker.on('error', (e) => die(String(e?.message ?? e)));
    this.worker.on('exit', (code) => die(`worker exited (${code})`));
  }

  newId(): number {
    return this.nextId++;
  }

  send<T>(req: WorkerRequest): Promise<WorkerAnswer<T>> {
    if (this.dead) return Promise.resolve({ ok: false, code: 'internal', detail: 'worker stopped' });
    return new Promise((resolve) => {
      this.waiting.set(req.id, resolve as (a: WorkerAnswer<unknown>) => void);
      this.worker.postMessage(req);
    });
  }

  unref(): void {
    this.worker.unref();
  }
  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

/** A bounded set of media workers; `use` lends one worker to one file from start to end. */
export class MediaWorkers {
  private readonly idle: MediaWorker[] = [];
  private readonly queue: ((w: MediaWorker) => void)[] = [];
  private readonly all = new Set<MediaWorker>();
  /** Shared with every worker: 1 = stop long copies now. */
  private readonly abortBuf = new SharedArrayBuffer(4);

  constructor(
    readonly size: number = defaultConcurrency(),
    private readonly background = false,
  ) {}

  private spawn(): MediaWorker {
    const w = new MediaWorker(this.abortBuf);
    if (this.background) w.unref();
    this.all.add(w);
    return w;
  }

  /** `heic`: the file is a HEIC/HEIF, which waits for its turn (one in the process) before taking a worker. */
  use<T>(fn: (w: MediaWorker) => Promise<T>, opts: { heic?: boolean } = {}): Promise<T> {
    const lend = async () => {
      const w = await this.acquire();
      try {
        return await fn(w);
      } finally {
        this.release(w);
      }
    };
    return opts.heic ? oneHeicAtATime(lend) : lend();
  }

  private acquire(): Promise<MediaWorker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.all.size < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private release(w: MediaWorker): void {
    if (w.dead) {
      this.all.delete(w);
      if (this.queue.length) this.queue.shift()!(this.spawn());
      return;
    }
    const next = this.queue.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** Asks workers to stop long copies at once (files already stored stay). */
  abort(): void {
    Atomics.store(new Int32Array(this.abortBuf), 0, 1);
  }

  async close(): Promise<void> {
    const list = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(list.map((w) => w.terminate()));
  }
}

/** Two on this 2-core machine; never more than the cores minus one for the UI, never less than 1. */
export function defaultConcurrency(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores <= 2 ? cores : cores - 1));
}

export type { MediaWorker };
