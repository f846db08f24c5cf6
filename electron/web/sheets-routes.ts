// The web host's download of a list as .xlsx (the token and origin checks of server.ts run first):
//   GET  /download/sheets?list=awards&filter={"from":"2025-01-01"}&mask=1
//   POST /download/sheets   body: JSON { list, filter, maskNames, includeSensitive }, or a form
//        with the same fields (filter as JSON text)
// Answers the .xlsx with Content-Disposition: attachment, so a plain link or form downloads it.
import type http from 'node:http';
import { ExportRequest } from '../../shared/calls/sheets';
import { uuidv7 } from '../../shared/domain/ids';
import { translate } from '../../shared/i18n/messages';
import type { Archive } from '../core/db/open';
import { toCallError } from '../core/handlers';
import { exportList } from '../core/sheets/export';

type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, archive: Archive) => Promise<boolean>;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BODY = 64 * 1024;

/** RFC 6266: an ASCII fallback plus the UTF-8 name (Chinese file names survive every browser). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error(translate('web.tooLarge')), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const flag = (v: unknown) => v === true || v === '1' || v === 'true' || v === 'on';

function fromParams(p: URLSearchParams): Record<string, unknown> {
  const filter = p.get('filter');
  return {
    list: p.get('list'),
    filter: filter ? JSON.parse(filter) : {},
    maskNames: flag(p.get('mask') ?? p.get('maskNames')),
    includeSensitive: flag(p.get('sensitive') ?? p.get('includeSensitive')),
  };
}

export const sheetsDownloadRoute: Route = async (req, res, url, archive) => {
  if ((req.method !== 'GET' && req.method !== 'POST') || url.pathname !== '/download/sheets') return false;
  const fail = (status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message } }));
    return true;
  };
  let raw: Record<string, unknown>;
  try {
    if (req.method === 'GET') raw = fromParams(url.searchParams);
    else {
      const body = await readBody(req);
      raw = /json/.test(req.headers['content-type'] ?? '')
        ? JSON.parse(body || '{}')
        : fromParams(new URLSearchParams(body));
    }
  } catch {
    return fail(400, translate('error.INVALID_INPUT', { detail: translate('web.export.badJson') }));
  }
  const parsed = ExportRequest.safeParse({ ...raw, jobId: uuidv7() });
  if (!parsed.success) return fail(400, translate('error.INVALID_INPUT', { detail: translate('web.export.noList') }));
  try {
    const { bytes, fileName } = await exportList(archive, parsed.data);
    res.writeHead(200, {
      'Content-Type': XLSX_MIME,
      'Content-Length': bytes.length,
      'Content-Disposition': contentDisposition(fileName),
      'Cache-Control': 'no-store',
    });
    res.end(bytes);
  } catch (e) {
    return fail(400, toCallError(e).message);
  }
  return true;
};

export const sheetsRoutes: Route[] = [sheetsDownloadRoute];
