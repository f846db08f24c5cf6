// v9: 乡镇/学区级, the award level between 县级 and 校级: a 学区 science fair or a
// 乡镇 contest had no level of its own. The built-in 级别 list (shared/domain/vocab.ts) gains it
// at rank 4; 校级 and every word a teacher added after it move one place down, so the order the
// pickers show stays 国家级 → 省级 → 市级 → 县级 → 乡镇/学区级 → 校级 → the teacher's own words.
// A teacher who had already typed 乡镇/学区级 as an own word gets it as the built-in one, in place.
// (Place 4 already free — a list seeded with the new word before this ran — moves nothing.)
// No award or competition is changed: a level typed as '学区级' stays as the teacher wrote it.
// Frozen: a later change is a new migration.
import type { Migration } from './migration';

export const m0009: Migration = {
  version: 9,
  name: 'township_level',
  up: (db) => {
    db.exec(`
DELETE FROM vocabulary WHERE kind='level' AND label='乡镇/学区级';
UPDATE vocabulary SET rank = rank + 1 WHERE kind='level' AND rank >= 4
  AND EXISTS (SELECT 1 FROM vocabulary WHERE kind='level' AND rank = 4);
INSERT INTO vocabulary (kind, label, rank, builtin) VALUES ('level', '乡镇/学区级', 4, 1);
`);
  },
};
