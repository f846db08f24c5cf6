// `archive://media/<id>?size=thumb|medium|original`: how photos and videos reach the page, and
// `archive://download/summary?…`: the 总结导出 files. A thin wrapper over core/media/serve.ts
// and core/report/exports.ts (shared with the web host), which own lookup, path safety and ranges.
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { Archive } from '../core/db/open';
import { openMediaStream, resolveMediaVariant } from '../core/media/serve';
import { exportReport, exportRequestFromQuery } from '../core/report/exports';
import { toCallError } from '../core/handlers';
import { zodToError } from '../../shared/validate';
import type { PdfPrinter } from '../core/report/pdf';
import { APP_ORIGIN, APP_PRIVILEGES, APP_SCHEME } from './app-protocol';

export const ARCHIVE_SCHEME = 'archive';

/**
 * Must run before `app` is ready, and only once (Electron keeps the last call): our two schemes.
 * `app:` is the page itself (app-protocol.ts). For `archive:`, `stream` lets <video> play and seek
 * through ranges; `corsEnabled` lets the app://keji page read what it fetches (downloads) and draw
 * a video frame on a canvas.
 */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { ...APP_PRIVILEGES } },
    {
      scheme: ARCHIVE_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
    },
  ]);
}

/**
 * The page is app://keji and media are archive://, two origins: without these the page could
 * show a photo but neither read a download nor draw a video's poster frame, and CORP same-origin
 * would refuse even the photo. Only the page's own origin may read (the Vite dev server's while
 * developing); the web host keeps same-origin: its page and media share one origin.
 */
export function crossOriginHeaders(pageOrigin: string = APP_ORIGIN): Record<string, string> {
  return { 'Access-Control-Allow-Origin': pageOrigin, 'Cross-Origin-Resource-Policy': 'cross-origin', Vary: 'Origin' };
}
export const CROSS_ORIGIN_HEADERS = crossOriginHeaders();

/** `archive://media/<id>?…` → `/media/<id>`; the raw text, so encoded tricks still reach the checks. */
export function archivePathname(url: string): string | null {
  const prefix = `${ARCHIVE_SCHEME}://`;
  if (!url.toLowerCase().startsWith(prefix)) return null;
  return '/' + url.slice(prefix.length).split(/[?#]/)[0];
}

const jsonError = (status: number, error: { code: string; message: string }, cors: Record<string, string>) =>
  new Response(JSON.stringify({ ok: false, error }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...cors },
  });

/** `archive://download/summary?…` → the exported file, with a Chinese JSON error otherwise. */
async function downloadResponse(
  archive: Archive,
  query: string,
  cors: Record<string, string>,
  printer?: PdfPrinter,
): Promise<Response> {
  const parsed = exportRequestFromQuery(new URLSearchParams(query));
  if (!parsed.success) return jsonError(400, zodToError(parsed.error), cors);
  try {
    const file = await exportReport(archive, parsed.data, { printer });
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        'Content-Type': file.mime,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
        'Access-Control-Expose-Headers': 'Content-Disposition',
        ...cors,
      },
    });
  } catch (e) {
    const err = toCallError(e);
    return jsonError(err.code === 'NOT_FOUND' ? 404 : err.code === 'INVALID_INPUT' ? 400 : 500, err, cors);
  }
}

/**
 * Answers one request: media by id (original or a thumbnail size), or a 总结导出 download.
 * `pageOrigin` is the one page allowed to read the answers (app://keji; the dev server's origin while developing).
 */
export async function archiveResponse(
  archive: Archive | null,
  request: Request,
  printer?: PdfPrinter,
  pageOrigin: string = APP_ORIGIN,
): Promise<Response> {
  const cors = crossOriginHeaders(pageOrigin);
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD')
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  const pathname = archivePathname(request.url);
  if (!archive || pathname === null) return new Response(null, { status: 404 });
  if (pathname === '/download/summary' && method === 'GET')
    return downloadResponse(archive, request.url.split('?')[1] ?? '', cors, printer);
  const size = /[?&]size=(thumb|medium|original)(?:&|#|$)/.exec(request.url)?.[1] ?? null;
  const r = await resolveMediaVariant(archive, pathname, size, request.headers.get('range'));
  const headers = { ...r.headers, ...cors };
  if (!r.ok) return new Response(null, { status: r.status, headers });
  const stream = method === 'HEAD' ? null : openMediaStream(r);
  const body = stream ? (Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: r.status, headers });
}

/** Call once after `app` is ready; `getArchive` returns the archive open right now. */
export function handleArchiveProtocol(
  getArchive: () => Archive | null,
  printer?: PdfPrinter,
  pageOrigin: string = APP_ORIGIN,
): void {
  protocol.handle(ARCHIVE_SCHEME, (request) => archiveResponse(getArchive(), request, printer, pageOrigin));
}
