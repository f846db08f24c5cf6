// Files handed over by their bytes (a drop on the desktop window): chunks written in order into
// the archive's .incoming/, never outside it, never patched out of order, refused read-only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/core/handlers';
import { openArchive } from '../../electron/core/db/open';
import { HAS_CHINESE, newArchive } from './helpers';

const b64 = (b: Buffer) => b.toString('base64');
const batch = () => crypto.randomUUID();

describe('media.stage', () => {
  it('puts the chunks of a file together in .incoming/, and media.import takes it from there', async () => {
    const a = newArchive();
    const dispatch = createDispatcher(a, { validateOutput: true });
    const bytes = crypto.randomBytes(10_000);
    const id = batch();
    const first = await dispatch('media.stage', {
      batch: id,
      seq: 0,
      name: '报告.pdf',
      offset: 0,
      data: b64(Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes.subarray(0, 3000)])),
    });
    expect(first.ok).toBe(true);
    const file = (first as { value: { path: string } }).value.path;
    expect(file.startsWith(path.join(a.dir, '.incoming', id) + path.sep)).toBe(true);
    const second = await dispatch('media.stage', {
      batch: id,
      seq: 0,
      name: '报告.pdf',
      offset: 9 + 3000,
      data: b64(bytes.subarray(3000)),
    });
    expect((second as { value: { path: string } }).value.path).toBe(file);
    expect(fs.readFileSync(file)).toEqual(Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes]));
    const r = await dispatch('media.import', { jobId: crypto.randomUUID(), paths: [file] });
    expect(r).toMatchObject({ ok: true, value: { imported: 1, failed: [] } });
    expect(fs.existsSync(file)).toBe(false);
    a.close();
  });

  it('a lost or repeated chunk is refused in Chinese; a hostile name stays inside .incoming/', async () => {
    const a = newArchive();
    const dispatch = createDispatcher(a);
    const id = batch();
    await dispatch('media.stage', { batch: id, seq: 1, name: 'a.jpg', offset: 0, data: b64(Buffer.alloc(100, 1)) });
    const gap = await dispatch('media.stage', {
      batch: id,
      seq: 1,
      name: 'a.jpg',
      offset: 200,
      data: b64(Buffer.alloc(100, 2)),
    });
    expect(gap.ok).toBe(false);
    expect((gap as { error: { message: string } }).error.message).toMatch(/文件传输中断/);
    const again = await dispatch('media.stage', {
      batch: id,
      seq: 1,
      name: 'a.jpg',
      offset: 0,
      data: b64(Buffer.alloc(100, 3)),
    });
    expect((again as { error: { message: string } }).error.message).toMatch(HAS_CHINESE);
    const evil = await dispatch('media.stage', {
      batch: id,
      seq: 2,
      name: '..\\..\\..\\archive.sqlite',
      offset: 0,
      data: b64(Buffer.alloc(10)),
    });
    const where = (evil as { value: { path: string } }).value.path;
    expect(path.dirname(where)).toBe(path.join(a.dir, '.incoming', id, '2'));
    expect(path.basename(where)).toBe('archive.sqlite');
    expect(
      (await dispatch('media.stage', { batch: 'not-a-uuid', seq: 0, name: 'x.jpg', offset: 0, data: '' })).ok,
    ).toBe(false);
    expect((await dispatch('media.stage', { batch: id, seq: 3, name: 'x.jpg', offset: 0, data: '<script>' })).ok).toBe(
      false,
    );
    a.close();
  });

  it('an archive opened read-only takes no bytes', async () => {
    const a = newArchive();
    const dir = a.dir;
    a.close();
    const ro = openArchive(dir, { readonly: true });
    const r = await createDispatcher(ro)('media.stage', {
      batch: batch(),
      seq: 0,
      name: 'a.jpg',
      offset: 0,
      data: b64(Buffer.alloc(10)),
    });
    expect(r.ok).toBe(false);
    expect((r as { error: { message: string } }).error.message).toMatch(/只读打开的数据包/);
    expect(fs.existsSync(path.join(dir, '.incoming'))).toBe(false);
    ro.close();
  });
});
