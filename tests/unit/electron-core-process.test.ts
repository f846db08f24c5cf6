// The desktop's seam for the core off the window's thread (electron/main/core-process.ts), against a
// fake 'electron' whose utilityProcess.fork runs the core in a worker thread: the main process gets
// answers, events and the open dialog's questions through it, reads the archive for archive://
// itself, and ends the process on close. (The real utilityProcess cannot run here: no Electron binary.)
import crypto from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { getSettings } from '../../electron/core/settings';
import { tempDir } from './helpers';

const forks: { modulePath: string; serviceName?: string; killed: boolean }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork(modulePath: string, _args: string[], opts: { serviceName?: string }) {
      const rec = { modulePath, serviceName: opts?.serviceName, killed: false };
      forks.push(rec);
      const w = new Worker(path.resolve('electron/core/core-worker.mjs'));
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

const { startCoreProcess } = await import('../../electron/main/core-process');

describe('the desktop core in a utilityProcess (fake electron)', () => {
  const dir = path.join(tempDir('keji-utility-'), '科技档案');
  openArchive(dir, { create: true }).close();
  afterAll(() => undefined);

  it('answers calls, asks the main process for the open dialog, announces changes, and ends on close', async () => {
    const events: string[] = [];
    const picks: string[] = [];
    const core = await startCoreProcess(
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
    expect(forks).toEqual([{ modulePath: '/app/dist/main/core-utility.cjs', serviceName: 'keji-core', killed: false }]);
    expect(core.where).toBe('remote');
    // The core process holds the archive's lock; the main process only reads.
    expect(core.current.readonly).toBe(false);
    expect(() => core.current.db.prepare("INSERT INTO tags(id, name) VALUES ('x', 'y')").run()).toThrow();

    const set = await core.dispatch('settings.set', { schoolName: '红旗小学' });
    expect(set.ok).toBe(true);
    expect(events).toEqual(['archive.changed:settings.set']);
    // archive:// reads the same archive from the main process.
    expect(getSettings(core.current).schoolName).toBe('红旗小学');

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
});
