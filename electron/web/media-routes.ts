// The web host's media routes (the token and origin checks of server.ts run before these):
//   GET  /media/<id>?size=thumb|medium|original   a photo's thumbnail, or any original, with Range
//   POST /media/upload?batch=<uuid>&name=<file name>   one file picked in the page (<input type=file>),
//        kept in <archive>/.incoming/ until media.import takes it; answers { ok, value: { path } }
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { translate } from '../../shared/i18n/messages';
import type { Archive } from '../core/db/open';
import { openMediaStream, resolveMediaVariant } from '../core/media/serve';
import { MAX_STAGED as MAX_UPLOAD, safeUploadName, stagedPath } from '../core/media/staging';

type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, archive: Archive) => Promise<boolean>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let uploadSeq = 0;

export const serveMediaRoute: Route = async (req, res, url, archive) => {
  if (
    (req.method !== 'GET' && req.method !== 'HEAD') ||
    !url.pathname.startsWith('/media/') ||
    url.pathname === '/media/upload'
  )
    return false;
  const r = await resolveMediaVariant(archive, url.pathname, url.searchParams.get('size'), req.headers.range);
  res.writeHead(r.status, r.headers);
  if (!r.ok || req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = openMediaStream(r);
  if (!stream) {
    res.end();
    return true;
  }
  await pipeline(stream, res).catch(() => res.destroy());
  return true;
};

export const uploadRoute: Route = async (req, res, url, archive) => {
  if (req.method !== 'POST' || url.pathname !== '/media/upload') return false;
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const batch = url.searchParams.get('batch') ?? '';
  const name = safeUploadName(url.searchParams.get('name') ?? '');
  const length = Number(req.headers['content-length'] ?? NaN);
  if (!UUID.test(batch)) {
    answer(400, {
      ok: false,
      error: { code: 'INVALID_INPUT', message: translate('error.INVALID_INPUT', { detail: 'batch' }) },
    });
    return true;
  }
  if (length > MAX_UPLOAD) {
    req.resume();
    answer(413, {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: translate('error.INVALID_INPUT', { detail: translate('core.media.over4G') }),
      },
    });
    return true;
  }
  const file = stagedPath(archive, batch, ++uploadSeq, name);
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_UPLOAD) req.destroy(new Error('too large'));
    });
    await pipeline(req, fs.createWriteStream(file, { flags: 'wx' }));
    answer(200, { ok: true, value: { path: file } });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    const code = (e as { code?: string }).code;
    const detail = code === 'ENOSPC' ? translate('media.fail.diskFull') : String((e as Error).message).slice(0, 120);
    if (!res.headersSent)
      answer(code === 'ENOSPC' ? 507 : 500, {
        ok: false,
        error: { code: 'INTERNAL', message: translate('error.INTERNAL', { detail }) },
      });
  }
  return true;
};

export const mediaRoutes: Route[] = [serveMediaRoute, uploadRoute];
