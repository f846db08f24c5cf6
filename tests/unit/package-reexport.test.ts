// Re-export to the same stick is proportional to what changed: an archive unchanged since the
// package was made keeps the package's database snapshot and viewer data (and says so), while a
// change anywhere — a record, a thumbnail made, a file touched on the stick — makes them again.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getActivity, updateActivity } from '../../electron/core/activities/queries';
import { mediaRelPath, thumbRelPath } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { MANIFEST_FILE, readManifest } from '../../electron/core/package/manifest';
import { verifyPackage } from '../../electron/core/package/verify';
import { translate } from '../../shared/i18n/messages';
import { newArchive, tempDir } from './helpers';
import { makeSchool, packageDb } from './package-fixtures';

const all = { scope: { kind: 'all' as const }, maskNames: false, includeSensitive: false };
const UNCHANGED = translate('package.note.unchanged');

/** Every viewer data file of a package, as one text. */
function viewerText(pkg: string): string {
  return fs
    .readdirSync(path.join(pkg, 'viewer'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.js') && f !== 'viewer.js')
    .map((f) => fs.readFileSync(path.join(pkg, 'viewer', f), 'utf8'))
    .join('\n');
}

const mtimeOf = (pkg: string, rel: string) => fs.statSync(path.join(pkg, rel)).mtimeMs;

describe('re-export of an unchanged archive', () => {
  it('keeps the database and viewer data on the stick, reads nothing back, and says so', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    expect(first.archiveUnchanged).toBe(false);
    expect(first.notes).not.toContain(UNCHANGED);
    const db0 = mtimeOf(first.path, 'archive.sqlite');
    const data0 = mtimeOf(first.path, 'viewer/data.js');

    const again = await exportPackage(a, { target: usb, ...all });
    expect(again.archiveUnchanged).toBe(true);
    expect(again.notes).toContain(UNCHANGED);
    expect(again.files).toBe(first.files);
    expect(again.writtenFiles).toBe(0);
    expect(again.checkedFiles).toBe(0);
    expect(again.keptUnread).toBe(again.files);
    expect(mtimeOf(again.path, 'archive.sqlite')).toBe(db0);
    expect(mtimeOf(again.path, 'viewer/data.js')).toBe(data0);
    const m = readManifest(path.join(again.path, MANIFEST_FILE));
    expect(m.ok && m.manifest.source?.identity).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyPackage(again.path)).ok).toBe(true);

    // 全部重新核对 trusts nothing recorded: the database and viewer data are made again, every file read back.
    const full = await exportPackage(a, { target: usb, ...all, recheck: true });
    expect(full.archiveUnchanged).toBe(false);
    expect(full.notes).not.toContain(UNCHANGED);
    expect(full.checkedFiles).toBe(full.files);
    expect(full.keptUnread).toBe(0);
    expect((await verifyPackage(full.path)).ok).toBe(true);
    a.close();
  });

  it('other options are another package: masking names makes the database and viewer data again', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    await exportPackage(a, { target: usb, ...all });
    const masked = await exportPackage(a, { target: usb, ...all, maskNames: true });
    expect(masked.archiveUnchanged).toBe(false);
    expect(viewerText(masked.path)).not.toContain('张树茂');
    expect(viewerText(masked.path)).toContain('张*茂');
    a.close();
  });

  it('repeats the notes about originals missing from the archive', async () => {
    const a = newArchive();
    const s = makeSchool(a);
    const row = a.db.prepare('SELECT sha256, ext, original_name FROM media WHERE id=?').get(s.photos[0]) as {
      sha256: string;
      ext: string;
      original_name: string;
    };
    fs.rmSync(path.join(a.dir, mediaRelPath(row.sha256, row.ext)));
    const missing = translate('package.note.missingOriginal', { name: row.original_name });
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    expect(first.notes).toContain(missing);
    const again = await exportPackage(a, { target: usb, ...all });
    expect(again.archiveUnchanged).toBe(true);
    expect(again.notes).toContain(missing);
    a.close();
  });
});

describe('re-export after a change', () => {
  it('a changed activity makes the database and viewer data again, with the new title', async () => {
    const a = newArchive();
    const s = makeSchool(a);
    const usb = tempDir('keji-usb-');
    await exportPackage(a, { target: usb, ...all });
    const act = getActivity(a, s.lecture);
    updateActivity(a, s.lecture, { ...act, title: '科普讲座：走进中国航天（第二讲）', tags: act.tags });

    const next = await exportPackage(a, { target: usb, ...all });
    expect(next.archiveUnchanged).toBe(false);
    expect(next.notes).not.toContain(UNCHANGED);
    expect(next.writtenFiles).toBe(2); // the database and viewer/data.js; every photo stays
    expect(viewerText(next.path)).toContain('走进中国航天（第二讲）');
    const db = packageDb(next.path);
    expect(db.prepare('SELECT title FROM activities WHERE id=?').pluck().get(s.lecture)).toBe(
      '科普讲座：走进中国航天（第二讲）',
    );
    db.close();
    expect((await verifyPackage(next.path)).ok).toBe(true);
    // And that package, unchanged in turn, is kept the next time.
    expect((await exportPackage(a, { target: usb, ...all })).archiveUnchanged).toBe(true);
    a.close();
  });

  it('a thumbnail made in the archive since (no record changed) makes the viewer data again', async () => {
    const a = newArchive();
    const s = makeSchool(a);
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    const sha = a.db.prepare('SELECT sha256 FROM media WHERE id=?').pluck().get(s.photos[1]) as string;
    const rel = thumbRelPath(sha, 256);
    expect(viewerText(first.path)).not.toContain(rel);
    fs.mkdirSync(path.dirname(path.join(a.dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(a.dir, rel), 'RIFF-webp-thumb');

    const next = await exportPackage(a, { target: usb, ...all });
    expect(next.archiveUnchanged).toBe(false);
    expect(viewerText(next.path)).toContain(rel);
    expect(fs.readFileSync(path.join(next.path, rel), 'utf8')).toBe('RIFF-webp-thumb');
    a.close();
  });

  it('a kept file touched on the stick is read back, and the database and viewer data are made again', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    const t = new Date(Date.now() - 86_400_000);
    fs.utimesSync(path.join(first.path, 'viewer/data.js'), t, t);

    const next = await exportPackage(a, { target: usb, ...all });
    expect(next.archiveUnchanged).toBe(false);
    expect(next.checkedFiles).toBe(1);
    expect(next.writtenFiles).toBe(0); // made again to the same bytes: kept after its read-back
    expect((await verifyPackage(next.path)).ok).toBe(true);
    a.close();
  });
});
