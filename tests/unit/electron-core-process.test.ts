// The desktop's seam for the core off the window's thread (electron/main/core-process.ts), against a
// fake 'electron' whose utilityProcess.fork runs the core in a worker thread: the main process gets
// answers, events and the open dialog's questions through it, reads the archive for archive://
// itself, and ends the process on close. (The real utilityProcess cannot run here: no Electron binary.)
import crypto from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { KejiError } from '../../electron/core/errors';
import { addMedia } from '../../electron/core/media/store';
import { getSettings } from '../../electron/core/settings';
import { translate } from '../../shared/i18n/messages';
import { tempDir } from './helpers';

const forks: {
  modulePath: string;
  serviceName?: string;
  env?: Record<string, string | undefined>;
  killed: boolean;
  worker?: Worker;
}[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork(
      modulePath: string,
      _args: string[],
      opts: { serviceName?: string; env?: Record<string, string | undefined> },
    ) {
      const rec = { modulePath, serviceName: opts?.serviceName, env: opts?.env, killed: false } as (typeof forks)[0];
      forks.push(rec);
      const w = new Worker(path.resolve('electron/core/core-worker.mjs'));
      rec.worker = w;
      return {
        postMessage: (m: unknown) => w.postMessage(m),
        on(event: string, cb: (x: unknown) => void) {
          w.on(event === 'exit' ? 'exit' : 'message', cb);
        },
        kill() {
          rec.killed = true;
          void w.terminate();
          return true;
        },
      };
    },
  },
}));

const { startDesktopCore } = await import('../../electron/main/core-process');

describe('the desktop core in a utilityProcess (fake electron)', () => {
  const dir = path.join(tempDir('keji-utility-'), '科技档案');
  openArchive(dir, { create: true }).close();
  afterAll(() => undefined);

  it('answers calls, asks the main process for the open dialog, announces changes, and ends on close', async () => {
    const events: string[] = [];
    const picks: string[] = [];
    const core = await startDesktopCore(
      '/app/dist/main/core-utility.cjs',
      { dir },
      {
        emit: (name, payload) => events.push(`${name}:${(payload as { call?: string }).call ?? ''}`),
        host: { kind: 'desktop', portable: false, logDir: null },
        pick: async (kind) => {
          picks.push(kind);
          return ['/media/usb/照片'];
        },
      },
    );
    expect(forks).toMatchObject([
      { modulePath: '/app/dist/main/core-utility.cjs', serviceName: 'keji-core', killed: false },
    ]);
    // The core process holds the archive's lock; the main process only reads.
    expect(core.current()!.readonly).toBe(false);
    expect(() => core.current()!.db.prepare("INSERT INTO tags(id, name) VALUES ('x', 'y')").run()).toThrow();

    const set = await core.dispatch('settings.set', { schoolName: '红旗小学' });
    expect(set.ok).toBe(true);
    expect(events).toEqual(['archive.changed:settings.set']);
    // archive:// reads the same archive from the main process.
    expect(getSettings(core.current()!).schoolName).toBe('红旗小学');

    const picked = await core.dispatch('app.pick', { jobId: crypto.randomUUID(), kind: 'mediaFolder' });
    expect(picked).toEqual({ ok: true, value: ['/media/usb/照片'] });
    expect(picks).toEqual(['mediaFolder']);

    const about = await core.dispatch('app.about', {});
    expect(about.ok && (about.value as { host?: string }).host).toBe('desktop');

    await core.close();
    expect(forks[0].killed).toBe(true);
    // The lock went with the process: the folder opens again.
    openArchive(dir).close();
  }, 120_000);

  it("the main process's refusal to open a file reaches the page with its own code and Chinese message", async () => {
    const a = openArchive(dir);
    const { id } = addMedia(a, Buffer.from('%PDF-1.4 教案'), {
      ext: 'pdf',
      kind: 'document',
      mime: 'application/pdf',
      originalName: '教案.pdf',
    });
    a.close();
    const opened: string[] = [];
    const core = await startDesktopCore(
      '/app/dist/main/core-utility.cjs',
      { dir },
      {
        emit: () => {},
        openFile: async (file) => {
          opened.push(file);
          throw new KejiError('REFUSED', translate('openMedia.failed', { detail: 'no program' }));
        },
      },
    );
    try {
      const r = await core.dispatch('app.openMedia', { jobId: crypto.randomUUID(), id });
      expect(opened).toHaveLength(1);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('REFUSED');
      expect(!r.ok && r.error.message).toMatch(/电脑上没有能打开这个文件的程序/);
    } finally {
      await core.close();
    }
  }, 120_000);

  it('forks with glibc told to hand freed image buffers back (MALLOC_*_THRESHOLD_), the rest of the environment kept', async () => {
    forks.length = 0;
    const core = await startDesktopCore('/app/dist/main/core-utility.cjs', { dir }, { emit: () => {} });
    try {
      expect(forks).toHaveLength(1);
      expect(forks[0].env).toMatchObject({ MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' });
      expect(forks[0].env?.PATH).toBe(process.env.PATH);
    } finally {
      await core.close();
    }
  }, 120_000);

  it('a core that cannot open the archive says why in Chinese, and no process is left behind', async () => {
    forks.length = 0;
    const holder = openArchive(dir);
    try {
      const failed = await startDesktopCore('/app/dist/main/core-utility.cjs', { dir }, { emit: () => {} }).then(
        () => null,
        (e: Error & { code?: string }) => e,
      );
      expect(failed?.code).toBe('LOCKED');
      expect(failed?.message).toMatch(/档案正在被另一个程序使用/);
      expect(forks.map((f) => f.killed)).toEqual([true]);
    } finally {
      holder.close();
    }
  }, 120_000);
});
