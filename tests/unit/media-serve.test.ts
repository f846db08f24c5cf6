// core/media/serve.ts: ids from the database only, never paths; single byte ranges for video.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { openMediaStream, parseRange, resolveMediaRequest } from '../../electron/core/media/serve';
import { addMedia } from '../../electron/core/media/store';
import { moveToTrash } from '../../electron/core/trash';

let dir: string;
let a: Archive;
let videoId: string;
let photoId: string;
// Real first bytes (an ISO-BMFF ftyp box, a JPEG SOI): the allow-list checks content, not names.
const withHead = (head: number[] | string, body: Uint8Array) => {
  const h = typeof head === 'string' ? new TextEncoder().encode(head) : Uint8Array.from(head);
  const out = new Uint8Array(h.length + body.length);
  out.set(h);
  out.set(body, h.length);
  return out;
};
const video = withHead(
  [0, 0, 0, 0x18, ...new TextEncoder().encode('ftypmp42'), 0, 0, 0, 0, ...new TextEncoder().encode('isommp42')],
  Uint8Array.from({ length: 976 }, (_, i) => i % 251),
);
const photo = withHead([0xff, 0xd8, 0xff, 0xe0], new TextEncoder().encode('not really a jpeg'));
const png = (text: string) =>
  withHead([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], new TextEncoder().encode(text));

async function readAll(r: ReturnType<typeof resolveMediaRequest>): Promise<Buffer> {
  if (!r.ok) throw new Error(`status ${r.status}`);
  const s = openMediaStream(r);
  if (!s) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-serve-'));
  a = openArchive(path.join(dir, 'archive'), { create: true });
  videoId = addMedia(a, video, { ext: 'mp4', kind: 'video', mime: 'video/mp4', originalName: '实验.mp4' }).id;
  photoId = addMedia(a, photo, { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '合影.jpg' }).id;
});

afterAll(() => {
  a.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('resolveMediaRequest', () => {
  it('serves a stored file by id with its mime type', async () => {
    const r = resolveMediaRequest(a, `/media/${photoId}`, null);
    expect(r.ok && r.status).toBe(200);
    if (!r.ok) return;
    expect(r.headers['Content-Type']).toBe('image/jpeg');
    expect(r.headers['Content-Length']).toBe(String(photo.length));
    expect(r.headers['Accept-Ranges']).toBe('bytes');
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(r.filePath.startsWith(path.join(a.dir, 'media') + path.sep)).toBe(true);
    expect(Buffer.compare(await readAll(r), Buffer.from(photo))).toBe(0);
  });

  it('answers a byte range with 206, Content-Range and exactly those bytes', async () => {
    const r = resolveMediaRequest(a, `/media/${videoId}`, 'bytes=100-199');
    expect(r.status).toBe(206);
    if (!r.ok) return;
    expect(r.headers['Content-Type']).toBe('video/mp4');
    expect(r.headers['Content-Range']).toBe('bytes 100-199/1000');
    expect(r.headers['Content-Length']).toBe('100');
    expect([...(await readAll(r))]).toEqual([...video.slice(100, 200)]);
  });

  it('handles open-ended, suffix and over-long ranges', async () => {
    const open = resolveMediaRequest(a, `/media/${videoId}`, 'bytes=990-');
    expect(open.headers['Content-Range']).toBe('bytes 990-999/1000');
    expect([...(await readAll(open))]).toEqual([...video.slice(990)]);
    const suffix = resolveMediaRequest(a, `/media/${videoId}`, 'bytes=-10');
    expect(suffix.headers['Content-Range']).toBe('bytes 990-999/1000');
    const long = resolveMediaRequest(a, `/media/${videoId}`, 'bytes=500-99999');
    expect(long.headers['Content-Range']).toBe('bytes 500-999/1000');
    expect(long.headers['Content-Length']).toBe('500');
  });

  it('answers 416 past the end and ignores malformed or multiple ranges', () => {
    const past = resolveMediaRequest(a, `/media/${videoId}`, 'bytes=1000-1001');
    expect(past.status).toBe(416);
    expect(past.headers['Content-Range']).toBe('bytes */1000');
    expect(resolveMediaRequest(a, `/media/${videoId}`, 'bytes=0-1,5-6').status).toBe(200);
    expect(resolveMediaRequest(a, `/media/${videoId}`, 'items=0-1').status).toBe(200);
    expect(parseRange('bytes=5-2', 10)).toBeNull();
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
  });

  it('refuses traversal, encoded traversal and absolute paths', () => {
    const rel = path.relative(a.dir, path.join(a.dir, 'archive.sqlite'));
    for (const p of [
      `/media/../${rel}`,
      '/media/..%2farchive.sqlite',
      `/media/%2e%2e/${rel}`,
      '/media/%2E%2E%2Farchive.sqlite',
      '/media/..\\archive.sqlite',
      `/media/${photoId}/../../archive.sqlite`,
      `/media/${photoId}%00.jpg`,
    ]) {
      expect(resolveMediaRequest(a, p, null).status, p).toBe(403);
    }
    for (const p of [
      '/etc/passwd',
      path.join(a.dir, 'archive.sqlite'),
      '/media//etc/passwd',
      `/media/C:/Windows/win.ini`,
      '/',
      '',
      '/thumbs/x',
    ]) {
      expect([403, 404], p).toContain(resolveMediaRequest(a, p, null).status);
    }
  });

  it('refuses unknown ids, non-ids and other hosts', () => {
    expect(resolveMediaRequest(a, '/media/0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee', null).status).toBe(404);
    expect(resolveMediaRequest(a, '/media/archive.sqlite', null).status).toBe(404);
    expect(resolveMediaRequest(a, `/other/${photoId}`, null).status).toBe(404);
  });

  it('refuses trashed media and files missing from disk', () => {
    const id = addMedia(a, png('to be trashed'), {
      ext: 'png',
      kind: 'photo',
      mime: 'image/png',
      originalName: 'x.png',
    }).id;
    expect(resolveMediaRequest(a, `/media/${id}`, null).status).toBe(200);
    moveToTrash(a, 'media', id);
    expect(resolveMediaRequest(a, `/media/${id}`, null).status).toBe(404);

    const gone = addMedia(a, png('deleted by hand'), {
      ext: 'png',
      kind: 'photo',
      mime: 'image/png',
      originalName: 'y.png',
    }).id;
    const r = resolveMediaRequest(a, `/media/${gone}`, null);
    if (r.ok) fs.rmSync(r.filePath);
    expect(resolveMediaRequest(a, `/media/${gone}`, null).status).toBe(404);
  });

  it('never trusts a database row that points outside media/', () => {
    const id = addMedia(a, withHead('%PDF-1.4\n', new TextEncoder().encode('tampered')), {
      ext: 'pdf',
      kind: 'document',
      mime: 'text/html',
      originalName: 't.pdf',
    }).id;
    const ok = resolveMediaRequest(a, `/media/${id}`, null);
    expect(ok.ok && ok.headers['Content-Security-Policy']).toContain('sandbox');
    // The mime type comes from the allow-list, never from the row.
    expect(ok.headers['Content-Type']).toBe('application/pdf');
    a.db.prepare("UPDATE media SET ext='/../../archive.sqlite' WHERE id=?").run(id);
    expect([403, 404]).toContain(resolveMediaRequest(a, `/media/${id}`, null).status);
  });

  it('serves nothing that is not on the allow-list: programs, disguised content, links', () => {
    // A program whose row claims to be a Word document.
    const exe = addMedia(a, withHead('MZ\x90\x00', new TextEncoder().encode('program')), {
      ext: 'exe',
      kind: 'document',
      mime: 'application/msword',
      originalName: '活动总结.docx',
    }).id;
    expect(resolveMediaRequest(a, `/media/${exe}`, null).status).toBe(403);
    // The same program stored under .docx: its first bytes give it away.
    const disguised = addMedia(a, withHead('MZ\x90\x00', new TextEncoder().encode('program 2')), {
      ext: 'docx',
      kind: 'document',
      mime: 'x',
      originalName: '计划.docx',
    }).id;
    expect(resolveMediaRequest(a, `/media/${disguised}`, null).status).toBe(403);
    // A photo row whose kind was rewritten to document.
    const kind = addMedia(a, withHead([0xff, 0xd8, 0xff, 0xe1], new TextEncoder().encode('k')), {
      ext: 'jpg',
      kind: 'document',
      mime: 'image/jpeg',
      originalName: 'k.jpg',
    }).id;
    expect(resolveMediaRequest(a, `/media/${kind}`, null).status).toBe(403);
    // A stored original replaced by a symlink to the archive's own database.
    const linked = addMedia(a, withHead('%PDF-1.7\n', new TextEncoder().encode('linked')), {
      ext: 'pdf',
      kind: 'document',
      mime: 'application/pdf',
      originalName: 'l.pdf',
    }).id;
    const r = resolveMediaRequest(a, `/media/${linked}`, null);
    if (!r.ok) throw new Error('setup');
    fs.rmSync(r.filePath);
    fs.symlinkSync(path.join(a.dir, 'archive.sqlite'), r.filePath);
    expect(resolveMediaRequest(a, `/media/${linked}`, null).status).toBe(403);
  });
});
