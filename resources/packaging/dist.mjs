// `npm run dist`: builds the installers for this machine's OS, one arch at a time, because
// native addons differ per arch and electron-builder.yml sets npmRebuild: false:
//   1. npm run build                                   (renderer + bundled main/preload)
//   2. per arch: sharp's prebuilt package for it       (npm install --no-save --force @img/…)
//                electron-builder install-app-deps     (better-sqlite3 for Electron's ABI + arch)
//                electron-builder --<os> <targets> --<arch>
//   3. npm rebuild better-sqlite3                      (give Node and the tests their build back)
// Needs the internet (Electron, NSIS/AppImage tools and addon prebuilds are downloaded).
//
// Usage: node resources/packaging/dist.mjs [--win | --linux] [--arch x64,ia32] [--skip-build] [--dry-run]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What each OS gets; keep in step with electron-builder.yml. */
export const TARGETS = {
  win32: { flag: '--win', targets: ['nsis', 'portable'], archs: ['x64', 'ia32'] },
  linux: { flag: '--linux', targets: ['deb', 'AppImage'], archs: ['x64', 'arm64'] },
};

/** The prebuilt sharp packages an arch needs, at the exact versions sharp pins. */
export function sharpPackages(platform, arch, sharpPkg) {
  const pins = sharpPkg.optionalDependencies ?? {};
  const names = [`@img/sharp-${platform}-${arch}`];
  if (platform === 'linux') names.push(`@img/sharp-libvips-linux-${arch}`);
  return names.map((n) => {
    if (!pins[n]) throw new Error(`sharp ${sharpPkg.version} has no prebuilt package ${n}`);
    return `${n}@${pins[n]}`;
  });
}

/** The commands, in order, as [program, ...args]. */
export function distPlan({ platform, archs, skipBuild = false, sharpPkg, has = () => false }) {
  const t = TARGETS[platform];
  if (!t) throw new Error(`installers are built on Windows or Linux, not ${platform}`);
  const plan = [];
  if (!skipBuild) plan.push(['npm', 'run', 'build']);
  for (const arch of archs) {
    if (!t.archs.includes(arch))
      throw new Error(`${platform} installers are made for ${t.archs.join(', ')}, not ${arch}`);
    const missing = sharpPackages(platform, arch, sharpPkg).filter(
      (spec) => !has(spec.slice(0, spec.lastIndexOf('@'))),
    );
    if (missing.length) plan.push(['npm', 'install', '--no-save', '--force', '--ignore-scripts', ...missing]);
    plan.push(['npx', 'electron-builder', 'install-app-deps', `--platform=${platform}`, `--arch=${arch}`]);
    plan.push(['npx', 'electron-builder', t.flag, ...t.targets, `--${arch}`, '--publish', 'never']);
  }
  return plan;
}

function run([cmd, ...args]) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      win: { type: 'boolean' },
      linux: { type: 'boolean' },
      arch: { type: 'string' },
      'skip-build': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  const platform = values.win ? 'win32' : values.linux ? 'linux' : process.platform;
  const archs = values.arch ? values.arch.split(',').map((s) => s.trim()) : (TARGETS[platform]?.archs ?? []);
  const sharpPkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'sharp', 'package.json'), 'utf8'));
  const has = (name) => fs.existsSync(path.join(root, 'node_modules', name, 'package.json'));
  const plan = distPlan({ platform, archs, skipBuild: values['skip-build'], sharpPkg, has });
  if (values['dry-run']) {
    for (const step of plan) console.log(step.join(' '));
  } else {
    try {
      for (const step of plan) run(step);
      console.log(`\nInstallers are in ${path.join(root, 'release')}`);
    } finally {
      // better-sqlite3 now holds the last arch's Electron build; Node (tests, `keji`) needs its own.
      run(['npm', 'rebuild', 'better-sqlite3']);
    }
  }
}
