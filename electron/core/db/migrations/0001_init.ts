// Schema v1: people, groups, activities, competitions, works, awards, media, tags, change log.
// Every entity row: time-ordered UUID id, created/updated/deleted (trash) timestamps.
import type { Migration } from './migration';

const meta = `id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT`;

export const m0001: Migration = {
  version: 1,
  name: 'init',
  up: (db) => {
    db.exec(`
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE vocabulary (
  kind TEXT NOT NULL, label TEXT NOT NULL, rank INTEGER NOT NULL, builtin INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, label)
) STRICT;

CREATE TABLE people (
  ${meta},
  kind TEXT NOT NULL CHECK (kind IN ('student','teacher')),
  name TEXT NOT NULL,
  gender TEXT,
  stage TEXT,
  entry_year INTEGER,
  class_no INTEGER,
  student_no TEXT,
  ethnicity TEXT,
  birth_month TEXT,
  id_number TEXT,
  guardian_phone TEXT,
  subject TEXT,
  title TEXT,
  phone TEXT,
  notes TEXT,
  archived_at TEXT,
  CHECK (kind = 'teacher' OR entry_year IS NOT NULL)
) STRICT;
CREATE INDEX people_kind_name ON people(kind, name);

CREATE TABLE groups (
  ${meta},
  name TEXT NOT NULL,
  description TEXT,
  teacher_id TEXT REFERENCES people(id)
) STRICT;

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  joined_on TEXT NOT NULL,
  left_on TEXT,
  PRIMARY KEY (group_id, person_id, joined_on)
) STRICT;

CREATE TABLE activities (
  ${meta},
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned','done','cancelled')),
  start_date TEXT NOT NULL,
  end_date TEXT,
  location TEXT,
  head_count INTEGER,
  head_count_note TEXT,
  group_id TEXT REFERENCES groups(id),
  content TEXT,
  process TEXT,
  reflection TEXT,
  cover_media_id TEXT
) STRICT;
CREATE INDEX activities_start ON activities(start_date);

CREATE TABLE activity_teachers (
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (activity_id, person_id)
) STRICT;

CREATE TABLE activity_participants (
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  PRIMARY KEY (activity_id, person_id)
) STRICT;
CREATE INDEX activity_participants_person ON activity_participants(person_id);

-- Every 改期 is kept: the dates the activity had before and after.
CREATE TABLE activity_reschedules (
  id TEXT PRIMARY KEY,
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  from_start TEXT NOT NULL, from_end TEXT, to_start TEXT NOT NULL, to_end TEXT,
  reason TEXT,
  changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX activity_reschedules_activity ON activity_reschedules(activity_id);

CREATE TABLE competitions (
  ${meta},
  name TEXT NOT NULL,
  session TEXT,
  year INTEGER,
  organizer TEXT,
  level TEXT NOT NULL
) STRICT;

CREATE TABLE works (
  ${meta},
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  subject TEXT,
  stage TEXT,
  group_id TEXT REFERENCES groups(id),
  summary TEXT
) STRICT;

CREATE TABLE work_authors (
  work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (work_id, person_id)
) STRICT;
CREATE INDEX work_authors_person ON work_authors(person_id);

CREATE TABLE work_advisors (
  work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (work_id, person_id)
) STRICT;

CREATE TABLE awards (
  ${meta},
  competition_id TEXT REFERENCES competitions(id),
  recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('work','person','school')),
  work_id TEXT REFERENCES works(id),
  person_id TEXT REFERENCES people(id),
  level TEXT NOT NULL,
  grade TEXT NOT NULL,
  category TEXT,
  certificate_no TEXT,
  awarded_on TEXT NOT NULL,
  promoted_from_id TEXT REFERENCES awards(id),
  certificate_media_id TEXT,
  notes TEXT,
  CHECK (recipient_kind <> 'work' OR work_id IS NOT NULL),
  CHECK (recipient_kind <> 'person' OR person_id IS NOT NULL)
) STRICT;
CREATE INDEX awards_date ON awards(awarded_on);
CREATE INDEX awards_work ON awards(work_id);

CREATE TABLE media (
  ${meta},
  sha256 TEXT NOT NULL UNIQUE,
  ext TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('photo','video','document')),
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  original_name TEXT NOT NULL,
  taken_at TEXT,
  width INTEGER,
  height INTEGER,
  orientation INTEGER,
  caption TEXT
) STRICT;

CREATE TABLE media_links (
  media_id TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('activity','work','award','person')),
  target_id TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  PRIMARY KEY (media_id, target_kind, target_id)
) STRICT;
CREATE INDEX media_links_target ON media_links(target_kind, target_id);

CREATE TABLE tags (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE tag_links (
  tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  PRIMARY KEY (tag_id, target_kind, target_id)
) STRICT;
CREATE INDEX tag_links_target ON tag_links(target_kind, target_id);

CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  summary TEXT
) STRICT;
`);
  },
};
