#!/usr/bin/env node
// The `keji` command. Runs the bundle electron/build.mjs makes (dist/cli/keji/keji.mjs), so nothing
// is compiled at start. In a source checkout the bundle (and its workers) is rebuilt first when
// it is missing or older than any file it was built from — with esbuild, a dev tool, a few
// seconds once; several keji started together wait for one build. Without esbuild (an install
// without devDependencies) an existing bundle is run as it is, and a missing one is a clear error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist', 'cli', 'keji');
const bundle = path.join(dist, 'keji.mjs');
const stampFile = path.join(dist, 'stamp.json');
const lock = path.join(root, 'dist', 'cli', '.build.lock');
const LOCK_STALE_MS = 120_000;

/** Why the bundle must be rebuilt, or null when it is current. */
function staleReason() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return '还没有构建';
  }
  if (!fs.existsSync(bundle)) return '还没有构建';
  for (const [file, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
    let st;
    try {
      st = fs.statSync(path.join(root, file));
    } catch {
      return `${file} 已删除`;
    }
    // Changed since it was recorded, or during the build (the bundle may hold the old text).
    if (st.mtimeMs !== mtimeMs || st.size !== size || st.mtimeMs >= stamp.builtAt) return `${file} 有改动`;
  }
  return null;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function fail(message) {
  process.stderr.write(`错误：${message}\n`);
  process.exit(1);
}

function hasEsbuild() {
  try {
    createRequire(path.join(root, 'package.json')).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

function rebuild(reason) {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // Another keji is building: wait for it. A lock whose keji is gone (killed mid-build) or
      // that is older than any build is taken over.
      let age = 0;
      let holder = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // just made, its pid not written yet (or just removed)
      }
      if (age > LOCK_STALE_MS || (holder && !alive(holder))) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    if (!staleReason()) return; // built by the keji we waited for
    if (process.stderr.isTTY) process.stderr.write(`正在构建 keji（${reason}）…\n`);
    const r = spawnSync(process.execPath, [path.join(root, 'electron', 'build.mjs'), '--cli'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0)
      fail(`keji 构建失败（${reason}）：\n${(r.stderr || r.stdout || String(r.error ?? r.signal)).trim()}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const isCheckout = fs.existsSync(path.join(root, 'electron', 'cli', 'main.ts'));
const reason = isCheckout ? staleReason() : null;
if (reason) {
  if (hasEsbuild()) rebuild(reason);
  else if (!fs.existsSync(bundle))
    fail('找不到 dist/cli/keji/keji.mjs，也没有 esbuild 来生成它。请在源码目录运行：npm install && npm run build:main');
  else process.stderr.write(`注意：dist/cli/keji/keji.mjs 可能不是最新的（${reason}），没有 esbuild 无法重新构建\n`);
}

// The web host serves the built renderer of the checkout (from the bundle's folder, its own
// relative path would miss it).
process.env.KEJI_RENDERER_DIR ??= path.join(root, 'dist', 'renderer');
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
