// The web host and the archive:// protocol under attack: no token, a wrong token, a foreign
// Origin, a foreign Host (DNS rebinding), path traversal in every spelling, unknown and trashed
// ids, a POST carrying only the cookie, another host's cookie. Every one is refused, and the
// archive's own files never leave the server.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { addMedia } from '../../electron/core/media/store';
import { moveToTrash } from '../../electron/core/trash';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { newArchive, tempDir } from './helpers';

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged() {}, handle() {} } }));
const { archiveResponse } = await import('../../electron/main/protocol');

let a: Archive;
let host: WebHost;
let photoId: string;
let trashedId: string;
let rendererDir: string;
/** A JPEG's first bytes (what the archive checks), then a recognisable tail. */
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
const photo = Buffer.concat([JPEG_HEAD, Buffer.from('JPEG-BYTES-of-the-photo-0123456789')]);
const secret = Buffer.concat([JPEG_HEAD, Buffer.from('TRASHED-photo-bytes-9876543210')]);

beforeAll(async () => {
  a = newArchive();
  photoId = addMedia(a, photo, { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '合影.jpg' }).id;
  trashedId = addMedia(a, secret, { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '删掉的.jpg' }).id;
  moveToTrash(a, 'media', trashedId);
  rendererDir = tempDir('keji-renderer-');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>科技档案</title></head><body></body></html>',
  );
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startWebHost({ archive: a, rendererDir });
});
afterAll(async () => {
  await host.close();
  a.close();
});

interface Answer {
  status: number;
  body: Buffer;
}
/** A raw request: the path is sent exactly as written (no URL normalising), headers as given. */
function raw(
  pathname: string,
  headers: Record<string, string> = {},
  withToken = true,
  address = '127.0.0.1',
  method = 'GET',
  body?: Buffer | string,
  to: WebHost = host,
): Promise<Answer & { headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: address,
        port: to.port,
        method,
        path: pathname,
        headers: {
          Host: `127.0.0.1:${to.port}`,
          ...(withToken ? { 'X-Keji-Token': to.token } : {}),
          ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
/** A POST as a browser form or fetch would send it, with exactly the headers given (no token unless named). */
const post = (pathname: string, headers: Record<string, string>, body: string | Buffer = '{}', to: WebHost = host) =>
  raw(pathname, { 'Content-Type': 'application/json', ...headers }, false, '127.0.0.1', 'POST', body, to);
/** The cookie a browser holds after opening the start link. */
async function cookieOf(to: WebHost): Promise<string> {
  const r = await raw(`/?t=${to.token}`, {}, false, '127.0.0.1', 'GET', undefined, to);
  expect(r.status).toBe(303);
  return String(r.headers['set-cookie']![0]).split(';')[0];
}
const studentCount = () =>
  (a.db.prepare("SELECT count(*) AS n FROM people WHERE kind = 'student'").get() as { n: number }).n;
const intruder = JSON.stringify({ kind: 'student', name: '入侵者', entryYear: 2022, classNo: 1 });

const archiveFile = () => fs.readFileSync(path.join(a.dir, 'archive.sqlite'));
/** Refused, and none of the archive's or the system's bytes in the answer. */
function refused(r: Answer, statuses = [403, 404]) {
  expect(statuses).toContain(r.status);
  expect(r.body.includes(photo)).toBe(false);
  expect(r.body.includes(secret)).toBe(false);
  expect(r.body.includes(Buffer.from('SQLite format 3'))).toBe(false);
  expect(r.body.includes(Buffer.from('root:'))).toBe(false);
  expect(r.body.includes(Buffer.from('"devDependencies"'))).toBe(false);
}

describe('web host', () => {
  it('serves the photo by id with the token (the baseline the refusals are measured against)', async () => {
    const r = await raw(`/media/${photoId}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(photo)).toBe(true);
    expect(archiveFile().subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('no token, a wrong token, or a wrong ?t= start link → 403', async () => {
    refused(await raw(`/media/${photoId}`, {}, false), [403]);
    refused(await raw(`/media/${photoId}`, { 'X-Keji-Token': 'f'.repeat(host.token.length) }, false), [403]);
    refused(await raw(`/media/${photoId}`, { Cookie: 'keji=0123' }, false), [403]);
    refused(await raw('/', {}, false), [403]);
    refused(await raw('/?t=deadbeef', {}, false), [403]);
    const rpc = await new Promise<number>((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/rpc/people.list',
          headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.end('{}');
    });
    expect(rpc).toBe(403);
  });

  it('a POST with the cookie but without X-Keji-Token changes nothing: rpc, upload and download all 403', async () => {
    const cookie = await cookieOf(host);
    const before = studentCount();
    const stagedBefore = fs.existsSync(path.join(a.dir, '.incoming'))
      ? fs.readdirSync(path.join(a.dir, '.incoming'), { recursive: true }).length
      : 0;
    // The cookie does open GETs (an <img> cannot send a header): the baseline.
    expect((await raw(`/media/${photoId}`, { Cookie: cookie }, false)).status).toBe(200);
    // No Origin at all (what made the old host accept it), our own Origin, localhost's: still refused.
    for (const origin of [undefined, host.origin, `http://localhost:${host.port}`]) {
      const o: Record<string, string> = origin ? { Origin: origin } : {};
      expect((await post('/rpc/people.create', { Cookie: cookie, ...o }, intruder)).status, origin).toBe(403);
      expect(
        (
          await post(
            `/media/upload?batch=${crypto.randomUUID()}&name=x.jpg`,
            { Cookie: cookie, 'Content-Type': 'application/octet-stream', ...o },
            photo,
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await post(
            '/download/sheets',
            { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...o },
            'list=students',
          )
        ).status,
      ).toBe(403);
      for (const method of ['PUT', 'DELETE', 'PATCH'])
        expect(
          (await raw('/rpc/people.create', { Cookie: cookie, ...o }, false, '127.0.0.1', method, intruder)).status,
        ).toBe(403);
    }
    expect(studentCount()).toBe(before);
    const stagedAfter = fs.existsSync(path.join(a.dir, '.incoming'))
      ? fs.readdirSync(path.join(a.dir, '.incoming'), { recursive: true }).length
      : 0;
    expect(stagedAfter).toBe(stagedBefore);
    // The same POST with the header is what the page sends: it works.
    const ok = await post('/rpc/people.create', { Cookie: cookie, 'X-Keji-Token': host.token }, intruder);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString()).ok).toBe(true);
    expect(studentCount()).toBe(before + 1);
  });

  it('the page learns the token from the index.html it is given (and only with the cookie or the token)', async () => {
    const cookie = await cookieOf(host);
    const page = await raw('/', { Cookie: cookie }, false);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain(`<meta name="keji-token" content="${host.token}">`);
    expect(page.body.toString()).toContain('<title>科技档案</title>');
    expect(Number(page.headers['content-length'])).toBe(page.body.length);
    const denied = await raw('/', {}, false);
    expect(denied.status).toBe(403);
    expect(denied.body.includes(Buffer.from(host.token))).toBe(false);
  });

  it("the cookie is named after the port: another host's cookie opens nothing here, and neither overwrites the other", async () => {
    const other = await startWebHost({ archive: a, rendererDir });
    try {
      const mine = await cookieOf(host);
      const theirs = await cookieOf(other);
      expect(mine.split('=')[0]).toBe(`keji-${host.port}`);
      expect(theirs.split('=')[0]).toBe(`keji-${other.port}`);
      // The other host's cookie, even renamed to ours, does not open our media.
      refused(await raw(`/media/${photoId}`, { Cookie: theirs }, false), [403]);
      refused(await raw(`/media/${photoId}`, { Cookie: `keji-${host.port}=${theirs.split('=')[1]}` }, false), [403]);
      refused(await raw(`/media/${photoId}`, { Cookie: `keji=${host.token}` }, false), [403]);
      // A browser holding both (cookies ignore ports) sends both; each host reads its own.
      const both = `${theirs}; ${mine}`;
      expect((await raw(`/media/${photoId}`, { Cookie: both }, false)).status).toBe(200);
      expect(
        (await raw(`/media/${photoId}`, { Cookie: both }, false, '127.0.0.1', 'GET', undefined, other)).status,
      ).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('localhost and 127.0.0.1 are one host, for Host and Origin alike; any other name or port is refused', async () => {
    const cookie = await cookieOf(host);
    const before = studentCount();
    for (const hostHeader of [`127.0.0.1:${host.port}`, `localhost:${host.port}`]) {
      for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
        expect(
          (await raw(`/media/${photoId}`, { Host: hostHeader, Origin: origin })).status,
          `${hostHeader} ${origin}`,
        ).toBe(200);
        expect(
          (await raw(`/media/${photoId}`, { Host: hostHeader, Origin: origin, Cookie: cookie }, false)).status,
        ).toBe(200);
        const r = await post(
          '/rpc/people.create',
          { Host: hostHeader, Origin: origin, 'X-Keji-Token': host.token },
          intruder,
        );
        expect(r.status, `${hostHeader} ${origin}`).toBe(200);
      }
    }
    expect(studentCount()).toBe(before + 4);
    for (const origin of [
      `http://localhost:${host.port + 1}`,
      `https://localhost:${host.port}`,
      `http://[::1]:${host.port}`,
      `http://localhost.evil.example:${host.port}`,
      `http://127.0.0.2:${host.port}`,
      'http://localhost',
    ]) {
      refused(await raw(`/media/${photoId}`, { Origin: origin }), [403]);
      expect(
        (await post('/rpc/people.create', { Origin: origin, 'X-Keji-Token': host.token }, intruder)).status,
        origin,
      ).toBe(403);
    }
    for (const h of [`localhost:${host.port + 1}`, `[::1]:${host.port}`, 'localhost', `127.0.0.1:${host.port + 1}`]) {
      expect((await raw(`/media/${photoId}`, { Host: h })).status, h).toBe(421);
    }
    expect(studentCount()).toBe(before + 4);
  });

  it('a foreign Origin → 403, even with the token', async () => {
    refused(await raw(`/media/${photoId}`, { Origin: 'https://evil.example' }), [403]);
    refused(await raw(`/media/${photoId}`, { Origin: `http://127.0.0.1:${host.port + 1}` }), [403]);
    refused(await raw(`/media/${photoId}`, { Origin: 'null' }), [403]);
  });

  it('a foreign Host header (DNS rebinding) is refused, even with the token', async () => {
    for (const h of [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1.nip.io:${host.port}`,
      `0.0.0.0:${host.port}`,
      `localhost.evil.example:${host.port}`,
    ]) {
      const r = await raw(`/media/${photoId}`, { Host: h });
      expect(r.status, h).toBeGreaterThanOrEqual(400);
      refused(r, [r.status]);
    }
  });

  it('path traversal, absolute paths, unknown and trashed ids → 403/404, never the bytes', async () => {
    const attempts = [
      '/media/..%2f..%2fetc%2fpasswd',
      '/media/%2e%2e/archive.sqlite',
      '/media/%2e%2e%2farchive.sqlite',
      '/media/..%5c..%5carchive.sqlite',
      '/../archive.sqlite',
      '/..%2farchive.sqlite',
      '/%2e%2e/archive.sqlite',
      '//etc/passwd',
      '///etc/passwd',
      '/etc/passwd',
      encodeURI(`/${a.dir}/archive.sqlite`),
      encodeURI(`${a.dir}/archive.sqlite`),
      `/media/${encodeURIComponent(path.join(a.dir, 'archive.sqlite'))}`,
      '/archive.sqlite',
      '/media/00000000-0000-4000-8000-000000000000',
      `/media/${trashedId}`,
      `/media/${trashedId}?size=original`,
      `/media/${trashedId}?size=thumb`,
      `/media/${photoId}/../../archive.sqlite`,
      `/media/${photoId}%00.jpg`,
      '/media/',
      '/media',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
    ];
    for (const p of attempts) refused(await raw(p), [403, 404]);
    expect((await raw('/assets/../../package.json')).status).toBe(404);
  });

  it('listens on 127.0.0.1 only: another interface of this machine gets no answer', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && i.address !== '127.0.0.1')
      .map((i) => i!.address);
    for (const addr of [...others, '127.0.0.2']) {
      const err = await raw(`/media/${photoId}`, {}, true, addr).then(
        () => null,
        (e: NodeJS.ErrnoException) => e.code,
      );
      expect(err, addr).toBe('ECONNREFUSED');
    }
  });
});

describe('archive:// protocol (Electron)', () => {
  const ask = (url: string) => archiveResponse(a, new Request(url));
  it('serves the photo by id (baseline)', async () => {
    const r = await ask(`archive://media/${photoId}`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('refuses traversal, other hosts, unknown and trashed ids', async () => {
    for (const url of [
      'archive://media/../x',
      'archive://media/../archive.sqlite',
      'archive://other/..',
      'archive://other/archive.sqlite',
      'archive://media/%2e%2e%2farchive.sqlite',
      'archive://media/..%2f..%2fetc%2fpasswd',
      'archive://media/%2E%2E/archive.sqlite',
      `archive://media/${photoId}/../../archive.sqlite`,
      'archive://media/00000000-0000-4000-8000-000000000000',
      `archive://media/${trashedId}`,
      'archive:///etc/passwd',
      'archive://media//etc/passwd',
      'archive://archive.sqlite',
    ]) {
      const r = await ask(url);
      expect([403, 404], url).toContain(r.status);
      const body = Buffer.from(await r.arrayBuffer());
      expect(body.includes(secret) || body.includes(Buffer.from('SQLite format 3')) || body.includes(photo), url).toBe(
        false,
      );
    }
    expect(
      (await archiveResponse(a, new Request(`archive://media/${photoId}`, { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
    expect((await archiveResponse(null, new Request(`archive://media/${photoId}`))).status).toBe(404);
  });
});
