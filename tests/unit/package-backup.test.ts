// Backups: a snapshot a day when a host opens the archive, the last 10 plus one a month kept,
// and a restore that first backs up what is there.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock';
import { openArchive } from '../../electron/core/db/open';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import {
  autoBackupOnOpen,
  backupPath,
  createBackup,
  listBackups,
  pruneBackups,
  restoreBackup,
} from '../../electron/core/package/backup';
import { createPerson } from '../../electron/core/people/queries';
import { seededRandom } from '../../shared/domain/ids';
import { caller, newArchive, tempDir } from './helpers';
import { photo } from './package-fixtures';
import { addMedia, mediaRelPath, ORPHANS_DIR } from '../../electron/core/media/store';
import { checkArchiveMedia } from '../../electron/core/media/files';
import { main } from '../../electron/cli/main';

/** A clock the test moves by hand. */
function handClock(start: string) {
  let t = new Date(start).getTime();
  const c = fixedClock(new Date(start), seededRandom(3).bytes, 0);
  return {
    clock: { now: () => new Date(t), newId: c.newId },
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
  };
}

describe('backups', () => {
  it('are taken at most once a day when a host opens the archive', async () => {
    const h = handClock('2026-03-02T01:00:00Z');
    const a = openArchive(path.join(tempDir(), 'a'), { create: true, clock: h.clock });
    expect(await autoBackupOnOpen(a)).not.toBeNull();
    h.set('2026-03-02T09:00:00Z');
    expect(await autoBackupOnOpen(a)).toBeNull();
    h.set('2026-03-04T01:00:00Z');
    const b = await autoBackupOnOpen(a);
    expect(b?.reason).toBe('daily');
    expect(listBackups(a.dir).map((x) => x.reason)).toEqual(['daily', 'daily']);
    a.close();
  });

  it('keep the last 10 and the newest of every month', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'backups'));
    const names: string[] = [];
    // One a day from 10 January to 31 March 2026, plus a before-migration snapshot in December.
    names.push('20251215-080000-before-migration-v3.sqlite');
    for (
      let d = new Date('2026-01-10T08:00:00Z');
      d <= new Date('2026-03-31T08:00:00Z');
      d = new Date(d.getTime() + 86400000)
    ) {
      names.push(`${d.toISOString().slice(0, 10).replace(/-/g, '')}-080000-daily.sqlite`);
    }
    for (const n of names) fs.writeFileSync(path.join(dir, 'backups', n), 'x');
    pruneBackups(dir);
    const kept = listBackups(dir).map((b) => b.file.slice(0, 8));
    expect(kept).toEqual([
      '20260331',
      '20260330',
      '20260329',
      '20260328',
      '20260327',
      '20260326',
      '20260325',
      '20260324',
      '20260323',
      '20260322',
      '20260228',
      '20260131',
      '20251215',
    ]);
  });

  it('restore puts the old data back, after backing up the current state; the open app keeps working', async () => {
    const a = newArchive();
    const c = caller(a);
    createPerson(a, { kind: 'student', name: '张树茂', entryYear: 2021 });
    const before = await createBackup(a, 'manual');
    createPerson(a, { kind: 'student', name: '李明', entryYear: 2022 });
    const names = () => a.db.prepare('SELECT name FROM people ORDER BY name').pluck().all();
    expect(names()).toEqual(['张树茂', '李明'].sort());

    const r = await restoreBackup(a, backupPath(a, before.file));
    expect(names()).toEqual(['张树茂']);
    expect(r.safetyBackup.reason).toBe('before-restore');
    // The call surface works on the restored database, and the restore itself can be undone.
    expect((await c.ok('people.list', {})).items.map((p) => p.name)).toEqual(['张树茂']);
    await restoreBackup(a, backupPath(a, r.safetyBackup.file));
    expect(names()).toEqual(['张树茂', '李明'].sort());
    a.close();
  });

  it('restore from the 设置 page goes through the contract (a job) and names only files in backups/', async () => {
    const a = newArchive();
    const c = caller(a);
    const made = await c.ok('backup.create', { jobId: crypto.randomUUID() });
    expect((await c.ok('backup.list', {})).map((b) => b.file)).toContain(made.file);
    const bad = await c.fail('backup.restore', {
      jobId: crypto.randomUUID(),
      file: '../archive.sqlite',
      confirm: '恢复',
    });
    expect(bad.message).toContain('找不到');
    const ok = await c.ok('backup.restore', { jobId: crypto.randomUUID(), file: made.file, confirm: '恢复' });
    expect(ok.restored.file).toBe(made.file);
    a.close();
  });

  it('refuses a backup from a newer program, and a damaged one, without touching the archive', async () => {
    const a = newArchive();
    createPerson(a, { kind: 'student', name: '张树茂', entryYear: 2021 });
    const b = await createBackup(a, 'manual');
    const newer = path.join(tempDir(), 'newer.sqlite');
    fs.copyFileSync(backupPath(a, b.file), newer);
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(restoreBackup(a, newer)).rejects.toThrow(/请升级软件/);
    const broken = path.join(tempDir(), 'broken.sqlite');
    fs.writeFileSync(broken, fs.readFileSync(backupPath(a, b.file)).subarray(0, 5000));
    await expect(restoreBackup(a, broken)).rejects.toThrow(/损坏/);
    expect(listBackups(a.dir)).toHaveLength(1); // no safety backup was needed
    expect(a.db.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(1);
    a.close();
  });

  it('an older backup is migrated as it is restored', async () => {
    const dir = path.join(tempDir(), 'a');
    const old = openArchive(dir, { create: true, targetVersion: 1 });
    old.db
      .prepare(
        "INSERT INTO people (id, created_at, updated_at, kind, name, entry_year) VALUES ('01950000-0000-7000-8000-000000000001', 't', 't', 'student', '旧的学生', 2020)",
      )
      .run();
    old.close();
    const file = path.join(tempDir(), 'v1.sqlite');
    fs.copyFileSync(path.join(dir, 'archive.sqlite'), file);
    const a = newArchive();
    await restoreBackup(a, file);
    expect(a.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(a.db.prepare('SELECT name FROM people').pluck().all()).toEqual(['旧的学生']);
    a.close();
  });

  it('undoing a restore brings every photo back: 0 rows without a file, and keji check says so', async () => {
    const a = newArchive();
    addMedia(a, photo(1), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '旧照片.jpg' });
    const old = await createBackup(a, 'manual');
    for (let i = 2; i < 6; i++)
      addMedia(a, photo(i), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: `新照片${i}.jpg` });
    const r = await restoreBackup(a, backupPath(a, old.file));
    // The next open moves the newer originals aside (no row names them now)…
    const dir = a.dir;
    a.close();
    const b = openArchive(dir);
    expect(fs.readdirSync(path.join(dir, ORPHANS_DIR))).toHaveLength(4);
    // …and undoing the restore brings their rows and their files back.
    await restoreBackup(b, backupPath(b, r.safetyBackup.file));
    expect(b.db.prepare('SELECT COUNT(*) FROM media').pluck().get()).toBe(5);
    expect(checkArchiveMedia(b.dir, b.db).problems).toEqual([]);
    b.close();
    const out: string[] = [];
    expect(await main(['check', dir], { log: (s) => out.push(s), err: (s) => out.push(s) })).toBe(0);
    expect(out.join('')).toContain('5 个照片');
    // A file lost by hand is named.
    const lost = openArchive(dir);
    const row = lost.db.prepare("SELECT sha256, ext FROM media WHERE original_name='新照片3.jpg'").get() as {
      sha256: string;
      ext: string;
    };
    lost.close();
    fs.rmSync(path.join(dir, mediaRelPath(row.sha256, row.ext)));
    const err: string[] = [];
    expect(await main(['check', dir], { log: () => {}, err: (s) => err.push(s) })).toBe(1);
    expect(err.join('\n')).toContain('新照片3.jpg');
  });
});
