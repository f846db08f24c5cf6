// Schema v2: the search index. One row per searchable record in `search_docs` (what is shown:
// title, body text, date, trash flag) and its terms in the contentless FTS5 tables `search_fts`
// (title, body, pinyin) and `search_titles` (title, pinyin) — see core/search/terms.ts for how
// text becomes terms. SQL triggers on the entity tables keep all of them up to date in the same
// transaction as the row itself, so no entity module knows about search; the views
// `search_src_<table>` say once what each kind of record contributes.
//
// A later migration that rebuilds an entity table (create new, copy, drop old, rename) drops the
// triggers with the old table: it must create them again (and refill the index).
//
// The triggers call the SQL functions keji_terms/keji_pinyin, which the connection has before any
// migration runs (db/open.ts registers them on every archive it opens): no live code is imported.
import type { Migration } from './migration';

/**
 * Frozen as of v2 (a later change to the search code must not change what this migration does to
 * an old archive). The terms themselves come from the SQL functions keji_terms/keji_pinyin, which
 * are the running program's: an index is always rebuilt with the program that searches it.
 */
export const FILL_V2 = `INSERT INTO search_docs (src, entity_id, kind, title, body, date, deleted)
  SELECT src, entity_id, kind, title, body, date, deleted FROM search_src_all ORDER BY date IS NOT NULL, date, src, entity_id`;

/** Tag names of a record, for its body text. */
const tags = (kind: string, id: string) =>
  `(SELECT group_concat(t.name, ' ') FROM tag_links l JOIN tags t ON t.id=l.tag_id WHERE l.target_kind='${kind}' AND l.target_id=${id})`;
/** Names of a work's authors or advisors, in their order. */
const names = (table: string, workId: string) =>
  `(SELECT group_concat(p.name, ' ' ORDER BY x.position) FROM ${table} x JOIN people p ON p.id=x.person_id WHERE x.work_id=${workId})`;

/** Each source table → SELECT src, entity_id, kind, title, body, date, deleted. */
const SOURCES: Record<string, string> = {
  activities: `SELECT 'activities' AS src, a.id AS entity_id, 'activity' AS kind, a.title AS title,
    concat_ws(' ', a.type, a.location, a.head_count_note, a.content, a.process, a.reflection, ${tags('activity', 'a.id')}) AS body,
    a.start_date AS date, (a.deleted_at IS NOT NULL) AS deleted
    FROM activities a`,
  people: `SELECT 'people' AS src, p.id AS entity_id, CASE p.kind WHEN 'teacher' THEN 'teacher' ELSE 'student' END AS kind, p.name AS title,
    concat_ws(' ', p.student_no, p.subject, p.title, p.notes, ${tags('person', 'p.id')}) AS body,
    NULL AS date, (p.deleted_at IS NOT NULL) AS deleted
    FROM people p`,
  groups: `SELECT 'groups' AS src, g.id AS entity_id, 'group' AS kind, g.name AS title, concat_ws(' ', g.description) AS body,
    NULL AS date, (g.deleted_at IS NOT NULL) AS deleted
    FROM groups g`,
  works: `SELECT 'works' AS src, w.id AS entity_id, 'work' AS kind, w.title AS title,
    concat_ws(' ', w.category, w.subject, w.summary, ${names('work_authors', 'w.id')}, ${names('work_advisors', 'w.id')},
      (SELECT g.name FROM groups g WHERE g.id=w.group_id), ${tags('work', 'w.id')}) AS body,
    NULL AS date, (w.deleted_at IS NOT NULL) AS deleted
    FROM works w`,
  awards: `SELECT 'awards' AS src, aw.id AS entity_id, 'award' AS kind,
    coalesce('《' || w.title || '》', p.name || ' ', '') || aw.level || aw.grade AS title,
    concat_ws(' ', coalesce(c.session, '') || c.name, aw.category, aw.certificate_no, aw.notes,
      ${names('work_authors', 'aw.work_id')}, ${names('work_advisors', 'aw.work_id')}, ${tags('award', 'aw.id')}) AS body,
    aw.awarded_on AS date, (aw.deleted_at IS NOT NULL) AS deleted
    FROM awards aw LEFT JOIN works w ON w.id=aw.work_id LEFT JOIN people p ON p.id=aw.person_id LEFT JOIN competitions c ON c.id=aw.competition_id`,
  competitions: `SELECT 'competitions' AS src, c.id AS entity_id, 'competition' AS kind, coalesce(c.session, '') || c.name AS title,
    concat_ws(' ', c.organizer, c.level, c.year) AS body,
    NULL AS date, (c.deleted_at IS NOT NULL) AS deleted
    FROM competitions c`,
  media: `SELECT 'media' AS src, m.id AS entity_id, 'media' AS kind, coalesce(nullif(trim(m.caption), ''), m.original_name) AS title,
    concat_ws(' ', CASE WHEN nullif(trim(m.caption), '') IS NOT NULL THEN m.original_name END, ${tags('media', 'm.id')}) AS body,
    substr(coalesce(m.taken_at, m.created_at), 1, 10) AS date, (m.deleted_at IS NOT NULL) AS deleted
    FROM media m`,
};

const COLS = 'src, entity_id, kind, title, body, date, deleted';
/** Insert-or-update the docs of `src` rows matching `where` (a no-op when nothing changed). */
const refresh = (src: string, where: string) => `INSERT INTO search_docs (${COLS})
    SELECT ${COLS} FROM search_src_${src} WHERE ${where}
    ON CONFLICT (src, entity_id) DO UPDATE SET kind=excluded.kind, title=excluded.title, body=excluded.body, date=excluded.date, deleted=excluded.deleted
    WHERE search_docs.kind IS NOT excluded.kind OR search_docs.title IS NOT excluded.title OR search_docs.body IS NOT excluded.body
      OR search_docs.date IS NOT excluded.date OR search_docs.deleted IS NOT excluded.deleted;`;
const worksOfPerson = (id: string) =>
  `(SELECT work_id FROM work_authors WHERE person_id=${id} UNION SELECT work_id FROM work_advisors WHERE person_id=${id})`;
const TAG_KINDS: Record<string, string> = {
  activity: 'activities',
  person: 'people',
  work: 'works',
  award: 'awards',
  media: 'media',
};
const refreshTagTarget = (row: 'NEW' | 'OLD') =>
  Object.entries(TAG_KINDS)
    .map(([kind, src]) => refresh(src, `${row}.target_kind='${kind}' AND entity_id=${row}.target_id`))
    .join('\n');

function schemaSql(): string {
  const parts: string[] = [
    `
CREATE TABLE search_docs (
  doc INTEGER PRIMARY KEY,
  src TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  date TEXT,
  deleted INTEGER NOT NULL,
  UNIQUE (src, entity_id)
) STRICT;
CREATE INDEX search_docs_kind_date ON search_docs(kind, date);
CREATE INDEX search_docs_title ON search_docs(title COLLATE NOCASE);
-- prefix='1': a list per first character, so a one-character query reads one list instead of
-- merging every bigram that starts with that character.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, pinyin, content='', contentless_delete=1, tokenize='ascii', prefix='1');
-- Titles and their pinyin again, alone: "which titles have it" then reads only title lists, not the
-- long lists of a word that every activity record mentions.
CREATE VIRTUAL TABLE search_titles USING fts5(title, pinyin, content='', contentless_delete=1, tokenize='ascii', prefix='1');

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts (rowid, title, body, pinyin)
    VALUES (NEW.doc, keji_terms(NEW.title), keji_terms(NEW.body), keji_pinyin(NEW.title, NEW.kind IN ('student', 'teacher')));
  INSERT INTO search_titles (rowid, title, pinyin)
    VALUES (NEW.doc, keji_terms(NEW.title), keji_pinyin(NEW.title, NEW.kind IN ('student', 'teacher')));
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs
  WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.kind IS NOT NEW.kind OR OLD.doc IS NOT NEW.doc BEGIN
  DELETE FROM search_fts WHERE rowid=OLD.doc;
  INSERT INTO search_fts (rowid, title, body, pinyin)
    VALUES (NEW.doc, keji_terms(NEW.title), keji_terms(NEW.body), keji_pinyin(NEW.title, NEW.kind IN ('student', 'teacher')));
END;
CREATE TRIGGER search_docs_au_title AFTER UPDATE ON search_docs
  WHEN OLD.title IS NOT NEW.title OR OLD.kind IS NOT NEW.kind OR OLD.doc IS NOT NEW.doc BEGIN
  DELETE FROM search_titles WHERE rowid=OLD.doc;
  INSERT INTO search_titles (rowid, title, pinyin)
    VALUES (NEW.doc, keji_terms(NEW.title), keji_pinyin(NEW.title, NEW.kind IN ('student', 'teacher')));
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  DELETE FROM search_fts WHERE rowid=OLD.doc;
  DELETE FROM search_titles WHERE rowid=OLD.doc;
END;

-- Lookups the dependent refreshes and the search filters make.
CREATE INDEX search_awards_competition ON awards(competition_id);
CREATE INDEX search_awards_person ON awards(person_id);
CREATE INDEX search_works_group ON works(group_id);
CREATE INDEX search_work_advisors_person ON work_advisors(person_id);
CREATE INDEX search_activity_teachers_person ON activity_teachers(person_id);
CREATE INDEX search_people_class ON people(entry_year, class_no);
`,
  ];
  for (const [src, select] of Object.entries(SOURCES)) {
    parts.push(`CREATE VIEW search_src_${src} AS ${select};`);
    // Every write to the row, including INSERT OR REPLACE (a merge), ends in the same upsert.
    parts.push(`CREATE TRIGGER search_${src}_ai AFTER INSERT ON ${src} BEGIN ${refresh(src, 'entity_id=NEW.id')} END;`);
    parts.push(`CREATE TRIGGER search_${src}_au AFTER UPDATE ON ${src} BEGIN
  DELETE FROM search_docs WHERE src='${src}' AND entity_id=OLD.id AND OLD.id IS NOT NEW.id;
  ${refresh(src, 'entity_id=NEW.id')} END;`);
    parts.push(
      `CREATE TRIGGER search_${src}_ad AFTER DELETE ON ${src} BEGIN DELETE FROM search_docs WHERE src='${src}' AND entity_id=OLD.id; END;`,
    );
  }
  parts.push(
    `CREATE VIEW search_src_all AS ${Object.keys(SOURCES)
      .map((s) => `SELECT ${COLS} FROM search_src_${s}`)
      .join(' UNION ALL ')};`,
  );
  // Text that lives in another table: names, titles and tags shown inside other records.
  for (const t of ['work_authors', 'work_advisors']) {
    for (const [ev, row] of [
      ['ai', 'NEW'],
      ['ad', 'OLD'],
      ['au', 'NEW'],
    ] as const) {
      parts.push(`CREATE TRIGGER search_${t}_${ev} AFTER ${ev === 'ai' ? 'INSERT' : ev === 'ad' ? 'DELETE' : 'UPDATE'} ON ${t} BEGIN
  ${refresh('works', `entity_id=${row}.work_id`)}
  ${refresh('awards', `entity_id IN (SELECT id FROM awards WHERE work_id=${row}.work_id)`)}
  ${ev === 'au' ? refresh('works', 'entity_id=OLD.work_id') + refresh('awards', 'entity_id IN (SELECT id FROM awards WHERE work_id=OLD.work_id)') : ''}
END;`);
    }
  }
  parts.push(`CREATE TRIGGER search_people_name AFTER UPDATE OF name ON people WHEN OLD.name IS NOT NEW.name BEGIN
  ${refresh('works', `entity_id IN ${worksOfPerson('NEW.id')}`)}
  ${refresh('awards', `entity_id IN (SELECT id FROM awards WHERE person_id=NEW.id OR work_id IN ${worksOfPerson('NEW.id')})`)}
END;`);
  parts.push(`CREATE TRIGGER search_works_title AFTER UPDATE OF title ON works WHEN OLD.title IS NOT NEW.title BEGIN
  ${refresh('awards', 'entity_id IN (SELECT id FROM awards WHERE work_id=NEW.id)')}
END;`);
  parts.push(`CREATE TRIGGER search_competitions_name AFTER UPDATE OF name, session ON competitions BEGIN
  ${refresh('awards', 'entity_id IN (SELECT id FROM awards WHERE competition_id=NEW.id)')}
END;`);
  parts.push(`CREATE TRIGGER search_groups_name AFTER UPDATE OF name ON groups WHEN OLD.name IS NOT NEW.name BEGIN
  ${refresh('works', 'entity_id IN (SELECT id FROM works WHERE group_id=NEW.id)')}
END;`);
  parts.push(`CREATE TRIGGER search_tag_links_ai AFTER INSERT ON tag_links BEGIN ${refreshTagTarget('NEW')} END;`);
  parts.push(`CREATE TRIGGER search_tag_links_ad AFTER DELETE ON tag_links BEGIN ${refreshTagTarget('OLD')} END;`);
  parts.push(`CREATE TRIGGER search_tags_name AFTER UPDATE OF name ON tags BEGIN
  ${Object.entries(TAG_KINDS)
    .map(([kind, src]) =>
      refresh(src, `entity_id IN (SELECT target_id FROM tag_links WHERE tag_id=NEW.id AND target_kind='${kind}')`),
    )
    .join('\n')}
END;`);
  return parts.join('\n');
}

export const m0002: Migration = {
  version: 2,
  name: 'search',
  up: (db) => {
    db.exec(schemaSql());
    db.exec(FILL_V2);
  },
};
