// Schema v6: what merging packages from other PCs needs.
// - settings 'archiveId': a random id naming this archive, written into every package it exports,
//   so the archive that receives a package knows whose changes it is looking at.
// - merge_state: per record and per other archive, the version seen at the last merge (theirs_seen)
//   and the version we had right after it (ours_after). A record whose both sides moved past that
//   point was changed on both PCs: a conflict the teacher decides. Exported with the snapshot, so
//   the other side learns what we already saw of theirs.
import type { Migration } from './migration';

export const m0006: Migration = {
  version: 6,
  name: 'merge_state',
  up: (db) => {
    db.exec(`
CREATE TABLE merge_state (
  source TEXT NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  theirs_seen TEXT NOT NULL,
  ours_after TEXT NOT NULL,
  merged_at TEXT NOT NULL,
  PRIMARY KEY (source, entity, id)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO settings (key, value) VALUES ('archiveId', json_quote(lower(hex(randomblob(16)))));
`);
  },
};
