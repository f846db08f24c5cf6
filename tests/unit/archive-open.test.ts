// Opening an archive folder: the teacher must get a safe database (WAL, FULL sync, foreign keys),
// one program at a time with a clear Chinese message, recovery after a crash, and refusal of
// files that are not ours or are too new — never a silent overwrite.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, DB_FILE, openArchive, type Archive } from '../../electron/core/db/open';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { KejiError } from '../../electron/core/errors';
import { addMedia, mediaRelPath } from '../../electron/core/media/store';
import { HAS_CHINESE, REPO_ROOT, tempDir, testClock } from './helpers';

const open: Archive[] = [];
afterEach(() => {
  for (const a of open.splice(0)) a.close();
});
function openHere(dir: string, create = true): Archive {
  const a = openArchive(dir, { create, clock: testClock() });
  open.push(a);
  return a;
}

function openError(dir: string, opts: Parameters<typeof openArchive>[1] = {}): KejiError {
  try {
    const a = openArchive(dir, opts);
    a.close();
  } catch (e) {
    expect(e).toBeInstanceOf(KejiError);
    return e as KejiError;
  }
  throw new Error(`openArchive(${dir}) unexpectedly succeeded`);
}

/** A script that opens the archive in another Node process (through tsx, like the keji bin). */
function childScript(): string {
  const file = path.join(tempDir(), 'open-child.mts');
  const openUrl = pathToFileURL(path.join(REPO_ROOT, 'electron/core/db/open.ts')).href;
  fs.writeFileSync(
    file,
    `
import { openArchive } from ${JSON.stringify(openUrl)};
const [dir, mode] = process.argv.slice(2);
try {
  const a = openArchive(dir);
  process.stdout.write(JSON.stringify({ ok: true, pid: process.pid }) + '\\n');
  if (mode === 'hold') {
    process.stdin.resume();
    process.stdin.on('end', () => { a.close(); process.exit(0); });
  } else {
    a.close();
  }
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, code: e.code, message: e.message }) + '\\n');
}
`,
  );
  return file;
}
const nodeArgs = (script: string, ...args: string[]) => ['--import', 'tsx', script, ...args];

describe('a freshly opened archive', () => {
  it('has the pragmas that keep the data safe and marks the file as ours', () => {
    const dir = path.join(tempDir(), '科技档案');
    const a = openHere(dir);
    expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(a.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(a.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(APPLICATION_ID).toBe(0x4b454a49);
    expect(a.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    for (const sub of ['media', 'thumbs', 'backups']) expect(fs.statSync(path.join(dir, sub)).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(true);
    // foreign keys really are enforced on this connection
    expect(() =>
      a.db.prepare("INSERT INTO group_members (group_id, person_id, joined_on) VALUES ('x','y','2025-09-01')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('keeps its identity after closing: application_id, user_version and WAL persist, the lock is released', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    const raw = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    // and it opens again without create
    const again = openHere(dir, false);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('refuses a folder that does not exist or holds no archive, in Chinese, without creating anything', () => {
    const base = tempDir();
    const missing = path.join(base, '没有这个文件夹');
    const e1 = openError(missing);
    expect(e1.code).toBe('NOT_AN_ARCHIVE');
    expect(e1.message).toContain('文件夹不存在');
    expect(fs.existsSync(missing)).toBe(false);
    const empty = path.join(base, 'empty');
    fs.mkdirSync(empty);
    const e2 = openError(empty);
    expect(e2.code).toBe('NOT_AN_ARCHIVE');
    expect(e2.message).toMatch(HAS_CHINESE);
    expect(fs.readdirSync(empty)).toEqual([]);
  });
});

describe('one program at a time (.lock)', () => {
  it('a second open in the same process is refused with LOCKED and a Chinese message', () => {
    const dir = path.join(tempDir(), 'a');
    openHere(dir);
    const e = openError(dir);
    expect(e.code).toBe('LOCKED');
    expect(e.message).toContain('正在被另一个程序使用');
    // the refusal did not take the holder's lock away
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it('another process is refused while this one holds the archive, and may open it after close', () => {
    const dir = path.join(tempDir(), 'a');
    const a = openArchive(dir, { create: true });
    const script = childScript();
    const refused = spawnSync(process.execPath, nodeArgs(script, dir), {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(refused.stderr).toBe('');
    const r1 = JSON.parse(refused.stdout);
    expect(r1).toMatchObject({ ok: false, code: 'LOCKED' });
    expect(r1.message).toContain('正在被另一个程序使用');
    expect(r1.message).toContain(String(process.pid));
    a.close();
    const allowed = spawnSync(process.execPath, nodeArgs(script, dir), {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(JSON.parse(allowed.stdout)).toMatchObject({ ok: true });
  });

  it('this process is refused while another process holds it; a crashed holder (SIGKILL) leaves a lock that is recovered', async () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, nodeArgs(childScript(), dir, 'hold'), {
      cwd: REPO_ROOT,
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (b) => {
          buf += b;
          if (buf.includes('\n')) resolve(buf.split('\n')[0]);
        });
        child.on('exit', (c) => reject(new Error(`child exited early (${c})`)));
      });
      expect(JSON.parse(line)).toMatchObject({ ok: true, pid: child.pid });
      const e = openError(dir);
      expect(e.code).toBe('LOCKED');
      expect(e.message).toContain(`进程 ${child.pid}`);
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    // the dead holder's .lock is still there; opening takes it over
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).pid).toBe(child.pid);
    const a = openHere(dir, false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).pid).toBe(process.pid);
    expect(a.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('a stale lock whose pid no longer runs on this computer is recovered, and leaves no litter', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    const done = spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8' });
    const deadPid = done.pid!;
    expect(() => process.kill(deadPid, 0)).toThrow();
    fs.writeFileSync(
      path.join(dir, '.lock'),
      JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: '2025-01-01T00:00:00.000Z', app: 'keji' }),
    );
    openHere(dir, false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.lock.'))).toEqual([]);
  });

  it('an empty (torn) lock file left by a crash is recovered', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    fs.writeFileSync(path.join(dir, '.lock'), '');
    openHere(dir, false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it('a lock from another computer (USB stick) is respected and named in the message', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    fs.writeFileSync(
      path.join(dir, '.lock'),
      JSON.stringify({ pid: 4242, host: 'JIAOWU-PC-不同', startedAt: '2025-01-01T00:00:00.000Z', app: 'keji' }),
    );
    const e = openError(dir);
    expect(e.code).toBe('LOCKED');
    expect(e.message).toContain('JIAOWU-PC-不同');
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).host).toBe('JIAOWU-PC-不同');
  });
});

describe('files that are not (our) archives', () => {
  it('a SQLite file of another program → NOT_AN_ARCHIVE, and the file is left untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE);
    const other = new Database(file);
    other.exec("CREATE TABLE grades (name TEXT, score INT); INSERT INTO grades VALUES ('张三', 90);");
    other.close();
    const before = fs.readFileSync(file);
    const e = openError(dir);
    expect(e.code).toBe('NOT_AN_ARCHIVE');
    expect(e.message).toContain('不是科技档案');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'media'))).toBe(false);
  });

  it('a 0-byte archive.sqlite → NOT_AN_ARCHIVE (not silently turned into an empty archive)', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILE), '');
    const e = openError(dir, { create: true });
    expect(e.code).toBe('NOT_AN_ARCHIVE');
    expect(e.message).toContain('空文件');
    expect(fs.statSync(path.join(dir, DB_FILE)).size).toBe(0);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  });

  it('a text file named archive.sqlite → NOT_AN_ARCHIVE', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILE), '这不是数据库，只是一段文字。'.repeat(50));
    const e = openError(dir);
    expect(e.code).toBe('NOT_AN_ARCHIVE');
    expect(e.message).toMatch(HAS_CHINESE);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  });

  it('an archive from a newer program → SCHEMA_TOO_NEW asking to upgrade, data version unchanged', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const e = openError(dir);
    expect(e.code).toBe('SCHEMA_TOO_NEW');
    expect(e.message).toContain('请升级');
    expect(e.message).toContain(String(SCHEMA_VERSION + 1));
    const check = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  });
});

describe('cleaning up after a crash', () => {
  it('half-written media (*.partial) are removed on open; stored originals stay', () => {
    const dir = path.join(tempDir(), 'a');
    const a = openArchive(dir, { create: true, clock: testClock() });
    const photo = Buffer.from('a finished photo');
    const { id } = addMedia(a, photo, { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: 'IMG_1.jpg' });
    const sha = a.db.prepare('SELECT sha256 FROM media WHERE id=?').pluck().get(id) as string;
    a.close();
    const done = path.join(dir, mediaRelPath(sha, 'jpg'));
    const partial = path.join(path.dirname(done), `${'0'.repeat(64)}.jpg.1234.partial`);
    fs.writeFileSync(partial, 'half');
    openHere(dir, false);
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.readFileSync(done).equals(photo)).toBe(true);
  });
});

describe('a full disk', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'opens the archive read-only with the reason shown, instead of not at all; no empty lock is left',
    async () => {
      const { createDispatcher } = await import('../../electron/core/handlers');
      const { createPerson } = await import('../../electron/core/people/queries');
      const mnt = tempDir('keji-full-');
      expect(
        spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]).status,
        'mount a 4 MB tmpfs (root)',
      ).toBe(0);
      try {
        const dir = path.join(mnt, '科技档案');
        const a = openArchive(dir, { create: true });
        createPerson(a, { kind: 'student', name: '张树茂', entryYear: 2021 });
        a.close();
        try {
          for (let i = 0; ; i++) fs.writeFileSync(path.join(mnt, `fill-${i}`), Buffer.alloc(128 * 1024));
        } catch {
          /* full */
        }
        const b = openArchive(dir);
        expect(b.readonly).toBe(true);
        expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
        const d = createDispatcher(b);
        const info = await d('archive.info', {});
        expect(info.ok && info.value).toMatchObject({ readonly: true, diskFull: true });
        const people = await d('people.list', {});
        expect(people.ok && (people.value as { items: { name: string }[] }).items.map((p) => p.name)).toEqual([
          '张树茂',
        ]);
        const write = await d('people.create', { kind: 'student', name: '李明', entryYear: 2022 });
        expect(!write.ok && write.error.message).toMatch(/磁盘空间已满/);
        b.close();
      } finally {
        spawnSync('umount', ['-l', mnt]);
      }
    },
  );
});
