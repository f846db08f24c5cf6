// sha256 of whole files, off the main thread (reading back a 2 GB export must not stall the app,
// and a second core makes it faster): a task of the core's worker pool (workers/pool.ts). Plain
// JavaScript on purpose: a worker thread starts without the TypeScript loader the core runs under
// (tsx, vitest, the Electron bundle).
// Task: the file's path. Answer: { ok: true, sha256, size } or { ok: false, code, message }.
import crypto from 'node:crypto';
import fs from 'node:fs';

const buf = Buffer.allocUnsafe(4 * 1024 * 1024);

export default function hash(file) {
  try {
    const fd = fs.openSync(file, 'r');
    const sha = crypto.createHash('sha256');
    let size = 0;
    try {
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        sha.update(n === buf.length ? buf : buf.subarray(0, n));
        size += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    return { ok: true, sha256: sha.digest('hex'), size };
  } catch (e) {
    return { ok: false, code: e?.code ?? '', message: String(e?.message ?? e) };
  }
}
