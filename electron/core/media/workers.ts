// The worker threads that run import-worker.ts, and the messages they understand.
// Each thread handles one file at a time, so the pool size is the concurrency.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { defaultConcurrency, WorkerPool, workerFile } from '../workers/pool';
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

/** On a session's port: the requests, then `end` (the file is done; the thread is free for the next). */
export type SessionMessage = WorkerRequest | { type: 'end' };

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

/** What an import worker's thread is given: one session (media/import-worker.ts `session`). */
export interface MediaSession {
  /** The requests (WorkerRequest) come in here and the answers go back, until `{ type: 'end' }`. */
  port: MessagePort;
  /** Shared with the pool's owner: 1 = stop long copies now. */
  abort: SharedArrayBuffer;
  /** The worker's own file: it starts its HEIC decoder threads from it. */
  entry: string;
}

/** One worker lent to one file: its requests travel over the session's port, in order of asking. */
class MediaWorker {
  private readonly waiting = new Map<number, (a: WorkerAnswer<unknown>) => void>();
  private nextId = 1;
  dead = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (m: { id: number } & WorkerAnswer<unknown>) => {
      const cb = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      cb?.(m);
    });
  }

  newId(): number {
    return this.nextId++;
  }

  send<T>(req: WorkerRequest): Promise<WorkerAnswer<T>> {
    if (this.dead) return Promise.resolve({ ok: false, code: 'internal', detail: 'worker stopped' });
    return new Promise((resolve) => {
      this.waiting.set(req.id, resolve as (a: WorkerAnswer<unknown>) => void);
      this.port.postMessage(req);
    });
  }

  /** The thread died (or the session ended): every waiting request is answered 'internal'. */
  stop(detail: string): void {
    this.dead = true;
    for (const cb of this.waiting.values()) cb({ ok: false, code: 'internal', detail });
    this.waiting.clear();
  }

  end(): void {
    if (!this.dead) this.port.postMessage({ type: 'end' });
    this.dead = true;
    this.port.close();
  }
}

/**
 * Media workers on the core's WorkerPool (workers/pool.ts); `use` lends one thread to one file
 * from start to end (one pool task per file: a session of requests, so the file read for its
 * hash stays in that thread's memory for storing).
 */
export class MediaWorkers {
  private readonly pool: WorkerPool;
  /** Shared with every session: 1 = stop long copies now. */
  private readonly abortBuf = new SharedArrayBuffer(4);

  constructor(
    readonly size: number = defaultConcurrency(),
    /** Thumbnails on demand: the idle thread waits 30 s for the next request (an import's, 5 s). */
    background = false,
  ) {
    this.pool = new WorkerPool('import', { threads: size, idleMs: background ? 30_000 : 5_000 });
  }

  /** `heic`: the file is a HEIC/HEIF, which waits for its turn (one in the process) before taking a worker. */
  use<T>(fn: (w: MediaWorker) => Promise<T>, opts: { heic?: boolean } = {}): Promise<T> {
    const lend = async () => {
      const { port1, port2 } = new MessageChannel();
      const w = new MediaWorker(port1);
      const session: MediaSession = { port: port2, abort: this.abortBuf, entry: workerFile('import') };
      const task = this.pool.run<null>(session, { transferList: [port2] }).then(
        () => w.stop('worker stopped'),
        (e: Error) => w.stop(String(e?.message ?? e)),
      );
      try {
        return await fn(w);
      } finally {
        w.end();
        await task;
      }
    };
    return opts.heic ? oneHeicAtATime(lend) : lend();
  }

  /** Asks workers to stop long copies at once (files already stored stay). */
  abort(): void {
    Atomics.store(new Int32Array(this.abortBuf), 0, 1);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export { defaultConcurrency };
export type { MediaWorker };
