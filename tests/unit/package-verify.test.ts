// 校验数据包: every kind of damage named, hostile packages refused without writing anything.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPackage } from '../../electron/core/package/export';
import { MANIFEST_FILE, MAX_FILES } from '../../electron/core/package/manifest';
import { verifyPackage } from '../../electron/core/package/verify';
import { mergePackage } from '../../electron/core/package/merge';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import type { VerifyReport } from '../../shared/calls/package';
import { newArchive, tableCounts, tempDir } from './helpers';
import { listing, makeSchool } from './package-fixtures';

let pristine: string;
beforeAll(async () => {
  const a = newArchive();
  makeSchool(a);
  const r = await exportPackage(a, {
    target: tempDir('keji-usb-'),
    scope: { kind: 'all' },
    maskNames: false,
    includeSensitive: false,
  });
  pristine = r.path;
  a.close();
});

/** A fresh copy of the good package to damage. */
function copy(): string {
  const dir = path.join(tempDir('keji-bad-'), path.basename(pristine));
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
}
const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
const writeManifest = (dir: string, m: unknown) => fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(m));
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const codes = (r: VerifyReport) => r.problems.map((p) => p.code);
const firstMedia = (dir: string) =>
  (manifestOf(dir).files as { path: string }[]).find((f) => f.path.startsWith('media/'))!.path;

/** Verifies, and checks a merge refuses it with the problem named and nothing written anywhere. */
async function refused(dir: string, expectText: RegExp | string): Promise<VerifyReport> {
  const before = listing(dir);
  const r = await verifyPackage(dir);
  expect(r.ok).toBe(false);
  expect(r.problems.map((p) => p.message).join('\n')).toMatch(expectText);
  const a = newArchive({ seed: 9 });
  const counts = tableCounts(a);
  await expect(mergePackage(a, dir)).rejects.toThrow(/数据包未通过校验/);
  expect(tableCounts(a)).toEqual(counts);
  expect(fs.readdirSync(path.join(a.dir, 'backups'))).toEqual([]);
  expect(fs.readdirSync(path.join(a.dir, 'media'))).toEqual([]);
  a.close();
  expect(listing(dir)).toEqual(before);
  return r;
}

describe('a good package', () => {
  it('passes, with a summary; verifying writes nothing into it', async () => {
    const before = listing(pristine);
    const r = await verifyPackage(pristine);
    expect(r).toMatchObject({ ok: true, complete: true, problems: [] });
    expect(r.summary).toMatchObject({
      school: '青山镇中心小学',
      schemaVersion: SCHEMA_VERSION,
      scopeLabel: '全部数据',
    });
    expect(r.checkedFiles).toBe(r.summary!.files);
    expect(listing(pristine)).toEqual(before);
  });

  it('files a file browser leaves (Thumbs.db, .DS_Store) are warnings, not problems', async () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, 'media', 'Thumbs.db'), 'x');
    fs.writeFileSync(path.join(dir, '.DS_Store'), 'x');
    const r = await verifyPackage(dir);
    expect(r.ok).toBe(true);
    expect(r.warnings).toHaveLength(2);
  });
});

describe('every problem is named', () => {
  it('a missing file', async () => {
    const dir = copy();
    const f = firstMedia(dir);
    fs.rmSync(path.join(dir, f));
    const r = await refused(dir, `缺少文件：${f}`);
    expect(codes(r)).toEqual(['missing']);
  });

  it('a changed file (same size, other bytes: the hash says so)', async () => {
    const dir = copy();
    const f = path.join(dir, firstMedia(dir));
    const bytes = fs.readFileSync(f);
    bytes[100] ^= 0xff;
    fs.writeFileSync(f, bytes);
    expect(codes(await refused(dir, /校验值不符/))).toEqual(['changed']);
  });

  it('an extra file', async () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, 'media', 'virus.exe'), 'MZ');
    expect(codes(await refused(dir, '多出了清单中没有的文件：media/virus.exe'))).toEqual(['extra']);
  });

  it('an unknown format version', async () => {
    const dir = copy();
    writeManifest(dir, { ...manifestOf(dir), formatVersion: 2 });
    const r = await refused(dir, /格式版本 2 无法识别，请升级软件/);
    expect(codes(r)).toEqual(['unknown-format']);
  });

  it('a newer schema: 请升级软件', async () => {
    const dir = copy();
    const db = new Database(path.join(dir, 'archive.sqlite'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    writeManifest(dir, {
      ...manifestOf(dir),
      schemaVersion: SCHEMA_VERSION + 1,
      files: manifestOf(dir).files.map((f: { path: string }) =>
        f.path === 'archive.sqlite' ? { ...f, sha256: sha(path.join(dir, 'archive.sqlite')) } : f,
      ),
    });
    const r = await refused(dir, /请升级软件/);
    expect(codes(r)).toContain('schema-too-new');
  });

  it('a manifest that is not JSON, or is missing (an unfinished export)', async () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, MANIFEST_FILE), '{"format": "keji-pack');
    expect(codes(await refused(dir, /不是有效的 JSON/))).toEqual(['bad-manifest']);
    fs.rmSync(path.join(dir, MANIFEST_FILE));
    const r = await refused(dir, /导出没有完成/);
    expect(r.complete).toBe(false);
  });
});

describe('hostile packages are refused before anything is written', () => {
  it('".." and absolute paths in the manifest', async () => {
    for (const bad of ['../../etc/passwd', '/etc/passwd', 'C:/Windows/win.ini', 'media\\..\\..\\x', 'media/../../x']) {
      const dir = copy();
      const m = manifestOf(dir);
      m.files.push({ path: bad, size: 1, sha256: '0'.repeat(64) });
      writeManifest(dir, m);
      const r = await refused(dir, /路径不安全/);
      expect(codes(r)).toEqual(['unsafe-path']);
    }
  });

  it('symlinks (to a file outside, or a folder), never followed', async () => {
    const dir = copy();
    const f = firstMedia(dir);
    fs.rmSync(path.join(dir, f));
    fs.symlinkSync('/etc/hostname', path.join(dir, f));
    const r = await refused(dir, /符号链接/);
    expect(codes(r)).toContain('symlink');
    const dir2 = copy();
    fs.symlinkSync('/etc', path.join(dir2, 'media', 'etc'));
    expect(codes(await refused(dir2, /符号链接/))).toContain('symlink');
  });

  it('a hash mismatch on the database', async () => {
    const dir = copy();
    const db = new Database(path.join(dir, 'archive.sqlite'));
    db.prepare("UPDATE settings SET value='\"改过的校名\"' WHERE key='schoolName'").run();
    db.close();
    expect(codes(await refused(dir, /archive\.sqlite/))).toContain('changed');
  });

  it('a truncated database, even with a manifest rewritten to match it', async () => {
    const dir = copy();
    const file = path.join(dir, 'archive.sqlite');
    fs.truncateSync(file, 4096 * 3);
    const m = manifestOf(dir);
    writeManifest(dir, {
      ...m,
      files: m.files.map((f: { path: string }) =>
        f.path === 'archive.sqlite' ? { ...f, size: 4096 * 3, sha256: sha(file) } : f,
      ),
    });
    const r = await refused(dir, /不完整（文件被截断/);
    expect(codes(r)).toEqual(['truncated-db']);
    // Truncated and the manifest not touched: both named.
    const dir2 = copy();
    fs.truncateSync(path.join(dir2, 'archive.sqlite'), 8192);
    expect(codes(await refused(dir2, /截断/))).toEqual(['truncated-db', 'changed']);
  });

  it('a 0-byte database', async () => {
    const dir = copy();
    const file = path.join(dir, 'archive.sqlite');
    fs.writeFileSync(file, '');
    const m = manifestOf(dir);
    writeManifest(dir, {
      ...m,
      files: m.files.map((f: { path: string }) =>
        f.path === 'archive.sqlite' ? { ...f, size: 0, sha256: sha(file) } : f,
      ),
    });
    expect(codes(await refused(dir, /空文件（0 字节）/))).toEqual(['empty-db']);
  });

  it('a manifest that lists ten million files (refused by count, not by reading them)', async () => {
    const dir = copy();
    const m = manifestOf(dir);
    // Ten million entries (as short as JSON allows, 20 MB): the count alone refuses it.
    fs.writeFileSync(
      path.join(dir, MANIFEST_FILE),
      `${JSON.stringify({ ...m, files: [] }).slice(0, -3)}[${'0,'.repeat(9_999_999)}0]}`,
    );
    const r = await refused(dir, new RegExp(`10000000 个文件，超过上限 ${MAX_FILES}`));
    expect(codes(r)).toEqual(['too-many-files']);
  });

  it('an unfinished .partial folder is never taken for a package', async () => {
    const dir = copy();
    const partial = `${dir}.partial`;
    fs.renameSync(dir, partial);
    const r = await verifyPackage(partial);
    expect(r.complete).toBe(false);
    expect(codes(r)).toContain('incomplete');
    const r2 = await verifyPackage(dir);
    expect(r2.complete).toBe(false);
    expect(r2.problems[0].message).toContain('.partial');
  });
});
