// Turns a media request from the page into a file slice. Shared by the Electron `archive://`
// protocol and the web host. The page names a media id only; the path comes from the database,
// so nothing the page sends can reach a file outside <archive>/media.
import fs from 'node:fs';
import path from 'node:path';
import type { Archive } from '../db/open';
import { UUID_RE } from '../../../shared/domain/ids';
import { THUMB_PX } from '../../../shared/calls/media';
import { mimeOfStored } from '../../../shared/domain/media';
import { NEEDS_DISPLAY_JPEG, thumbRelPath } from './store';
import { plainFile, storedFile } from './files';
import { drawableFile, ensureThumbs, thumbCacheDir } from './thumbs';

const READ_NOFOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);

export type MediaResolution =
  | {
      ok: true;
      status: 200 | 206;
      headers: Record<string, string>;
      filePath: string;
      start: number;
      end: number;
      size: number;
    }
  | { ok: false; status: 403 | 404 | 416; headers: Record<string, string> };

// Media are only ever shown inline (<img>, <video>): no scripts even if a file is HTML or SVG.
const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const fail = (status: 403 | 404 | 416, extra: Record<string, string> = {}): MediaResolution => ({
  ok: false,
  status,
  headers: { ...BASE_HEADERS, ...extra },
});

/** Anything that looks like an attempt to walk the file system is refused outright (403). */
function looksHostile(p: string): boolean {
  return (
    p.includes('..') ||
    /%2e|%2f|%5c|%00/i.test(p) ||
    p.includes('\\') ||
    p.includes('\0') ||
    p.startsWith('//') ||
    /^[a-z]:/i.test(p)
  );
}

/**
 * Parses a single `bytes=` range (RFC 9110). Returns null to mean "ignore the header and send
 * everything" (absent, malformed or multi-range), or 'unsatisfiable'.
 */
export function parseRange(
  header: string | null | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  let end = m[2] === '' ? size - 1 : Number(m[2]);
  if (m[2] !== '' && end < start) return null;
  if (start >= size) return 'unsatisfiable';
  if (end >= size) end = size - 1;
  return { start, end };
}

/**
 * `urlPathname` is `/media/<uuid>` (the web host's path, or `archive://media/<uuid>` rewritten
 * by the protocol wrapper). Trashed and unknown media are 404.
 */
export function resolveMediaRequest(
  archive: Archive,
  urlPathname: string,
  rangeHeader?: string | null,
): MediaResolution {
  if (typeof urlPathname !== 'string' || looksHostile(urlPathname)) return fail(403);
  const m = /^\/media\/([^/]+)\/?$/.exec(urlPathname);
  if (!m) return fail(404);
  const id = m[1].toLowerCase();
  if (!UUID_RE.test(id)) return fail(404);

  const row = archive.db.prepare('SELECT sha256, ext, kind FROM media WHERE id=? AND deleted_at IS NULL').get(id) as
    { sha256: string; ext: string; kind: string } | undefined;
  if (!row) return fail(404);
  // The row may come from another PC: only allow-listed types, at media/ab/<sha>.<ext>, no link on
  // the way, content of that type. A refused row is 403, not a file.
  const stored = storedFile(archive.dir, row, { content: true });
  if (!stored.ok) return fail(stored.why === 'missing' ? 404 : 403);
  const { file: filePath, size } = stored;
  const mime = mimeOfStored(row.ext);
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': mime,
    'Accept-Ranges': 'bytes',
    // Content-addressed: an id always names the same bytes.
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${row.sha256}"`,
  };

  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return fail(416, { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' });
  if (range) {
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['Content-Length'] = String(range.end - range.start + 1);
    return { ok: true, status: 206, headers, filePath, start: range.start, end: range.end, size };
  }
  headers['Content-Length'] = String(size);
  // end = -1 for an empty file: hosts send no body.
  return { ok: true, status: 200, headers, filePath, start: 0, end: size - 1, size };
}

/** A read stream for a successful resolution (null for an empty body). */
export function openMediaStream(r: Extract<MediaResolution, { ok: true }>): fs.ReadStream | null {
  if (r.end < r.start) return null;
  // Opened without following a link that appeared since the path was checked.
  const fd = fs.openSync(r.filePath, READ_NOFOLLOW);
  return fs.createReadStream('', { fd, start: r.start, end: r.end });
}

/**
 * `?size=thumb|medium` for a photo: its cached WebP (made again first if the cache was deleted);
 * the original for `original`, for documents, and for a photo whose thumbnail cannot be made.
 * For a video: its poster frame (saved by the page, see poster.ts) when there is one, else 404 —
 * never the whole video as a "thumbnail", and never an attempt to decode a video here.
 * Same checks as resolveMediaRequest, since it runs first.
 */
export async function resolveMediaVariant(
  archive: Archive,
  urlPathname: string,
  size: string | null | undefined,
  rangeHeader?: string | null,
): Promise<MediaResolution> {
  const original = resolveMediaRequest(archive, urlPathname, rangeHeader);
  if (!original.ok || (size !== 'thumb' && size !== 'medium' && size !== 'display')) return original;
  const id = /^\/media\/([^/]+)\/?$/.exec(urlPathname)![1].toLowerCase();
  const row = archive.db.prepare('SELECT sha256, ext, kind FROM media WHERE id=?').get(id) as {
    sha256: string;
    ext: string;
    kind: string;
  };
  // ?size=display: what a page can draw at full size — a HEIC's display JPEG, else the original.
  if (size === 'display') {
    if (row.kind !== 'photo' || !NEEDS_DISPLAY_JPEG.has(row.ext)) return original;
    const file = await drawableFile(archive, row);
    return (file && cachedFile(file, 'image/jpeg', `"${row.sha256}-display"`)) || fail(404);
  }
  const px = THUMB_PX[size];
  if (row.kind === 'video') return cachedWebp(archive, row.sha256, px) ?? fail(404);
  if (row.kind !== 'photo') return original;
  if (!(await ensureThumbs(archive, row))) return original;
  return cachedWebp(archive, row.sha256, px) ?? original;
}

/** A cache file (display JPEG) as an answer, if it is a plain file. */
function cachedFile(filePath: string, type: string, etag: string): MediaResolution | null {
  try {
    const st = fs.lstatSync(filePath);
    if (!plainFile(st) || st.size === 0) return null;
    return {
      ok: true,
      status: 200,
      filePath,
      start: 0,
      end: st.size - 1,
      size: st.size,
      headers: {
        ...BASE_HEADERS,
        'Content-Type': type,
        'Content-Length': String(st.size),
        'Cache-Control': 'private, max-age=31536000, immutable',
        ETag: etag,
      },
    };
  } catch {
    return null;
  }
}

/** The cached WebP of `px` long edge (in the archive, or a read-only package's temp cache), or null. */
function cachedWebp(archive: Archive, sha256: string, px: number): MediaResolution | null {
  let filePath = '';
  let fileSize = 0;
  for (const dir of new Set([archive.dir, thumbCacheDir(archive) ?? archive.dir])) {
    const f = path.join(dir, thumbRelPath(sha256, px));
    try {
      const st = fs.lstatSync(f);
      if (!plainFile(st) || st.size === 0) continue;
      filePath = f;
      fileSize = st.size;
      break;
    } catch {
      /* not in this one */
    }
  }
  if (!filePath) return null;
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': 'image/webp',
    'Content-Length': String(fileSize),
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${sha256}-${px}"`,
  };
  return { ok: true, status: 200, headers, filePath, start: 0, end: fileSize - 1, size: fileSize };
}
