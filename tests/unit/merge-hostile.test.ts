// A merge never destroys silently. Packages are rewritten by hand the way an attacker
// (or a PC with a wrong clock) would: rows in the package database changed, its manifest hash
// fixed so that the package still verifies. After such a merge every one of our rows is still
// there and unchanged, and the conflicts are listed; trashing ours needs --prefer theirs.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { getActivity, updateActivity } from '../../electron/core/activities/queries';
import { createDemoArchive } from '../../electron/core/demo/generate';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { ORPHANS_DIR } from '../../electron/core/media/store';
import { listBackups } from '../../electron/core/package/backup';
import { exportPackage } from '../../electron/core/package/export';
import { verifyPackage } from '../../electron/core/package/verify';
import { mergePackage, previewMerge } from '../../electron/core/package/merge';
import { HAS_CHINESE, newArchive, tempDir, testClock } from './helpers';
import { dumpData, forgePackage, listing, makeSchool, photo } from './package-fixtures';
import { addMedia, linkMedia } from '../../electron/core/media/store';

async function keji(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { log: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const all = { scope: { kind: 'all' as const }, maskNames: false, includeSensitive: false };
const exportTo = async (a: Archive) => (await exportPackage(a, { target: tempDir('keji-usb-'), ...all })).path;

const RECORDS = ['people', 'groups', 'competitions', 'activities', 'works', 'awards'] as const;
const FUTURE = '9999-12-31T23:59:59.999Z';

/** The attack: every person, group, competition, activity, work and award "edited" in the year 9999, and trashed. */
const forgedClock = (db: Database.Database) => {
  for (const t of RECORDS) db.prepare(`UPDATE ${t} SET updated_at=?, deleted_at=?`).run(FUTURE, FUTURE);
};

const count = (db: Database.Database | Archive, sql: string) =>
  ('db' in db ? db.db : db).prepare(sql).pluck().get() as number;

describe('a merge never destroys silently', () => {
  it('the forged-clock package on the demo archive: every row stays, every one is listed; --dry-run counts; --prefer theirs trashes', async () => {
    const dir = path.join(tempDir(), '演示');
    await createDemoArchive(dir, { photos: false });
    const usb = tempDir('keji-usb-');
    const pkg = JSON.parse((await keji('export', dir, usb, '--json')).stdout).path as string;
    forgePackage(pkg, forgedClock);
    expect((await verifyPackage(pkg)).ok).toBe(true); // the manifest is unsigned: it still verifies

    let a = openArchive(dir);
    const before = dumpData(a);
    const ours = RECORDS.reduce((n, t) => n + count(a, `SELECT COUNT(*) FROM ${t} WHERE deleted_at IS NULL`), 0);
    const rows = RECORDS.reduce((n, t) => n + count(a, `SELECT COUNT(*) FROM ${t}`), 0);
    expect(ours).toBeGreaterThan(400);
    const present = RECORDS.filter((t) => count(a, `SELECT COUNT(*) FROM ${t} WHERE deleted_at IS NULL`) > 0);
    a.close();

    // Plain merge: nothing of ours is touched; every forged record is a conflict, named in Chinese.
    const m = await keji('merge', dir, pkg, '--json');
    expect(m.code).toBe(0);
    const r = JSON.parse(m.stdout);
    expect(r.conflictsTotal).toBe(rows);
    expect(r.unresolved).toBe(rows);
    expect(r.updated).toEqual([]);
    expect(r.trashed).toEqual([]); // nothing of ours goes to the trash without --prefer theirs
    expect(r.conflicts.length).toBe(Math.min(rows, 500));
    const c = r.conflicts.find((x: { table: string }) => x.table === 'people');
    expect(c.description).toMatch(/^数据包要把成员「.+」移到回收站$/);
    expect(c.reason).toContain('9999-12-31');
    expect(c.reason).toContain('不可信');
    a = openArchive(dir);
    expect(dumpData(a)).toEqual(before);
    a.close();
    const text = await keji('merge', dir, pkg);
    expect(text.stdout).toContain(`冲突：${rows} 条，保留本机版本`);
    expect(text.stdout).toMatch(
      /· 数据包要把成员「.+」移到回收站（数据包中的修改时间 9999-12-31T23:59:59.999Z 晚于数据包的导出时间.+不可信）：回收站\n/,
    );
    expect(text.stdout).toContain(`……另有 ${rows - 20} 条`);

    // --dry-run --prefer theirs: says what it would do, writes nothing (no row, no backup, no file).
    a = openArchive(dir);
    const backups = listBackups(a.dir).length;
    a.close();
    const files = listing(dir);
    const dry = JSON.parse((await keji('merge', dir, pkg, '--dry-run', '--prefer', 'theirs', '--json')).stdout);
    expect(dry.applied).toBe(false);
    expect(dry.conflictsTotal).toBe(0);
    expect(dry.trashed.reduce((n: number, x: { count: number }) => n + x.count, 0)).toBe(ours);
    expect(dry.trashed.map((x: { table: string }) => x.table)).toEqual(present);
    expect(dry.held).toBe(0);
    expect(listing(dir)).toEqual(files);
    a = openArchive(dir);
    expect(dumpData(a)).toEqual(before);
    expect(listBackups(a.dir).length).toBe(backups);
    a.close();

    // --prefer theirs is the teacher's explicit "yes": the deletions are applied (after a backup).
    const yes = await keji('merge', dir, pkg, '--prefer', 'theirs');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('合并前已备份');
    a = openArchive(dir);
    for (const t of RECORDS) expect(count(a, `SELECT COUNT(*) FROM ${t} WHERE deleted_at IS NULL`), t).toBe(0);
    a.close();
  });

  it('a PC whose clock runs years ahead does not win against ours, even with shared history', async () => {
    const a = newArchive({ start: '2025-09-01T08:00:00Z', seed: 1 });
    const s = makeSchool(a);
    const b = newArchive({ start: '2099-01-01T08:00:00Z', seed: 2 }); // B's clock is wrong
    await mergePackage(b, await exportTo(a));
    const x = getActivity(b, s.lecture);
    updateActivity(b, s.lecture, { ...x, location: '礼堂（B，时钟错了）' } as never);
    const before = dumpData(a);
    const pkg = await exportTo(b);
    const r = await mergePackage(a, pkg);
    expect(r.sharedHistory).toBe(true);
    expect(r.conflicts.map((c) => c.key)).toEqual([`activities:${s.lecture}`]);
    expect(r.conflicts[0].reason).toContain('不可信');
    expect(r.conflicts[0].description).toBe('数据包修改了活动「科普讲座：走进中国航天」');
    const after = dumpData(a);
    expect(after.activities).toEqual(before.activities);
    expect(after.activity_participants).toEqual(before.activity_participants);
    // The teacher can still take it, knowingly.
    await mergePackage(a, pkg, { choices: { [`activities:${s.lecture}`]: 'theirs' } });
    expect(getActivity(a, s.lecture).location).toBe('礼堂（B，时钟错了）');
    a.close();
    b.close();
  });

  it('a package with no shared history that changes or deletes our rows: conflicts kept as ours, listed', async () => {
    const a = newArchive({ start: '2025-09-01T08:00:00Z', seed: 1 });
    const s = makeSchool(a);
    const pkg = await exportTo(a);
    const stranger = '0123456789abcdef0123456789abcdef';
    let exported = '';
    forgePackage(
      pkg,
      (db) => {
        // Believable times (the export's own), another archive's id, no memory of ours.
        db.prepare("UPDATE settings SET value=? WHERE key='archiveId'").run(JSON.stringify(stranger));
        db.prepare('DELETE FROM merge_state').run();
        exported = JSON.parse(fs.readFileSync(path.join(pkg, 'manifest.json'), 'utf8')).createdAt;
        db.prepare("UPDATE activities SET title='陌生人改的标题', updated_at=? WHERE id=?").run(exported, s.lecture);
        db.prepare('UPDATE people SET deleted_at=?, updated_at=? WHERE id=?').run(exported, exported, s.zhang);
      },
      {
        manifest: (m) => {
          m.archiveId = stranger;
        },
      },
    );
    const before = dumpData(a);
    const p = await previewMerge(a, pkg, { confirmTrash: true });
    expect(p.sharedHistory).toBe(false);
    expect(p.conflicts.map((c) => c.description).sort()).toEqual(
      ['数据包修改了活动「科普讲座：走进中国航天」', '数据包要把成员「张树茂」移到回收站'].sort(),
    );
    expect(p.conflicts.every((c) => c.reason === '两份档案之间从未合并过，无法判断哪一份较新')).toBe(true);
    expect(p.updated).toEqual([]);
    const r = await mergePackage(a, pkg, { confirmTrash: true }); // a general yes to trashing does not decide conflicts
    expect(r.unresolved).toBe(2);
    const after = dumpData(a);
    for (const t of ['people', 'activities', 'awards', 'works', 'media'] as const)
      expect(after[t], t).toEqual(before[t]);
    // Picked one by one, it is applied.
    await mergePackage(a, pkg, { choices: { [`people:${s.zhang}`]: 'theirs' } });
    expect(count(a, `SELECT COUNT(*) FROM people WHERE deleted_at IS NOT NULL AND id='${s.zhang}'`)).toBe(1);
    expect(getActivity(a, s.lecture).title).toBe('科普讲座：走进中国航天');
    a.close();
  });

  it('a deletion from a PC we share history with is held until the teacher confirms it', async () => {
    const a = newArchive({ start: '2025-09-01T08:00:00Z', seed: 1 });
    const s = makeSchool(a);
    const b = newArchive({ start: '2025-10-01T08:00:00Z', seed: 2 });
    await mergePackage(b, await exportTo(a));
    b.db
      .prepare('UPDATE activities SET deleted_at=?, updated_at=? WHERE id=?')
      .run(b.clock.now().toISOString(), b.clock.now().toISOString(), s.model);
    const pkg = await exportTo(b);
    const r = await mergePackage(a, pkg);
    expect(r.trashed).toEqual([{ table: 'activities', label: '活动', count: 1, titles: ['航模训练'] }]);
    expect(r.held).toBe(1);
    expect(r.warnings.join('')).toContain('没有确认，已保留本机版本');
    expect(count(a, `SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL AND id='${s.model}'`)).toBe(1);
    const yes = await mergePackage(a, pkg, { confirmTrash: true });
    expect(yes.held).toBe(0);
    expect(count(a, `SELECT COUNT(*) FROM activities WHERE deleted_at IS NOT NULL AND id='${s.model}'`)).toBe(1);
    a.close();
    b.close();
  });

  it("an interrupted merge leaves none of the package's media behind, in media/ or in media-orphans/", async () => {
    const a = newArchive({ start: '2025-09-01T08:00:00Z', seed: 1 });
    const s = makeSchool(a);
    for (let i = 0; i < 4; i++)
      linkMedia(
        a,
        addMedia(a, photo(500 + i), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: `新照片${i}.jpg` })
          .id,
        'activity',
        s.model,
      );
    const pkg = await exportTo(a);
    const bDir = path.join(tempDir(), '科技档案');
    let b = openArchive(bDir, { create: true, clock: testClock('2025-10-01T08:00:00Z', 2) });
    const before = dumpData(b);
    const media = () => listing(path.join(bDir, 'media'));
    const filesBefore = media();
    // Cancelled right after the last file of the package was copied, before any row was written.
    let copied = false;
    const err = await mergePackage(b, pkg, {
      onProgress: (done, total, current) => {
        if (current.endsWith('.jpg') && !current.includes('/') && done === total) copied = true;
      },
      check: () => {
        if (copied) throw new Error('已取消');
      },
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toBe('已取消');
    expect(copied).toBe(true);
    expect(dumpData(b)).toEqual(before);
    expect(media()).toEqual(filesBefore);
    b.close();
    b = openArchive(bDir); // the crash clean-up of the next start finds nothing to quarantine
    expect(fs.existsSync(path.join(bDir, ORPHANS_DIR)) ? fs.readdirSync(path.join(bDir, ORPHANS_DIR)) : []).toEqual([]);
    // And the same merge, not interrupted, brings every file.
    const r = await mergePackage(b, pkg);
    expect(r.media.toCopy).toBe(8);
    expect(media().filter((f) => !f.includes('.partial')).length).toBe(filesBefore.length + 8);
    b.close();
    a.close();
  });

  it('a package too large is refused up front, in Chinese, before it is read', async () => {
    const a = newArchive();
    makeSchool(a);
    const pkg = await exportTo(a);
    forgePackage(pkg, () => {}, {
      manifest: (m) => {
        (m.counts as Record<string, number>).people = 5_000_000;
      },
    });
    const b = newArchive({ seed: 3 });
    const before = dumpData(b);
    const e1 = await mergePackage(b, pkg).then(
      () => null,
      (e: Error) => e,
    );
    expect(e1?.message).toMatch(/^数据包太大，没有合并任何内容：共 5,0\d\d,\d{3} 条记录，超过上限 1,000,000 条$/);
    // A database file past the cap (sparse: no disk used) is refused before verify reads a byte of it.
    const big = await exportTo(a);
    fs.truncateSync(path.join(big, 'archive.sqlite'), 1.5 * 1024 ** 3);
    const e2 = await previewMerge(b, big).then(
      () => null,
      (e: Error) => e,
    );
    expect(e2?.message).toBe('数据包太大，没有合并任何内容：数据库文件 1.5 GB，超过上限 1 GB');
    expect(e2?.message).toMatch(HAS_CHINESE);
    expect(dumpData(b)).toEqual(before);
    a.close();
    b.close();
  });
});
