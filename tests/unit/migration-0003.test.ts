// Migration 0003 (media_display): photos stored before it keep every fact, show unrotated,
// accept only quarter turns, and the gallery's date order is served by an index.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { listMedia } from '../../electron/core/media/gallery';
import { tempDir, testClock } from './helpers';

describe('migration 0003 media_display', () => {
  it('keeps photos stored at v2, adds rotation 0 and the gallery indexes', () => {
    const dir = path.join(tempDir(), 'a');
    const old = openArchive(dir, { create: true, targetVersion: 2, clock: testClock() });
    expect(old.db.pragma('user_version', { simple: true })).toBe(2);
    const ins = old.db
      .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at, width, height, orientation, caption)
      VALUES (?, 't', 't', ?, 'jpg', 'photo', 'image/jpeg', 1234, ?, ?, 4000, 3000, 6, ?)`);
    ins.run('01900000-0000-7000-8000-000000000001', 'a'.repeat(64), 'IMG_0001.jpg', '2025-05-12T10:30:00', '疏散演练');
    ins.run('01900000-0000-7000-8000-000000000002', 'b'.repeat(64), 'IMG_0002.jpg', '2024-10-01T09:00:00', null);
    old.close();

    const a = openArchive(dir, { clock: testClock() });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
      const rows = a.db
        .prepare('SELECT original_name, caption, orientation, width, rotation FROM media ORDER BY original_name')
        .all();
      expect(rows).toEqual([
        { original_name: 'IMG_0001.jpg', caption: '疏散演练', orientation: 6, width: 4000, rotation: 0 },
        { original_name: 'IMG_0002.jpg', caption: null, orientation: 6, width: 4000, rotation: 0 },
      ]);
      expect(() => a.db.prepare("UPDATE media SET rotation=45 WHERE original_name='IMG_0001.jpg'").run()).toThrow(
        /CHECK/,
      );
      a.db.prepare("UPDATE media SET rotation=270 WHERE original_name='IMG_0001.jpg'").run();
      const indexes = a.db
        .prepare("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name IN ('media','awards')")
        .pluck()
        .all();
      expect(indexes).toEqual(expect.arrayContaining(['media_taken', 'media_kind_taken', 'awards_certificate']));
      // The gallery reads the old rows: newest month first, with the turn just saved.
      const page = listMedia(a, { groupBy: 'month', offset: 0, limit: 10 });
      expect(page.items.map((i) => [i.originalName, i.groupKey, i.rotation])).toEqual([
        ['IMG_0001.jpg', '2025-05', 270],
        ['IMG_0002.jpg', '2024-10', 0],
      ]);
      const plan = a.db
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM media WHERE kind='photo' ORDER BY taken_at")
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/media_kind_taken/);
    } finally {
      a.close();
    }
  });
});
