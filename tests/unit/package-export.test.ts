// 导出到U盘: the package format, what it leaves out, what it refuses, and how an interrupted or
// repeated export behaves.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMedia, linkMedia, thumbRelPath } from '../../electron/core/media/store';
import { exportPackage, planExport } from '../../electron/core/package/export';
import { verifyPackage } from '../../electron/core/package/verify';
import { MANIFEST_FILE, readManifest } from '../../electron/core/package/manifest';
import { updateActivity, getActivity } from '../../electron/core/activities/queries';
import { KejiError } from '../../electron/core/errors';
import { beginJob, cancelJob } from '../../electron/core/jobs';
import { HAS_CHINESE, newArchive, tempDir } from './helpers';
import { makeSchool, packageDb, photo, video } from './package-fixtures';

const all = { scope: { kind: 'all' as const }, maskNames: false, includeSensitive: false };

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KejiError);
    expect((e as KejiError).message).toMatch(HAS_CHINESE);
    return (e as KejiError).message;
  }
  throw new Error('expected a refusal');
}

describe('a package on the stick', () => {
  it('is a folder 科技档案_<学校>_<日期> with the database, media, viewer and a manifest of every file', async () => {
    const a = newArchive({ start: '2026-05-20T08:00:00Z' });
    const s = makeSchool(a);
    // The gallery's cached thumbnail of one photo travels too (the viewer's grid uses it).
    const sha0 = a.db.prepare('SELECT sha256 FROM media WHERE id=?').pluck().get(s.photos[0]) as string;
    fs.mkdirSync(path.join(a.dir, 'thumbs', sha0.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(a.dir, thumbRelPath(sha0, 256)), 'RIFF-webp-thumb');
    const usb = tempDir('keji-usb-');
    const r = await exportPackage(a, { target: usb, ...all });
    expect(path.basename(r.path)).toBe('科技档案_青山镇中心小学_20260520');
    expect(fs.readdirSync(usb)).toEqual(['科技档案_青山镇中心小学_20260520']);
    const m = readManifest(path.join(r.path, MANIFEST_FILE));
    if (!m.ok) throw new Error(m.problem.message);
    expect(m.manifest.format).toBe('keji-package');
    expect(m.manifest.formatVersion).toBe(1);
    expect(m.manifest.school).toBe('青山镇中心小学');
    expect(m.manifest.counts).toMatchObject({ activities: 3, students: 3, teachers: 1, works: 1, awards: 2, media: 4 });
    const paths = m.manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'archive.sqlite',
        'index.html',
        'viewer/viewer.js',
        'viewer/data.js',
        'viewer/viewer.css',
      ]),
    );
    expect(paths.filter((p) => p.startsWith('media/'))).toHaveLength(4);
    expect(paths).toContain(thumbRelPath(sha0, 256));
    // Every listed file has the size and sha256 the manifest says.
    for (const f of m.manifest.files) {
      const bytes = fs.readFileSync(path.join(r.path, f.path));
      expect(bytes.length, f.path).toBe(f.size);
      expect(crypto.createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    // The database opens read-only with no -wal/-shm left beside it.
    const db = packageDb(r.path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(db.prepare('SELECT COUNT(*) FROM activities').pluck().get()).toBe(3);
    db.close();
    expect(fs.readdirSync(r.path).filter((f) => f.includes('-wal') || f.includes('-shm'))).toEqual([]);
    expect((await verifyPackage(r.path)).ok).toBe(true);
    // The viewer's data is a classic script naming the photos by relative path.
    const data = fs.readFileSync(path.join(r.path, 'viewer/data.js'), 'utf8');
    expect(data.startsWith('window.KEJI_DATA = ')).toBe(true);
    expect(data).toContain(`media/`);
    expect(data).toContain(`"thumb":"${thumbRelPath(sha0, 256)}"`);
    expect(data).toContain('科普讲座：走进中国航天');
    expect(s.photos).toHaveLength(3);
    a.close();
  });

  it('leaves out ID numbers and phones, and masks student names everywhere when asked', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const plain = await exportPackage(a, { target: usb, ...all });
    let db = packageDb(plain.path);
    expect(
      db
        .prepare(
          'SELECT COUNT(*) FROM people WHERE id_number IS NOT NULL OR guardian_phone IS NOT NULL OR phone IS NOT NULL',
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(db.prepare("SELECT name FROM people WHERE kind='student' ORDER BY name").pluck().all()).toContain('张树茂');
    db.close();
    // The teacher asks for them: they go.
    const usb2 = tempDir('keji-usb-');
    const withIds = await exportPackage(a, { target: usb2, ...all, includeSensitive: true });
    db = packageDb(withIds.path);
    expect(db.prepare("SELECT guardian_phone FROM people WHERE name='张树茂'").pluck().get()).toBe('13800000000');
    db.close();

    const usb3 = tempDir('keji-usb-');
    const masked = await exportPackage(a, { target: usb3, ...all, maskNames: true });
    db = packageDb(masked.path);
    expect(db.prepare("SELECT name FROM people WHERE kind='student' ORDER BY name").pluck().all()).toEqual([
      '张*茂',
      '李*',
      '欧**明',
    ]);
    expect(db.prepare("SELECT name FROM people WHERE kind='teacher'").pluck().get()).toBe('王丽华');
    expect(db.prepare("SELECT process FROM activities WHERE title LIKE '科普讲座%'").pluck().get()).toBe(
      '张*茂同学提问：火箭为什么要分级？欧**明做了记录。',
    );
    db.close();
    // Not in any page of the file (search index, change log, free pages), nor in the viewer.
    for (const f of ['archive.sqlite', 'viewer/data.js']) {
      const bytes = fs.readFileSync(path.join(masked.path, f));
      for (const name of ['张树茂', '欧阳晓明', '13800000000', '620502201401010011'])
        expect(bytes.includes(Buffer.from(name)), `${name} in ${f}`).toBe(false);
    }
    // The archive itself is untouched.
    expect(a.db.prepare("SELECT guardian_phone FROM people WHERE name='张树茂'").pluck().get()).toBe('13800000000');
    a.close();
  });

  it('a period keeps the activities and awards in it, with their people, photos, works and promotion chain', async () => {
    const a = newArchive();
    const s = makeSchool(a);
    const usb = tempDir('keji-usb-');
    const r = await exportPackage(a, {
      target: usb,
      scope: { kind: 'period', from: '2025-09-01', to: '2026-08-31' },
      maskNames: false,
      includeSensitive: false,
    });
    const db = packageDb(r.path);
    expect(db.prepare('SELECT title FROM activities ORDER BY start_date').pluck().all()).toEqual([
      '科普讲座：走进中国航天',
      '航模训练',
    ]);
    // No award in 2025—2026: none, and no work.
    expect(db.prepare('SELECT COUNT(*) FROM awards').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM works').pluck().get()).toBe(0);
    expect(db.prepare('SELECT name FROM people ORDER BY name').pluck().all()).toEqual(
      ['张树茂', '李明', '欧阳晓明', '王丽华'].sort(),
    );
    expect(db.prepare('SELECT COUNT(*) FROM media').pluck().get()).toBe(2); // the lecture's two photos
    expect(db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBe(0);
    db.close();
    const files = readManifest(path.join(r.path, MANIFEST_FILE));
    expect(files.ok && files.manifest.files.filter((f) => f.path.startsWith('media/')).length).toBe(2);

    const r2 = await exportPackage(a, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'period', from: '2025-01-01', to: '2025-06-30' },
      maskNames: false,
      includeSensitive: false,
    });
    const db2 = packageDb(r2.path);
    // The 市级 award of April 2025 brings the 县级 award it was promoted from, the work, its authors and certificate.
    expect(db2.prepare('SELECT level FROM awards ORDER BY awarded_on').pluck().all()).toEqual(['县级', '市级']);
    expect(db2.prepare('SELECT id FROM works').pluck().all()).toEqual([s.work]);
    expect(db2.prepare('SELECT id FROM media').pluck().all()).toEqual([s.certificate]);
    expect(db2.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    db2.close();
    a.close();
  });

  it("chosen activities keep their students, teachers, photos and those students' works and awards", async () => {
    const a = newArchive();
    const s = makeSchool(a);
    const r = await exportPackage(a, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'activities', ids: [s.model] },
      maskNames: false,
      includeSensitive: false,
    });
    const db = packageDb(r.path);
    expect(db.prepare('SELECT title FROM activities').pluck().all()).toEqual(['航模训练']);
    expect(db.prepare('SELECT name FROM people ORDER BY name').pluck().all()).toEqual(['欧阳晓明', '王丽华'].sort());
    // 欧阳晓明 has no work; the teacher advised one, but a teacher's works do not come along.
    expect(db.prepare('SELECT COUNT(*) FROM works').pluck().get()).toBe(0);
    db.close();
    const r2 = await exportPackage(a, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'activities', ids: [s.lecture] },
      maskNames: false,
      includeSensitive: false,
    });
    const db2 = packageDb(r2.path);
    expect(db2.prepare('SELECT id FROM works').pluck().all()).toEqual([s.work]);
    expect(db2.prepare('SELECT level FROM awards ORDER BY awarded_on').pluck().all()).toEqual(['县级', '市级']);
    expect(db2.prepare('SELECT COUNT(*) FROM media').pluck().get()).toBe(3); // two photos and the certificate
    expect(db2.prepare('SELECT name FROM tags').pluck().all()).toEqual(['科技节']);
    expect(db2.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    db2.close();
    a.close();
  });
});

describe('refusals before anything is written', () => {
  it('refuses a stick without enough space, naming what is needed and what is free', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const msg = await refusal(
      exportPackage(a, { target: usb, ...all }, undefined, {
        statfs: () => ({ bavail: 2, bsize: 4096, blocks: 1000 }),
      }),
    );
    expect(msg).toMatch(/U盘空间不足：需要 .+，可用 8\.0 KB/);
    expect(fs.readdirSync(usb)).toEqual([]);
    a.close();
  });

  it('refuses a file of 4 GiB or more (FAT32), naming it', async () => {
    const a = newArchive();
    makeSchool(a);
    const m = addMedia(a, video(7), {
      ext: 'mp4',
      kind: 'video',
      mime: 'video/mp4',
      originalName: '科技节全程录像.mp4',
    });
    const sha = a.db.prepare('SELECT sha256 FROM media WHERE id=?').pluck().get(m.id) as string;
    // A sparse file: 4 GiB on paper, nothing on disk.
    fs.truncateSync(path.join(a.dir, 'media', sha.slice(0, 2), `${sha}.mp4`), 4 * 1024 ** 3);
    const usb = tempDir('keji-usb-');
    const msg = await refusal(exportPackage(a, { target: usb, ...all }));
    expect(msg).toContain('科技节全程录像.mp4');
    expect(msg).toContain('4 GB');
    expect(fs.readdirSync(usb)).toEqual([]);
    a.close();
  });

  it('refuses a path Windows could not open, a missing stick, and the archive folder itself', async () => {
    const a = newArchive();
    makeSchool(a);
    const deep = path.join(tempDir('keji-usb-'), 'x'.repeat(100), 'y'.repeat(60));
    fs.mkdirSync(deep, { recursive: true });
    expect(await refusal(exportPackage(a, { target: deep, ...all }))).toContain('路径太长');
    expect(fs.readdirSync(deep)).toEqual([]);
    expect(await refusal(exportPackage(a, { target: path.join(tempDir(), 'gone'), ...all }))).toContain(
      '找不到导出位置',
    );
    expect(await refusal(exportPackage(a, { target: path.join(a.dir, 'backups'), ...all }))).toContain('档案文件夹');
    a.close();
  });

  it('plans without writing: size, what is new, the file system', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const plan = await planExport(
      a,
      { target: usb, ...all },
      { mounts: () => `/dev/sdb1 ${usb} vfat rw 0 0\n/dev/vda / ext4 rw 0 0\n` },
    );
    expect(plan.target.fsLabel).toBe('FAT32');
    expect(plan.filesToWrite).toBe(plan.files);
    expect(plan.notes.join('\n')).toContain('FAT32');
    expect(fs.readdirSync(usb)).toEqual([]);
    a.close();
  });
});

describe('interrupted and repeated exports', () => {
  it('a pulled stick leaves only an incomplete .partial folder; the next export finishes the job', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    let writes = 0;
    const pulled = {
      beforeWrite: () => {
        if (++writes === 3) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      },
    };
    const msg = await refusal(exportPackage(a, { target: usb, ...all }, undefined, pulled));
    expect(msg).toContain('U盘可能已被拔出');
    const [left] = fs.readdirSync(usb);
    expect(left).toMatch(/\.partial$/);
    expect(fs.existsSync(path.join(usb, left, MANIFEST_FILE))).toBe(false);
    const final = path.join(usb, left.replace(/\.partial$/, ''));
    const v = await verifyPackage(final);
    expect(v.ok).toBe(false);
    expect(v.complete).toBe(false);
    expect(v.problems[0].message).toContain('没有完成');
    expect((await verifyPackage(path.join(usb, left))).complete).toBe(false);

    const r = await exportPackage(a, { target: usb, ...all });
    expect(fs.readdirSync(usb)).toEqual([path.basename(final)]);
    expect(r.reusedFiles).toBeGreaterThan(0); // the photos already written were read back and kept
    expect((await verifyPackage(final)).ok).toBe(true);
    a.close();
  });

  it('cancel stops between files and leaves no package that looks complete', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const jobId = crypto.randomUUID();
    const job = beginJob(jobId, () => {});
    let n = 0;
    await expect(
      exportPackage(a, { target: usb, ...all }, job, {
        beforeWrite: () => {
          if (++n === 2) cancelJob(jobId);
        },
      }),
    ).rejects.toThrow('已取消');
    job.end();
    expect(fs.readdirSync(usb).every((f) => f.endsWith('.partial'))).toBe(true);
    a.close();
  });

  it('still reads every file back when the hashing worker threads cannot start', async () => {
    const a = newArchive();
    makeSchool(a);
    process.env.KEJI_HASH_WORKER = path.join(tempDir(), 'missing-worker.mjs');
    try {
      const r = await exportPackage(a, { target: tempDir('keji-usb-'), ...all });
      expect((await verifyPackage(r.path)).ok).toBe(true);
    } finally {
      delete process.env.KEJI_HASH_WORKER;
    }
    a.close();
  });

  it('exporting again writes only what changed, and removes what is gone', async () => {
    const a = newArchive();
    const s = makeSchool(a);
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    expect(first.writtenFiles).toBe(first.files);
    const again = await exportPackage(a, { target: usb, ...all });
    expect(again.writtenFiles).toBe(0);
    expect(again.reusedFiles).toBe(first.files);

    const m = addMedia(a, photo(42), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: 'new.jpg' });
    linkMedia(a, m.id, 'activity', s.model);
    const act = getActivity(a, s.lecture);
    updateActivity(a, s.lecture, { ...act, title: '科普讲座：走进中国航天（改）', tags: act.tags });
    const third = await exportPackage(a, { target: usb, ...all });
    // The new photo, the database and the viewer's data; every other photo stays.
    const written = third.writtenFiles;
    expect(written).toBe(3);
    expect(third.reusedFiles).toBe(third.files - 3);
    expect((await verifyPackage(third.path)).ok).toBe(true);
    expect(fs.readdirSync(usb)).toHaveLength(1);
    a.close();
  });
});
