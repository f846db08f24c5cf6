// 数据与U盘: the export to a stick (plan, then a job with progress and cancel), verifying and
// merging a package (preview, the teacher's picks for conflicts, the report), and backups.
import { create } from 'zustand';
import type { CallInput, JobProgress } from '../../shared/contract';
import type {
  BackupInfo,
  ExportOptions,
  ExportPlan,
  ExportResult,
  MergePreview,
  MergeReport,
  Pick,
  TargetInfo,
  VerifyReport,
} from '../../shared/calls/package';
import { client } from './app';

export interface Running {
  jobId: string;
  done: number;
  total: number;
  bytesDone?: number;
  bytesTotal?: number;
  etaSeconds?: number;
  current?: string;
  cancelling?: boolean;
}

type JobCall =
  | 'package.plan'
  | 'package.export'
  | 'package.verify'
  | 'package.preview'
  | 'package.merge'
  | 'package.openReadonly'
  | 'package.closeReadonly'
  | 'backup.create'
  | 'backup.restore';

/** Calls a job, keeping `onProgress` told of its 'job.progress' events. */
async function job<N extends JobCall>(name: N, input: Omit<CallInput<N>, 'jobId'>, onProgress: (r: Running) => void) {
  const jobId = crypto.randomUUID();
  onProgress({ jobId, done: 0, total: 1 });
  const off = client().on('job.progress', (payload) => {
    const p = payload as JobProgress;
    if (p.jobId === jobId)
      onProgress({
        jobId,
        done: p.done,
        total: p.total,
        bytesDone: p.bytesDone,
        bytesTotal: p.bytesTotal,
        etaSeconds: p.etaSeconds,
        current: p.current,
      });
  });
  try {
    return await client().call(name, { ...input, jobId } as CallInput<N>);
  } finally {
    off();
  }
}

const message = (e: unknown) => (e as Error)?.message ?? String(e);

/** Every page holds state of the archive it showed: after switching archives, start afresh. */
function reloadPage(): void {
  location.reload();
}

interface PackageState {
  targets: TargetInfo[];
  plan: ExportPlan | null;
  exportResult: ExportResult | null;
  running: Running | null;
  error: string | null;
  busy: 'plan' | 'export' | 'verify' | 'preview' | 'merge' | 'open' | 'backup' | 'restore' | null;

  verifyReport: VerifyReport | null;
  preview: MergePreview | null;
  mergeReport: MergeReport | null;
  choices: Record<string, Pick>;
  /** 全部保留本机 / 全部采用数据包: also decides the conflicts beyond those listed. */
  prefer: Pick | null;
  /** The teacher ticked 确认移到回收站: records of ours the package deleted go to the trash. */
  confirmTrash: boolean;

  backups: BackupInfo[];

  loadTargets(): Promise<void>;
  checkExport(opts: ExportOptions): Promise<void>;
  runExport(opts: ExportOptions): Promise<void>;
  cancel(): Promise<void>;
  clearExport(): void;
  verify(path: string): Promise<void>;
  previewMerge(path: string): Promise<void>;
  merge(path: string): Promise<void>;
  /** Shows the package read-only instead of this PC's archive (checked first), then reloads the page. */
  openReadonly(path: string): Promise<void>;
  /** Back to this PC's archive, then reloads the page. */
  closeReadonly(): Promise<void>;
  pick(key: string, p: Pick): void;
  pickAll(p: Pick): void;
  setConfirmTrash(v: boolean): void;
  loadBackups(): Promise<void>;
  backupNow(): Promise<BackupInfo | null>;
  restore(file: string): Promise<{ restored: BackupInfo; safetyBackup: BackupInfo } | null>;
}

export const usePackage = create<PackageState>((set, get) => ({
  targets: [],
  plan: null,
  exportResult: null,
  running: null,
  error: null,
  busy: null,
  verifyReport: null,
  preview: null,
  mergeReport: null,
  choices: {},
  prefer: null,
  confirmTrash: false,
  backups: [],

  async loadTargets() {
    try {
      set({ targets: await client().call('package.targets', {}) });
    } catch (e) {
      set({ error: message(e) });
    }
  },
  async checkExport(opts) {
    set({ busy: 'plan', error: null, plan: null, exportResult: null });
    try {
      set({ plan: await job('package.plan', opts, () => {}) });
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: null });
    }
  },
  async runExport(opts) {
    set({ busy: 'export', error: null, exportResult: null });
    try {
      const r = await job('package.export', opts, (running) =>
        set((s) => ({ running: { ...running, cancelling: s.running?.cancelling } })),
      );
      set({ exportResult: r, plan: null });
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: null, running: null });
      void get().loadTargets();
    }
  },
  async cancel() {
    const r = get().running;
    if (!r) return;
    set({ running: { ...r, cancelling: true } });
    // The export goes on when the request does not arrive: say so, and let 取消 be pressed again.
    await client()
      .call('jobs.cancel', { jobId: r.jobId })
      .catch((e) => set((s) => ({ error: message(e), running: s.running && { ...s.running, cancelling: false } })));
  },
  clearExport() {
    set({ plan: null, exportResult: null, error: null });
  },

  async verify(path) {
    set({ busy: 'verify', error: null, verifyReport: null, preview: null, mergeReport: null });
    try {
      set({ verifyReport: await job('package.verify', { path }, (running) => set({ running })) });
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: null, running: null });
    }
  },
  async previewMerge(path) {
    set({
      busy: 'preview',
      error: null,
      verifyReport: null,
      preview: null,
      mergeReport: null,
      choices: {},
      prefer: null,
      confirmTrash: false,
    });
    try {
      set({ preview: await job('package.preview', { path }, (running) => set({ running })) });
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: null, running: null });
    }
  },
  async merge(path) {
    set({ busy: 'merge', error: null, mergeReport: null });
    try {
      const { choices, prefer, confirmTrash } = get();
      const r = await job('package.merge', { path, choices, prefer: prefer ?? undefined, confirmTrash }, (running) =>
        set({ running }),
      );
      set({ mergeReport: r, preview: null, choices: {}, prefer: null, confirmTrash: false });
      void get().loadBackups();
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: null, running: null });
    }
  },
  async openReadonly(path) {
    set({ busy: 'open', error: null, verifyReport: null, preview: null, mergeReport: null });
    try {
      await job('package.openReadonly', { path }, (running) => set({ running }));
      reloadPage();
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: null, running: null });
    }
  },
  async closeReadonly() {
    try {
      await job('package.closeReadonly', {}, () => {});
      reloadPage();
    } catch (e) {
      set({ error: message(e) });
    }
  },
  pick(key, p) {
    set((s) => ({ choices: { ...s.choices, [key]: p } }));
  },
  pickAll(p) {
    set((s) => ({ prefer: p, choices: Object.fromEntries((s.preview?.conflicts ?? []).map((c) => [c.key, p])) }));
  },
  setConfirmTrash(v) {
    set({ confirmTrash: v });
  },

  async loadBackups() {
    try {
      set({ backups: await client().call('backup.list', {}) });
    } catch (e) {
      set({ error: message(e) });
    }
  },
  async backupNow() {
    set({ busy: 'backup', error: null });
    try {
      const b = await job('backup.create', {}, () => {});
      await get().loadBackups();
      return b;
    } catch (e) {
      set({ error: message(e) });
      return null;
    } finally {
      set({ busy: null });
    }
  },
  async restore(file) {
    set({ busy: 'restore', error: null });
    try {
      const r = await job('backup.restore', { file, confirm: '恢复' }, () => {});
      await get().loadBackups();
      return r;
    } catch (e) {
      set({ error: message(e) });
      return null;
    } finally {
      set({ busy: null });
    }
  },
}));
