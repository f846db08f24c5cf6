// Any sheet file → plain grids of cell text, with bounded work. On the calling thread
// only the cheap checks run (size, and what the first bytes say against the file's name:
// sniff.ts); the parsing itself (parse.ts) runs in a worker thread that is stopped after
// SHEET_LIMITS.parseSeconds, or at once when the job is cancelled, so a hostile file can neither
// freeze the window nor keep a core busy.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SHEET_LIMITS } from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import { invalid } from '../errors';
import { JobCancelled } from '../jobs';
import type { Workbook } from './parse';
import type { ParseAnswer, ParseRequest } from './parse-worker';
import { checkSheetFile, type SheetFormat } from './sniff';

export type { Grid, Workbook } from './parse';
export { cellText } from './parse';

/** The reader a file goes to, from its bytes (refuses a mismatch with its name). */
export function sniffFormat(buf: Buffer, fileName = ''): SheetFormat {
  return checkSheetFile(buf, fileName);
}

export interface ReadOptions {
  /** Stops the reading (the job was cancelled): throws JobCancelled. */
  signal?: AbortSignal;
  /** Default SHEET_LIMITS.parseSeconds. */
  timeoutMs?: number;
}

export async function readWorkbook(buf: Buffer, fileName: string, opts: ReadOptions = {}): Promise<Workbook> {
  const format = checkSheetFile(buf, fileName);
  if (opts.signal?.aborted) throw new JobCancelled();
  const answer = await runInWorker({ bytes: buf, fileName, format }, fileName, opts);
  if (answer.ok) return answer.value;
  if (answer.refused) throw invalid(answer.detail);
  throw invalid(translate('sheets.refuse.readerFailed', { name: fileName, detail: answer.detail.slice(0, 80) }));
}

/** Where the worker is: parse-worker.mjs beside this module from source; sheets-worker.mjs beside Electron's bundle. */
export function sheetsWorkerFile(): string {
  if (process.env.KEJI_SHEETS_WORKER) return process.env.KEJI_SHEETS_WORKER;
  try {
    // No `new URL(…, import.meta.url)`: under happy-dom the global URL is the page's, not Node's.
    return path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-worker.mjs');
  } catch {
    // CommonJS bundle (esbuild leaves import.meta empty): the worker is built next to it. A worker
    // cannot start from inside app.asar, so the packaged app keeps it unpacked.
    const beside = path.join(__dirname, 'sheets-worker.mjs');
    const unpacked = beside.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
    return unpacked !== beside && fs.existsSync(unpacked) ? unpacked : beside;
  }
}

/** One warm worker is kept (idle, not holding the process open); others end after their file. */
let idle: Worker | null = null;
let nextId = 1;
const WORKER_HEAP_MB = 1024;

function takeWorker(): Worker {
  // The worker's own heap limit: a file that still needs more memory than this ends the worker,
  // not the app.
  const w = idle ?? new Worker(sheetsWorkerFile(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  idle = null;
  w.ref();
  return w;
}

function giveBack(w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  if (idle) {
    void w.terminate();
    return;
  }
  w.unref();
  w.on('error', () => {
    if (idle === w) idle = null;
  });
  w.on('exit', () => {
    if (idle === w) idle = null;
  });
  idle = w;
}

function runInWorker(req: Omit<ParseRequest, 'id'>, fileName: string, opts: ReadOptions): Promise<ParseAnswer> {
  const w = takeWorker();
  const id = nextId++;
  const ms = opts.timeoutMs ?? SHEET_LIMITS.parseSeconds * 1000;
  return new Promise<ParseAnswer>((resolve, reject) => {
    let settled = false;
    const stop = (err: Error | null, answer?: ParseAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        w.removeAllListeners();
        w.on('error', () => {});
        void w.terminate();
        reject(err);
      } else {
        giveBack(w);
        resolve(answer!);
      }
    };
    const timer = setTimeout(
      () => stop(invalid(translate('sheets.refuse.timeout', { name: fileName, seconds: Math.ceil(ms / 1000) }))),
      ms,
    );
    const onAbort = () => stop(new JobCancelled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    w.on('message', (m: ParseAnswer) => {
      if (m.id === id) stop(null, m);
    });
    w.on('error', (e: Error & { code?: string }) =>
      stop(
        invalid(
          e?.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? translate('sheets.refuse.outOfMemory', { name: fileName, limit: WORKER_HEAP_MB })
            : translate('sheets.refuse.readerFailed', { name: fileName, detail: String(e?.message ?? e).slice(0, 80) }),
        ),
      ),
    );
    w.on('exit', (code) =>
      stop(invalid(translate('sheets.refuse.readerFailed', { name: fileName, detail: `exit ${code}` }))),
    );
    w.postMessage({ id, ...req } satisfies ParseRequest);
  });
}

/** Ends the warm worker (tests, shutdown). */
export async function closeSheetsWorker(): Promise<void> {
  const w = idle;
  idle = null;
  await w?.terminate();
}
