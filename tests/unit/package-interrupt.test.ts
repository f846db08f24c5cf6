// A real interruption: `keji export` in a child process, SIGKILLed while it writes. The stick then
// holds no package that looks complete, verify says so, and a fresh export finishes the job.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { verifyPackage } from '../../electron/core/package/verify';
import { REPO_ROOT, newArchive, tempDir } from './helpers';
import { makeSchool, photo } from './package-fixtures';

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

describe('an export killed half-way', () => {
  it('leaves an incomplete .partial folder that verify rejects, and the next export completes', async () => {
    const a = newArchive();
    const s = makeSchool(a);
    for (let i = 0; i < 80; i++) {
      const m = addMedia(a, photo(1000 + i, 1_000_000), {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: `P${i}.jpg`,
      });
      linkMedia(a, m.id, 'activity', s.lecture, i);
    }
    const dir = a.dir;
    a.close();
    const usb = tempDir('keji-usb-');

    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'electron/cli/keji.mjs'), 'export', dir, usb], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let killedAt = -1;
    for (let t = 0; t < 60_000; t += 10) {
      const partial = fs.readdirSync(usb).find((f) => f.endsWith('.partial'));
      const n = partial ? countFiles(path.join(usb, partial, 'media')) : 0;
      if (n >= 5) {
        killedAt = n;
        child.kill('SIGKILL');
        break;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await exited;
    expect(killedAt, 'the export was killed while it wrote media').toBeGreaterThanOrEqual(5);
    // The killed process's snapshot copy (a copy of the archive's data) is left in the temp folder; the next
    // verify or export removes it.
    const staleTemp = () =>
      fs.readdirSync(os.tmpdir()).filter(
        (f) =>
          /^keji-export-/.test(f) &&
          (() => {
            try {
              return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), f, '.lock'), 'utf8')).pid === child.pid;
            } catch {
              return false;
            }
          })(),
      );
    expect(staleTemp()).toHaveLength(1);

    const [left] = fs.readdirSync(usb);
    expect(left).toMatch(/^科技档案_青山镇中心小学_\d{8}\.partial$/);
    const name = left.replace(/\.partial$/, '');
    for (const p of [path.join(usb, name), path.join(usb, left)]) {
      const v = await verifyPackage(p);
      expect(v.ok).toBe(false);
      expect(v.complete).toBe(false);
      expect(v.problems.map((x) => x.message).join('')).toMatch(/没有完成/);
    }
    expect(staleTemp()).toEqual([]);

    const again = openArchive(dir); // the killed process's lock is stale and taken over
    const r = await exportPackage(again, {
      target: usb,
      scope: { kind: 'all' },
      maskNames: false,
      includeSensitive: false,
    });
    again.close();
    expect(fs.readdirSync(usb)).toEqual([name]);
    expect(r.reusedFiles).toBeGreaterThan(0);
    const v = await verifyPackage(r.path);
    expect(v.ok).toBe(true);
    expect(v.summary?.counts.media).toBe(84);
  });
});
