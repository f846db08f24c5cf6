// The sheets calls. All three are jobs (workbooks are read and written asynchronously), so the
// dispatcher does not wrap them in a transaction: the importer manages its own.
import type { ApiPart } from '../../../shared/contract';
import type { sheetsCalls } from '../../../shared/calls/sheets';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { beginJob } from '../jobs';
import { exportList } from './export';
import { commitImport, previewImport } from './importer';

export function sheetsHandlers(a: Archive, ctx: HandlerContext): ApiPart<typeof sheetsCalls> {
  /** Runs `work` as job `jobId`: progress 0/2 → 1/2 after reading → finished; stops if cancelled before writing. */
  /** Cancelling also stops the file's reading at once (its worker is ended). */
  async function asJob<T>(
    jobId: string,
    current: string,
    work: (checkpoint: () => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const job = beginJob(jobId, ctx.emit);
    try {
      job.progress({ done: 0, total: 2, current });
      const value = await work(() => {
        job.checkpoint();
        job.progress({ done: 1, total: 2, current });
      }, job.signal);
      job.progress({ done: 2, total: 2, current, finished: true });
      return value;
    } finally {
      job.end();
    }
  }
  return {
    'sheets.preview': (i) => asJob(i.jobId, i.file.name, (_checkpoint, signal) => previewImport(a, i, signal)),
    'sheets.commit': (i) => asJob(i.jobId, i.file.name, (checkpoint, signal) => commitImport(a, i, checkpoint, signal)),
    'sheets.export': (i) =>
      asJob(i.jobId, i.list, async () => {
        const { bytes: _bytes, ...result } = await exportList(a, i);
        return result;
      }),
  };
}
