// Long jobs (imports, exports, merges): the client names each job with a uuid, the core
// reports progress under that id and stops cleanly when asked.
import type { JobProgress } from '../../shared/contract';
import { translate } from '../../shared/i18n/messages';

export type Emit = (event: 'archive.changed' | 'job.progress', payload: unknown) => void;

const running = new Map<string, AbortController>();

export interface Job {
  signal: AbortSignal;
  progress(p: Omit<JobProgress, 'jobId'>): void;
  /** Throws a JobCancelled once cancel was asked; call between units of work. */
  checkpoint(): void;
  end(): void;
}

export class JobCancelled extends Error {
  constructor() {
    super(translate('core.job.cancelled'));
  }
}

export function beginJob(jobId: string, emit: Emit): Job {
  const ctl = new AbortController();
  running.set(jobId, ctl);
  const started = Date.now();
  let last = 0;
  return {
    signal: ctl.signal,
    progress(p) {
      const now = Date.now();
      // Throttle to ~10 events a second, but always report the last one.
      if (!p.finished && p.done < p.total && now - last < 100) return;
      last = now;
      const rate = p.done / Math.max(1, now - started);
      const etaSeconds = p.done > 0 && rate > 0 ? Math.round((p.total - p.done) / rate / 1000) : undefined;
      emit('job.progress', { jobId, etaSeconds, ...p });
    },
    checkpoint() {
      if (ctl.signal.aborted) throw new JobCancelled();
    },
    end() {
      running.delete(jobId);
    },
  };
}

export function cancelJob(jobId: string): boolean {
  const ctl = running.get(jobId);
  ctl?.abort();
  return !!ctl;
}
