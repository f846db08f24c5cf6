// 合并: packages from other PCs, matched by id; changes flow both ways; both-sides edits are
// conflicts the teacher decides; tombstones win when newer; photos are deduplicated by hash.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getActivity, updateActivity } from '../../electron/core/activities/queries';
import type { Archive } from '../../electron/core/db/open';
import { addMedia, linkMedia, mediaRelPath } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { decide, mergePackage, previewMerge } from '../../electron/core/package/merge';
import { listBackups } from '../../electron/core/package/backup';
import { getPerson, updatePerson } from '../../electron/core/people/queries';
import { staleDocs } from '../../electron/core/search/reindex';
import { moveToTrash, purge } from '../../electron/core/trash';
import type { ActivityInput } from '../../shared/schemas';
import { newArchive, tempDir } from './helpers';
import { dumpData, makeSchool, photo } from './package-fixtures';

const all = { scope: { kind: 'all' as const }, maskNames: false, includeSensitive: false };
const exportTo = async (a: Archive, opts: Partial<typeof all> = {}) =>
  (await exportPackage(a, { target: tempDir('keji-usb-'), ...all, ...opts })).path;

function edit(a: Archive, id: string, patch: Partial<ActivityInput>): void {
  const x = getActivity(a, id);
  updateActivity(a, id, {
    title: x.title,
    type: x.type,
    status: x.status,
    startDate: x.startDate,
    endDate: x.endDate,
    location: x.location,
    teacherIds: x.teacherIds,
    participantIds: x.participantIds,
    headCount: x.headCount,
    headCountNote: x.headCountNote,
    groupId: x.groupId,
    content: x.content,
    process: x.process,
    reflection: x.reflection,
    tags: x.tags,
    ...patch,
  } as never);
}

/** Two PCs: A (the school) and B, which got everything from A's first package. */
async function twoPCs() {
  const a = newArchive({ start: '2025-09-01T08:00:00Z', seed: 1 });
  const s = makeSchool(a);
  const b = newArchive({ start: '2025-10-01T08:00:00Z', seed: 2 });
  await mergePackage(b, await exportTo(a));
  return { a, b, s };
}

describe('decide (who wins)', () => {
  // The clock of each PC is its own: merged_at deliberately plays no part.
  const st = (theirs_seen: string, ours_after: string) => ({ theirs_seen, ours_after, merged_at: 'whenever' });
  it('follows the side that changed since the last merge, and calls both-sides changes a conflict', () => {
    expect(decide('t1', 't1', undefined, undefined)).toBe('same');
    expect(decide('t1', 't2', undefined, undefined)).toBe('theirs'); // no history: last writer wins
    expect(decide('t3', 't2', undefined, undefined)).toBe('ours');
    // We last saw their t1 and had t1: they moved → theirs; we moved → ours; both → conflict.
    expect(decide('t1', 't2', st('t1', 't1'), undefined)).toBe('theirs');
    expect(decide('t3', 't1', st('t1', 't1'), undefined)).toBe('ours');
    expect(decide('t3', 't2', st('t1', 't1'), undefined)).toBe('conflict');
    // Their package says they saw our t1 and then had t5 (an edit or their pick): theirs.
    expect(decide('t1', 't5', undefined, st('t1', 't5'))).toBe('theirs');
    // We changed after what they saw, and they did not move: ours.
    expect(decide('t9', 't5', undefined, st('t1', 't5'))).toBe('ours');
    expect(decide('t9', 't6', undefined, st('t1', 't5'))).toBe('conflict');
  });
});

describe('merging a package', () => {
  it('into an empty archive adds everything: rows, photos (hash-checked), search index; a backup first', async () => {
    const a = newArchive();
    makeSchool(a);
    const pkg = await exportTo(a);
    const b = newArchive({ seed: 5 });
    const preview = await previewMerge(b, pkg);
    expect(preview.added.find((x) => x.table === 'activities')?.count).toBe(3);
    expect(preview.media.toCopy).toBe(4);
    expect(preview.conflicts).toEqual([]);
    const r = await mergePackage(b, pkg);
    expect(r.applied).toBe(true);
    expect(r.backup).toMatch(/before-merge\.sqlite$/);
    expect(fs.existsSync(path.join(b.dir, 'backups', r.backup!))).toBe(true);
    const ids = (x: Archive, t: string) => x.db.prepare(`SELECT id FROM ${t} ORDER BY id`).pluck().all();
    for (const t of ['people', 'activities', 'works', 'awards', 'media', 'competitions'])
      expect(ids(b, t), t).toEqual(ids(a, t));
    expect(b.db.prepare('SELECT COUNT(*) FROM activity_participants').pluck().get()).toBe(4);
    expect(b.db.prepare('SELECT name FROM tags').pluck().all()).toEqual(['科技节']);
    for (const m of b.db.prepare('SELECT sha256, ext FROM media').all() as { sha256: string; ext: string }[]) {
      expect(fs.existsSync(path.join(b.dir, mediaRelPath(m.sha256, m.ext)))).toBe(true);
    }
    // Phones stayed on A; the search index of B knows the new records.
    expect(b.db.prepare('SELECT COUNT(*) FROM people WHERE guardian_phone IS NOT NULL').pluck().get()).toBe(0);
    expect(staleDocs(b.db)).toEqual([]);
    expect(b.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    a.close();
    b.close();
  });

  it('the same package twice changes nothing (no row, no backup, no log entry)', async () => {
    const { a, b } = await twoPCs();
    const pkg = await exportTo(a);
    const before = dumpData(b);
    const log = b.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get();
    const backups = listBackups(b.dir).length;
    const r = await mergePackage(b, pkg);
    expect(r.applied).toBe(false);
    expect(r.nothingToDo).toBe(true);
    expect(dumpData(b)).toEqual(before);
    expect(b.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBe(log);
    expect(listBackups(b.dir).length).toBe(backups);
    // And A's own package merged back into A changes nothing either.
    const aBefore = dumpData(a);
    await mergePackage(a, pkg);
    expect(dumpData(a)).toEqual(aBefore);
    a.close();
    b.close();
  });

  it('changes made on one PC flow to the other, both ways, with their participants and tags', async () => {
    const { a, b, s } = await twoPCs();
    edit(b, s.lecture, { title: '科普讲座（B 修改）', participantIds: [s.zhang], tags: ['科技节', '航天'] });
    edit(a, s.model, { location: '操场（A 修改）' });
    const r = await mergePackage(a, await exportTo(b));
    expect(r.conflicts).toEqual([]);
    expect(r.updated.find((x) => x.table === 'activities')?.titles).toEqual(['科普讲座（B 修改）']);
    expect(getActivity(a, s.lecture).title).toBe('科普讲座（B 修改）');
    expect(getActivity(a, s.lecture).participantIds).toEqual([s.zhang]);
    expect(getActivity(a, s.lecture).tags).toEqual(['航天', '科技节'].sort());
    expect(getActivity(a, s.model).location).toBe('操场（A 修改）'); // A's own change kept
    await mergePackage(b, await exportTo(a));
    expect(getActivity(b, s.model).location).toBe('操场（A 修改）');
    expect(dumpData(b).activities).toEqual(dumpData(a).activities);
    expect(staleDocs(a.db)).toEqual([]);
    a.close();
    b.close();
  });

  it('both PCs edited the same activity: the teacher sees the conflict, picks, and the pick travels', async () => {
    const { a, b, s } = await twoPCs();
    edit(a, s.lecture, { location: '报告厅（A）' });
    edit(b, s.lecture, { location: '礼堂（B）', content: 'B 补充的内容' });
    const pkgB = await exportTo(b);
    const preview = await previewMerge(a, pkgB);
    expect(preview.conflicts).toHaveLength(1);
    const c = preview.conflicts[0];
    expect(c).toMatchObject({
      table: 'activities',
      id: s.lecture,
      label: '活动',
      title: '科普讲座：走进中国航天',
      key: `activities:${s.lecture}`,
    });
    expect(c.fields).toEqual(
      expect.arrayContaining([
        { column: 'location', label: '地点', ours: '报告厅（A）', theirs: '礼堂（B）' },
        { column: 'content', label: '活动内容', ours: null, theirs: 'B 补充的内容' },
      ]),
    );
    // No pick: ours stays, and the conflict comes back next time.
    const r1 = await mergePackage(a, pkgB);
    expect(r1.unresolved).toBe(1);
    expect(getActivity(a, s.lecture).location).toBe('报告厅（A）');
    expect((await previewMerge(a, pkgB)).conflicts).toHaveLength(1);
    // The teacher takes B's version.
    const r2 = await mergePackage(a, pkgB, { choices: { [c.key]: 'theirs' } });
    expect(r2.unresolved).toBe(0);
    expect(getActivity(a, s.lecture).location).toBe('礼堂（B）');
    expect((await previewMerge(a, pkgB)).nothingToDo).toBe(true);
    // Both PCs now agree; A's next package brings B nothing new for it.
    const back = await previewMerge(b, await exportTo(a));
    expect(back.conflicts).toEqual([]);
    expect(back.updated.find((x) => x.table === 'activities')).toBeUndefined();
    a.close();
    b.close();
  });

  it('keeping ours in a conflict is what the other PC gets next time', async () => {
    const { a, b, s } = await twoPCs();
    edit(a, s.lecture, { location: '报告厅（A）' });
    edit(b, s.lecture, { location: '礼堂（B）' });
    await mergePackage(a, await exportTo(b), { choices: { [`activities:${s.lecture}`]: 'ours' } });
    expect(getActivity(a, s.lecture).location).toBe('报告厅（A）');
    const r = await mergePackage(b, await exportTo(a));
    expect(r.conflicts).toEqual([]);
    expect(getActivity(b, s.lecture).location).toBe('报告厅（A）');
    a.close();
    b.close();
  });

  it('a record trashed on one PC is trashed on the other; an older package does not bring it back', async () => {
    const { a, b, s } = await twoPCs();
    const stale = await exportTo(a); // taken before B trashed it
    moveToTrash(b, 'activity', s.model);
    await mergePackage(a, await exportTo(b), { confirmTrash: true }); // trashing ours is always confirmed
    expect(a.db.prepare('SELECT deleted_at FROM activities WHERE id=?').pluck().get(s.model)).not.toBeNull();
    await mergePackage(b, stale);
    expect(b.db.prepare('SELECT deleted_at FROM activities WHERE id=?').pluck().get(s.model)).not.toBeNull();
    // Deleted for good (清空回收站) here: a package still holding it does not resurrect it.
    purge(b, 'activity', s.model);
    const r = await mergePackage(b, stale);
    expect(r.skipped.map((x) => x.id)).toContain(s.model);
    expect(b.db.prepare('SELECT COUNT(*) FROM activities WHERE id=?').pluck().get(s.model)).toBe(0);
    a.close();
    b.close();
  });

  it('the same photo imported on both PCs is kept once; links and covers point at ours', async () => {
    const { a, b, s } = await twoPCs();
    const bytes = photo(1234);
    const onA = addMedia(a, bytes, { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: 'A拍的.jpg' }).id;
    linkMedia(a, onA, 'activity', s.model);
    a.db
      .prepare('UPDATE activities SET cover_media_id=?, updated_at=? WHERE id=?')
      .run(onA, a.clock.now().toISOString(), s.model); // a believable time (a future one never wins)
    const onB = addMedia(b, bytes, { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: 'B拍的.jpg' }).id;
    expect(onA).not.toBe(onB);
    const r = await mergePackage(b, await exportTo(a));
    expect(r.media.duplicates).toBe(1);
    expect(r.media.toCopy).toBe(0);
    expect(
      b.db.prepare('SELECT COUNT(*) FROM media WHERE sha256=(SELECT sha256 FROM media WHERE id=?)').pluck().get(onB),
    ).toBe(1);
    expect(
      b.db
        .prepare("SELECT media_id FROM media_links WHERE target_kind='activity' AND target_id=?")
        .pluck()
        .all(s.model),
    ).toEqual([onB]);
    expect(getActivity(b, s.model).coverMediaId).toBe(onB);
    expect(b.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    a.close();
    b.close();
  });

  it('a package with masked names and no phones never overwrites ours', async () => {
    const { a, b, s } = await twoPCs();
    // B learns the real phone; A later edits the student (newer) and sends a masked package.
    const p = getPerson(b, s.zhang);
    updatePerson(b, s.zhang, {
      kind: 'student',
      name: p.name,
      entryYear: p.entryYear!,
      classNo: p.classNo,
      guardianPhone: '13811112222',
    });
    const q = getPerson(a, s.zhang);
    updatePerson(a, s.zhang, {
      kind: 'student',
      name: q.name,
      entryYear: q.entryYear!,
      classNo: 3,
      guardianPhone: q.guardianPhone,
    });
    const r = await mergePackage(b, await exportTo(a, { maskNames: true }), { prefer: 'theirs' });
    expect(r.package.maskedNames).toBe(true);
    const after = getPerson(b, s.zhang);
    expect(after.classNo).toBe(3); // A's change arrived
    expect(after.name).toBe('张树茂');
    expect(after.guardianPhone).toBe('13811112222');
    a.close();
    b.close();
  });

  it('group memberships are only ever added to, never lost', async () => {
    const { a, b, s } = await twoPCs();
    const g = a.db
      .prepare(
        "INSERT INTO groups (id, created_at, updated_at, name) VALUES ('01990000-0000-7000-8000-000000000001', 't', 't', '航模队') RETURNING id",
      )
      .pluck()
      .get() as string;
    a.db
      .prepare("INSERT INTO group_members (group_id, person_id, joined_on) VALUES (?, ?, '2025-09-10')")
      .run(g, s.zhang);
    await mergePackage(b, await exportTo(a));
    b.db.prepare("INSERT INTO group_members (group_id, person_id, joined_on) VALUES (?, ?, '2025-09-12')").run(g, s.li);
    a.db.prepare("UPDATE group_members SET left_on='2026-01-10' WHERE group_id=? AND person_id=?").run(g, s.zhang);
    await mergePackage(b, await exportTo(a));
    await mergePackage(a, await exportTo(b));
    const rows = (x: Archive) =>
      x.db
        .prepare('SELECT person_id, joined_on, left_on FROM group_members WHERE group_id=? ORDER BY joined_on')
        .all(g);
    expect(rows(a)).toEqual([
      { person_id: s.zhang, joined_on: '2025-09-10', left_on: '2026-01-10' },
      { person_id: s.li, joined_on: '2025-09-12', left_on: null },
    ]);
    expect(rows(b)).toEqual(rows(a));
    a.close();
    b.close();
  });
});
