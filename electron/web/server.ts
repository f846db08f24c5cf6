// The browser host: the built renderer and the contract over HTTP, on 127.0.0.1 only.
// A random per-run token guards every request: given once in the start URL (?t=), then kept in a
// SameSite=Strict cookie named after the port (keji-<port>: two hosts never share or overwrite one).
// The cookie opens GETs only (the page, assets, media, downloads: <img>/<video> cannot send
// headers, and no GET changes anything); every other method needs the X-Keji-Token header, which
// the page reads from a <meta> in the index.html it was given. Host and Origin must be this host,
// as 127.0.0.1:<port> or localhost:<port> alike; anything else is refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive, type Archive } from '../core/db/open';
import { coreWorkerFile, inlineCore, remoteCore, type CoreHost } from '../core/remote';
import { mediaRoutes } from './media-routes';
import { sheetsRoutes } from './sheets-routes';
import { summaryRoutes } from './summary-routes';
import type { Logger } from '../core/log';
import { translate } from '../../shared/i18n/messages';

// KEJI_RENDERER_DIR lets parallel test runs build and serve their own copy of the renderer.
export const RENDERER_DIR =
  process.env.KEJI_RENDERER_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');
const MAX_BODY = 16 * 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The <meta name> that carries the token into the page (renderer/api/transports.ts reads it). */
export const TOKEN_META = 'keji-token';

export interface WebHost {
  /** `archive` is the one the host was started on; `session.current` is the one shown (a package opened read-only, perhaps),
   * both as this thread reads them; `session.where` says whether the core runs in a worker thread or inline. */
  url: string;
  origin: string;
  token: string;
  port: number;
  archive: Archive;
  session: CoreHost;
  /** Push an event to every open page (Server-Sent Events on /events). */
  emit(name: string, payload: unknown): void;
  close(): Promise<void>;
}

export interface WebHostOptions {
  dir?: string;
  archive?: Archive;
  port?: number;
  rendererDir?: string;
  token?: string;
  /** Extra GET routes (media, downloads) added by later features: return true when handled. */
  routes?: ((
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    archive: Archive,
  ) => boolean | Promise<boolean>)[];
  /** One line per call (name, code, ms; never inputs) — see core/log.ts. */
  log?: Logger;
  /**
   * Where the core runs. 'thread' (the default when the host opens `dir` itself): a worker thread owns
   * the archive, so a long call never holds up other requests, media or the page. 'inline': this
   * thread, as it must be when `archive` is handed in already open (tests), or when no worker file exists.
   */
  core?: 'thread' | 'inline';
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const ctx = {
    emit: (n: string, p: unknown) => host.emit(n, p),
    log: opts.log,
    host: { kind: 'web' as const, portable: false, logDir: opts.log?.dir ?? null },
  };
  const inThread = !opts.archive && opts.core !== 'inline' && !!coreWorkerFile();
  const session: CoreHost = inThread
    ? await remoteCore({ dir: opts.dir! }, ctx)
    : inlineCore(opts.archive ?? openArchive(opts.dir!, { create: false }), ctx);
  const archive = session.home;
  const token = opts.token ?? crypto.randomBytes(24).toString('hex');
  const rendererDir = opts.rendererDir ?? RENDERER_DIR;
  const clients = new Set<http.ServerResponse>();
  let origin = '';
  let cookieName = 'keji';
  let hostHeaders: string[] = [];
  let origins: string[] = [];

  const headerAuthed = (req: http.IncomingMessage) => {
    const header = req.headers['x-keji-token'];
    return safeEqual(typeof header === 'string' ? header : undefined, token);
  };
  /** A GET (or HEAD) may also come with the cookie; anything that can change state needs the header. */
  const authed = (req: http.IncomingMessage) => {
    if (headerAuthed(req)) return true;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    return safeEqual(cookieValue(req.headers.cookie, cookieName), token);
  };

  const server = http.createServer(async (req, res) => {
    try {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      // DNS-rebinding and cross-site defence: our own Host, and no foreign Origin.
      if (!hostHeaders.includes((req.headers.host ?? '').toLowerCase())) return deny(res, 421);
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && !origins.includes(reqOrigin.toLowerCase())) return deny(res, 403);
      const url = new URL(req.url ?? '/', origin);

      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        const t = url.searchParams.get('t');
        if (t !== null) {
          if (!safeEqual(t, token)) return deny(res, 403);
          res.writeHead(303, {
            'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
            Location: '/',
            'Cache-Control': 'no-store',
          });
          return res.end();
        }
        if (!authed(req)) return deny(res, 403);
        return sendIndex(res, path.join(rendererDir, 'index.html'), token);
      }
      if (!authed(req)) return deny(res, 403);

      if (req.method === 'POST' && url.pathname.startsWith('/rpc/')) {
        const name = decodeURIComponent(url.pathname.slice(5));
        const body = await readBody(req);
        let input: unknown;
        try {
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch {
          return json(res, 400, {
            ok: false,
            error: {
              code: 'INVALID_INPUT',
              message: translate('error.INVALID_INPUT', { detail: translate('web.badJson') }),
            },
          });
        }
        return json(res, 200, await session.dispatch(name, input));
      }
      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
        });
        res.write(': ok\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      for (const route of [...mediaRoutes, ...sheetsRoutes, ...summaryRoutes, ...(opts.routes ?? [])])
        if (await route(req, res, url, session.current)) return;
      if (req.method === 'GET') {
        const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
        const file = path.resolve(rendererDir, rel);
        if (!file.startsWith(rendererDir + path.sep) || rel.includes('\0')) return deny(res, 404);
        return sendFile(res, file);
      }
      deny(res, 405);
    } catch (e) {
      if (!res.headersSent)
        json(res, (e as { status?: number }).status ?? 500, {
          ok: false,
          error: { code: 'INTERNAL', message: translate('error.INTERNAL', { detail: (e as Error).message }) },
        });
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;
  cookieName = `keji-${port}`;
  hostHeaders = [`127.0.0.1:${port}`, `localhost:${port}`];
  origins = hostHeaders.map((h) => `http://${h}`);

  const host: WebHost = {
    url: `${origin}/?t=${token}`,
    origin,
    token,
    port,
    archive,
    session,
    emit(name, payload) {
      const data = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(data);
    },
    async close() {
      for (const c of clients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await session.close();
      if (!opts.archive && session.where === 'inline') archive.close();
    },
  };
  return host;
}

function safeEqual(a: string | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The value of one cookie; other hosts' keji-<port> cookies are ignored. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The page's index.html, carrying the token in a <meta> the page puts on every POST (X-Keji-Token). */
function sendIndex(res: http.ServerResponse, file: string, token: string) {
  fs.readFile(file, 'utf8', (err, html) => {
    if (err) return deny(res, 404);
    const meta = `<meta name="${TOKEN_META}" content="${token.replace(/[^0-9A-Za-z_-]/g, (c) => `&#${c.charCodeAt(0)};`)}">`;
    const head = /<head(?:\s[^>]*)?>/i.exec(html);
    const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
    const at = head ? head.index + head[0].length : doctype ? doctype[0].length : 0;
    const body = Buffer.from(html.slice(0, at) + meta + html.slice(at), 'utf8');
    res.writeHead(200, {
      'Content-Type': MIME['.html'],
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CSP,
    });
    res.end(body);
  });
}

function deny(res: http.ServerResponse, status: number) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(translate(status === 403 ? 'web.forbidden' : status === 404 ? 'web.notFound' : 'web.refused'));
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendFile(res: http.ServerResponse, file: string) {
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) return deny(res, 404);
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Cache-Control': ext === '.html' ? 'no-store' : 'max-age=3600',
      ...(ext === '.html' ? { 'Content-Security-Policy': CSP } : {}),
    });
    fs.createReadStream(file).pipe(res);
  });
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error(translate('web.tooLarge')), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
