// Migration 0002 (search): an archive written by v1 is searchable the moment it is upgraded —
// every record indexed (trashed ones flagged), pinyin included — and stays indexed on later writes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { searchQuery } from '../../electron/core/search/query';
import { staleDocs } from '../../electron/core/search/reindex';
import { SearchInput } from '../../shared/calls/search';
import { tempDir, testClock } from './helpers';

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const T = "'2025-09-01T00:00:00Z'";

describe('migration 0002 (search)', () => {
  it('indexes the rows a v1 archive holds, and keeps indexing after the upgrade', () => {
    const dir = path.join(tempDir(), 'a');
    const v1 = openArchive(dir, { create: true, targetVersion: 1, clock: testClock() });
    v1.db.exec(`
      INSERT INTO people (id, created_at, updated_at, kind, name, entry_year, class_no) VALUES ('${id(1)}', ${T}, ${T}, 'student', '曾小红', 2021, 2);
      INSERT INTO people (id, created_at, updated_at, kind, name, subject) VALUES ('${id(2)}', ${T}, ${T}, 'teacher', '王丽华', '科学');
      INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date, process)
        VALUES ('${id(10)}', ${T}, ${T}, '航模训练', '模型', 'done', '2025-10-10', '在西湖边放飞航模');
      INSERT INTO activities (id, created_at, updated_at, deleted_at, title, type, status, start_date)
        VALUES ('${id(11)}', ${T}, ${T}, ${T}, '防震演练', '防震减灾演练', 'done', '2025-05-12');
      INSERT INTO works (id, created_at, updated_at, title, category) VALUES ('${id(20)}', ${T}, ${T}, '智能垃圾桶', '小发明');
      INSERT INTO work_authors (work_id, person_id, position) VALUES ('${id(20)}', '${id(1)}', 0);
      INSERT INTO awards (id, created_at, updated_at, recipient_kind, work_id, level, grade, awarded_on)
        VALUES ('${id(30)}', ${T}, ${T}, 'work', '${id(20)}', '市级', '一等奖', '2025-04-22');
      INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, caption)
        VALUES ('${id(40)}', ${T}, ${T}, 'ab', 'jpg', 'photo', 'image/jpeg', 1, 'IMG_1.JPG', '航模起飞瞬间');
      INSERT INTO tags (id, name) VALUES ('${id(50)}', '户外');
      INSERT INTO tag_links (tag_id, target_kind, target_id) VALUES ('${id(50)}', 'activity', '${id(10)}');
    `);
    v1.close();

    const a = openArchive(dir, { targetVersion: 2, clock: testClock() });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBe(2);
      const titles = (text: string, extra: Record<string, unknown> = {}) =>
        searchQuery(a, SearchInput.parse({ text, ...extra }))
          .groups.flatMap((g) => g.hits.map((h) => h.title))
          .sort();
      expect(titles('航模')).toEqual(['航模起飞瞬间', '航模训练'].sort());
      expect(titles('湖边')).toEqual(['航模训练']);
      expect(titles('户外')).toEqual(['航模训练']);
      expect(titles('cxh')).toEqual(['曾小红']);
      expect(titles('zengxiaohong')).toEqual(['曾小红']);
      expect(titles('曾小红')).toEqual(['《智能垃圾桶》市级一等奖', '曾小红', '智能垃圾桶'].sort());
      expect(titles('防震')).toEqual([]);
      expect(titles('防震', { includeTrashed: true })).toEqual(['防震演练']);
      expect(staleDocs(a.db)).toEqual([]);

      // later writes keep it up to date
      a.db.prepare("UPDATE activities SET title='船模训练' WHERE id=?").run(id(10));
      expect(titles('船模')).toEqual(['船模训练']);
      expect(staleDocs(a.db)).toEqual([]);
    } finally {
      a.close();
    }
  });
});
