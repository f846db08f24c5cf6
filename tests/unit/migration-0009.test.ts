// Migration 0009_township_level: an archive from before it (its 级别 list seeded as 国家级…县级,校级
// with a teacher's own words after) gets 乡镇/学区级 between 县级 and 校级, keeps the teacher's words
// after 校级 in their order, and its awards and competitions are not touched.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { listVocab } from '../../electron/core/vocabulary';
import { tempDir, testClock } from './helpers';

const OLD_LEVELS = ['国家级', '省级', '市级', '县级', '校级'];

function archiveAtV8(ownWords: string[]) {
  const dir = path.join(tempDir(), 'a');
  const old = openArchive(dir, { create: true, targetVersion: 8, clock: testClock() });
  // The list exactly as an archive of v8 holds it (seeded by the code of that time).
  old.db.prepare("DELETE FROM vocabulary WHERE kind='level'").run();
  const ins = old.db.prepare("INSERT INTO vocabulary (kind, label, rank, builtin) VALUES ('level', ?, ?, ?)");
  OLD_LEVELS.forEach((l, i) => ins.run(l, i, 1));
  ownWords.forEach((l, i) => ins.run(l, OLD_LEVELS.length + i, 0));
  old.db
    .prepare(
      `INSERT INTO competitions (id, created_at, updated_at, name, level) VALUES ('01900000-0000-7000-8000-000000000001', 't', 't', '青山镇学区科技节', '学区级')`,
    )
    .run();
  old.close();
  return dir;
}

describe('migration 0009 township_level', () => {
  it('puts 乡镇/学区级 between 县级 and 校级, the teacher’s own words still after 校级', () => {
    const dir = archiveAtV8(['片区级', '联校级']);
    const a = openArchive(dir, { clock: testClock() });
    try {
      expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(9);
      expect(listVocab(a, 'level')).toEqual([
        '国家级',
        '省级',
        '市级',
        '县级',
        '乡镇/学区级',
        '校级',
        '片区级',
        '联校级',
      ]);
      expect(
        a.db.prepare("SELECT builtin FROM vocabulary WHERE kind='level' AND label='乡镇/学区级'").pluck().get(),
      ).toBe(1);
      // What the teacher typed on a competition stays as typed.
      expect(a.db.prepare('SELECT level FROM competitions').pluck().all()).toEqual(['学区级']);
    } finally {
      a.close();
    }
  });

  it('makes a teacher’s own 乡镇/学区级 the built-in one, in its place, once', () => {
    const dir = archiveAtV8(['乡镇/学区级', '片区级']);
    const a = openArchive(dir, { clock: testClock() });
    try {
      expect(listVocab(a, 'level')).toEqual(['国家级', '省级', '市级', '县级', '乡镇/学区级', '校级', '片区级']);
      expect(
        a.db
          .prepare("SELECT COUNT(*) FROM vocabulary WHERE kind='level' AND label='乡镇/学区级' AND builtin=1")
          .pluck()
          .get(),
      ).toBe(1);
    } finally {
      a.close();
    }
  });

  it('gives a new archive the same list', () => {
    const a = openArchive(path.join(tempDir(), 'b'), { create: true, clock: testClock() });
    try {
      expect(listVocab(a, 'level')).toEqual(['国家级', '省级', '市级', '县级', '乡镇/学区级', '校级']);
    } finally {
      a.close();
    }
  });
});
