// Schema v5: indexes for the record pages (0002 already indexed teachers, advisors and awards by
// person). A person's record (综合素质评价) looks up group memberships by person; the 晋级 chain and
// trash purge look up awards by the award they were promoted from; the 活动 list filters by 小组.
// Without these each lookup scans the whole table.
import type { Migration } from './migration';

export const m0005: Migration = {
  version: 5,
  name: 'record_indexes',
  up: (db) => {
    db.exec(`
CREATE INDEX group_members_person ON group_members(person_id);
CREATE INDEX awards_promoted_from ON awards(promoted_from_id);
CREATE INDEX activities_group ON activities(group_id);
`);
  },
};
