#!/usr/bin/env node
// `npm test`'s pretest step, and the one list of system packages the tests and benchmarks need.
//
// Checks each Debian package with `dpkg -s`. When some are missing it installs them with apt-get
// if it can (running as root, or `sudo -n` works without a password); otherwise it stops at once
// with exit code 1 and prints, in Chinese and English, the exact command that installs the missing
// ones. When everything is present it prints nothing. Without dpkg (another Linux, macOS, Windows)
// it looks for the commands the tests run instead, and says what it cannot check.
//
// Environment (for tests and unusual machines):
//   KEJI_SYSTEM_PACKAGES  packages to check instead of PACKAGES (separated by spaces or commas)
//   KEJI_SYSTEM_DPKG      the dpkg command (default `dpkg`; a missing one means "not Debian")
//   KEJI_SYSTEM_INSTALL=0 never install, only say what to run
//   KEJI_SYSTEM_CHECK=0   skip the check altogether
// Plain Node, no dependencies: it runs before anything is built.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Debian packages `npm test` and the benchmarks need, and the commands each one provides. */
export const PACKAGES = [
  {
    name: 'chromium',
    commands: [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome'],
    why: '端到端测试、PDF 导出 / e2e tests, PDF export',
  },
  { name: 'fonts-noto-cjk', fonts: 'zh', why: '截图与 PDF 中的汉字 / Chinese text in screenshots and PDFs' },
  {
    name: 'libreoffice-writer-nogui',
    commands: ['soffice', 'libreoffice'],
    why: '检查导出的 Word 文件 / checking exported Word files',
  },
  {
    name: 'libreoffice-calc-nogui',
    commands: ['soffice', 'libreoffice'],
    why: '检查导出的 Excel 文件 / checking exported Excel files',
  },
  { name: 'poppler-utils', commands: ['pdftotext'], why: '检查导出的 PDF / checking exported PDFs' },
  { name: 'libvips-tools', commands: ['vipsthumbnail'], why: 'bench:import 的参照 / bench:import reference' },
];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The packages to check: KEJI_SYSTEM_PACKAGES if set, else PACKAGES. */
export function packageNames(env = process.env) {
  const v = env.KEJI_SYSTEM_PACKAGES;
  if (v === undefined) return PACKAGES.map((p) => p.name);
  return v.split(/[\s,]+/).filter(Boolean);
}

/**
 * The packages dpkg does not list as installed, or null when there is no dpkg to ask.
 * One `dpkg -s a b c` call; a package removed but with its config files left counts as missing.
 */
export function dpkgMissing(names, dpkg = process.env.KEJI_SYSTEM_DPKG || 'dpkg') {
  if (names.length === 0) return [];
  const r = spawnSync(dpkg, ['-s', ...names], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (r.error) return null;
  const installed = new Set();
  for (const stanza of r.stdout.split(/\n\s*\n/)) {
    const pkg = /^Package:\s*(\S+)/m.exec(stanza)?.[1];
    const status = /^Status:\s*(.*)$/m.exec(stanza)?.[1] ?? '';
    if (pkg && /\sok installed$/.test(status.trim())) installed.add(pkg);
  }
  return names.filter((n) => !installed.has(n.replace(/:[^:]+$/, '')));
}

/** The full path of a command on PATH (or an absolute path that exists), else null. */
export function findCommand(cmd) {
  if (!cmd) return null;
  if (cmd.includes('/') || cmd.includes('\\')) return fs.existsSync(cmd) ? cmd : null;
  const exts = process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const f = path.join(dir, cmd + ext);
      try {
        if (fs.statSync(f).isFile()) {
          fs.accessSync(f, fs.constants.X_OK);
          return f;
        }
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/**
 * Without dpkg: the packages whose commands (or fonts) are not found, and those that cannot be
 * checked this way (packages not in PACKAGES, or fonts without fc-list).
 */
export function commandMissing(names) {
  const missing = [],
    unchecked = [];
  for (const name of names) {
    const p = PACKAGES.find((x) => x.name === name);
    if (p?.commands) {
      if (!p.commands.some((c) => findCommand(c))) missing.push(name);
    } else if (p?.fonts && findCommand('fc-list')) {
      const r = spawnSync('fc-list', [`:lang=${p.fonts}`, 'family'], { encoding: 'utf8', timeout: 20_000 });
      if (!r.error && r.stdout.trim() === '') missing.push(name);
    } else {
      unchecked.push(name);
    }
  }
  return { missing, unchecked };
}

/** The command a person runs to install `missing`: with sudo unless they already are root. */
export function installCommand(missing, root = isRoot()) {
  const s = root ? '' : 'sudo ';
  return `${s}apt-get update && ${s}apt-get install -y ${missing.join(' ')}`;
}

/** How this process could run apt-get: as root, through sudo without a password, or not at all. */
function installer(env = process.env) {
  if (env.KEJI_SYSTEM_INSTALL === '0') return { how: null, reason: 'KEJI_SYSTEM_INSTALL=0' };
  if (process.platform !== 'linux' || !findCommand('apt-get'))
    return { how: null, reason: '没有 apt-get / no apt-get' };
  if (isRoot()) return { how: [] };
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  if (!sudo.error && sudo.status === 0) return { how: ['sudo', '-n'] };
  return { how: null, reason: '不是 root，也不能免密码使用 sudo / not root, and no sudo without a password' };
}

function aptGet(prefix, args) {
  const argv = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  return !r.error && r.status === 0;
}

function describe(names) {
  return names
    .map((n) => {
      const why = PACKAGES.find((p) => p.name === n)?.why;
      return `  ${n}${why ? `  (${why})` : ''}`;
    })
    .join('\n');
}

function tellAndFail(missing, reason, out = process.stderr) {
  out.write(
    `npm test 需要以下系统软件包，本机没有安装 / npm test needs these system packages, not installed here:\n` +
      `${describe(missing)}\n` +
      (reason ? `没有自动安装 / not installed automatically: ${reason}\n` : '') +
      `\n请运行 / Run:\n\n  ${installCommand(missing)}\n\n` +
      `然后再运行 npm test。 / Then run npm test again.\n`,
  );
  return 1;
}

/** The pretest step. Returns the exit code. */
export function main(env = process.env) {
  if (env.KEJI_SYSTEM_CHECK === '0') return 0;
  const names = packageNames(env);
  const missing = dpkgMissing(names, env.KEJI_SYSTEM_DPKG || 'dpkg');
  if (missing === null) {
    // Not Debian: look for the commands themselves.
    const c = commandMissing(names);
    if (c.unchecked.length > 0) {
      process.stderr.write(
        `无法检查（没有 dpkg）/ cannot check (no dpkg): ${c.unchecked.join(' ')} — 继续 / continuing\n`,
      );
    }
    if (c.missing.length === 0) return 0;
    const cmds = c.missing
      .map(
        (n) =>
          `  ${n}: ${
            PACKAGES.find((p) => p.name === n)
              ?.commands?.filter(Boolean)
              .join(' / ') ?? '中文字体 / Chinese fonts'
          }`,
      )
      .join('\n');
    process.stderr.write(
      `npm test 需要以下程序，本机找不到 / npm test needs these programs, not found here:\n${cmds}\n` +
        `在 Debian/Ubuntu 上 / On Debian/Ubuntu: sudo apt-get install -y ${c.missing.join(' ')}\n` +
        `（或设置 KEJI_SYSTEM_CHECK=0 跳过此检查 / or set KEJI_SYSTEM_CHECK=0 to skip this check）\n`,
    );
    return 1;
  }
  if (missing.length === 0) return 0;

  const { how, reason } = installer(env);
  if (!how) return tellAndFail(missing, reason);
  process.stderr.write(`安装系统软件包 / installing system packages: ${missing.join(' ')}\n`);
  const ok =
    aptGet(how, ['update', '-qq']) && aptGet(how, ['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  const still = dpkgMissing(names, env.KEJI_SYSTEM_DPKG || 'dpkg') ?? missing;
  if (ok && still.length === 0) return 0;
  return tellAndFail(still.length ? still : missing, 'apt-get 失败 / apt-get failed');
}

/**
 * For the benchmarks: each tool is { command: name or alternatives, package }. If one is not
 * found, print what is missing and the apt command, and exit 1 (no stack trace).
 */
export function requireCommands(label, tools) {
  const missing = tools.filter((t) => ![].concat(t.command).some((c) => findCommand(c)));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((t) => t.package))];
  const what = missing
    .map((t) => `  ${[].concat(t.command).filter(Boolean).join(' / ')}  (Debian: ${t.package})`)
    .join('\n');
  process.stderr.write(
    `${label} 需要以下程序，本机找不到 / ${label} needs these programs, not found here:\n${what}\n` +
      `请运行 / Run:\n\n  ${installCommand(pkgs)}\n\n`,
  );
  process.exit(1);
}

const invoked =
  process.argv[1] &&
  (() => {
    try {
      return fs.realpathSync(process.argv[1]);
    } catch {
      return process.argv[1];
    }
  })();
if (invoked && invoked === fileURLToPath(import.meta.url)) process.exitCode = main();
