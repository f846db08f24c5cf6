// `app://keji/…`: the desktop window's own page (the built renderer), served from dist/renderer
// by a privileged, standard and secure scheme instead of file:// — so the page has a real origin
// (app://keji), file:// needs no extra privileges (the GrantFileProtocolExtraPrivileges fuse is
// off, see electron-builder.yml), and nothing outside dist/renderer can be read through it.
import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { CSP } from './window';

export const APP_SCHEME = 'app';
export const APP_HOST = 'keji';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** What the built renderer holds; any other kind of file is not served. */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The privileges the page's scheme needs (registered together with archive:, in protocol.ts). */
export const APP_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const;

const refuse = (status: number) => new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });

/**
 * The file an `app://keji/<path>` names inside `rootDir`, or null. Works on the raw text, so no
 * spelling of `..` (encoded, doubled, backslashed) or an absolute path survives; a symlink that
 * leads out of `rootDir` is refused too.
 */
export function appFilePath(rootDir: string, url: string): string | null {
  const prefix = `${APP_ORIGIN}/`;
  if (url.slice(0, prefix.length).toLowerCase() !== prefix) return null;
  let rel = url.slice(prefix.length).split(/[?#]/)[0];
  if (rel === '') rel = 'index.html';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (/[\\\0:]/.test(decoded) || /%/.test(decoded)) return null;
  const parts = decoded.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  if (!Object.hasOwn(MIME, path.extname(decoded).toLowerCase())) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...parts);
  const inside = path.relative(root, file);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

/** Answers one request for the page or one of its assets. */
export async function appResponse(rootDir: string, request: Request): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD')
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  const file = appFilePath(rootDir, request.url);
  if (!file) return refuse(404);
  let bytes: Buffer;
  try {
    // Symlinks inside dist/renderer may not lead out of it.
    const [realRoot, realFile] = await Promise.all([fs.promises.realpath(rootDir), fs.promises.realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep)) return refuse(404);
    const st = await fs.promises.stat(realFile);
    if (!st.isFile()) return refuse(404);
    bytes = method === 'HEAD' ? Buffer.alloc(0) : await fs.promises.readFile(realFile);
  } catch {
    return refuse(404);
  }
  const ext = path.extname(file).toLowerCase();
  const headers: Record<string, string> = {
    'Content-Type': MIME[ext],
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (ext === '.html') headers['Content-Security-Policy'] = CSP;
  return new Response(method === 'HEAD' ? null : new Uint8Array(bytes), { status: 200, headers });
}

/** Call once after `app` is ready: the page and its assets from `rootDir` (dist/renderer). */
export function handleAppProtocol(rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rootDir, request));
}
