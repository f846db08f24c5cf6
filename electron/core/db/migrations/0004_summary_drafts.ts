// Schema v4: the 工作总结 drafts a teacher edits, saved per period (key like 'term:2025-2026-1').
// A section row exists only once the teacher typed in it (or asked to regenerate it): sections
// without a row are generated from the data every time, so new numbers flow in by themselves.
// `generated` keeps the text the generator produced when the teacher last took it, so the app
// can tell "the numbers changed since you edited this" without overwriting what was typed.
import type { Migration } from './migration';

export const m0004: Migration = {
  version: 4,
  name: 'summary_drafts',
  up: (db) => {
    db.exec(`
CREATE TABLE summary_drafts (
  period_key TEXT PRIMARY KEY,
  photos TEXT NOT NULL DEFAULT '[]',
  photos_chosen INTEGER NOT NULL DEFAULT 0 CHECK (photos_chosen IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE summary_sections (
  period_key TEXT NOT NULL REFERENCES summary_drafts(period_key) ON DELETE CASCADE,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  generated TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (period_key, section)
) STRICT;
`);
  },
};
