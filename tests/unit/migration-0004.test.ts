// Migration 0004 (summary_drafts): an archive from before the 总结 feature keeps its records,
// starts with no saved draft (every section generated from the data), and can save a teacher's
// text per period right after the upgrade.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { getDraft, saveSection } from '../../electron/core/report/drafts';
import { tempDir, testClock } from './helpers';

describe('migration 0004 summary_drafts', () => {
  it('keeps the records written at v3 and lets a draft be saved per period afterwards', () => {
    const dir = path.join(tempDir(), 'a');
    const old = openArchive(dir, { create: true, targetVersion: 3, clock: testClock() });
    expect(old.db.pragma('user_version', { simple: true })).toBe(3);
    expect(old.db.prepare("SELECT name FROM sqlite_master WHERE name='summary_drafts'").get()).toBeUndefined();
    const meta = "'2025-09-01T00:00:00Z','2025-09-01T00:00:00Z'";
    old.db.exec(
      `INSERT INTO people (id, created_at, updated_at, kind, name, entry_year, class_no) VALUES ('01900000-0000-7000-8000-000000000001', ${meta}, 'student', '张树茂', 2021, 2)`,
    );
    old.db
      .exec(`INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date, head_count, head_count_note)
      VALUES ('01900000-0000-7000-8000-000000000002', ${meta}, '防震减灾应急疏散演练', '防震减灾演练', 'done', '2025-10-12', 620, '全校学生')`);
    old.close();

    const a = openArchive(dir, { clock: testClock('2026-01-20T08:00:00Z') });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(4);
      expect(a.db.prepare('SELECT name FROM people').pluck().all()).toEqual(['张树茂']);
      // Nothing saved yet: the draft is generated, and it already uses the old activity.
      const draft = getDraft(a, '2025-2026-1');
      expect(draft.sections.every((s) => !s.edited)).toBe(true);
      expect(draft.sections.find((s) => s.key === 'activities')!.text).toContain('全校学生620人参加');
      // A teacher's text is kept per period, under the canonical key.
      saveSection(a, '2025-2026-1', 'problems', '1.器材不足。');
      expect(a.db.prepare('SELECT period_key, section, text FROM summary_sections').all()).toEqual([
        { period_key: 'term:2025-2026-1', section: 'problems', text: '1.器材不足。' },
      ]);
      expect(getDraft(a, 'term:2025-2026-1').sections.find((s) => s.key === 'problems')).toMatchObject({
        text: '1.器材不足。',
        edited: true,
      });
      expect(getDraft(a, '2025-2026-2').sections.find((s) => s.key === 'problems')!.edited).toBe(false);
      // Deleting a draft takes its sections with it (no orphan texts).
      a.db.prepare('DELETE FROM summary_drafts').run();
      expect(a.db.prepare('SELECT COUNT(*) FROM summary_sections').pluck().get()).toBe(0);
    } finally {
      a.close();
    }
  });
});
