// Migration 0005_record_indexes: an archive from v4 keeps every record, and afterwards a
// person's record and the 晋级 chain are looked up through the new indexes, not by scanning.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { personRecord } from '../../electron/core/people/record';
import { tempDir, testClock } from './helpers';

const plan = (db: import('better-sqlite3').Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 0005 record_indexes', () => {
  it('keeps the v4 records and makes per-person lookups use an index', () => {
    const dir = path.join(tempDir(), 'a');
    const old = openArchive(dir, { create: true, targetVersion: 4, clock: testClock() });
    expect(old.db.pragma('user_version', { simple: true })).toBe(4);
    const meta = "'2025-09-01T00:00:00Z','2025-09-01T00:00:00Z'";
    const id = (n: number) => `01900000-0000-7000-8000-00000000000${n}`; // n < 10
    old.db.exec(`
      INSERT INTO people (id, created_at, updated_at, kind, name, entry_year, class_no) VALUES ('${id(1)}', ${meta}, 'student', '张树茂', 2021, 2);
      INSERT INTO people (id, created_at, updated_at, kind, name) VALUES ('${id(2)}', ${meta}, 'teacher', '王丽华');
      INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES ('${id(3)}', ${meta}, '航模训练', '模型', 'done', '2025-10-12');
      INSERT INTO activity_teachers (activity_id, person_id, position) VALUES ('${id(3)}', '${id(2)}', 0);
      INSERT INTO activity_participants (activity_id, person_id) VALUES ('${id(3)}', '${id(1)}');
      INSERT INTO works (id, created_at, updated_at, title, category) VALUES ('${id(4)}', ${meta}, '橡筋动力飞机', '模型');
      INSERT INTO work_authors (work_id, person_id, position) VALUES ('${id(4)}', '${id(1)}', 0);
      INSERT INTO work_advisors (work_id, person_id, position) VALUES ('${id(4)}', '${id(2)}', 0);
      INSERT INTO awards (id, created_at, updated_at, recipient_kind, work_id, level, grade, awarded_on) VALUES ('${id(5)}', ${meta}, 'work', '${id(4)}', '县级', '一等奖', '2025-11-01');
      INSERT INTO awards (id, created_at, updated_at, recipient_kind, work_id, level, grade, awarded_on, promoted_from_id) VALUES ('${id(6)}', ${meta}, 'work', '${id(4)}', '市级', '二等奖', '2025-12-01', '${id(5)}');
    `);
    expect(plan(old.db, `SELECT * FROM group_members WHERE person_id='${id(1)}'`)).not.toContain(
      'group_members_person',
    );
    expect(plan(old.db, `SELECT id FROM awards WHERE promoted_from_id='${id(5)}'`)).not.toContain(
      'awards_promoted_from',
    );
    old.close();

    const a = openArchive(dir, { clock: testClock('2026-01-20T08:00:00Z') });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
      expect(plan(a.db, `SELECT * FROM group_members WHERE person_id='${id(1)}'`)).toContain('group_members_person');
      expect(plan(a.db, `SELECT id FROM awards WHERE promoted_from_id='${id(5)}'`)).toContain('awards_promoted_from');
      expect(plan(a.db, `SELECT id FROM activities WHERE group_id='${id(7)}'`)).toContain('activities_group');
      // The records written at v4 read back whole through the record page's query.
      const teacher = personRecord(a, id(2));
      expect(teacher.activities.map((x) => [x.title, x.role])).toEqual([['航模训练', 'teacher']]);
      expect(teacher.works.map((w) => [w.title, w.role])).toEqual([['橡筋动力飞机', 'advisor']]);
      expect(teacher.awards.map((x) => x.promotedFromId)).toEqual([id(5), null]);
      const student = personRecord(a, id(1));
      expect(student.activities.map((x) => x.role)).toEqual(['participant']);
      expect(student.awards).toHaveLength(2);
    } finally {
      a.close();
    }
  });
});
