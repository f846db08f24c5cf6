import { isMessageKey, translate } from '../../../shared/i18n/messages';

// Which tables a merge (and a pruned export) knows, and how. A new table is one line here:
// an entity (own key + updated_at, merged last-writer-wins), a child (rows that follow a parent
// entity), or local (never merged). tests/unit/package-tables.test.ts fails for a table in none.

export interface EntityTable {
  table: string;
  /** Primary key column. */
  key: string;
  /** SQL expression (over the table's columns) for a readable title. */
  title: string;
  /** Has deleted_at (回收站): a trashed row travels as a tombstone. */
  trash: boolean;
  /** Unique column rows are deduplicated on (media: the same photo imported on two PCs). */
  dedupe?: string;
  /** Columns a merge never changes once the row exists (content address). */
  immutable?: readonly string[];
  /** Columns holding a media id, re-pointed when a package's photo is deduplicated onto ours. */
  mediaRefs?: readonly string[];
}

/** A polymorphic parent: `<kindCol>` names the kind, `<idCol>` the row. */
export interface KindParent {
  kindCol: string;
  idCol: string;
  kinds: Readonly<Record<string, string>>;
}

export interface ChildTable {
  table: string;
  /** The parent entity table, or a kind→table map for link tables. */
  parent: string | KindParent;
  /** Column referencing the parent's key (simple parents). */
  by?: string;
  /**
   * 'replace': when the package's version of the parent wins, its children replace ours
   * (participants, authors…: edited with the parent, which bumps its updated_at).
   * 'union': rows are only ever added (history, links, memberships), so nothing is lost.
   */
  mode: 'replace' | 'union';
  /** For 'union': what to do when the row exists (UPSERT clause after ON CONFLICT)… */
  onConflict?: string;
  /** …and whether that clause would change our row (so a merge that changes nothing says so). */
  updates?: (ours: Readonly<Record<string, unknown>>, theirs: Readonly<Record<string, unknown>>) => boolean;
  /** Columns holding a media id (remapped like EntityTable.mediaRefs). */
  mediaRefs?: readonly string[];
}

export const TAGGED: KindParent = {
  kindCol: 'target_kind',
  idCol: 'target_id',
  kinds: { activity: 'activities', work: 'works', award: 'awards', media: 'media', person: 'people' },
};

export const ENTITY_TABLES: readonly EntityTable[] = [
  { table: 'people', key: 'id', title: 'name', trash: true },
  { table: 'groups', key: 'id', title: 'name', trash: true },
  { table: 'competitions', key: 'id', title: "name || IFNULL(' ' || session, '')", trash: true },
  {
    table: 'media',
    key: 'id',
    title: 'original_name',
    trash: true,
    dedupe: 'sha256',
    immutable: ['sha256', 'ext', 'size'],
  },
  { table: 'activities', key: 'id', title: 'title', trash: true, mediaRefs: ['cover_media_id'] },
  { table: 'works', key: 'id', title: "'《' || title || '》'", trash: true },
  {
    table: 'awards',
    key: 'id',
    title: "level || grade || IFNULL('（' || certificate_no || '）', '')",
    trash: true,
    mediaRefs: ['certificate_media_id'],
  },
  { table: 'summary_drafts', key: 'period_key', title: 'period_key', trash: false },
];

export const CHILD_TABLES: readonly ChildTable[] = [
  {
    table: 'group_members',
    parent: 'groups',
    by: 'group_id',
    mode: 'union',
    onConflict:
      'DO UPDATE SET left_on=excluded.left_on WHERE group_members.left_on IS NULL AND excluded.left_on IS NOT NULL',
    updates: (o, t) => o.left_on == null && t.left_on != null,
  },
  { table: 'activity_teachers', parent: 'activities', by: 'activity_id', mode: 'replace' },
  { table: 'activity_participants', parent: 'activities', by: 'activity_id', mode: 'replace' },
  { table: 'activity_reschedules', parent: 'activities', by: 'activity_id', mode: 'union', onConflict: 'DO NOTHING' },
  { table: 'work_authors', parent: 'works', by: 'work_id', mode: 'replace' },
  { table: 'work_advisors', parent: 'works', by: 'work_id', mode: 'replace' },
  {
    table: 'media_links',
    parent: 'media',
    by: 'media_id',
    mode: 'union',
    onConflict: 'DO NOTHING',
    mediaRefs: ['media_id'],
  },
  { table: 'tag_links', parent: TAGGED, mode: 'replace' },
  { table: 'summary_sections', parent: 'summary_drafts', by: 'period_key', mode: 'replace' },
];

/** Kept per archive: never merged, never pruned by an export (tags are merged by name, see merge.ts). */
export const LOCAL_TABLES: readonly string[] = ['settings', 'vocabulary', 'change_log', 'merge_state', 'tags'];

export const entityTable = (t: string) => ENTITY_TABLES.find((e) => e.table === t);
export const childTablesOf = (parent: string) =>
  CHILD_TABLES.filter((c) =>
    typeof c.parent === 'string' ? c.parent === parent : Object.values(c.parent.kinds).includes(parent),
  );

/** Chinese name of a table or column for previews and reports (i18n keys package.table.* / package.col.*). */
export function tableLabel(table: string): string {
  const key = `package.table.${table}`;
  return isMessageKey(key) ? translate(key) : table;
}
export function columnLabel(column: string): string {
  const key = `package.col.${column}`;
  return isMessageKey(key) ? translate(key) : column;
}
