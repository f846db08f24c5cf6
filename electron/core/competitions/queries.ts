import type { Competition } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { insertEntity, logChange, mapRow } from '../rows';

export interface CompetitionFields {
  name: string;
  session?: string | null;
  year?: number | null;
  organizer?: string | null;
  level: string;
}

export function listCompetitions(a: Archive): Competition[] {
  return (
    a.db.prepare('SELECT * FROM competitions WHERE deleted_at IS NULL ORDER BY year DESC, name').all() as Record<
      string,
      unknown
    >[]
  ).map((r) => mapRow<Competition>(r));
}

export function createCompetition(a: Archive, f: CompetitionFields): Competition {
  const id = insertEntity(a, 'competitions', {
    name: f.name,
    session: f.session ?? null,
    year: f.year ?? null,
    organizer: f.organizer ?? null,
    level: f.level,
  });
  logChange(a, 'competition', id, 'create', f.name);
  return mapRow<Competition>(a.db.prepare('SELECT * FROM competitions WHERE id=?').get(id) as Record<string, unknown>);
}

/** Finds a competition by name + 届次 + 年度, or creates it (imports use this). */
export function findOrCreateCompetition(a: Archive, f: CompetitionFields): Competition {
  const row = a.db
    .prepare(
      "SELECT * FROM competitions WHERE name=? AND IFNULL(session,'')=? AND IFNULL(year,0)=? AND deleted_at IS NULL",
    )
    .get(f.name, f.session ?? '', f.year ?? 0) as Record<string, unknown> | undefined;
  return row ? mapRow<Competition>(row) : createCompetition(a, f);
}
