// The one window and its fences: sandboxed renderer, no Node, no navigation away from our
// page, no popups, no <webview>, no permissions, strict CSP — for the main window and, through
// the app-wide 'web-contents-created' guard, for every webContents created later too.
import { app, BrowserWindow, type Session, type WebContents } from 'electron';

export const WINDOW_TITLE = '科技档案';

/** Which page is ours: app://keji/index.html (see app-protocol.ts), or (development only) the Vite dev server. */
export interface OwnPage {
  url: string;
  devUrl?: string;
}

/** The main window. Its options are written inline so static checkers (electronegativity) see every flag. */
export function createLockedWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1366,
    height: 768,
    // Small enough for an old classroom projector at 1024×768 minus the taskbar.
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Spell-check would try to download dictionaries; we are offline.
      spellcheck: false,
      safeDialogs: true,
      // A middle click must not open links in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

function bare(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return null;
  }
}

/** True for our own page (ignoring ?query and #route): app://keji/index.html, or the dev server's origin. */
export function isOwnPageUrl(url: string, page: OwnPage): boolean {
  if (typeof url !== 'string' || !url) return false;
  if (page.devUrl) {
    try {
      const origin = new URL(url).origin;
      if (origin !== 'null' && origin === new URL(page.devUrl).origin) return true;
    } catch {
      /* not a URL */
    }
  }
  const a = bare(url);
  const b = bare(page.url);
  if (!a || !b || !a.startsWith('app:')) return false;
  return a === b;
}

/**
 * The fences of one webContents: navigation (any frame) and redirects only to our own page,
 * window.open denied, <webview> never attached, every permission refused on its session.
 */
export function lockDownContents(wc: WebContents, page: OwnPage): void {
  const allowed = (url: string) => isOwnPageUrl(url, page);
  wc.on('will-navigate', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  wc.on('will-frame-navigate', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  wc.on('will-redirect', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  wc.session.setPermissionCheckHandler(() => false);
}

/** Denies navigation (except reloading our own page), window.open, <webview> and permissions. */
export function lockDown(win: BrowserWindow, page: OwnPage): void {
  lockDownContents(win.webContents, page);
}

/**
 * Before any window exists: every webContents created from now on (a window added later, a
 * hidden print window, anything a page manages to open) gets the same fences.
 */
export function guardAllWebContents(page: OwnPage): void {
  app.on('web-contents-created', (_event, wc) => lockDownContents(wc, page));
}

export const CSP =
  "default-src 'self'; img-src 'self' archive: data: blob:; media-src 'self' archive:; connect-src 'self' archive:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The Vite dev server needs its inline refresh preamble and a websocket; never in a packaged app. */
export function cspFor(devUrl?: string): string {
  if (!devUrl) return CSP;
  const u = new URL(devUrl);
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  return `${CSP.replace("connect-src 'self' archive:", `connect-src 'self' archive: ${ws}`)}; script-src 'self' 'unsafe-inline'`;
}

/** Adds the CSP header to every page and frame response (index.html also carries it as <meta>). */
export function applyCsp(ses: Session, devUrl?: string): void {
  const policy = cspFor(devUrl);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') return callback({});
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}
