// electron-builder beforePack hook: refuses to pack native addons that would not load.
// npmRebuild is off (see electron-builder.yml), so the addons in node_modules are whatever the
// last `electron-builder install-app-deps` (or `npm install`, for Node) left there. Packing the
// Node build, or the x64 build into an ia32/arm64 app, gives an installer that dies at start
// with "was compiled against a different Node.js version" — this makes that a build error.
//
// KEJI_PACK_TEST=1 (the packaging test, which packs with a stub Electron that never runs)
// checks the arch only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // builder-util's Arch enum
const ELF_MACHINE = { 3: 'ia32', 62: 'x64', 40: 'armv7l', 183: 'arm64' };
const PE_MACHINE = { 0x14c: 'ia32', 0x8664: 'x64', 0x1c4: 'armv7l', 0xaa64: 'arm64' };

/** Format ('elf' | 'pe' | 'other') and CPU of a native binary, from its header. */
function binaryTarget(buf) {
  if (buf.length > 20 && buf.readUInt32BE(0) === 0x7f454c46) {
    const little = buf[5] === 1;
    const machine = little ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
    return { format: 'elf', arch: ELF_MACHINE[machine] ?? `machine ${machine}` };
  }
  if (buf.length > 0x40 && buf.toString('latin1', 0, 2) === 'MZ') {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 6 <= buf.length && buf.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = buf.readUInt16LE(pe + 4);
      return { format: 'pe', arch: PE_MACHINE[machine] ?? `machine 0x${machine.toString(16)}` };
    }
  }
  return { format: 'other', arch: 'unknown' };
}

/** The NODE_MODULE_VERSION an addon was built for (null for N-API addons, which fit any). */
function addonAbi(buf) {
  const m = /node_register_module_v(\d+)/.exec(buf.toString('latin1'));
  return m ? Number(m[1]) : null;
}

function electronAbi(projectDir) {
  try {
    return Number(fs.readFileSync(path.join(projectDir, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
  } catch {
    return null;
  }
}

/**
 * Problems that would stop the packed app from loading its addons, in plain words.
 * `platform` is 'win32' | 'linux' | 'darwin'; `arch` as in Node ('x64', 'ia32', 'arm64').
 */
function checkNativeModules({ projectDir, platform, arch, abi = electronAbi(projectDir), archOnly = false }) {
  const nm = path.join(projectDir, 'node_modules');
  const problems = [];
  const format = platform === 'win32' ? 'pe' : platform === 'linux' ? 'elf' : null;
  const fix = `npx electron-builder install-app-deps --platform=${platform} --arch=${arch}`;

  const check = (label, file, { napi }) => {
    let buf;
    try {
      buf = fs.readFileSync(file);
    } catch {
      problems.push(`${label}: ${path.relative(projectDir, file)} is missing`);
      return;
    }
    const t = binaryTarget(buf);
    if (format && t.format !== format)
      problems.push(`${label}: built for another operating system (${t.format}), need ${platform}`);
    else if (t.arch !== arch) problems.push(`${label}: built for ${t.arch}, the app is ${arch}`);
    const got = addonAbi(buf);
    if (!archOnly && !napi && abi && got !== abi) {
      problems.push(`${label}: built for NODE_MODULE_VERSION ${got ?? 'unknown'}, Electron needs ${abi} (run: ${fix})`);
    }
  };

  check('better-sqlite3', path.join(nm, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), { napi: false });

  // sharp: a prebuilt N-API addon per platform+arch in @img/, plus libvips on Linux.
  const sharpPkg = path.join(nm, '@img', `sharp-${platform}-${arch}`);
  const sharpInstall =
    `npm install --no-save --force @img/sharp-${platform}-${arch}` +
    (platform === 'linux' ? ` @img/sharp-libvips-linux-${arch}` : '');
  const addons = fs.existsSync(path.join(sharpPkg, 'lib'))
    ? fs.readdirSync(path.join(sharpPkg, 'lib')).filter((f) => f.endsWith('.node'))
    : [];
  if (addons.length === 0)
    problems.push(`sharp: @img/sharp-${platform}-${arch} is not installed (run: ${sharpInstall})`);
  for (const f of addons) check('sharp', path.join(sharpPkg, 'lib', f), { napi: true });
  if (platform === 'linux' && !fs.existsSync(path.join(nm, '@img', `sharp-libvips-linux-${arch}`, 'lib'))) {
    problems.push(`sharp: @img/sharp-libvips-linux-${arch} is not installed (run: ${sharpInstall})`);
  }
  return problems;
}

async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch];
  const projectDir = context.packager.projectDir;
  const archOnly = process.env.KEJI_PACK_TEST === '1';
  const problems = checkNativeModules({ projectDir, platform, arch, archOnly });
  if (problems.length) {
    throw new Error(
      `科技档案: native modules do not fit ${platform}-${arch}; the app would not start.\n  - ${problems.join('\n  - ')}\n` +
        'Build with `npm run dist` (resources/packaging/dist.mjs), which prepares them for each arch.',
    );
  }
}

module.exports = { beforePack, default: beforePack, checkNativeModules, binaryTarget, addonAbi };
