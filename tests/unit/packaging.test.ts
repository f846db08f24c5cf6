// The installers, checked offline. Electron itself cannot be downloaded here, so:
//   - app-builder-lib's own validateConfiguration reads electron-builder.yml;
//   - electron-builder really packs linux-unpacked around a stub "electron" (a script carrying
//     Electron's fuse wire), and the test opens the app.asar it wrote: the built main, preload
//     and renderer, every production dependency the bundle needs, nothing from the sources or
//     tests, native addons unpacked beside it, fuses flipped in the executable;
//   - the beforePack guard and the per-arch dist plan, which keep npmRebuild: false safe.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from './helpers';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const asar = require('@electron/asar') as typeof import('@electron/asar');
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');
const hook = require('../../resources/packaging/before-pack.cjs');
const rel = (...p: string[]) => path.join(REPO_ROOT, ...p);
const pkg = JSON.parse(fs.readFileSync(rel('package.json'), 'utf8'));
const ELECTRON_VERSION: string = JSON.parse(fs.readFileSync(rel('node_modules', 'electron', 'package.json'), 'utf8')).version;
const EXPECTED_FUSES = {
  runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, enableCookieEncryption: true,
  // the page comes from app://, so file:// needs nothing beyond what a browser gives it
  grantFileProtocolExtraPrivileges: false,
};
/** Declared for the `keji` command line in a checkout; the app runs the bundle. */
const NOT_SHIPPED = ['tsx'];
/** Imports in the bundle that are guarded and expected to fail in the packaged app. */
const OPTIONAL_IMPORTS: Record<string, string> = {
  esbuild: 'core/package/viewer.ts builds the viewer from source only in a checkout; the app reads dist/viewer',
  pnpapi: "esbuild's Yarn PnP probe, inside a try",
  'playwright-core': "core/report/pdf.ts's headless-Chromium printer, for the web host and CLI; the desktop passes Electron's printToPDF (electron/main/pdf.ts)",
};

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation, and the validation does reject a typo', async () => {
    const config = await getConfig(REPO_ROOT, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneclick: false } }, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);

    expect(config).toMatchObject({ appId: expect.stringMatching(/^[a-z][\w.-]+$/), productName: '科技档案', asar: true, npmRebuild: false });
    expect(config.electronFuses).toEqual(EXPECTED_FUSES);
    // Chinese per-user installer with a chosen folder and a 科技档案 desktop shortcut
    expect(config.nsis).toMatchObject({
      oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, installerLanguages: ['zh_CN'], language: '2052',
      createDesktopShortcut: 'always', shortcutName: '科技档案',
    });
    const targets = (list: { target: string; arch: string[] }[]) => Object.fromEntries(list.map((t) => [t.target, t.arch]));
    expect(targets(config.win.target)).toEqual({ nsis: ['x64', 'ia32'], portable: ['x64', 'ia32'] });
    expect(targets(config.linux.target)).toEqual({ deb: ['x64', 'arm64'], AppImage: ['x64', 'arm64'] });
    // the icons the config names exist
    expect(fs.statSync(rel(config.win.icon)).size).toBeGreaterThan(1000);
    expect(fs.readdirSync(rel(config.linux.icon))).toContain('256x256.png');
    // never in postinstall
    expect(JSON.stringify(pkg.scripts)).not.toMatch(/postinstall|install-app-deps/);
  });
});

/** Electron's fuse sentinel, then wire version 1 and nine fuses as Electron 45 ships them. */
function stubElectron(dir: string): string {
  const exe = path.join(dir, 'electron');
  fs.writeFileSync(exe, Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stub Electron for packaging tests; it does not run the app" >&2\nexit 1\n# '),
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 9]), Buffer.from('101100011'), Buffer.from('\n'),
  ]), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), ELECTRON_VERSION);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Copyright (c) Electron contributors (stub)\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
  fs.mkdirSync(path.join(dir, 'locales'));
  for (const l of ['zh-CN', 'en-US', 'fr', 'de', 'ja']) fs.writeFileSync(path.join(dir, 'locales', `${l}.pak`), l);
  fs.mkdirSync(path.join(dir, 'resources'));
  return dir;
}

interface Entry { size: number; unpacked: boolean }
function asarEntries(file: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (node: { files?: Record<string, any> }, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const p = `${prefix}/${name}`;
      if (child.files) walk(child, p);
      else out.set(p, { size: child.size ?? 0, unpacked: !!child.unpacked });
    }
  };
  walk(asar.getRawHeader(file).header as never, '');
  return out;
}

/** Packages a bundled file loads: require("x"), import("x"), and (ES modules) import … from 'x'. */
function packageImports(code: string, esm: boolean): string[] {
  const names = new Set<string>();
  const patterns = [/\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
  if (esm) patterns.push(/^\s*(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']/gm, /^\s*import\s*["']([^"']+)["']/gm);
  for (const re of patterns) {
    for (const [, spec] of code.matchAll(re)) {
      if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/.*)?$/.test(spec)) continue; // relative paths, text in strings
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (spec.startsWith('node:') || builtinModules.includes(name) || name === 'electron') continue;
      names.add(name);
    }
  }
  return [...names];
}

describe('electron-builder --dir --linux with a stub Electron', () => {
  const arch = process.arch;
  let unpacked = '';
  let files = new Map<string, Entry>();
  let log = '';

  beforeAll(async () => {
    // What the asar must hold: the bundled main + preload (always rebuilt: seconds) and the renderer.
    await run(process.execPath, [rel('electron', 'build.mjs')], { cwd: REPO_ROOT });
    if (!fs.existsSync(rel('dist', 'renderer', 'index.html'))) {
      const own = tempDir('keji-r-pack-');
      await run(process.execPath, [rel('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
        cwd: REPO_ROOT, env: { ...process.env, KEJI_RENDERER_DIR: own },
      });
      fs.cpSync(own, rel('dist', 'renderer'), { recursive: true });
    }
    const out = tempDir('keji-pack-');
    const r = await run(process.execPath, [
      rel('node_modules', 'electron-builder', 'cli.js'), '--dir', '--linux', `--${arch}`, '--publish', 'never',
      `-c.electronDist=${stubElectron(tempDir('keji-stub-electron-'))}`, `-c.directories.output=${out}`,
    ], { cwd: REPO_ROOT, env: { ...process.env, KEJI_PACK_TEST: '1', CI: '1' }, maxBuffer: 32 * 1024 * 1024, timeout: 240_000 });
    log = r.stdout + r.stderr;
    unpacked = path.join(out, arch === 'x64' ? 'linux-unpacked' : `linux-${arch}-unpacked`);
    files = asarEntries(path.join(unpacked, 'resources', 'app.asar'));
  }, 300_000);

  it('packs the built main, preload and renderer, and a package.json that starts the bundle', () => {
    expect(fs.existsSync(path.join(unpacked, 'keji-archive')), log).toBe(true); // ASCII program name
    for (const f of ['/dist/main/main.cjs', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/package.json']) expect(files.has(f), f).toBe(true);
    const html = fs.readFileSync(rel('dist', 'renderer', 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/dist/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(files.has(a), a).toBe(true);
    const packed = JSON.parse(asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString('utf8'));
    expect(packed).toMatchObject({ main: 'dist/main/main.cjs', version: pkg.version, productName: '科技档案' });
    expect(packed.scripts).toBeUndefined();
    expect(packed.devDependencies).toBeUndefined();
  });

  it('holds nothing from the sources, the tests or the build tools', () => {
    const outside = [...files.keys()].filter((f) => !f.startsWith('/node_modules/'));
    expect(outside.filter((f) => !/^\/(dist\/(main|preload|renderer|viewer)\/|package\.json$)/.test(f))).toEqual([]);
    expect(outside.filter((f) => /\.(map|ts|tsx)$/.test(f))).toEqual([]);
    const top = new Set([...files.keys()].filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2].startsWith('@') ? 4 : 3).join('/')));
    for (const dev of [...Object.keys(pkg.devDependencies), ...NOT_SHIPPED, 'esbuild']) expect(top.has(dev), dev).toBe(false);
    expect([...files.keys()].filter((f) => f.includes('/@types/'))).toEqual([]);
    expect([...files.keys()].filter((f) => /better-sqlite3\/(deps|src)\/|test_extension|obj\.target/.test(f))).toEqual([]);
  });

  it('ships every production dependency, and everything the bundle and its workers import at run time', () => {
    const has = (name: string, from = '') => {
      // Node's lookup: the nearest node_modules up from the requiring package.
      const parts = from.split('/node_modules/').filter(Boolean);
      for (let i = parts.length; i >= 0; i--) {
        const base = i === 0 ? '' : `/node_modules/${parts.slice(0, i).join('/node_modules/')}`;
        if (files.has(`${base}/node_modules/${name}/package.json`)) return `${base}/node_modules/${name}`;
      }
      return null;
    };
    const shipped = Object.keys(pkg.dependencies).filter((d) => !NOT_SHIPPED.includes(d));
    expect(shipped).toEqual(expect.arrayContaining(['better-sqlite3', 'sharp', 'zod']));
    const missing: string[] = [];
    const seen = new Set<string>();
    const visit = (name: string, from: string) => {
      const at = has(name, from);
      if (!at) { missing.push(`${name} (needed by ${from || 'the app'})`); return; }
      if (seen.has(at)) return;
      seen.add(at);
      const meta = JSON.parse(asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), `${at.slice(1)}/package.json`).toString('utf8'));
      // @types/* are declarations some libraries list as dependencies; the config leaves them out.
      for (const dep of Object.keys(meta.dependencies ?? {})) if (!dep.startsWith('@types/')) visit(dep, at);
    };
    for (const d of shipped) visit(d, '');
    const bundle = [...files.keys()].filter((f) => /^\/dist\/main\/.*\.(c|m)?js$/.test(f));
    for (const f of bundle) {
      const code = asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), f.slice(1)).toString('utf8');
      for (const name of packageImports(code, f.endsWith('.mjs'))) if (!has(name) && !OPTIONAL_IMPORTS[name]) missing.push(`${name} (imported by ${f})`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps native addons and libvips outside the asar, where they can be loaded', () => {
    const res = path.join(unpacked, 'resources', 'app.asar.unpacked');
    const sqlite = '/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(files.get(sqlite)?.unpacked).toBe(true);
    expect(fs.statSync(path.join(res, sqlite)).size).toBeGreaterThan(100_000);
    const sharpLib = path.join(res, 'node_modules', '@img', `sharp-linux-${arch}`, 'lib');
    expect(fs.readdirSync(sharpLib).filter((f) => f.endsWith('.node'))).toHaveLength(1);
    const vips = path.join(res, 'node_modules', '@img', `sharp-libvips-linux-${arch}`, 'lib');
    expect(fs.readdirSync(vips).some((f) => /^libvips-cpp\.so\.\d/.test(f))).toBe(true);
    // Every addon in the asar is marked unpacked (Electron loads it from app.asar.unpacked).
    const addons = [...files.entries()].filter(([f]) => f.endsWith('.node'));
    expect(addons.length).toBeGreaterThanOrEqual(2);
    for (const [f, e] of addons) expect(e.unpacked, f).toBe(true);
  });

  it('flips the fuses in the executable and keeps only the two UI languages', async () => {
    const { getCurrentFuseWire, FuseV1Options, FuseState } = await import('@electron/fuses');
    const wire = await getCurrentFuseWire(path.join(unpacked, 'keji-archive'));
    const state = (o: number) => wire[o as keyof typeof wire];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    // on in the stub as Electron ships it; flipped off by our config
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    expect(fs.readdirSync(path.join(unpacked, 'locales')).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
  });
});

describe('native addons for the target (beforePack) and the per-arch dist plan', () => {
  const other = process.arch === 'arm64' ? 'x64' : 'arm64';
  const electronAbi = Number(fs.readFileSync(rel('node_modules', 'electron', 'abi_version'), 'utf8'));

  it('names a Node build, a wrong arch or a missing sharp package, with the command that fixes it', () => {
    if (process.platform !== 'linux') return; // the checkout's addons are this machine's
    const projectDir = REPO_ROOT;
    expect(hook.checkNativeModules({ projectDir, platform: 'linux', arch: process.arch, abi: Number(process.versions.modules) })).toEqual([]);
    const forElectron: string[] = hook.checkNativeModules({ projectDir, platform: 'linux', arch: process.arch, abi: electronAbi });
    expect(forElectron).toHaveLength(1);
    expect(forElectron[0]).toContain(`NODE_MODULE_VERSION ${process.versions.modules}, Electron needs ${electronAbi}`);
    expect(forElectron[0]).toContain(`electron-builder install-app-deps --platform=linux --arch=${process.arch}`);
    const wrongArch: string[] = hook.checkNativeModules({ projectDir, platform: 'linux', arch: other, archOnly: true });
    expect(wrongArch).toContain(`better-sqlite3: built for ${process.arch}, the app is ${other}`);
    expect(wrongArch.join('\n')).toContain(`npm install --no-save --force @img/sharp-linux-${other} @img/sharp-libvips-linux-${other}`);
    expect(hook.checkNativeModules({ projectDir, platform: 'win32', arch: 'x64', archOnly: true })[0]).toBe('better-sqlite3: built for another operating system (elf), need win32');
  });

  it('reads the CPU from PE headers too', () => {
    const pe = Buffer.alloc(0x100);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0x14c, 0x84);
    expect(hook.binaryTarget(pe)).toEqual({ format: 'pe', arch: 'ia32' });
    pe.writeUInt16LE(0x8664, 0x84);
    expect(hook.binaryTarget(pe)).toEqual({ format: 'pe', arch: 'x64' });
    expect(hook.addonAbi(Buffer.from('xx node_register_module_v140 yy'))).toBe(140);
    expect(hook.addonAbi(Buffer.from('napi_register_module_v1'))).toBeNull();
  });

  it('refuses to pack an addon built for Node, unless packing with the stub for this test', async () => {
    const ctx = { electronPlatformName: process.platform, arch: ['ia32', 'x64', 'armv7l', 'arm64'].indexOf(process.arch), packager: { projectDir: REPO_ROOT } };
    if (process.platform !== 'linux') return;
    const saved = process.env.KEJI_PACK_TEST;
    delete process.env.KEJI_PACK_TEST;
    try {
      await expect(hook.beforePack(ctx)).rejects.toThrow(/the app would not start[\s\S]*npm run dist/);
      process.env.KEJI_PACK_TEST = '1';
      await expect(hook.beforePack(ctx)).resolves.toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.KEJI_PACK_TEST; else process.env.KEJI_PACK_TEST = saved;
    }
  });

  it('prepares each arch right before packing it, and only the archs the config lists', async () => {
    const { distPlan } = await import(pathToFileURL(rel('resources', 'packaging', 'dist.mjs')).href);
    const sharpPkg = JSON.parse(fs.readFileSync(rel('node_modules', 'sharp', 'package.json'), 'utf8'));
    const plan: string[] = distPlan({ platform: 'win32', archs: ['x64', 'ia32'], sharpPkg, has: (n: string) => n === '@img/sharp-win32-x64' }).map((s: string[]) => s.join(' '));
    expect(plan).toEqual([
      'npm run build',
      'npx electron-builder install-app-deps --platform=win32 --arch=x64',
      'npx electron-builder --win nsis portable --x64 --publish never',
      `npm install --no-save --force --ignore-scripts @img/sharp-win32-ia32@${sharpPkg.optionalDependencies['@img/sharp-win32-ia32']}`,
      'npx electron-builder install-app-deps --platform=win32 --arch=ia32',
      'npx electron-builder --win nsis portable --ia32 --publish never',
    ]);
    const linux: string[] = distPlan({ platform: 'linux', archs: ['arm64'], skipBuild: true, sharpPkg }).map((s: string[]) => s.join(' '));
    expect(linux[0]).toMatch(/^npm install --no-save --force --ignore-scripts @img\/sharp-linux-arm64@\S+ @img\/sharp-libvips-linux-arm64@\S+$/);
    expect(linux.slice(1)).toEqual(['npx electron-builder install-app-deps --platform=linux --arch=arm64', 'npx electron-builder --linux deb AppImage --arm64 --publish never']);
    expect(() => distPlan({ platform: 'win32', archs: ['arm64'], sharpPkg })).toThrow(/x64, ia32/);
  });
});
