// Rebuilding the search index from the records (`keji reindex`, migration 0002), and checking it.
import type Database from 'better-sqlite3';

const COLS = 'src, entity_id, kind, title, body, date, deleted';

/**
 * Adds a doc for every record; the triggers on search_docs write the terms. Oldest first: search
 * ranks newer docs first within a tier, and records written later get later docs anyway.
 */
export function fillSearchIndex(db: Database.Database): number {
  return db
    .prepare(
      `INSERT INTO search_docs (${COLS}) SELECT ${COLS} FROM search_src_all ORDER BY date IS NOT NULL, date, src, entity_id`,
    )
    .run().changes;
}

/** Empties and refills the index in one transaction; returns the number of records indexed. */
export function reindex(db: Database.Database): number {
  return db.transaction(() => {
    db.exec(`INSERT INTO search_fts (search_fts) VALUES ('delete-all'); INSERT INTO search_titles (search_titles) VALUES ('delete-all');
      DELETE FROM search_docs;`);
    return fillSearchIndex(db);
  })();
}

/** Docs that differ from what the records say now (missing, stale or orphaned); [] when consistent. */
export function staleDocs(
  db: Database.Database,
): { src: string; entityId: string; problem: 'missing' | 'stale' | 'orphan' }[] {
  const rows = db
    .prepare(
      `
    SELECT s.src, s.entity_id AS entityId, CASE WHEN d.doc IS NULL THEN 'missing' ELSE 'stale' END AS problem
      FROM search_src_all s LEFT JOIN search_docs d ON d.src=s.src AND d.entity_id=s.entity_id
      WHERE d.doc IS NULL OR d.kind IS NOT s.kind OR d.title IS NOT s.title OR d.body IS NOT s.body OR d.date IS NOT s.date OR d.deleted IS NOT s.deleted
    UNION ALL
    SELECT d.src, d.entity_id, 'orphan' FROM search_docs d
      WHERE NOT EXISTS (SELECT 1 FROM search_src_all s WHERE s.src=d.src AND s.entity_id=d.entity_id)`,
    )
    .all();
  return rows as { src: string; entityId: string; problem: 'missing' | 'stale' | 'orphan' }[];
}
