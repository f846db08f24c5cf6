// `.lock` in the archive folder: one process at a time. A lock left by a crashed process
// (its pid no longer runs on this host) is moved aside atomically and taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KejiError } from '../errors';
import { translate } from '../../../shared/i18n/messages';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  app: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ArchiveLock {
  path: string;
  release(): void;
}

export function acquireLock(dir: string, app = 'keji'): ArchiveLock {
  const file = path.join(dir, '.lock');
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), app };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(info));
        fs.fsyncSync(fd);
      } catch (e) {
        // A full disk: the empty lock we just made must not stay behind (it would read as torn).
        fs.closeSync(fd);
        fs.rmSync(file, { force: true });
        throw e;
      }
      fs.closeSync(fd);
      let released = false;
      return {
        path: file,
        release() {
          if (released) return;
          released = true;
          try {
            const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (cur.pid === info.pid && cur.startedAt === info.startedAt) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: LockInfo | null = null;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      /* empty or torn lock file: written by a process that died while writing */
    }
    if (holder && holder.host === os.hostname() && holder.pid !== process.pid && alive(holder.pid)) {
      throw new KejiError(
        'LOCKED',
        translate('core.lock.process', { pid: holder.pid, at: holder.startedAt.slice(0, 16).replace('T', ' ') }),
      );
    }
    if (holder && holder.host !== os.hostname()) {
      // Another PC (archive on a shared/USB drive): we cannot tell whether it still runs.
      throw new KejiError('LOCKED', translate('core.lock.otherHost', { host: holder.host, pid: holder.pid }));
    }
    if (holder && holder.pid === process.pid) {
      throw new KejiError('LOCKED', translate('core.lock.self'));
    }
    // Stale: move it aside atomically so only one contender wins, then retry.
    try {
      fs.renameSync(file, `${file}.stale-${process.pid}-${Date.now()}`);
      for (const f of fs.readdirSync(dir))
        if (f.startsWith('.lock.stale-')) fs.rmSync(path.join(dir, f), { force: true });
    } catch {
      /* someone else took it over first; loop and see */
    }
  }
  throw new KejiError('LOCKED', translate('core.lock.failed'));
}
