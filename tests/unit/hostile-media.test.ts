// Whatever arrives on a USB stick is hostile until checked: packages rewritten by hand
// carry a Windows program disguised as 活动总结.docx, links to the teacher's own database, or no
// manifest at all. Each door — verify, merge, read-only open, serving, app.openMedia, export,
// import — refuses them with a Chinese reason, and nothing is written to the stick.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/core/handlers';
import { importMedia } from '../../electron/core/media/import';
import { resolveMediaRequest, resolveMediaVariant } from '../../electron/core/media/serve';
import { addMedia, linkMedia, mediaRelPath } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { mergePackage } from '../../electron/core/package/merge';
import { openPackageReadonly } from '../../electron/core/package/open';
import { verifyPackage } from '../../electron/core/package/verify';
import { ArchiveSession } from '../../electron/core/viewing';
import { HAS_CHINESE, newArchive, tempDir } from './helpers';
import { dumpData, forgePackage, listing, makeSchool, photo } from './package-fixtures';
import type { Archive } from '../../electron/core/db/open';

const all = { scope: { kind: 'all' as const }, maskNames: false, includeSensitive: false };
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
/** A Windows program's first bytes ("MZ", then the DOS stub). */
const program = (tag: string) =>
  Buffer.concat([
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00'),
    Buffer.from(`This program cannot be run in DOS mode ${tag}`),
  ]);

async function schoolPackage(): Promise<{ a: Archive; pkg: string; school: ReturnType<typeof makeSchool> }> {
  const a = newArchive();
  const school = makeSchool(a);
  const pkg = (await exportPackage(a, { target: tempDir('keji-usb-'), ...all })).path;
  return { a, pkg, school };
}

/** A media row for `bytes` stored under `ext`, linked to an activity, as another PC's program would write it. */
function plantMedia(
  pkg: string,
  bytes: Buffer,
  row: { ext: string; kind: string; name: string; activity: string },
): string {
  const sha = sha256(bytes);
  const id = '0199aaaa-bbbb-7ccc-8ddd-' + sha.slice(0, 12);
  forgePackage(
    pkg,
    (db) => {
      const cols = db.prepare("SELECT name FROM pragma_table_info('media')").pluck().all() as string[];
      const tpl = db.prepare('SELECT * FROM media LIMIT 1').get() as Record<string, unknown>;
      const values: Record<string, unknown> = {
        ...tpl,
        id,
        sha256: sha,
        ext: row.ext,
        kind: row.kind,
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        original_name: row.name,
        size: bytes.length,
      };
      db.prepare(
        `INSERT INTO media (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
      ).run(...cols.map((c) => values[c] ?? null));
      db.prepare(
        'INSERT INTO media_links (media_id, target_kind, target_id, position, created_at) VALUES (?,?,?,?,?)',
      ).run(id, 'activity', row.activity, 99, tpl.created_at);
    },
    { files: { [mediaRelPath(sha, row.ext)]: bytes } },
  );
  return id;
}

describe('a program disguised as a document never gets in, and never runs', () => {
  it('verify, merge and read-only open refuse a package carrying an .exe row named 活动总结.docx, naming it', async () => {
    const { a, pkg, school } = await schoolPackage();
    plantMedia(pkg, program('a'), { ext: 'exe', kind: 'document', name: '活动总结.docx', activity: school.lecture });
    const r = await verifyPackage(pkg);
    expect(r.ok).toBe(false);
    const text = r.problems.map((p) => p.message).join('\n');
    expect(text).toContain('活动总结.docx');
    expect(text).toMatch(HAS_CHINESE);
    expect(r.problems.map((p) => p.code)).toContain('unsafe-media');

    const before = dumpData(a);
    await expect(mergePackage(a, pkg)).rejects.toThrow(/活动总结\.docx/);
    expect(dumpData(a)).toEqual(before);
    expect(fs.readdirSync(path.join(a.dir, 'media'), { recursive: true }).some((f) => String(f).endsWith('.exe'))).toBe(
      false,
    );
    await expect(openPackageReadonly(pkg)).rejects.toThrow(/活动总结\.docx/);
    a.close();
  });

  it('a program stored under .docx is caught by its first bytes', async () => {
    const { a, pkg, school } = await schoolPackage();
    plantMedia(pkg, program('b'), { ext: 'docx', kind: 'document', name: '活动总结.docx', activity: school.lecture });
    const r = await verifyPackage(pkg);
    expect(r.ok).toBe(false);
    expect(r.problems.find((p) => p.code === 'unsafe-media')?.message).toMatch(/活动总结\.docx.*伪装/);
    a.close();
  });

  it('app.openMedia opens only an allow-listed document inside the archive, by id, and never a program', async () => {
    const a = newArchive();
    const opened: string[] = [];
    const disp = createDispatcher(a, {
      openFile: async (f: string) => {
        opened.push(f);
      },
    } as never);
    const d = (name: string, input: { id: string }) => disp(name, { ...input, jobId: crypto.randomUUID() });
    const exe = addMedia(a, program('c'), {
      ext: 'exe',
      kind: 'document',
      mime: 'application/msword',
      originalName: '活动总结.docx',
    }).id;
    const disguised = addMedia(a, program('d'), {
      ext: 'docx',
      kind: 'document',
      mime: 'x',
      originalName: '计划.docx',
    }).id;
    const pic = addMedia(a, photo(1), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '合影.jpg' }).id;
    const pdf = addMedia(a, Buffer.from('%PDF-1.4\n教案'), {
      ext: 'pdf',
      kind: 'document',
      mime: 'application/pdf',
      originalName: '教案.pdf',
    }).id;
    for (const id of [exe, disguised, pic]) {
      const res = await d('app.openMedia', { id });
      expect(res.ok, id).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(HAS_CHINESE);
    }
    // A row whose hash walks out of media/ names no file at all.
    a.db.prepare('UPDATE media SET sha256=? WHERE id=?').run('../../archive', pdf);
    expect((await d('app.openMedia', { id: pdf })).ok).toBe(false);
    expect(opened).toEqual([]);
    const good = addMedia(a, Buffer.from('%PDF-1.7\n方案'), {
      ext: 'pdf',
      kind: 'document',
      mime: 'application/pdf',
      originalName: '方案.pdf',
    }).id;
    expect((await d('app.openMedia', { id: good })).ok).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0].startsWith(path.join(fs.realpathSync(a.dir), 'media') + path.sep)).toBe(true);
    a.close();
  });

  it('our next export leaves out a program that reached the archive, and its package still verifies', async () => {
    const a = newArchive();
    const school = makeSchool(a);
    const exe = addMedia(a, program('e'), {
      ext: 'exe',
      kind: 'document',
      mime: 'application/msword',
      originalName: '活动总结.docx',
    }).id;
    linkMedia(a, exe, 'activity', school.lecture);
    const res = await exportPackage(a, { target: tempDir('keji-usb-'), ...all });
    expect(res.notes.join('\n')).toContain('活动总结.docx');
    const files = fs.readdirSync(res.path, { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.exe'))).toBe(false);
    expect(fs.readFileSync(path.join(res.path, 'viewer', 'data.js'), 'utf8')).not.toContain('活动总结.docx');
    expect((await verifyPackage(res.path)).ok).toBe(true);
    a.close();
  });

  it('import refuses a program named .docx and skips links on the stick, naming each', async () => {
    const a = newArchive();
    const stick = tempDir('keji-stick-');
    fs.writeFileSync(path.join(stick, '活动总结.docx'), program('f'));
    fs.writeFileSync(path.join(stick, '合影.jpg'), photo(3));
    fs.symlinkSync(path.join(a.dir, 'archive.sqlite'), path.join(stick, '证书.pdf'));
    fs.mkdirSync(path.join(stick, '子目录'));
    fs.symlinkSync('/etc', path.join(stick, '子目录', '系统'));
    const r = await importMedia(a, [stick]);
    const reasons = Object.fromEntries(r.failed.map((f) => [path.basename(f.file), f.reason]));
    expect(reasons['活动总结.docx']).toMatch(/不符/);
    expect(reasons['证书.pdf']).toMatch(/链接/);
    expect(reasons['系统']).toMatch(/链接/);
    // The photo is checked for real by sharp (these bytes are not a decodable JPEG): refused too, but not taken as anything else.
    const kinds = a.db.prepare('SELECT ext FROM media').pluck().all();
    expect(kinds).not.toContain('docx');
    expect(kinds).not.toContain('pdf');
    a.close();
  });
});

describe('read-only means read-only', () => {
  it('a folder without a manifest is refused, saying what it is', async () => {
    const a = newArchive();
    a.close();
    await expect(openPackageReadonly(a.dir)).rejects.toThrow(/档案文件夹.*manifest\.json/);
    const empty = tempDir('keji-stick-');
    await expect(openPackageReadonly(empty)).rejects.toThrow(/不是数据包/);
  });

  it("a symlink to the victim's own database inside a package is refused; nothing outside is served", async () => {
    const { a, pkg } = await schoolPackage();
    const media = fs
      .readdirSync(path.join(pkg, 'media'), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.jpg'))!;
    const target = path.join(pkg, 'media', media);
    fs.rmSync(target);
    fs.symlinkSync(path.join(a.dir, 'archive.sqlite'), target);
    const r = await verifyPackage(pkg);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(/链接.*不会跟随/);
    await expect(openPackageReadonly(pkg)).rejects.toThrow(/未通过校验/);
    a.close();
  });

  it('opening and browsing a package leaves the stick exactly as it was (names, sizes, mtimes), WAL or not', async () => {
    const { a, pkg } = await schoolPackage();
    // Thumbnails deleted on the stick: browsing must make them elsewhere, never on the stick.
    fs.rmSync(path.join(pkg, 'thumbs'), { recursive: true, force: true });
    const m = JSON.parse(fs.readFileSync(path.join(pkg, 'manifest.json'), 'utf8'));
    m.files = m.files.filter((f: { path: string }) => !f.path.startsWith('thumbs/'));
    fs.writeFileSync(path.join(pkg, 'manifest.json'), JSON.stringify(m));
    // A WAL-mode database (what a copied live archive looks like).
    forgePackage(pkg, (db) => {
      db.pragma('journal_mode = WAL');
    });
    const before = listing(pkg);
    const session = new ArchiveSession(a, (x) => createDispatcher(x));
    await session.open(pkg);
    const shown = session.current;
    expect(shown.readonly).toBe(true);
    const ids = shown.db.prepare("SELECT id FROM media WHERE kind='photo'").pluck().all() as string[];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(resolveMediaRequest(shown, `/media/${id}`).status).toBe(200);
      // These test bytes are not decodable photos: the original is answered, and nothing is written.
      expect((await resolveMediaVariant(shown, `/media/${id}`, 'thumb')).ok).toBe(true);
    }
    expect((await session.dispatch('activities.list', {})).ok).toBe(true);
    expect((await session.dispatch('people.create', { kind: 'student', name: '入侵者' })).ok).toBe(false);
    session.close();
    expect(listing(pkg)).toEqual(before);
    expect(fs.existsSync(path.join(pkg, '.lock'))).toBe(false);
    expect(fs.existsSync(path.join(pkg, 'archive.sqlite-wal'))).toBe(false);
    expect(fs.existsSync(path.join(pkg, 'archive.sqlite-shm'))).toBe(false);
    a.close();
  });
});

describe('re-export tells the truth', () => {
  it('a flipped byte on the stick is found and written again by the next export', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    const media = fs
      .readdirSync(path.join(first.path, 'media'), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.jpg'))!;
    const file = path.join(first.path, 'media', media);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect((await verifyPackage(first.path)).ok).toBe(false);
    const again = await exportPackage(a, { target: usb, ...all });
    expect(again.writtenFiles).toBe(1);
    expect(again.checkedFiles + again.keptUnread).toBe(again.files);
    expect((await verifyPackage(again.path)).ok).toBe(true);
    a.close();
  });

  it('an unchanged re-export reads nothing back and says so; 全部重新核对 finds a byte changed behind its back', async () => {
    const a = newArchive();
    makeSchool(a);
    const usb = tempDir('keji-usb-');
    const first = await exportPackage(a, { target: usb, ...all });
    expect(first.checkedFiles).toBe(first.files);
    const again = await exportPackage(a, { target: usb, ...all });
    expect(again.writtenFiles).toBe(0);
    expect(again.keptUnread).toBe(again.files);
    expect(again.checkedFiles).toBe(0);

    // A byte flipped with the file's time put back: size and time unchanged, so only a re-read sees it.
    const media = fs
      .readdirSync(path.join(again.path, 'media'), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.jpg'))!;
    const file = path.join(again.path, 'media', media);
    const st = fs.statSync(file);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, st.atime, st.mtime);
    const quick = await exportPackage(a, { target: usb, ...all });
    expect(quick.writtenFiles).toBe(0);
    expect(quick.keptUnread).toBe(quick.files); // named as unread, not as checked
    const full = await exportPackage(a, { target: usb, ...all, recheck: true });
    expect(full.keptUnread).toBe(0);
    expect(full.checkedFiles).toBe(full.files);
    expect(full.writtenFiles).toBe(1);
    expect((await verifyPackage(full.path)).ok).toBe(true);
    // A file touched (time changed, same bytes) is read back by the next ordinary export, and kept.
    const other = fs
      .readdirSync(path.join(full.path, 'media'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.jpg'))[1];
    expect(other).toBeDefined();
    const t = new Date(Date.now() - 86_400_000);
    fs.utimesSync(path.join(full.path, 'media', other), t, t);
    const next = await exportPackage(a, { target: usb, ...all });
    expect(next.checkedFiles).toBe(1);
    expect(next.writtenFiles).toBe(0);
    a.close();
  });
});
