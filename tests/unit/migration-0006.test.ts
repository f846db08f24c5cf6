// Migration 0006_merge_state: an archive id for packages to name, and the merge history table.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { tempDir, testClock } from './helpers';

describe('migration 0006_merge_state', () => {
  it('keeps the rows of v5, gives the archive an id of its own and an empty merge history', () => {
    const dir = path.join(tempDir(), 'a');
    const v5 = openArchive(dir, { create: true, targetVersion: 5, clock: testClock() });
    expect(v5.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name='merge_state'").pluck().get()).toBe(0);
    v5.db.prepare("INSERT INTO settings (key, value) VALUES ('schoolName', '\"青山镇中心小学\"')").run();
    v5.db
      .prepare(
        "INSERT INTO people (id, created_at, updated_at, kind, name, entry_year) VALUES ('01950000-0000-7000-8000-000000000001', 't', 't', 'student', '张树茂', 2021)",
      )
      .run();
    v5.close();

    const a = openArchive(dir, { targetVersion: 6, clock: testClock() });
    expect(a.db.pragma('user_version', { simple: true })).toBe(6);
    expect(a.db.prepare('SELECT name FROM people').pluck().all()).toEqual(['张树茂']);
    expect(a.db.prepare("SELECT value FROM settings WHERE key='schoolName'").pluck().get()).toBe('"青山镇中心小学"');
    const id = JSON.parse(
      a.db.prepare("SELECT value FROM settings WHERE key='archiveId'").pluck().get() as string,
    ) as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.db.prepare('SELECT COUNT(*) FROM merge_state').pluck().get()).toBe(0);
    a.db
      .prepare(
        "INSERT INTO merge_state (source, entity, id, theirs_seen, ours_after, merged_at) VALUES ('x', 'people', 'p', 't1', 't2', 'm')",
      )
      .run();
    expect(() =>
      a.db
        .prepare(
          "INSERT INTO merge_state (source, entity, id, theirs_seen, ours_after, merged_at) VALUES ('x', 'people', 'p', 't3', 't4', 'm')",
        )
        .run(),
    ).toThrow(/UNIQUE|PRIMARY/);
    a.close();
    // Another archive gets another id.
    const b = openArchive(path.join(tempDir(), 'b'), { create: true, clock: testClock() });
    expect(b.db.prepare("SELECT value FROM settings WHERE key='archiveId'").pluck().get()).not.toBe(JSON.stringify(id));
    b.close();
  });
});
