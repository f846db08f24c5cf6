// The real `keji` bin, as IT staff and scripts run it: exit codes, Chinese errors on stderr,
// and `stats --json` numbers identical to the core's statistics.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE, openArchive } from '../../electron/core/db/open';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { computeStats } from '../../electron/core/report/statistics';
import { getSettings } from '../../electron/core/settings';
import { HAS_CHINESE, REPO_ROOT, tempDir } from './helpers';

function keji(...args: string[]) {
  // Minutes, not seconds: in a checkout being edited, keji rebuilds its bundle first when a source
  // changed since the last build (seconds alone, far longer on a loaded 2-core box).
  const r = spawnSync(process.execPath, ['electron/cli/keji.mjs', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The first keji of a fresh checkout builds dist/cli/keji (seconds; longer on a loaded box): do
// it here, outside any one test's time.
beforeAll(() => {
  const r = spawnSync(process.execPath, ['electron/cli/keji.mjs', '--help'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(r.status, r.stderr).toBe(0);
}, 300_000);

const STATS_KEYS = [
  'activities',
  'activitiesByType',
  'participantPersonTimes',
  'students',
  'studentsAwarded',
  'works',
  'awards',
  'awardsByLevel',
  'awardsByGrade',
  'awardedWorks',
  'photos',
];

describe('keji init', () => {
  it('creates an empty archive with the school name; stats then reports zeros', () => {
    const dir = path.join(tempDir(), '科技档案');
    const init = keji('init', dir, '--school', '青山镇中心小学');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('已创建档案');
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false); // released on exit

    const a = openArchive(dir);
    try {
      expect(getSettings(a).schoolName).toBe('青山镇中心小学');
    } finally {
      a.close();
    }

    const stats = keji('stats', dir);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('活动 0 项');
    expect(stats.stdout).toContain('获奖 0 项');

    const again = keji('init', dir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('已经是一个档案');
  });
});

describe('keji demo + stats --json', () => {
  let dir: string;
  let yearJson: Record<string, unknown>;
  beforeAll(() => {
    dir = path.join(tempDir(), 'demo');
    const r = keji('demo', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已生成演示档案');
  });

  it('prints one JSON object whose numbers equal computeStats on the same archive', () => {
    const r = keji('stats', dir, '--json', '--from', '2024-09-01', '--to', '2025-08-31');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = (yearJson = JSON.parse(r.stdout));
    expect(typeof json).toBe('object');
    expect(Array.isArray(json)).toBe(false);
    for (const k of STATS_KEYS) expect(json, `key ${k}`).toHaveProperty(k);
    // a demo year has real content, so equality below is not 0 = 0
    expect(json.activities).toBeGreaterThan(10);
    expect(json.awards).toBeGreaterThan(10);
    expect(json.photos).toBeGreaterThan(0);

    const a = openArchive(dir);
    try {
      expect(json).toEqual(computeStats(a, { from: '2024-09-01', to: '2025-08-31' }));
    } finally {
      a.close();
    }
  });

  it('--year 2024-2025 is the same period as --from 2024-09-01 --to 2025-08-31', () => {
    const byYear = JSON.parse(keji('stats', dir, '--json', '--year', '2024-2025').stdout);
    expect(yearJson).toBeDefined();
    expect(byYear).toEqual(yearJson);
  });

  it('a bad period is refused in Chinese', () => {
    const r = keji('stats', dir, '--term', '2024-2026-1');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('时间段格式');
  });
});

describe('keji errors', () => {
  it('a folder that does not exist → non-zero exit and a Chinese message on stderr', () => {
    const r = keji('stats', path.join(tempDir(), '没有这个目录'));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(HAS_CHINESE);
    expect(r.stderr).toContain('文件夹不存在');
  });

  it('no folder given → non-zero exit and a Chinese message', () => {
    const r = keji('stats');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('缺少档案目录');
  });

  it('an archive held open by another program → non-zero exit, 正在被另一个程序使用', () => {
    const dir = path.join(tempDir(), 'a');
    const a = openArchive(dir, { create: true });
    try {
      const r = keji('stats', dir, '--json');
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('正在被另一个程序使用');
    } finally {
      a.close();
    }
  });

  it('an archive from a newer version → non-zero exit asking to upgrade, archive untouched', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const r = keji('stats', dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('请升级');
    const check = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    check.close();
  });
});

// electron/cli/keji.mjs runs the bundle (dist/cli/keji/keji.mjs) and never compiles TypeScript at
// start. Shown on a throwaway checkout: a copy of keji.mjs, a one-line bundle, a stamp naming one
// source, and a stand-in electron/build.mjs that counts its runs.
describe('keji.mjs and its bundle', () => {
  function checkout(opts: { esbuild: boolean }) {
    const root = tempDir('keji-bin-');
    fs.mkdirSync(path.join(root, 'electron', 'cli'), { recursive: true });
    fs.copyFileSync(
      path.join(REPO_ROOT, 'electron', 'cli', 'keji.mjs'),
      path.join(root, 'electron', 'cli', 'keji.mjs'),
    );
    fs.writeFileSync(path.join(root, 'electron', 'cli', 'main.ts'), '// the sources are here: a checkout\n');
    fs.writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
    if (opts.esbuild) {
      fs.mkdirSync(path.join(root, 'node_modules'));
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'esbuild'), path.join(root, 'node_modules', 'esbuild'));
    }
    const bundle = (text: string) => {
      const dir = path.join(root, 'dist', 'cli', 'keji');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'keji.mjs'),
        `export async function main(argv) { console.log(${JSON.stringify(text)} + ' ' + argv.join(' ')); return 0; }\n`,
      );
      const st = fs.statSync(path.join(root, 'electron', 'cli', 'main.ts'));
      fs.writeFileSync(
        path.join(dir, 'stamp.json'),
        JSON.stringify({ builtAt: st.mtimeMs + 1, inputs: { 'electron/cli/main.ts': [st.mtimeMs, st.size] } }),
      );
    };
    // The stand-in build: slow enough that keji started together overlap, and counted.
    fs.writeFileSync(
      path.join(root, 'electron', 'build.mjs'),
      `
      import fs from 'node:fs'; import path from 'node:path';
      const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
      fs.appendFileSync(path.join(root, 'builds.txt'), process.argv.slice(2).join(' ') + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      const dir = path.join(root, 'dist', 'cli', 'keji'); fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'keji.mjs'), 'export async function main(argv) { console.log("rebuilt " + argv.join(" ")); return 0; }');
      const st = fs.statSync(path.join(root, 'electron', 'cli', 'main.ts'));
      fs.writeFileSync(path.join(dir, 'stamp.json'), JSON.stringify({ builtAt: Date.now() + 1, inputs: { 'electron/cli/main.ts': [st.mtimeMs, st.size] } }));
    `,
    );
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'electron', 'cli', 'keji.mjs'), ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    const touch = () => fs.appendFileSync(path.join(root, 'electron', 'cli', 'main.ts'), '// edited\n');
    const builds = () =>
      fs.existsSync(path.join(root, 'builds.txt'))
        ? fs.readFileSync(path.join(root, 'builds.txt'), 'utf8').trim().split('\n')
        : [];
    return { root, bundle, run, touch, builds };
  }

  it('runs a current bundle as it is, with nothing built and nothing on stderr', () => {
    const c = checkout({ esbuild: true });
    c.bundle('bundle');
    const r = c.run('stats', 'x');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('bundle stats x\n');
    expect(c.builds()).toEqual([]);
  });

  it('rebuilds a bundle older than a source, once for several keji started together', async () => {
    const c = checkout({ esbuild: true });
    c.bundle('old');
    c.touch();
    const { spawn } = await import('node:child_process');
    const outs = await Promise.all(
      [1, 2, 3].map(
        (i) =>
          new Promise<string>((resolve) => {
            const p = spawn(process.execPath, [path.join(c.root, 'electron', 'cli', 'keji.mjs'), 'n', String(i)], {
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            let out = '';
            p.stdout.on('data', (d) => (out += d));
            p.on('close', () => resolve(out));
          }),
      ),
    );
    expect(outs.sort()).toEqual(['rebuilt n 1\n', 'rebuilt n 2\n', 'rebuilt n 3\n']);
    expect(c.builds()).toEqual(['--cli']);
    expect(fs.existsSync(path.join(c.root, 'dist', 'cli', '.build.lock'))).toBe(false);
  });

  it('takes over the build lock of a keji killed while building', () => {
    const c = checkout({ esbuild: true });
    c.bundle('old');
    c.touch();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has ended
    fs.mkdirSync(path.join(c.root, 'dist', 'cli', '.build.lock'));
    fs.writeFileSync(path.join(c.root, 'dist', 'cli', '.build.lock', 'pid'), String(gone));
    expect(c.run('stats').stdout).toBe('rebuilt stats\n');
    expect(c.builds()).toEqual(['--cli']);
  });

  it('builds a missing bundle; without esbuild, a missing one is a clear Chinese error and a stale one still runs', () => {
    const withTools = checkout({ esbuild: true });
    expect(withTools.run('--help').stdout).toBe('rebuilt --help\n');

    const bare = checkout({ esbuild: false });
    const missing = bare.run('--help');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('找不到 dist/cli/keji/keji.mjs');
    expect(missing.stderr).toContain('npm run build:main');
    bare.bundle('kept');
    bare.touch();
    const stale = bare.run('stats');
    expect(stale.stdout).toBe('kept stats\n');
    expect(stale.stderr).toContain('可能不是最新的');
    expect(bare.builds()).toEqual([]);
  });

  it('the real bundle: built from electron/cli/main.ts, its stamp naming the sources it holds', () => {
    const r = keji('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('keji stats');
    const stamp = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'cli', 'keji', 'stamp.json'), 'utf8'));
    expect(Object.keys(stamp.inputs)).toEqual(
      expect.arrayContaining(['electron/cli/main.ts', 'electron/core/report/statistics.ts', 'package-lock.json']),
    );
    for (const w of ['import-worker.mjs', 'parse-worker.mjs', 'hash-worker.mjs', 'core-worker.mjs'])
      expect(fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'keji', w)), w).toBe(true);
  });
});
