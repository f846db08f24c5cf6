// Migration 0008_media_date_source: photos stored before it keep their date and every fact, with
// no source recorded (so they are not listed as 日期不确定), and only the known sources are accepted.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { listMedia } from '../../electron/core/media/gallery';
import { tempDir, testClock } from './helpers';

describe('migration 0008 media_date_source', () => {
  it('keeps photos stored at v7, with no date source, and accepts only the known sources', () => {
    const dir = path.join(tempDir(), 'a');
    const old = openArchive(dir, { create: true, targetVersion: 7, clock: testClock() });
    const ins = old.db
      .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at, width, height, orientation, caption, rotation)
      VALUES (?, 't', 't', ?, ?, ?, ?, 1234, ?, ?, 4000, 3000, 6, ?, 90)`);
    ins.run(
      '01900000-0000-7000-8000-000000000001',
      'a'.repeat(64),
      'jpg',
      'photo',
      'image/jpeg',
      'IMG_0001.jpg',
      '2025-05-12T10:30:00',
      '疏散演练',
    );
    ins.run(
      '01900000-0000-7000-8000-000000000002',
      'b'.repeat(64),
      'mp4',
      'video',
      'video/mp4',
      'VID_0002.mp4',
      '2024-10-01T09:00:00',
      null,
    );
    old.close();

    const a = openArchive(dir, { clock: testClock() });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
      const rows = a.db
        .prepare('SELECT original_name, taken_at, caption, rotation, taken_source FROM media ORDER BY original_name')
        .all();
      expect(rows).toEqual([
        {
          original_name: 'IMG_0001.jpg',
          taken_at: '2025-05-12T10:30:00',
          caption: '疏散演练',
          rotation: 90,
          taken_source: null,
        },
        {
          original_name: 'VID_0002.mp4',
          taken_at: '2024-10-01T09:00:00',
          caption: null,
          rotation: 90,
          taken_source: null,
        },
      ]);
      expect(() =>
        a.db.prepare("UPDATE media SET taken_source='guess' WHERE original_name='IMG_0001.jpg'").run(),
      ).toThrow(/CHECK/);
      for (const s of ['original', 'digitized', 'ifd0', 'xmp', 'video', 'activity', 'file', 'manual'])
        a.db.prepare('UPDATE media SET taken_source=? WHERE original_name=?').run(s, 'VID_0002.mp4');
      // Old rows are not 日期不确定; a row whose date is the file's time is.
      expect(listMedia(a, { groupBy: 'month', dateUncertain: true, offset: 0, limit: 10 }).items).toEqual([]);
      a.db.prepare("UPDATE media SET taken_source='file' WHERE original_name='VID_0002.mp4'").run();
      const page = listMedia(a, { groupBy: 'month', dateUncertain: true, offset: 0, limit: 10 });
      expect(page.items.map((i) => [i.originalName, i.takenSource])).toEqual([['VID_0002.mp4', 'file']]);
    } finally {
      a.close();
    }
  });
});
