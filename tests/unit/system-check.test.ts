// `npm test`'s pretest step (resources/system/check.mjs): on a machine without the Debian packages
// the tests need it stops at once and names the command that installs them; with everything
// present it is silent. Installing is forbidden here (KEJI_SYSTEM_INSTALL=0), so nothing is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installCommand, PACKAGES } from '../../resources/system/check.mjs';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const CHECK = path.join(ROOT, 'resources/system/check.mjs');

function check(env: Record<string, string>) {
  // The timeout only keeps a broken check from hanging the suite.
  const r = spawnSync(process.execPath, [CHECK], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 50_000,
    env: { ...process.env, KEJI_SYSTEM_INSTALL: '0', ...env },
  });
  return { status: r.status, out: r.stdout + r.stderr, stdout: r.stdout, stderr: r.stderr };
}

describe('pretest system check', () => {
  it('is what `npm test` runs first', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.pretest).toBe('node resources/system/check.mjs');
  });

  it('names the install command for a missing package and exits non-zero', () => {
    const r = check({ KEJI_SYSTEM_PACKAGES: 'coreutils definitely-not-a-package-xyz' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    // Only the missing package is in the command; the present one is not.
    expect(r.stderr).toMatch(/apt-get install -y definitely-not-a-package-xyz\n/);
    expect(r.stderr).not.toContain('coreutils');
    // Chinese and English, and how to go on.
    expect(r.stderr).toContain('请运行 / Run:');
    expect(r.stderr).toContain('npm test');
  });

  it('lists several missing packages in one command', () => {
    const r = check({ KEJI_SYSTEM_PACKAGES: 'definitely-not-a-package-xyz,also-not-a-package-xyz' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('apt-get install -y definitely-not-a-package-xyz also-not-a-package-xyz');
  });

  it('prints nothing and exits 0 when every package is present', () => {
    const r = check({ KEJI_SYSTEM_PACKAGES: 'coreutils dpkg' });
    expect(r.status).toBe(0);
    expect(r.out).toBe('');
  });

  it('tells a user who is not root to use sudo', () => {
    expect(installCommand(['chromium', 'poppler-utils'], false)).toBe(
      'sudo apt-get update && sudo apt-get install -y chromium poppler-utils',
    );
    expect(installCommand(['chromium'], true)).toBe('apt-get update && apt-get install -y chromium');
  });

  it('keeps the one package list the tests and CI need', () => {
    expect(PACKAGES.map((p) => p.name)).toEqual([
      'chromium',
      'fonts-noto-cjk',
      'libreoffice-writer-nogui',
      'libreoffice-calc-nogui',
      'poppler-utils',
      'libvips-tools',
    ]);
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).not.toMatch(/apt-get|fonts-noto-cjk/);
  });

  it('without dpkg, looks for the commands and names what is missing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-nopath-'));
    try {
      const r = check({
        KEJI_SYSTEM_DPKG: path.join(empty, 'no-dpkg'),
        KEJI_SYSTEM_PACKAGES: 'libvips-tools some-other-package',
        PATH: empty,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('vipsthumbnail');
      expect(r.stderr).toContain('apt-get install -y libvips-tools');
      // What it cannot check it says, and goes on.
      expect(r.stderr).toMatch(/cannot check.*some-other-package/);
      const ok = check({
        KEJI_SYSTEM_DPKG: path.join(empty, 'no-dpkg'),
        KEJI_SYSTEM_PACKAGES: 'some-other-package',
        PATH: empty,
      });
      expect(ok.status).toBe(0);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a benchmark missing its reference tool says what to install, without a stack trace', () => {
    const script = `import(${JSON.stringify(pathToFileURL(CHECK).href)}).then((m) => m.requireCommands('bench:import', [{ command: 'definitely-not-a-command-xyz', package: 'libvips-tools' }]))`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 50_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bench:import');
    expect(r.stderr).toContain('definitely-not-a-command-xyz');
    expect(r.stderr).toContain('apt-get install -y libvips-tools');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
