// `archive://media/<id>`: how photos and videos reach the page. A thin wrapper over
// core/media/serve.ts (shared with the web host), which owns lookup, path safety and ranges.
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { Archive } from '../core/db/open';
import { openMediaStream, resolveMediaRequest } from '../core/media/serve';

export const ARCHIVE_SCHEME = 'archive';

/** Must run before `app` is ready. `stream` lets <video> play and seek through ranges. */
export function registerArchiveScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: ARCHIVE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** `archive://media/<id>?…` → `/media/<id>`; the raw text, so encoded tricks still reach the checks. */
export function archivePathname(url: string): string | null {
  const prefix = `${ARCHIVE_SCHEME}://`;
  if (!url.toLowerCase().startsWith(prefix)) return null;
  return '/' + url.slice(prefix.length).split(/[?#]/)[0];
}

/** Answers one request. `?size=thumb|medium` is accepted and, until thumbnails exist, serves the original. */
export async function archiveResponse(archive: Archive | null, request: Request): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  const pathname = archivePathname(request.url);
  if (!archive || pathname === null) return new Response(null, { status: 404 });
  const r = resolveMediaRequest(archive, pathname, request.headers.get('range'));
  if (!r.ok) return new Response(null, { status: r.status, headers: r.headers });
  const stream = method === 'HEAD' ? null : openMediaStream(r);
  const body = stream ? (Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: r.status, headers: r.headers });
}

/** Call once after `app` is ready; `getArchive` returns the archive open right now. */
export function handleArchiveProtocol(getArchive: () => Archive | null): void {
  protocol.handle(ARCHIVE_SCHEME, (request) => archiveResponse(getArchive(), request));
}
