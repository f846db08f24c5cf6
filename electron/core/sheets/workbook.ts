// Any sheet file → plain grids of cell text, with bounded work. On the calling thread
// only the cheap checks run (size, and what the first bytes say against the file's name:
// sniff.ts); the parsing itself (parse.ts) runs on the core's worker pool, whose thread is ended
// after SHEET_LIMITS.parseSeconds, or at once when the job is cancelled, so a hostile file can neither
// freeze the window nor keep a core busy.
import { SHEET_LIMITS } from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import { invalid } from '../errors';
import { JobCancelled } from '../jobs';
import { WorkerCrashed, WorkerPool, WorkerTimedOut } from '../workers/pool';
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

/** The worker's own heap limit: a file that still needs more memory than this ends its thread, not the app. */
const WORKER_HEAP_MB = 1024;

/** The readers: one thread kept warm (idle, not holding the process open), two at most. */
let readers: WorkerPool | null = null;

async function runInWorker(req: ParseRequest, fileName: string, opts: ReadOptions): Promise<ParseAnswer> {
  readers ??= new WorkerPool('sheets', { threads: 2, warm: true, heapMb: WORKER_HEAP_MB });
  const ms = opts.timeoutMs ?? SHEET_LIMITS.parseSeconds * 1000;
  try {
    return await readers.run<ParseAnswer>(req, { signal: opts.signal, timeoutMs: ms });
  } catch (e) {
    if (e instanceof WorkerTimedOut)
      throw invalid(translate('sheets.refuse.timeout', { name: fileName, seconds: Math.ceil(ms / 1000) }));
    if (e instanceof WorkerCrashed)
      throw invalid(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? translate('sheets.refuse.outOfMemory', { name: fileName, limit: WORKER_HEAP_MB })
          : translate('sheets.refuse.readerFailed', { name: fileName, detail: e.detail.slice(0, 80) }),
      );
    throw e;
  }
}

/** Ends the readers' threads (tests, shutdown). */
export async function closeSheetsWorker(): Promise<void> {
  await readers?.close();
}
