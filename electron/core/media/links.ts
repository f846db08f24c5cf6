// Media ↔ records (activity, work, award, person) through media_links, and the photo that
// stands for a record: an activity's cover, an award's certificate.
import type { LinkTarget } from '../../../shared/calls/media';
import type { Archive } from '../db/open';
import { invalid, notFound } from '../errors';
import { logChange, nowIso } from '../rows';
import { translate } from '../../../shared/i18n/messages';

export const TARGET_TABLE = { activity: 'activities', work: 'works', award: 'awards', person: 'people' } as const;
export const TARGET_WHAT = {
  activity: 'core.what.activity',
  work: 'core.what.work',
  award: 'core.what.awardRecord',
  person: 'core.what.person',
} as const;

export function assertTarget(a: Archive, t: LinkTarget): void {
  const ok = a.db.prepare(`SELECT 1 FROM ${TARGET_TABLE[t.kind]} WHERE id=? AND deleted_at IS NULL`).get(t.id);
  if (!ok) throw notFound(`${translate(TARGET_WHAT[t.kind])} ${t.id}`);
}

/** Fills an empty cover (activity) or certificate (award) with the first linked live photo. */
function fillRepresentative(a: Archive, t: LinkTarget): void {
  const first = `(SELECT l.media_id FROM media_links l JOIN media m ON m.id=l.media_id
      WHERE l.target_kind=? AND l.target_id=? AND m.kind='photo' AND m.deleted_at IS NULL ORDER BY l.position, l.created_at LIMIT 1)`;
  if (t.kind === 'activity')
    a.db
      .prepare(`UPDATE activities SET cover_media_id=${first} WHERE id=? AND cover_media_id IS NULL`)
      .run(t.kind, t.id, t.id);
  if (t.kind === 'award')
    a.db
      .prepare(`UPDATE awards SET certificate_media_id=${first} WHERE id=? AND certificate_media_id IS NULL`)
      .run(t.kind, t.id, t.id);
}

export const nextLinkPosition = (a: Archive, t: LinkTarget) =>
  a.db
    .prepare('SELECT COALESCE(MAX(position), -1) + 1 FROM media_links WHERE target_kind=? AND target_id=?')
    .pluck()
    .get(t.kind, t.id) as number;

/** Links media to a record after what it has (or at `position`, e.g. a file's place in an import); returns how many links are new. */
export function linkTo(a: Archive, ids: readonly string[], target: LinkTarget, position?: number): number {
  const ins = a.db.prepare(
    'INSERT OR IGNORE INTO media_links (media_id, target_kind, target_id, position, created_at) VALUES (?,?,?,?,?)',
  );
  let n = 0;
  for (const id of ids)
    n += ins.run(id, target.kind, target.id, position ?? nextLinkPosition(a, target), nowIso(a)).changes;
  fillRepresentative(a, target);
  return n;
}

/** Whether the activity has a cover / the award a certificate photo. */
export function hasRepresentative(a: Archive, t: LinkTarget): boolean {
  if (t.kind === 'activity')
    return !!a.db.prepare('SELECT cover_media_id FROM activities WHERE id=?').pluck().get(t.id);
  if (t.kind === 'award') return !!a.db.prepare('SELECT certificate_media_id FROM awards WHERE id=?').pluck().get(t.id);
  return true;
}

/** Picks the cover / certificate again as the first linked photo (files finish in any order). */
export function resetRepresentative(a: Archive, t: LinkTarget): void {
  if (t.kind === 'activity') a.db.prepare('UPDATE activities SET cover_media_id=NULL WHERE id=?').run(t.id);
  if (t.kind === 'award') a.db.prepare('UPDATE awards SET certificate_media_id=NULL WHERE id=?').run(t.id);
  fillRepresentative(a, t);
}

export function linkMediaTo(a: Archive, ids: readonly string[], target: LinkTarget): number {
  assertTarget(a, target);
  const live = a.db.prepare('SELECT 1 FROM media WHERE id=? AND deleted_at IS NULL').pluck();
  for (const id of ids) if (!live.get(id)) throw notFound(translate('core.notFound.media', { id }));
  const n = linkTo(a, ids, target);
  if (n) logChange(a, target.kind, target.id, 'link-media', `${n}`);
  return n;
}

export function unlinkMedia(a: Archive, ids: readonly string[], target: LinkTarget): void {
  const del = a.db.prepare('DELETE FROM media_links WHERE media_id=? AND target_kind=? AND target_id=?');
  for (const id of ids) del.run(id, target.kind, target.id);
  // A cover or certificate that is no longer linked gives way to the next photo.
  const q = `IN (${ids.map(() => '?').join(',')})`;
  if (target.kind === 'activity')
    a.db.prepare(`UPDATE activities SET cover_media_id=NULL WHERE id=? AND cover_media_id ${q}`).run(target.id, ...ids);
  if (target.kind === 'award')
    a.db
      .prepare(`UPDATE awards SET certificate_media_id=NULL WHERE id=? AND certificate_media_id ${q}`)
      .run(target.id, ...ids);
  fillRepresentative(a, target);
  logChange(a, target.kind, target.id, 'unlink-media', `${ids.length}`);
}

/** The cover of an activity or the certificate photo of an award (linked too, if it was not). */
export function setRepresentative(
  a: Archive,
  mediaId: string,
  target: { kind: 'activity' | 'award'; id: string },
): void {
  assertTarget(a, target);
  const m = a.db.prepare('SELECT kind FROM media WHERE id=? AND deleted_at IS NULL').get(mediaId) as
    { kind: string } | undefined;
  if (!m) throw notFound(translate('core.notFound.photo', { id: mediaId }));
  if (m.kind !== 'photo') throw invalid(translate('core.media.onlyPhotoCover'));
  linkTo(a, [mediaId], target);
  const col = target.kind === 'activity' ? 'activities SET cover_media_id' : 'awards SET certificate_media_id';
  a.db.prepare(`UPDATE ${col}=?, updated_at=? WHERE id=?`).run(mediaId, nowIso(a), target.id);
  logChange(a, target.kind, target.id, target.kind === 'activity' ? 'cover' : 'certificate', mediaId);
}
