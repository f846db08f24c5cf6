// File work for packages: hashing, durable copies read back and checked, directory fsync.
// Everything is asynchronous and chunked, so the app stays usable while gigabytes move.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KejiError } from '../errors';
import { WorkerCrashed, WorkerPool } from '../workers/pool';
import { translate } from '../../../shared/i18n/messages';

const CHUNK = 4 * 1024 * 1024;
/** Files above this are copied chunk by chunk (progress and cancel inside the file). */
const BIG_FILE = 64 * 1024 * 1024;

export interface Progress {
  /** Bytes just handled (copied or read back). */
  (bytes: number): void;
}

/** sha256 and size of a file, read in chunks; `check` runs between chunks (cancel). */
export async function hashFile(
  file: string,
  onBytes?: Progress,
  check?: () => void,
): Promise<{ sha256: string; size: number }> {
  const fh = await fsp.open(file, 'r');
  try {
    const hash = crypto.createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      check?.();
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await fh.close();
  }
}

export const sha256Of = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** fsync a directory so renames and new entries in it survive a power cut (not possible on Windows). */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* Windows cannot open a directory; its renames are durable once the call returns */
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** fsyncDir without blocking the thread, so many folders can be flushed together. */
export async function fsyncDirAsync(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* Windows: see fsyncDir */
  }
}

export async function fsyncFile(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function chunkedCopy(src: string, dst: string, onBytes?: Progress, check?: () => void): Promise<void> {
  const inp = await fsp.open(src, 'r');
  try {
    const out = await fsp.open(dst, 'w');
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        check?.();
        const { bytesRead } = await inp.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        await out.write(buf, 0, bytesRead);
        onBytes?.(bytesRead);
      }
    } finally {
      await out.close();
    }
  } finally {
    await inp.close();
  }
}

export interface Expected {
  sha256: string;
  size: number;
  name: string;
}

/** Copies `src` to `dst` (not yet durable: see fsyncFile and readBack). */
export async function copyInto(
  src: string,
  dst: string,
  expected: Expected,
  onBytes?: Progress,
  check?: () => void,
): Promise<void> {
  const st = await fsp.stat(src);
  if (st.size !== expected.size)
    throw new KejiError('CONFLICT', translate('core.package.sizeWrong', { name: expected.name }));
  if (st.size > BIG_FILE) await chunkedCopy(src, dst, onBytes, check);
  else {
    await fsp.copyFile(src, dst);
    onBytes?.(st.size);
  }
}

/**
 * Reads a written file back and compares it with `expected` (the sha256 the manifest will
 * claim). A mismatch means the source or the stick is damaged: named, never hidden.
 */
export async function readBack(
  dst: string,
  expected: Expected,
  onBytes?: Progress,
  check?: () => void,
  hasher?: Hasher,
): Promise<void> {
  let back: { sha256: string; size: number };
  if (hasher) {
    check?.();
    back = await hasher.hash(dst);
    onBytes?.(back.size);
  } else back = await hashFile(dst, onBytes, check);
  if (back.sha256 !== expected.sha256 || back.size !== expected.size) {
    throw new KejiError('CONFLICT', translate('core.package.readBackDiffers', { name: expected.name }));
  }
}

/** Copy, fsync, read back: one durable, checked file. */
export async function copyDurable(
  src: string,
  dst: string,
  expected: Expected,
  onBytes?: Progress,
  check?: () => void,
): Promise<void> {
  await copyInto(src, dst, expected, (n) => onBytes?.(n / 2), check);
  await fsyncFile(dst);
  await readBack(dst, expected, (n) => onBytes?.(n / 2), check);
}

export interface Hasher {
  hash(file: string): Promise<{ sha256: string; size: number }>;
  close(): Promise<void>;
}

/** What hash-worker.mjs answers for one file. */
type HashAnswer = { ok: true; sha256: string; size: number } | { ok: false; code: string; message: string };

/**
 * `n` threads of the core's worker pool hashing whole files. A thread that cannot start (or dies)
 * hands its file back to this thread: the result is the same, only slower.
 */
export function createHasher(n: number): Hasher {
  const pool = new WorkerPool('hash', { threads: n });
  return {
    async hash(file) {
      let a: HashAnswer;
      try {
        a = await pool.run<HashAnswer>(file);
      } catch (e) {
        if (e instanceof WorkerCrashed) return hashFile(file);
        throw e;
      }
      if (a.ok) return { sha256: a.sha256, size: a.size };
      throw Object.assign(new Error(a.message), { code: a.code });
    },
    close: () => pool.close(),
  };
}

/** Every file and folder under `root` (lstat: symlinks are reported, never followed). Stops after `cap` entries. */
export interface WalkedFile {
  rel: string;
  size: number;
  /** whole ms */ mtime: number;
}

export function walk(
  root: string,
  cap: number,
): { files: WalkedFile[]; dirs: string[]; symlinks: string[]; others: string[]; truncated: boolean } {
  const out = {
    files: [] as WalkedFile[],
    dirs: [] as string[],
    symlinks: [] as string[],
    others: [] as string[],
    truncated: false,
  };
  let seen = 0;
  const visit = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (++seen > cap) {
        out.truncated = true;
        return;
      }
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out.symlinks.push(r);
      else if (e.isDirectory()) {
        out.dirs.push(r);
        visit(r);
        if (out.truncated) return;
      } else if (e.isFile()) {
        // A hard link shares its bytes with a file elsewhere on this PC: treated like a symlink.
        const st = fs.lstatSync(path.join(root, r));
        if (st.nlink > 1) out.symlinks.push(r);
        else out.files.push({ rel: r, size: st.size, mtime: Math.floor(st.mtimeMs) });
      } else out.others.push(r);
    }
  };
  visit('');
  return out;
}

/** Runs up to `n` tasks at a time. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (next < items.length && failed === null) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failed !== null) throw failed;
}

/** Prefixes of the temp folders the package code makes (snapshots, checked copies, restores). */
export const TEMP_PREFIX = /^keji-(export|verify|restore)-/;
const DAY = 24 * 3600 * 1000;

/**
 * Removes temp folders of ours left by a process that was killed mid-way: they may hold a copy of
 * the teacher's data. A folder is stale when the process named in its .lock no longer runs (on this
 * machine), or, with no lock, when it is a day old.
 */
export function cleanStaleTemp(now = Date.now()): number {
  let removed = 0;
  const tmp = os.tmpdir();
  let names: string[] = [];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return 0;
  }
  for (const f of names) {
    if (!TEMP_PREFIX.test(f)) continue;
    const dir = path.join(tmp, f);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory()) continue;
      let stale = now - st.mtimeMs > DAY;
      try {
        const lock = JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')) as { pid: number; host: string };
        stale = lock.host === os.hostname() && !running(lock.pid);
      } catch {
        /* no lock: age decides */
      }
      if (stale) {
        fs.rmSync(dir, { recursive: true, force: true });
        removed++;
      }
    } catch {
      /* another process removed it first */
    }
  }
  return removed;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
