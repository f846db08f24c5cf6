// The installers, checked offline. Electron itself cannot be downloaded here, so:
//   - app-builder-lib's own validateConfiguration reads electron-builder.yml;
//   - electron-builder really packs linux-unpacked around a stub "electron" (a script carrying
//     Electron's fuse wire), and the test opens the app.asar it wrote: the built main, workers,
//     preload, renderer and viewer; the packages main.cjs and its workers require at run time,
//     traced require by require through node_modules, and nothing else (an unused package or
//     file fails it); native addons and what the workers import unpacked beside it; fuses
//     flipped in the executable. It prints the size of app.asar (goal: 15 MB or less).
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
const ELECTRON_VERSION: string = JSON.parse(
  fs.readFileSync(rel('node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const EXPECTED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  // the page comes from app://, so file:// needs nothing beyond what a browser gives it
  grantFileProtocolExtraPrivileges: false,
};
const ASAR_GOAL_BYTES = 15 * 1024 * 1024;
/** Imports in the bundle that are guarded and expected to fail in the packaged app. */
const OPTIONAL_IMPORTS: Record<string, string> = {
  esbuild: 'core/package/viewer.ts builds the viewer from source only in a checkout; the app reads dist/viewer',
  pnpapi: "esbuild's Yarn PnP probe, inside a try",
  'playwright-core':
    "core/report/pdf.ts's headless-Chromium printer, for the web host and CLI; the desktop passes Electron's printToPDF (electron/main/pdf.ts)",
};

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation, and the validation does reject a typo', async () => {
    const config = await getConfig(REPO_ROOT, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, nsis: { ...config.nsis, oneclick: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration\.nsis/);

    expect(config).toMatchObject({
      appId: expect.stringMatching(/^[a-z][\w.-]+$/),
      productName: '科技档案',
      asar: true,
      npmRebuild: false,
    });
    expect(config.electronFuses).toEqual(EXPECTED_FUSES);
    // Chinese per-user installer with a chosen folder and a 科技档案 desktop shortcut
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN'],
      language: '2052',
      createDesktopShortcut: 'always',
      shortcutName: '科技档案',
    });
    const targets = (list: { target: string; arch: string[] }[]) =>
      Object.fromEntries(list.map((t) => [t.target, t.arch]));
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
  fs.writeFileSync(
    exe,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stub Electron for packaging tests; it does not run the app" >&2\nexit 1\n# '),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, 9]),
      Buffer.from('101100011'),
      Buffer.from('\n'),
    ]),
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(dir, 'version'), ELECTRON_VERSION);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Copyright (c) Electron contributors (stub)\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
  fs.mkdirSync(path.join(dir, 'locales'));
  for (const l of ['zh-CN', 'en-US', 'fr', 'de', 'ja']) fs.writeFileSync(path.join(dir, 'locales', `${l}.pak`), l);
  fs.mkdirSync(path.join(dir, 'resources'));
  return dir;
}

interface Entry {
  size: number;
  unpacked: boolean;
}
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

/** Module names a file loads: require("x"), import("x"), and (ES modules) import … from 'x'. */
function specifiers(code: string, esm: boolean): string[] {
  const out = new Set<string>();
  const patterns = [/\brequire\(\s*["']([^"'`]+)["']\s*\)/g, /\bimport\(\s*["']([^"'`]+)["']\s*\)/g];
  if (esm) patterns.push(/^\s*(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']/gm, /^\s*import\s*["']([^"']+)["']/gm);
  for (const re of patterns) for (const [, spec] of code.matchAll(re)) out.add(spec);
  return [...out];
}

/** The package a bare specifier names ('@s/x/y' → '@s/x'), or null for builtins and paths. */
function packageOf(spec: string): string | null {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/.*)?$/.test(spec)) return null; // relative paths, text in strings
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  if (spec.startsWith('node:') || builtinModules.includes(name) || name === 'electron') return null;
  return name;
}

/** Imports in the bundles that are guarded and expected to fail in the packaged app. */
const packageImports = (code: string, esm: boolean) =>
  specifiers(code, esm)
    .map(packageOf)
    .filter((n): n is string => !!n);

/** Packages loaded by a computed path (no literal require names them). */
const LOADED_BY_PATH: Record<string, string> = {
  [`@img/sharp-libvips-linux-${process.arch}`]: `libvips, linked by @img/sharp-linux-${process.arch}/sharp.node (its rpath), never required`,
};

describe('electron-builder --dir --linux with a stub Electron', () => {
  const arch = process.arch;
  let unpacked = '';
  let files = new Map<string, Entry>();
  let log = '';
  let asarFile = '';
  const read = (f: string) => asar.extractFile(asarFile, f.replace(/^\//, '')).toString('utf8');

  beforeAll(async () => {
    // What the asar must hold: the bundled main, workers and preload (always rebuilt: seconds),
    // the offline viewer and the renderer.
    await run(process.execPath, [rel('electron', 'build.mjs'), '--app'], { cwd: REPO_ROOT });
    await run(process.execPath, [rel('resources', 'viewer', 'build.mjs')], { cwd: REPO_ROOT });
    if (!fs.existsSync(rel('dist', 'renderer', 'index.html'))) {
      const own = tempDir('keji-r-pack-');
      await run(
        process.execPath,
        [
          rel('node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'renderer/vite.config.ts',
          '--logLevel',
          'warn',
        ],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, KEJI_RENDERER_DIR: own },
        },
      );
      fs.cpSync(own, rel('dist', 'renderer'), { recursive: true });
    }
    const out = tempDir('keji-pack-');
    const started = Date.now();
    const r = await run(
      process.execPath,
      [
        rel('node_modules', 'electron-builder', 'cli.js'),
        '--dir',
        '--linux',
        `--${arch}`,
        '--publish',
        'never',
        `-c.electronDist=${stubElectron(tempDir('keji-stub-electron-'))}`,
        `-c.directories.output=${out}`,
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, KEJI_PACK_TEST: '1', CI: '1' },
        maxBuffer: 32 * 1024 * 1024,
        timeout: 240_000,
      },
    );
    log = r.stdout + r.stderr;
    unpacked = path.join(out, arch === 'x64' ? 'linux-unpacked' : `linux-${arch}-unpacked`);
    asarFile = path.join(unpacked, 'resources', 'app.asar');
    files = asarEntries(asarFile);
    const du = (dir: string): number =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .reduce(
          (n, e) => n + (e.isDirectory() ? du(path.join(dir, e.name)) : fs.lstatSync(path.join(dir, e.name)).size),
          0,
        );
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `[packaging] app.asar ${mb(fs.statSync(asarFile).size)} (goal ≤ ${mb(ASAR_GOAL_BYTES)}); app.asar.unpacked ${mb(du(`${asarFile}.unpacked`))} ` +
        `(native addons, libvips, workers, sharp, libheif-js); electron-builder took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }, 300_000);

  it('packs the built main, preload and renderer, and a package.json that starts the bundle', () => {
    expect(fs.existsSync(path.join(unpacked, 'keji-archive')), log).toBe(true); // ASCII program name
    for (const f of [
      '/dist/main/main.cjs',
      '/dist/preload/preload.cjs',
      '/dist/renderer/index.html',
      '/dist/viewer/viewer.js',
      '/dist/viewer/index.html',
      '/package.json',
    ]) {
      expect(files.has(f), f).toBe(true);
    }
    const html = fs.readFileSync(rel('dist', 'renderer', 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/dist/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(files.has(a), a).toBe(true);
    const packed = JSON.parse(read('package.json'));
    expect(packed).toMatchObject({ main: 'dist/main/main.cjs', version: pkg.version, productName: '科技档案' });
    expect(packed.scripts).toBeUndefined();
    expect(packed.devDependencies).toBeUndefined();
  });

  it(`keeps app.asar at ${ASAR_GOAL_BYTES / 1024 / 1024} MB or less`, () => {
    expect(fs.statSync(asarFile).size).toBeLessThanOrEqual(ASAR_GOAL_BYTES);
  });

  it('holds nothing from the sources, the tests, the build tools or the command line', () => {
    const outside = [...files.keys()].filter((f) => !f.startsWith('/node_modules/'));
    expect(
      outside.filter(
        (f) => !/^\/(dist\/(preload|renderer|viewer)\/|package\.json$)/.test(f) && !/^\/dist\/main\/[^/]+$/.test(f),
      ),
    ).toEqual([]);
    expect(outside.filter((f) => /\.(map|ts|tsx)$/.test(f))).toEqual([]);
    // dist/main: main.cjs, the core process it forks and the workers they start, each named by one
    // of the two, nothing else (no dist/cli, no leftovers).
    const named = read('dist/main/main.cjs') + read('dist/main/core-utility.cjs');
    const extra = outside.filter(
      (f) => f.startsWith('/dist/main/') && f !== '/dist/main/main.cjs' && !named.includes(`"${path.basename(f)}"`),
    );
    expect(extra).toEqual([]);
    const top = new Set(
      [...files.keys()]
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(2, f.split('/')[2].startsWith('@') ? 4 : 3)
            .join('/'),
        ),
    );
    for (const dev of Object.keys(pkg.devDependencies)) expect(top.has(dev), dev).toBe(false);
    expect([...files.keys()].filter((f) => f.includes('/@types/') || /\.d\.[cm]?ts$/.test(f))).toEqual([]);
    expect([...files.keys()].filter((f) => /better-sqlite3\/(deps|src)\/|test_extension|obj\.target/.test(f))).toEqual(
      [],
    );
  });

  it('ships exactly the packages main.cjs and its workers require at run time: none missing, none unused', () => {
    // Node's lookup: the nearest node_modules up from the requiring file.
    const pkgDir = (name: string, from: string): string | null => {
      const chain = [...from.matchAll(/\/node_modules\/(?:@[^/]+\/)?[^/]+/g)].map((m) =>
        from.slice(0, m.index + m[0].length),
      );
      for (const base of [...chain.reverse(), ''])
        if (files.has(`${base}/node_modules/${name}/package.json`)) return `${base}/node_modules/${name}`;
      return null;
    };
    const fileAt = (p: string): string | null => {
      for (const c of [p, `${p}.js`, `${p}.cjs`, `${p}.mjs`, `${p}.json`, `${p}/index.js`]) if (files.has(c)) return c;
      return null;
    };
    const entryOf = (dir: string): string[] => {
      const meta = JSON.parse(read(`${dir}/package.json`));
      const targets = new Set<string>();
      const collect = (x: unknown): void => {
        if (typeof x === 'string') targets.add(x);
        else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (k !== 'types') collect(v);
      };
      const dot =
        meta.exports &&
        (typeof meta.exports === 'string' || Object.keys(meta.exports).some((k) => !k.startsWith('.'))
          ? meta.exports
          : meta.exports['.']);
      if (dot) collect(dot);
      else targets.add(meta.main ?? 'index.js');
      return [...targets].map((t) => fileAt(path.posix.join(dir, t))).filter((f): f is string => !!f);
    };

    const reached = new Set<string>(Object.keys(LOADED_BY_PATH).map((n) => `/node_modules/${n}`));
    const seenFiles = new Set<string>();
    const missing: string[] = [];
    const visitFile = (file: string) => {
      if (seenFiles.has(file)) return;
      seenFiles.add(file);
      if (!/\.(c|m)?js$/.test(file)) return;
      const code = read(file);
      const inPackage = file.startsWith('/node_modules/');
      const owner = inPackage ? file.replace(/^((?:\/node_modules\/(?:@[^/]+\/)?[^/]+)+).*$/, '$1') : '';
      const declared = owner ? (JSON.parse(read(`${owner}/package.json`)).dependencies ?? {}) : {};
      for (const spec of specifiers(code, true)) {
        if (spec.startsWith('.')) {
          const f = fileAt(path.posix.join(path.posix.dirname(file), spec));
          if (f) visitFile(f);
          continue;
        }
        const name = packageOf(spec);
        if (!name) continue;
        const dir = pkgDir(name, file);
        if (!dir) {
          // Our bundles must find every package they name, except the guarded checkout tools;
          // a package must find what it declares (its other names are optional, inside a try).
          if (!inPackage ? !OPTIONAL_IMPORTS[name] : name in declared) missing.push(`${name} (required by ${file})`);
          continue;
        }
        reached.add(dir);
        const sub = spec.slice(name.length);
        const targets = sub ? [fileAt(path.posix.join(dir, sub))].filter((f): f is string => !!f) : entryOf(dir);
        for (const f of targets) visitFile(f);
      }
    };
    const bundles = [...files.keys()].filter((f) => /^\/dist\/(main|preload)\/[^/]+\.(c|m)?js$/.test(f));
    expect(bundles).toEqual(
      expect.arrayContaining([
        '/dist/main/main.cjs',
        '/dist/main/core-utility.cjs',
        '/dist/main/import-worker.mjs',
        '/dist/main/sheets-worker.mjs',
        '/dist/main/hash-worker.mjs',
      ]),
    );
    for (const b of bundles) visitFile(b);

    // Every package folder in the asar (a package.json in a subfolder of a package is not one).
    const packages = [...files.keys()]
      .filter((f) => f.endsWith('/package.json'))
      .map((f) => f.slice(0, -'/package.json'.length))
      .filter((d) => /^(\/node_modules\/(@[^/]+\/)?[^/]+)+$/.test(d));
    expect(packages).toEqual(
      expect.arrayContaining(['/node_modules/sharp', '/node_modules/better-sqlite3', '/node_modules/libheif-js']),
    ); // the listing is real
    expect(missing).toEqual([]);
    expect(packages.filter((d) => !reached.has(d))).toEqual([]); // shipped but never required: unused
    // the app's own dependencies are among what it really loads
    for (const d of Object.keys(pkg.dependencies)) expect(reached.has(`/node_modules/${d}`), d).toBe(true);
  });

  it('unpacks the workers, the core process and everything they import, where a thread or process can load them', () => {
    const res = `${asarFile}.unpacked`;
    for (const w of ['import-worker.mjs', 'sheets-worker.mjs', 'hash-worker.mjs', 'core-utility.cjs']) {
      expect(files.get(`/dist/main/${w}`)?.unpacked, w).toBe(true);
      const code = fs.readFileSync(path.join(res, 'dist', 'main', w), 'utf8');
      for (const name of packageImports(code, w.endsWith('.mjs')).filter((n) => !OPTIONAL_IMPORTS[n])) {
        // Node resolves a worker's imports from its own folder up: app.asar.unpacked/node_modules.
        expect(fs.existsSync(path.join(res, 'node_modules', name, 'package.json')), `${name} (imported by ${w})`).toBe(
          true,
        );
      }
    }
    // The core process requires better-sqlite3 from app.asar.unpacked: its JavaScript, what finds the
    // addon (bindings, file-uri-to-path) and the addon; and copies the offline viewer from beside it.
    for (const f of ['better-sqlite3/lib/index.js', 'bindings/bindings.js', 'file-uri-to-path/index.js'])
      expect(fs.existsSync(path.join(res, 'node_modules', f)), f).toBe(true);
    for (const f of ['index.html', 'viewer.js', 'viewer.css'])
      expect(fs.existsSync(path.join(res, 'dist', 'viewer', f)), f).toBe(true);
    // libheif-js: its own module on disk, with its licence (LGPL-3.0), replaceable by the user
    expect(fs.existsSync(path.join(res, 'node_modules', 'libheif-js', 'LICENSE'))).toBe(true);
    expect(fs.existsSync(path.join(res, 'node_modules', 'libheif-js', 'libheif-wasm', 'libheif-bundle.js'))).toBe(true);
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
    expect(
      hook.checkNativeModules({
        projectDir,
        platform: 'linux',
        arch: process.arch,
        abi: Number(process.versions.modules),
      }),
    ).toEqual([]);
    const forElectron: string[] = hook.checkNativeModules({
      projectDir,
      platform: 'linux',
      arch: process.arch,
      abi: electronAbi,
    });
    expect(forElectron).toHaveLength(1);
    expect(forElectron[0]).toContain(`NODE_MODULE_VERSION ${process.versions.modules}, Electron needs ${electronAbi}`);
    expect(forElectron[0]).toContain(`electron-builder install-app-deps --platform=linux --arch=${process.arch}`);
    const wrongArch: string[] = hook.checkNativeModules({ projectDir, platform: 'linux', arch: other, archOnly: true });
    expect(wrongArch).toContain(`better-sqlite3: built for ${process.arch}, the app is ${other}`);
    expect(wrongArch.join('\n')).toContain(
      `npm install --no-save --force @img/sharp-linux-${other} @img/sharp-libvips-linux-${other}`,
    );
    expect(hook.checkNativeModules({ projectDir, platform: 'win32', arch: 'x64', archOnly: true })[0]).toBe(
      'better-sqlite3: built for another operating system (elf), need win32',
    );
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
    const ctx = {
      electronPlatformName: process.platform,
      arch: ['ia32', 'x64', 'armv7l', 'arm64'].indexOf(process.arch),
      packager: { projectDir: REPO_ROOT },
    };
    if (process.platform !== 'linux') return;
    const saved = process.env.KEJI_PACK_TEST;
    delete process.env.KEJI_PACK_TEST;
    try {
      await expect(hook.beforePack(ctx)).rejects.toThrow(/the app would not start[\s\S]*npm run dist/);
      process.env.KEJI_PACK_TEST = '1';
      await expect(hook.beforePack(ctx)).resolves.toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.KEJI_PACK_TEST;
      else process.env.KEJI_PACK_TEST = saved;
    }
  });

  it('prepares each arch right before packing it, and only the archs the config lists', async () => {
    const { distPlan } = await import(pathToFileURL(rel('resources', 'packaging', 'dist.mjs')).href);
    const sharpPkg = JSON.parse(fs.readFileSync(rel('node_modules', 'sharp', 'package.json'), 'utf8'));
    const plan: string[] = distPlan({
      platform: 'win32',
      archs: ['x64', 'ia32'],
      sharpPkg,
      has: (n: string) => n === '@img/sharp-win32-x64',
    }).map((s: string[]) => s.join(' '));
    expect(plan).toEqual([
      'npm run build',
      'npx electron-builder install-app-deps --platform=win32 --arch=x64',
      'npx electron-builder --win nsis portable --x64 --publish never',
      `npm install --no-save --force --ignore-scripts @img/sharp-win32-ia32@${sharpPkg.optionalDependencies['@img/sharp-win32-ia32']}`,
      'npx electron-builder install-app-deps --platform=win32 --arch=ia32',
      'npx electron-builder --win nsis portable --ia32 --publish never',
    ]);
    const linux: string[] = distPlan({ platform: 'linux', archs: ['arm64'], skipBuild: true, sharpPkg }).map(
      (s: string[]) => s.join(' '),
    );
    expect(linux[0]).toMatch(
      /^npm install --no-save --force --ignore-scripts @img\/sharp-linux-arm64@\S+ @img\/sharp-libvips-linux-arm64@\S+$/,
    );
    expect(linux.slice(1)).toEqual([
      'npx electron-builder install-app-deps --platform=linux --arch=arm64',
      'npx electron-builder --linux deb AppImage --arm64 --publish never',
    ]);
    expect(() => distPlan({ platform: 'win32', archs: ['arm64'], sharpPkg })).toThrow(/x64, ia32/);
  });
});
