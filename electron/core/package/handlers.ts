// The package feature's share of the contract: export, verify, merge, backups.
import type { ApiPart } from '../../../shared/contract';
import type { packageCalls } from '../../../shared/calls/package';
import { translate } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { KejiError } from '../errors';
import type { HandlerContext } from '../context';
import { beginJob, JobCancelled, type Job } from '../jobs';
import { backupPath, createBackup, listBackups, restoreBackup } from './backup';
import { exportPackage, planExport } from './export';
import { mergePackage, previewMerge } from './merge';
import { listTargets } from './target';
import { verifyPackage } from './verify';

/** Runs a long call as a job: progress events under its id, cancel turned into a clear message. */
export async function runJob<T>(jobId: string, ctx: HandlerContext, fn: (job: Job) => Promise<T>): Promise<T> {
  const job = beginJob(jobId, ctx.emit);
  try {
    return await fn(job);
  } catch (e) {
    if (e instanceof JobCancelled) throw new KejiError('REFUSED', translate('package.cancelled'));
    throw e;
  } finally {
    job.end();
  }
}

const bytesProgress = (job: Job) => (done: number, total: number, current?: string) =>
  job.progress({ done, total: Math.max(total, 1), bytesDone: done, bytesTotal: total, current });

const rowsProgress = (job: Job) => (done: number, total: number) =>
  job.progress({ done, total: Math.max(total, 1), current: translate('package.merge.comparing') });

export function packageHandlers(a: Archive, ctx: HandlerContext): ApiPart<typeof packageCalls> {
  return {
    'package.targets': () => listTargets(),
    'package.plan': ({ jobId, ...opts }) => runJob(jobId, ctx, () => planExport(a, opts)),
    'package.export': ({ jobId, ...opts }) => runJob(jobId, ctx, (job) => exportPackage(a, opts, job)),
    'package.verify': (i) =>
      runJob(i.jobId, ctx, (job) => verifyPackage(i.path, { onBytes: bytesProgress(job), check: job.checkpoint })),
    'package.preview': (i) =>
      runJob(i.jobId, ctx, (job) =>
        previewMerge(a, i.path, {
          confirmTrash: i.confirmTrash,
          onProgress: bytesProgress(job),
          onRows: rowsProgress(job),
          check: job.checkpoint,
        }),
      ),
    'package.merge': (i) =>
      runJob(i.jobId, ctx, (job) =>
        mergePackage(a, i.path, {
          choices: i.choices,
          prefer: i.prefer,
          confirmTrash: i.confirmTrash,
          onProgress: bytesProgress(job),
          onRows: rowsProgress(job),
          check: job.checkpoint,
        }),
      ),
    'package.openReadonly': (i) =>
      runJob(i.jobId, ctx, async (job) => {
        if (!ctx.viewing) throw new KejiError('REFUSED', translate('viewing.unsupported'));
        await ctx.viewing.open(i.path, { onBytes: bytesProgress(job), check: job.checkpoint });
        return { ok: true as const };
      }),
    'package.closeReadonly': (i) =>
      runJob(i.jobId, ctx, async () => {
        ctx.viewing?.close();
        return { ok: true as const };
      }),
    'backup.list': () => listBackups(a.dir),
    'backup.create': (i) =>
      runJob(i.jobId, ctx, (job) =>
        createBackup(a, 'manual', (d, t) => job.progress({ done: d, total: Math.max(t, 1) })),
      ),
    'backup.restore': (i) =>
      runJob(i.jobId, ctx, (job) =>
        restoreBackup(a, backupPath(a, i.file), (d, t) => job.progress({ done: d, total: Math.max(t, 1) })),
      ),
  };
}
