// sha256 of whole files, off the main thread (reading back a 2 GB export must not stall the app,
// and a second core makes it faster). Plain JavaScript on purpose: a worker thread starts without
// the TypeScript loader the core runs under (tsx, vitest, the Electron bundle).
// Message in: { id, file }. Message out: { id, ok: true, sha256, size } or { id, ok: false, code, message }.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';

const buf = Buffer.allocUnsafe(4 * 1024 * 1024);

parentPort.on('message', ({ id, file }) => {
  try {
    const fd = fs.openSync(file, 'r');
    const hash = crypto.createHash('sha256');
    let size = 0;
    try {
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        hash.update(n === buf.length ? buf : buf.subarray(0, n));
        size += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    parentPort.postMessage({ id, ok: true, sha256: hash.digest('hex'), size });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, code: e?.code ?? '', message: String(e?.message ?? e) });
  }
});
