// Desktop host: one instance, one archive (Documents/科技档案 unless --archive=<dir>, or beside
// the program when portable: see paths.ts), one locked-down window, one log file. The archive
// core runs in a utilityProcess (core-process.ts): it opens the archive, holds its lock and
// answers every call; this process keeps the window, dialogs, printing and archive:// (read from
// its own read-only connections). Nothing
// leaves the machine: no permissions, no spell-check downloads, every request outside
// app:/archive:/devtools: cancelled. The page is app://keji/index.html (app-protocol.ts), never file://.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, screen, session, type Session } from 'electron';
import type { Archive } from '../core/db/open';
import type { Dispatcher } from '../core/context';
import { toCallError } from '../core/handlers';
import { createLogger, errorFields, nullLogger, type Logger } from '../core/log';
import type { HostInfo } from '../core/about';
import { autoBackupOnOpen } from '../core/package/backup';
import { translate } from '../../shared/i18n/messages';
import { startDesktopCore, type DesktopCore } from './core-process';
import { openWithSystem, pickPaths } from './dialogs';
import { broadcast, registerRpc } from './ipc';
import { resolveAppPaths, type AppPaths } from './paths';
import { electronPrinter } from './pdf';
import { APP_INDEX_URL, APP_ORIGIN, handleAppProtocol } from './app-protocol';
import { handleArchiveProtocol, registerSchemes } from './protocol';
import { applyCsp, createLockedWindow, guardAllWebContents, lockDown, WINDOW_TITLE, type OwnPage } from './window';

export { ARCHIVE_FOLDER, archiveDirFromArgv } from './paths';
/** Connection refused at once, on this machine: where Chromium would fetch hunspell dictionaries. */
export const NO_DICTIONARIES_URL = 'http://127.0.0.1:9/keji-no-dictionaries/';

/** The core process: the teacher's archive, or a package shown read-only in its place while one is open. */
let core: DesktopCore | null = null;
let mainWindow: BrowserWindow | null = null;
let paths: AppPaths | null = null;
let log: Logger = nullLogger;
/** Startup (the core opened, the window made) and shutdown (the core closed, the log written), for tests. */
let started: Promise<void> = Promise.resolve();
let closing: Promise<void> | null = null;
let closed = false;

/** The archive shown, as this process reads it (archive://): a read-only connection. */
export const currentArchive = (): Archive | null => core?.current() ?? null;
export const currentCore = (): DesktopCore | null => core;
export const whenStarted = (): Promise<void> => started;
export const whenClosed = (): Promise<void> => closing ?? Promise.resolve();
export const currentWindow = (): BrowserWindow | null => mainWindow;
export const currentPaths = (): AppPaths | null => paths;

/** Before anything touches userData (the single-instance lock does): portable keeps it on the stick. */
function settlePaths(): AppPaths {
  const p = resolveAppPaths({
    execPath: process.execPath,
    documentsDir: app.getPath('documents'),
    userDataDir: app.getPath('userData'),
    env: process.env,
    argv: process.argv,
    exists: (f) => fs.existsSync(f),
  });
  if (p.portable) app.setPath('userData', p.userDataDir);
  return p;
}

/**
 * Only our own schemes (and the Vite dev server while developing) may be fetched. file: only as
 * a whole page: the hidden print window loads the report it writes to a temp file (pdf.ts).
 */
export function isAllowedRequest(url: string, devUrl?: string, resourceType?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['app:', 'archive:', 'devtools:', 'data:', 'blob:'].includes(u.protocol)) return true;
  if (u.protocol === 'file:') return resourceType === 'mainFrame';
  if (devUrl && ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.host === new URL(devUrl).host) return true;
  return false;
}

export function hardenSession(ses: Session, devUrl?: string): void {
  ses.setSpellCheckerEnabled(false);
  ses.setSpellCheckerDictionaryDownloadURL(NO_DICTIONARIES_URL);
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url, devUrl, details.resourceType) }),
  );
}

function showError(message: string, detail: string): void {
  dialog.showMessageBoxSync({ type: 'error', title: WINDOW_TITLE, message, detail, buttons: ['退出'], noLink: true });
}

/**
 * The core dist/main/core-utility.cjs beside main.cjs; in the packed app the one in app.asar.unpacked
 * (a process cannot start from inside app.asar, and what it requires is unpacked beside it).
 */
export function coreModulePath(appRoot: string): string {
  const file = path.join(appRoot, 'dist', 'main', 'core-utility.cjs');
  const unpacked = file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
  return unpacked !== file && fs.existsSync(unpacked) ? unpacked : file;
}

/**
 * Starts the core process on the archive (made on first start), or explains in Chinese why it
 * cannot be opened (LOCKED, SCHEMA_TOO_NEW, …) and returns null.
 */
export async function openOrExplain(dir: string, appRoot: string, host: HostInfo): Promise<DesktopCore | null> {
  const t0 = performance.now();
  try {
    const c = await startDesktopCore(
      coreModulePath(appRoot),
      { dir, create: true },
      { emit: broadcast, host, log, pick: pickPaths, openFile: openWithSystem },
      { log },
    );
    log.info('archive.open', {
      ms: performance.now() - t0,
      schema: c.home()!.db.pragma('user_version', { simple: true }) as number,
    });
    return c;
  } catch (e) {
    const err = toCallError(e);
    const code = (e as { code?: string })?.code ?? err.code;
    const message = e instanceof Error && (e as { code?: string }).code ? e.message : err.message;
    log.warn('archive.open', { ok: false, code, ...(err.code === 'INTERNAL' ? errorFields(e) : {}) });
    showError('无法打开档案', `${message}\n\n档案位置：${dir}`);
    return null;
  }
}

/** Calls before the core runs, or after it closed, are answered (never left waiting). */
const dispatch: Dispatcher = async (name, input) =>
  core
    ? core.dispatch(name, input)
    : {
        ok: false,
        error: {
          code: 'NOT_AN_ARCHIVE',
          message: translate('error.NOT_AN_ARCHIVE', { detail: translate('core.noArchive') }),
        },
      };

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    // Still starting (or showing an error): tell the teacher rather than doing nothing.
    void dialog.showMessageBox({
      type: 'info',
      title: WINDOW_TITLE,
      message: '科技档案已经在运行。',
      detail: '请稍候，窗口正在打开。',
    });
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createMainWindow(page: OwnPage, preloadPath: string, indexHtml: string): BrowserWindow {
  const win = createLockedWindow(preloadPath);
  lockDown(win, page);
  win.once('ready-to-show', () => {
    // A 1366×768 laptop has less than that above the taskbar: fill the screen instead.
    const area = screen.getDisplayMatching(win.getBounds()).workAreaSize;
    if (area.width < 1366 || area.height < 768) win.maximize();
    win.show();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  const loading = win.loadURL(page.devUrl ?? page.url);
  loading.catch((e: unknown) => {
    showError('界面文件缺失或无法加载', `${String((e as Error)?.message ?? e)}\n\n${page.devUrl ?? indexHtml}`);
    app.quit();
  });
  return win;
}

/** Our page: app://keji/index.html, or the Vite dev server while developing (never when packaged). */
function ownPage(): OwnPage {
  return { url: APP_INDEX_URL, devUrl: app.isPackaged ? undefined : process.env.KEJI_DEV_URL || undefined };
}

async function onReady(): Promise<void> {
  const page = ownPage();
  const devUrl = page.devUrl;
  hardenSession(session.defaultSession, devUrl);
  applyCsp(session.defaultSession, devUrl);

  const root = app.getAppPath();
  const host: HostInfo = {
    kind: 'desktop',
    portable: paths!.portable,
    logDir: log.dir,
    appVersion: app.getVersion(),
    runtime: `Electron ${process.versions.electron}`,
  };
  core = await openOrExplain(paths!.archiveDir, root, host);
  if (!core) {
    app.quit();
    return;
  }
  // Read from this process's read-only connection: the core's calls go on meanwhile.
  void autoBackupOnOpen(core.home()!).catch((e: unknown) => log.error('backup.daily', errorFields(e))); // once a day at most
  const rendererDir = path.join(root, 'dist', 'renderer');
  handleAppProtocol(rendererDir);
  // archive:// reads media and makes 总结导出 files from this process's read-only connection to the
  // archive shown (WAL: never waiting for the core's writes), so it never queues behind a long call.
  handleArchiveProtocol(currentArchive, electronPrinter, devUrl ? new URL(devUrl).origin : APP_ORIGIN);
  registerRpc(dispatch, page);
  mainWindow = createMainWindow(
    page,
    path.join(root, 'dist', 'preload', 'preload.cjs'),
    path.join(rendererDir, 'index.html'),
  );
}

/**
 * On quit: the core closes the archive (its lock released) before the app exits; Electron's quit
 * is held back (preventDefault) until then, and asked again after.
 */
function closeCore(e?: { preventDefault(): void }): void {
  if (closed) return;
  e?.preventDefault();
  if (closing) return;
  const c = core;
  core = null;
  closing = (c ? c.close() : Promise.resolve())
    .catch((err: unknown) => log.error('core.close', errorFields(err)))
    .finally(() => {
      closed = true;
      log.info('app.quit');
      log.close();
      app.quit();
    });
}

/** The log: versions and mode at start, crashes of any process (never what they held). */
function startLog(p: AppPaths): void {
  log = createLogger({ dir: p.logDir });
  log.info('app.start', {
    version: app.getVersion(),
    electron: process.versions.electron,
    os: process.platform,
    arch: process.arch,
    portable: p.portable,
    mode: p.reason,
    archiveFromArgv: p.archiveFromArgv,
  });
  // A monitor only records; Electron still reports the error as it would without us.
  process.on('uncaughtExceptionMonitor', (e) => log.error('main.uncaught', errorFields(e)));
  app.on('render-process-gone', (_e, _wc, d) => log.error('renderer.gone', { reason: d.reason, exitCode: d.exitCode }));
  app.on('child-process-gone', (_e, d) =>
    log.error('child.gone', { type: d.type, reason: d.reason, exitCode: d.exitCode }),
  );
}

/** Runs at load. Scheme registration and the sandbox switch must happen before `ready`. */
export function main(): void {
  registerSchemes();
  app.enableSandbox();
  // Every webContents, the main window's and any created later, gets the same fences.
  guardAllWebContents(ownPage());
  paths = settlePaths();
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the first instance gets 'second-instance' and brings its window forward
    return;
  }
  startLog(paths);
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', closeCore);
  started = app
    .whenReady()
    .then(onReady)
    .catch((e: unknown) => {
      log.error('app.startFailed', errorFields(e));
      showError('程序启动失败', toCallError(e).message);
      closeCore();
    });
}

main();
