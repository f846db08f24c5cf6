// Crash and power loss: a child process writes records, imports photos and merges a
// package; it is killed with SIGKILL at a random moment, 50 times on the same archive. After each
// kill the archive opens (the stale lock is recovered), the database is intact, everything the
// child reported as committed is there, every media row has its file, and no half-written file
// is left or taken for data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { mediaRelPath } from '../../electron/core/media/store';
import { listBackups } from '../../electron/core/package/backup';
import { exportPackage } from '../../electron/core/package/export';
import { seededRandom } from '../../shared/domain/ids';
import { REPO_ROOT, tempDir, testClock } from './helpers';
import { jpeg } from './media-fixtures';
import { makeSchool } from './package-fixtures';

const KILLS = 50;
const SEED = 20261122;
// The child is bundled once (packages left to node_modules) instead of run under tsx: it then
// starts in ~1 s instead of ~2 s, which is what makes 50 kills affordable. It lives under the repo
// so its imports resolve, with the worker scripts beside it (they are found next to the code).
const BUNDLE_DIR = path.join(REPO_ROOT, 'test-output', `crash-kill-${process.pid}`);
const CHILD = path.join(BUNDLE_DIR, 'child.mjs');
beforeAll(async () => {
  await build({
    entryPoints: [path.join(REPO_ROOT, 'tests/unit/crash-kill-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: CHILD,
    logLevel: 'warning',
  });
  // The media worker is TypeScript: built the same way (its source import-worker.mjs loads a .ts beside it).
  await build({
    entryPoints: [path.join(REPO_ROOT, 'electron/core/media/import-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: path.join(BUNDLE_DIR, 'import-worker.mjs'),
    logLevel: 'warning',
  });
  fs.copyFileSync(
    path.join(REPO_ROOT, 'electron/core/package/hash-worker.mjs'),
    path.join(BUNDLE_DIR, 'hash-worker.mjs'),
  );
});
afterAll(() => fs.rmSync(BUNDLE_DIR, { recursive: true, force: true }));

type Line = { ready?: true; entity?: string; id?: string; marker?: number; linkedTo?: string; merged?: true };

/** Runs one child until `ready`, lets it write for `ms`, kills it; returns the lines it flushed. */
function runAndKill(args: string[], ms: number): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const startup = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child never got ready: ${err.slice(0, 2000)}`));
    }, 30_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      if (!timer && out.includes('"ready":true')) {
        clearTimeout(startup);
        timer = setTimeout(() => child.kill('SIGKILL'), ms);
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(startup);
      clearTimeout(timer);
      // Only the parent's SIGKILL may end it: an exception in the child is a failure of the app.
      if (signal !== 'SIGKILL') {
        reject(new Error(`child exited by itself (code ${code}): ${err.slice(0, 2000)}`));
        return;
      }
      // Only whole lines: the last one may be cut by the kill.
      resolve(
        out
          .split('\n')
          .slice(0, -1)
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Line),
      );
    });
  });
}

function walk(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(root, e.name)) : [path.join(root, e.name)]));
}

describe('SIGKILL at random moments', () => {
  it(`${KILLS} kills in a row leave an archive that opens, is intact and holds every committed change`, async () => {
    const root = tempDir('keji-crash-');
    const dir = path.join(root, '科技档案');
    const a0 = openArchive(dir, { create: true, clock: testClock('2025-09-01T08:00:00Z', 1) });
    makeSchool(a0);
    a0.close();
    // A package from another PC, merged again and again by the children (the first merge adds its rows).
    const other = openArchive(path.join(root, 'other'), { create: true, clock: testClock('2025-10-01T08:00:00Z', 2) });
    makeSchool(other);
    fs.mkdirSync(path.join(root, 'usb'));
    const pkg = (
      await exportPackage(other, {
        target: path.join(root, 'usb'),
        scope: { kind: 'all' },
        maskNames: false,
        includeSensitive: false,
      })
    ).path;
    other.close();
    const photosDir = path.join(root, 'photos');
    fs.mkdirSync(photosDir);
    for (let i = 0; i < 40; i++)
      fs.writeFileSync(path.join(photosDir, `IMG_${i}.jpg`), await jpeg(i, { width: 96, height: 64 }));

    const rng = seededRandom(SEED);
    const latest = new Map<string, number>(); // entity/id → highest marker reported
    const links: { id: string; activity: string }[] = [];
    const created = new Map<string, string>(); // id → entity
    let merges = 0;
    let lines = 0;
    const started = Date.now();
    for (let k = 1; k <= KILLS; k++) {
      const ms = 200 + Math.floor(rng.next() * 700);
      const got = await runAndKill([dir, photosDir, pkg, String(k)], ms);
      lines += got.length;
      for (const l of got) {
        if (l.merged) merges++;
        if (!l.entity || !l.id) continue;
        created.set(l.id, l.entity);
        if (l.marker !== undefined)
          latest.set(`${l.entity}/${l.id}`, Math.max(latest.get(`${l.entity}/${l.id}`) ?? 0, l.marker));
        if (l.linkedTo) links.push({ id: l.id, activity: l.linkedTo });
      }

      // The lock of the killed process is recovered; opening cleans up what the crash left.
      const a = openArchive(dir);
      try {
        expect(a.db.pragma('integrity_check', { simple: true }), `after kill ${k}`).toBe('ok');
        const fk = a.db.pragma('foreign_key_check');
        expect(fk, `foreign keys after kill ${k}: ${JSON.stringify(fk)}`).toEqual([]);
        for (const [id, entity] of created) {
          expect(
            a.db.prepare(`SELECT COUNT(*) FROM ${entity} WHERE id=?`).pluck().get(id),
            `${entity} ${id} after kill ${k}`,
          ).toBe(1);
        }
        // An update reported committed is there, or a later one (a child may die between commit and report).
        for (const [key, m] of latest) {
          const [entity, id] = key.split('/');
          const text = a.db
            .prepare(`SELECT ${entity === 'people' ? 'notes' : 'content'} FROM ${entity} WHERE id=?`)
            .pluck()
            .get(id) as string;
          expect(Number(text.slice(2)), `${key} after kill ${k}`).toBeGreaterThanOrEqual(m);
        }
        for (const l of links) {
          expect(
            a.db
              .prepare("SELECT COUNT(*) FROM media_links WHERE media_id=? AND target_kind='activity' AND target_id=?")
              .pluck()
              .get(l.id, l.activity),
          ).toBe(1);
        }
        // Every media row has its whole file; every file in the store is what its name says.
        const rows = a.db.prepare('SELECT sha256, ext, size FROM media').all() as {
          sha256: string;
          ext: string;
          size: number;
        }[];
        for (const r of rows) {
          const file = path.join(dir, mediaRelPath(r.sha256, r.ext));
          expect(fs.existsSync(file), `${file} after kill ${k}`).toBe(true);
          expect(fs.statSync(file).size).toBe(r.size);
        }
        const known = new Set(rows.map((r) => `${r.sha256}.${r.ext}`));
        const files = walk(dir);
        const partials = files.filter((f) => f.includes('.partial'));
        expect(partials, `.partial left after kill ${k}: ${partials.join(', ')}`).toEqual([]);
        expect(fs.existsSync(path.join(dir, '.incoming'))).toBe(false);
        // A backup cut short by the kill is never offered for restore.
        for (const b of listBackups(dir)) expect(b.file.endsWith('.sqlite'), b.file).toBe(true);
        for (const f of walk(path.join(dir, 'media'))) {
          const name = path.basename(f);
          expect(known.has(name), `${name} in media/ without a row after kill ${k}`).toBe(true);
          expect(crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')).toBe(name.split('.')[0]);
        }
      } finally {
        a.close();
      }
    }
    if (process.env.CRASH_REPORT)
      console.log({
        seconds: (Date.now() - started) / 1000,
        lines,
        merges,
        counts: [...created.values()].reduce<Record<string, number>>((c, e) => ({ ...c, [e]: (c[e] ?? 0) + 1 }), {}),
      });
    // The mix really happened: records, photos and merges all committed at least once.
    const entities = new Set(created.values());
    expect([...entities].sort()).toEqual(['activities', 'awards', 'media', 'people']);
    expect(merges).toBeGreaterThan(0);
    expect(lines).toBeGreaterThan(KILLS);
  }, 240_000);
});
