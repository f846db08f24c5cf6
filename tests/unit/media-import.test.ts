// Importing photos, videos and documents: every bad file gets a Chinese reason and the rest go
// on; dedupe by content; cancel keeps what finished; nothing half-written is ever left behind.
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createActivity } from '../../electron/core/activities/queries';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { beginJob, cancelJob } from '../../electron/core/jobs';
import { importMedia } from '../../electron/core/media/import';
import { mediaRelPath, thumbRelPath } from '../../electron/core/media/store';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { moveToTrash } from '../../electron/core/trash';
import { bombPng, filesUnder, heic, jpeg, mp4, pdf, png, write } from './media-fixtures';
import { HAS_CHINESE, newArchive, tempDir } from './helpers';

afterAll(() => closeThumbWorker());

const rows = (a: Archive) =>
  a.db.prepare('SELECT * FROM media ORDER BY original_name').all() as Record<string, unknown>[];
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Every row's original is on disk with its hash; no temporary file anywhere. */
function assertConsistent(a: Archive) {
  for (const r of rows(a)) {
    const f = path.join(a.dir, mediaRelPath(r.sha256 as string, r.ext as string));
    expect(fs.existsSync(f), `file of ${r.original_name}`).toBe(true);
    expect(sha(fs.readFileSync(f))).toBe(r.sha256);
  }
  const stray = [...filesUnder(path.join(a.dir, 'media')), ...filesUnder(path.join(a.dir, 'thumbs'))].filter((f) =>
    f.endsWith('.partial'),
  );
  expect(stray).toEqual([]);
}

describe('import: good files', () => {
  it('stores originals by content, reads EXIF date and orientation, makes both thumbnails upright, links to the activity', async () => {
    const a = newArchive();
    const src = tempDir();
    const act = createActivity(a, {
      title: '科技节',
      type: '科技节/科技周',
      status: 'done',
      startDate: '2025-05-12',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const upright = await jpeg(1, { taken: '2025:05:12 10:30:00' });
    const sideways = await jpeg(2, { width: 400, height: 300, taken: '2025:05:12 10:31:00', orientation: 6 });
    write(src, 'DCIM/100/IMG_0001.jpg', upright);
    write(src, 'DCIM/100/IMG_0002.JPG', sideways);
    const noExif = write(src, 'DCIM/101/截图.png', await png(3));
    fs.utimesSync(noExif, new Date(2024, 10, 5, 9, 15, 0), new Date(2024, 10, 5, 9, 15, 0));
    write(src, 'DCIM/实验视频.mp4', mp4());
    write(src, '资料/活动方案.pdf', pdf());
    write(src, '.DS_Store', 'junk'); // hidden files are passed over
    write(src, 'Thumbs.db', 'junk');

    const r = await importMedia(a, [src], { target: { kind: 'activity', id: act.id } });
    expect(r.failed).toEqual([]);
    expect(r).toMatchObject({ imported: 5, duplicates: 0, cancelled: false });
    const byName = Object.fromEntries(rows(a).map((x) => [x.original_name, x]));
    expect(Object.keys(byName).sort()).toEqual(
      ['IMG_0001.jpg', 'IMG_0002.JPG', '实验视频.mp4', '截图.png', '活动方案.pdf'].sort(),
    );
    expect(byName['IMG_0001.jpg']).toMatchObject({
      kind: 'photo',
      ext: 'jpg',
      mime: 'image/jpeg',
      taken_at: '2025-05-12T10:30:00',
      width: 320,
      height: 240,
      orientation: 1,
      sha256: sha(upright),
    });
    expect(byName['IMG_0002.JPG']).toMatchObject({ taken_at: '2025-05-12T10:31:00', orientation: 6 });
    // No date inside: the date of the activity it was imported onto, not the file's time.
    expect(byName['截图.png']).toMatchObject({
      kind: 'photo',
      ext: 'png',
      taken_at: '2025-05-12T00:00:00',
      taken_source: 'activity',
    });
    expect(byName['IMG_0001.jpg']).toMatchObject({ taken_source: 'original' });
    expect(byName['实验视频.mp4']).toMatchObject({ kind: 'video', ext: 'mp4', mime: 'video/mp4', width: null });
    expect(byName['活动方案.pdf']).toMatchObject({ kind: 'document', mime: 'application/pdf' });
    assertConsistent(a);

    // Thumbnails: WebP, long edge 256 and at most 1024, and the EXIF-rotated photo comes out upright (portrait).
    const t = await sharp(path.join(a.dir, thumbRelPath(sha(sideways), 256))).metadata();
    expect(t.format).toBe('webp');
    expect([t.width, t.height]).toEqual([192, 256]);
    const m = await sharp(path.join(a.dir, thumbRelPath(sha(sideways), 1024))).metadata();
    expect([m.width, m.height]).toEqual([300, 400]); // never enlarged
    expect(fs.existsSync(path.join(a.dir, 'thumbs', sha(pdf()).slice(0, 2)))).toBe(false); // no thumbnail for documents

    // Linked to the activity in file order; the first photo became its cover.
    const links = a.db
      .prepare(
        'SELECT m.original_name FROM media_links l JOIN media m ON m.id=l.media_id WHERE l.target_id=? ORDER BY l.position',
      )
      .pluck()
      .all(act.id);
    expect(links).toHaveLength(5);
    const cover = a.db
      .prepare('SELECT m.original_name FROM activities ac JOIN media m ON m.id=ac.cover_media_id WHERE ac.id=?')
      .pluck()
      .get(act.id);
    expect(cover).toBe('IMG_0001.jpg');
    a.close();
  });
});

describe('import: bad files', () => {
  it('gives each bad file a Chinese reason, imports the rest, and stores nothing for the bad ones', async () => {
    const a = newArchive();
    const src = tempDir();
    const good = await jpeg(10);
    write(src, '01-good.jpg', good);
    write(src, '02-empty.jpg', Buffer.alloc(0));
    write(src, '03-text-renamed.jpg', '这是一个文本文件，不是照片');
    write(src, '04-truncated.jpg', (await jpeg(11, { width: 800, height: 600 })).subarray(0, 4000));
    write(src, '05-corrupt.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(3000)]));
    write(src, '06-bomb.png', bombPng());
    write(src, '07-iphone.heic', heic());
    write(src, '08-notes.txt', 'hello');
    write(src, '09-fake.docx', 'plain text, not a Word file');
    write(src, '10-png-named.jpg', await png(12)); // a PNG under a .jpg name is still a photo
    write(src, '11-good.jpg', await jpeg(13));
    const vanished = write(src, '12-vanishes.jpg', await jpeg(14));

    const r = await importMedia(a, [src, path.join(src, '不存在的文件夹')], {
      beforeFile: (f) => {
        if (f === vanished) fs.rmSync(vanished);
      }, // the USB stick is pulled just before this file
    });
    expect(r.imported).toBe(3);
    const reason = Object.fromEntries(r.failed.map((f) => [path.basename(f.file), f.reason]));
    expect(reason).toEqual({
      不存在的文件夹: '文件不存在或已被移走（U盘可能已拔出）',
      '02-empty.jpg': '空文件（0 字节），已跳过',
      '03-text-renamed.jpg': '文件内容不是图片（可能是改了扩展名的其他文件）',
      '04-truncated.jpg': '图片已损坏或不完整，无法读取',
      '05-corrupt.jpg': '图片已损坏或不完整，无法读取',
      '06-bomb.png': '图片像素过多（超过 1 亿像素），可能是异常文件，已跳过',
      '07-iphone.heic': expect.stringContaining('HEIC/HEIF 照片无法读取'),
      '08-notes.txt': '不支持的文件类型（.txt），已跳过',
      '09-fake.docx': '文件内容与扩展名 .docx 不符',
      '12-vanishes.jpg': '文件不存在或已被移走（U盘可能已拔出）',
    });
    for (const f of r.failed) expect(f.reason).toMatch(HAS_CHINESE);
    expect(rows(a).map((x) => [x.original_name, x.ext])).toEqual([
      ['01-good.jpg', 'jpg'],
      ['10-png-named.jpg', 'png'],
      ['11-good.jpg', 'jpg'],
    ]);
    // Only the three good originals are stored, and only their thumbnails.
    expect(filesUnder(path.join(a.dir, 'media'))).toHaveLength(3);
    expect(filesUnder(path.join(a.dir, 'thumbs'))).toHaveLength(6);
    assertConsistent(a);
    a.close();
  });

  it.skipIf(process.getuid?.() !== 0)(
    'a full disk fails that file with a Chinese reason, leaves no partial file, and the rest continue',
    async () => {
      // A 16 MB tmpfs holds the archive (its database alone is ~2 MB with the search index); a 20 MB video cannot fit, the photos around it can.
      const mnt = tempDir('keji-full-');
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]).status === 0;
      expect(mounted, 'mount a 16 MB tmpfs (root on this machine)').toBe(true);
      try {
        const a = openArchive(path.join(mnt, 'a'), { create: true });
        const src = tempDir();
        write(src, '1.jpg', await jpeg(21));
        write(src, '2-big.mp4', Buffer.concat([mp4(), crypto.randomBytes(20 * 1024 * 1024)]));
        write(src, '3.jpg', await jpeg(22));
        const r = await importMedia(a, [src]);
        expect(r.failed).toEqual([{ file: path.join(src, '2-big.mp4'), reason: '磁盘空间不足，未能保存此文件' }]);
        expect(r.imported).toBe(2);
        assertConsistent(a);
        expect(filesUnder(path.join(a.dir, 'media'))).toHaveLength(2);
        a.close();
      } finally {
        spawnSync('umount', ['-l', mnt]);
      }
    },
  );
});

describe('import: duplicates', () => {
  it('links a file already in the archive instead of copying it again, and brings one back from the trash', async () => {
    const a = newArchive();
    const src = tempDir();
    const act = createActivity(a, {
      title: '航模比赛',
      type: '模型',
      status: 'done',
      startDate: '2025-06-01',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const photo = await jpeg(30);
    write(src, 'a.jpg', photo);
    write(src, 'same-again.jpg', photo);
    write(src, 'b.jpg', await jpeg(31));
    const first = await importMedia(a, [src]);
    expect(first).toMatchObject({ imported: 2, duplicates: 1, failed: [] });
    const mtimes = filesUnder(path.join(a.dir, 'media')).map((f) => fs.statSync(path.join(a.dir, 'media', f)).mtimeMs);

    // The same USB stick again, this time for the activity: nothing new is stored, everything is linked.
    const again = await importMedia(a, [src], { target: { kind: 'activity', id: act.id } });
    expect(again).toMatchObject({ imported: 0, duplicates: 3, failed: [] });
    expect(filesUnder(path.join(a.dir, 'media')).map((f) => fs.statSync(path.join(a.dir, 'media', f)).mtimeMs)).toEqual(
      mtimes,
    );
    expect(a.db.prepare('SELECT COUNT(*) FROM media').pluck().get()).toBe(2);
    expect(a.db.prepare('SELECT COUNT(*) FROM media_links WHERE target_id=?').pluck().get(act.id)).toBe(2);

    // A trashed photo imported again comes back instead of staying hidden.
    const id = a.db.prepare('SELECT id FROM media WHERE sha256=?').pluck().get(sha(photo)) as string;
    moveToTrash(a, 'media', id);
    const third = await importMedia(a, [path.join(src, 'a.jpg')]);
    expect(third).toMatchObject({ imported: 0, duplicates: 1 });
    expect(a.db.prepare('SELECT deleted_at FROM media WHERE id=?').pluck().get(id)).toBeNull();
    a.close();
  });

  it('makes missing thumbnails again when a duplicate is imported after the cache was deleted', async () => {
    const a = newArchive();
    const src = tempDir();
    const photo = await jpeg(40);
    write(src, 'x.jpg', photo);
    await importMedia(a, [src]);
    fs.rmSync(path.join(a.dir, 'thumbs'), { recursive: true });
    expect(await importMedia(a, [src])).toMatchObject({ duplicates: 1 });
    expect(fs.existsSync(path.join(a.dir, thumbRelPath(sha(photo), 256)))).toBe(true);
    a.close();
  });
});

describe('import: cancel', () => {
  it('stops handing out files; what finished stays complete and nothing half-written remains', async () => {
    const a = newArchive();
    const src = tempDir();
    for (let i = 0; i < 24; i++)
      write(src, `IMG_${String(i).padStart(3, '0')}.jpg`, await jpeg(100 + i, { width: 1200, height: 900 }));
    const jobId = crypto.randomUUID();
    const events: { done: number; total: number; current?: string; finished?: boolean }[] = [];
    const job = beginJob(jobId, (_e, p) => {
      events.push(p as (typeof events)[number]);
      if ((p as { done: number }).done >= 3) cancelJob(jobId);
    });
    const r = await importMedia(a, [src], { job });
    job.end();
    expect(r.cancelled).toBe(true);
    expect(r.imported).toBeGreaterThanOrEqual(3);
    expect(r.imported).toBeLessThan(24);
    expect(r.failed).toEqual([]);
    expect(rows(a)).toHaveLength(r.imported);
    assertConsistent(a);
    for (const x of rows(a)) expect(fs.existsSync(path.join(a.dir, thumbRelPath(x.sha256 as string, 1024)))).toBe(true);
    expect(filesUnder(path.join(a.dir, 'media'))).toHaveLength(r.imported);
    // Progress said how many, which file, and ended with a finished event.
    expect(events[0]).toMatchObject({ done: 0, total: 24 });
    expect(events.some((e) => e.current?.startsWith('IMG_'))).toBe(true);
    expect(events.at(-1)).toMatchObject({ finished: true });
    a.close();
  });
});

describe('import: crash safety', () => {
  it('survives the importing process being killed: database intact, every row has its file, no orphans, thumbnails regenerable', async () => {
    const dir = path.join(tempDir(), 'arc');
    openArchive(dir, { create: true }).close();
    const src = tempDir();
    for (let i = 0; i < 16; i++)
      write(src, `P${String(i).padStart(3, '0')}.jpg`, await jpeg(200 + i, { width: 1600, height: 1200 }));
    const { spawn } = await import('node:child_process');
    const { default: Database } = await import('better-sqlite3');
    const child = spawn(process.execPath, ['electron/cli/keji.mjs', 'import-photos', dir, src, '--json'], {
      stdio: 'ignore',
    });
    // Kill it (SIGKILL: no clean-up of any kind) once a few rows have committed.
    const t0 = Date.now();
    const deadline = t0 + 40_000;
    let seen = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const db = new Database(path.join(dir, 'archive.sqlite'), { readonly: true, fileMustExist: true });
        seen = db.prepare('SELECT COUNT(*) FROM media').pluck().get() as number;
        db.close();
      } catch {
        /* busy for a moment */
      }
      if (seen >= 3) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(seen).toBeGreaterThanOrEqual(3);

    const a = openArchive(dir); // takes over the dead process's lock, cleans up
    try {
      expect(a.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = rows(a).length;
      expect(n).toBeGreaterThanOrEqual(3);
      assertConsistent(a);
      // No original survives without its row.
      expect(filesUnder(path.join(a.dir, 'media'))).toHaveLength(n);
      // The thumbnail cache can be thrown away and made again from the originals.
      fs.rmSync(path.join(a.dir, 'thumbs'), { recursive: true });
      const { ensureThumbs } = await import('../../electron/core/media/thumbs');
      for (const x of rows(a))
        expect(
          await ensureThumbs(a, { sha256: x.sha256 as string, ext: x.ext as string, kind: x.kind as string }),
        ).toBe(true);
      for (const x of rows(a))
        expect((await sharp(path.join(a.dir, thumbRelPath(x.sha256 as string, 256))).metadata()).format).toBe('webp');
      // And the import can simply be run again: finished files are recognised, the rest are added.
      const r = await importMedia(a, [src]);
      expect(r).toMatchObject({ duplicates: n, imported: 16 - n, failed: [] });
    } finally {
      a.close();
    }
  });
});

describe('keji import-photos', () => {
  it('prints { imported, duplicates, failed: [{ file, reason }] } and links to the activity', async () => {
    const a = newArchive();
    const act = createActivity(a, {
      title: '科普讲座',
      type: '科普讲座',
      status: 'done',
      startDate: '2025-03-05',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const dir = a.dir;
    a.close();
    const src = tempDir();
    write(src, '1.jpg', await jpeg(500));
    write(src, 'sub/2.jpg', await jpeg(501));
    write(src, 'sub/bad.jpg', 'not a photo');
    const run = () =>
      spawnSync(
        process.execPath,
        ['electron/cli/keji.mjs', 'import-photos', dir, src, path.join(src, '1.jpg'), '--activity', act.id, '--json'],
        { encoding: 'utf8', timeout: 60_000 },
      );
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      imported: 2,
      duplicates: 0,
      failed: [{ file: path.join(src, 'sub', 'bad.jpg'), reason: '文件内容不是图片（可能是改了扩展名的其他文件）' }],
    });
    expect(JSON.parse(run().stdout)).toMatchObject({ imported: 0, duplicates: 2 });
    const b = openArchive(dir);
    expect(
      b.db.prepare("SELECT COUNT(*) FROM media_links WHERE target_kind='activity' AND target_id=?").pluck().get(act.id),
    ).toBe(2);
    b.close();
  });
});
