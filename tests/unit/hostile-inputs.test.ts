// Every hostile or broken file (tests/fixtures/hostile/make.ts) through every importer: media
// import, 花名册 and 获奖名单 import, package verify and merge. Each is refused with a Chinese
// reason, and the archive is exactly as before: row counts of every table and the files under media/.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { importMedia } from '../../electron/core/media/import';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { exportPackage } from '../../electron/core/package/export';
import { mergePackage } from '../../electron/core/package/merge';
import { verifyPackage } from '../../electron/core/package/verify';
import { makeHostileFiles, makeHostilePackages, xlsxBomb } from '../fixtures/hostile/make';
import { filesUnder } from './media-fixtures';
import { caller, HAS_CHINESE, newArchive, tableCounts, tempDir } from './helpers';
import { makeSchool } from './package-fixtures';

let a: Archive;
let files: Record<string, string>;
let packages: Record<string, string>;

beforeAll(async () => {
  files = await makeHostileFiles(tempDir('keji-hostile-'));
  const bomb = path.join(tempDir('keji-hostile-'), '花名册-解压炸弹-3GB.xlsx');
  fs.writeFileSync(bomb, xlsxBomb(3));
  files[path.basename(bomb)] = bomb;

  const school = newArchive({ seed: 5 });
  makeSchool(school);
  const pristine = (
    await exportPackage(school, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'all' },
      maskNames: false,
      includeSensitive: false,
    })
  ).path;
  school.close();
  packages = makeHostilePackages(pristine, tempDir('keji-hostile-pkg-'));

  // The archive under attack already holds a school's data and photos.
  a = newArchive({ seed: 7 });
  makeSchool(a);
});
afterAll(() => {
  a.close();
  closeThumbWorker();
});

/** What must not change: row counts of every table and the set of files under media/. */
const state = () => ({
  counts: tableCounts(a),
  media: filesUnder(path.join(a.dir, 'media'))
    .map((f) => path.relative(a.dir, f))
    .sort(),
});

let jobs = 0;
const jobId = () => `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`;

describe('hostile files', () => {
  it('the fixtures are what they claim: small on disk, the PNG says 30000×30000, the .xlsx is a zip, the .jpg is a program', () => {
    const bomb = fs.readFileSync(files['bomb-30000x30000.png']);
    expect(bomb.length).toBeLessThan(4096);
    expect([bomb.readUInt32BE(16), bomb.readUInt32BE(20)]).toEqual([30000, 30000]);
    expect(fs.readFileSync(files['setup.exe.jpg']).subarray(0, 2).toString('latin1')).toBe('MZ');
    expect(fs.readFileSync(files['花名册-解压炸弹-3GB.xlsx']).readUInt32LE(0)).toBe(0x04034b50);
    expect(fs.statSync(files['花名册-解压炸弹-3GB.xlsx']).size).toBeLessThan(4 * 1024 * 1024);
    expect(fs.statSync(files['empty.jpg']).size).toBe(0);
  });

  it('media import: every one fails with a Chinese reason; nothing stored', async () => {
    // The .xlsx bombs are left out here: to the media importer a spreadsheet is an opaque document
    // attachment, stored as bytes and never unpacked, so a zip bomb is harmless there.
    const media = Object.fromEntries(
      Object.entries(files).filter(([n]) => !n.endsWith('.xlsx') || n.startsWith('empty')),
    );
    const before = state();
    const r = await importMedia(a, Object.values(media));
    expect(r.imported).toBe(0);
    expect(r.mediaIds).toEqual([]);
    expect(r.failed.map((f) => path.basename(f.file)).sort()).toEqual(Object.keys(media).sort());
    for (const f of r.failed) expect(f.reason, path.basename(f.file)).toMatch(HAS_CHINESE);
    const reason = Object.fromEntries(r.failed.map((f) => [path.basename(f.file), f.reason]));
    expect(reason['bomb-30000x30000.png']).toMatch(/像素过多/);
    expect(reason['setup.exe.jpg']).toMatch(/不是图片/);
    expect(reason['empty.jpg']).toMatch(/空文件/);
    expect(reason['truncated.jpg']).toMatch(/损坏或不完整/);
    expect(reason['corrupt.png']).toMatch(/损坏或不完整/);
    expect(state()).toEqual(before);
  });

  for (const kind of ['roster', 'awards'] as const) {
    it(`${kind === 'roster' ? '花名册' : '获奖名单'} import: preview and commit refuse each file in Chinese; nothing written`, async () => {
      const c = caller(a);
      const before = state();
      for (const [name, file] of Object.entries(files)) {
        const req = () => ({ jobId: jobId(), kind, file: { name, base64: fs.readFileSync(file).toString('base64') } });
        const p = await c.d('sheets.preview', req());
        const m = await c.d('sheets.commit', req());
        if (name.startsWith('花名册-GBK-坏字节')) continue; // a real CSV with broken bytes: checked below
        expect(p.ok, `${name}: ${JSON.stringify(p).slice(0, 200)}`).toBe(false);
        expect(m.ok, name).toBe(false);
        if (!p.ok) expect(p.error.message, name).toMatch(HAS_CHINESE);
        if (!m.ok) expect(m.error.message, name).toMatch(HAS_CHINESE);
        expect(state(), name).toEqual(before);
      }
      const bombMsg = await c.fail('sheets.preview', {
        jobId: jobId(),
        kind,
        file: { name: 'x.xlsx', base64: fs.readFileSync(files['花名册-解压炸弹-3GB.xlsx']).toString('base64') },
      });
      expect(bombMsg.message).toMatch(/不能安全打开/);
    });
  }

  it('a GBK 花名册 with broken bytes: the broken row is skipped with a Chinese reason, never stored as mojibake', async () => {
    const c = caller(a);
    const before = state();
    const req = () => ({
      jobId: jobId(),
      kind: 'roster' as const,
      file: { name: '花名册.csv', base64: fs.readFileSync(files['花名册-GBK-坏字节.csv']).toString('base64') },
    });
    const p = await c.ok('sheets.preview', req());
    const broken = p.rows.filter((r) => r.cells.some((x) => x.includes('\ufffd')));
    expect(broken.length).toBeGreaterThanOrEqual(2);
    for (const r of broken) {
      expect(r.status, `row ${r.row}`).toBe('skip');
      expect(r.reason, `row ${r.row}`).toMatch(HAS_CHINESE);
    }
    expect(state()).toEqual(before);
    const done = await c.ok('sheets.commit', req());
    expect(done.created).toBe(0);
    expect(a.db.prepare("SELECT COUNT(*) FROM people WHERE name LIKE '%\ufffd%'").pluck().get()).toBe(0);
    expect(state()).toEqual(before);
  });

  for (const label of ['dotdot', 'absolute', 'symlink'] as const) {
    it(`a package with ${label === 'dotdot' ? '".." paths' : label === 'absolute' ? 'an absolute path' : 'symlinks in media/'} in it: verify names it in Chinese, merge refuses, nothing written`, async () => {
      const r = await verifyPackage(packages[label]);
      expect(r.ok).toBe(false);
      expect(r.problems.length).toBeGreaterThan(0);
      for (const p of r.problems) expect(p.message).toMatch(HAS_CHINESE);
      const before = state();
      const err = await mergePackage(a, packages[label]).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/数据包未通过校验/);
      expect(state()).toEqual(before);
      expect(fs.existsSync(path.join(a.dir, 'x'))).toBe(false);
    });
  }
});
