// Files the page hands over by their bytes — picked or dropped in the browser (the web host's
// POST /media/upload) or dropped on the desktop window (media.stage, in chunks over IPC): kept
// in <archive>/.incoming/<batch>/<n>/<name> until media.import takes them (it removes them;
// leftovers go when the archive next opens).
import fs from 'node:fs';
import path from 'node:path';
import type { Archive } from '../db/open';
import { KejiError } from '../errors';
import { INCOMING_DIR } from './store';
import { translate } from '../../../shared/i18n/messages';

/** Larger files are refused (FAT32 cannot hold them either). */
export const MAX_STAGED = 4 * 1024 * 1024 * 1024;

/** A file name from the page, made safe for any file system; the folder part is dropped. */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(-150);
  return clean || 'file';
}

/** Where file number `seq` of upload `batch` is kept (its own folder, so equal names never meet). */
export function stagedPath(a: Archive, batch: string, seq: number, name: string): string {
  return path.join(a.dir, INCOMING_DIR, batch, String(seq), safeUploadName(name));
}

/**
 * Writes one chunk of a staged file: offset 0 starts it, each later chunk must start where the
 * file ends (a lost or repeated chunk is refused, never patched in). Returns the file's path.
 */
export function stageChunk(
  a: Archive,
  c: { batch: string; seq: number; name: string; offset: number; bytes: Buffer },
): string {
  const file = stagedPath(a, c.batch, c.seq, c.name);
  if (c.offset + c.bytes.length > MAX_STAGED) throw new KejiError('INVALID_INPUT', translate('core.media.over4G'));
  try {
    if (c.offset === 0) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, c.bytes, { flag: 'wx' });
    } else {
      const size = fs.statSync(file).size;
      if (size !== c.offset)
        throw new KejiError('INVALID_INPUT', translate('core.staging.gap', { size, offset: c.offset }));
      fs.appendFileSync(file, c.bytes);
    }
  } catch (e) {
    if (e instanceof KejiError) throw e;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const code = (e as { code?: string }).code;
    if (code === 'ENOSPC') throw new KejiError('REFUSED', translate('core.staging.diskFull'));
    if (code === 'EEXIST') throw new KejiError('INVALID_INPUT', translate('core.staging.busy'));
    if (code === 'ENOENT') throw new KejiError('INVALID_INPUT', translate('core.staging.lost'));
    throw e;
  }
  return file;
}
