// Desktop host: one instance, one archive (Documents/科技档案 unless --archive=<dir>, or beside
// the program when portable: see paths.ts), one locked-down window, one log file. Nothing
// leaves the machine: no permissions, no spell-check downloads, every request outside
// app:/archive:/devtools: cancelled. The page is app://keji/index.html (app-protocol.ts), never file://.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, screen, session, type Session } from 'electron';
import { openArchive, type Archive } from '../core/db/open';
import { toCallError } from '../core/handlers';
import { createLogger, errorFields, nullLogger, type Logger } from '../core/log';
import type { HostInfo } from '../core/about';
import { autoBackupOnOpen } from '../core/package/backup';
import { ArchiveSession } from '../core/viewing';
import { openWithSystem, pickPaths } from './dialogs';
import { registerRpc } from './ipc';
import { resolveAppPaths, type AppPaths } from './paths';
import { electronPrinter } from './pdf';
import { APP_INDEX_URL, APP_ORIGIN, handleAppProtocol } from './app-protocol';
import { handleArchiveProtocol, registerSchemes } from './protocol';
import { applyCsp, createLockedWindow, guardAllWebContents, lockDown, WINDOW_TITLE, type OwnPage } from './window';

export { ARCHIVE_FOLDER, archiveDirFromArgv } from './paths';
/** Connection refused at once, on this machine: where Chromium would fetch hunspell dictionaries. */
export const NO_DICTIONARIES_URL = 'http://127.0.0.1:9/keji-no-dictionaries/';

/** The teacher's archive, and a package shown read-only in its place while one is open. */
let archiveSession: ArchiveSession | null = null;
let mainWindow: BrowserWindow | null = null;
let paths: AppPaths | null = null;
let log: Logger = nullLogger;

export const currentArchive = (): Archive | null => archiveSession?.current ?? null;
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

/** Opens the archive, or explains in Chinese why not (LOCKED, SCHEMA_TOO_NEW, …) and returns null. */
export function openOrExplain(dir: string): Archive | null {
  const t0 = performance.now();
  try {
    const a = openArchive(dir, { create: true });
    log.info('archive.open', {
      ms: performance.now() - t0,
      schema: a.db.pragma('user_version', { simple: true }) as number,
    });
    return a;
  } catch (e) {
    const err = toCallError(e);
    log.warn('archive.open', { ok: false, code: err.code, ...(err.code === 'INTERNAL' ? errorFields(e) : {}) });
    showError('无法打开档案', `${err.message}\n\n档案位置：${dir}`);
    return null;
  }
}

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

function onReady(): void {
  const page = ownPage();
  const devUrl = page.devUrl;
  hardenSession(session.defaultSession, devUrl);
  applyCsp(session.defaultSession, devUrl);

  const archive = openOrExplain(paths!.archiveDir);
  if (!archive) {
    app.quit();
    return;
  }
  // registerRpc makes the dispatchers (one per archive); the session only switches which is shown.
  archiveSession = new ArchiveSession(archive);
  void autoBackupOnOpen(archive).catch((e: unknown) => log.error('backup.daily', errorFields(e))); // once a day at most
  const root = app.getAppPath();
  const rendererDir = path.join(root, 'dist', 'renderer');
  handleAppProtocol(rendererDir);
  handleArchiveProtocol(currentArchive, electronPrinter, devUrl ? new URL(devUrl).origin : APP_ORIGIN);
  const host: HostInfo = {
    kind: 'desktop',
    portable: paths!.portable,
    logDir: log.dir,
    appVersion: app.getVersion(),
    runtime: `Electron ${process.versions.electron}`,
  };
  registerRpc(currentArchive, page, { host, log, viewing: archiveSession, pick: pickPaths, openFile: openWithSystem });
  mainWindow = createMainWindow(
    page,
    path.join(root, 'dist', 'preload', 'preload.cjs'),
    path.join(rendererDir, 'index.html'),
  );
}

function closeArchive(): void {
  try {
    archiveSession?.close();
    archiveSession?.home.close();
  } finally {
    archiveSession = null;
    log.info('app.quit');
    log.close();
  }
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
  app.on('will-quit', closeArchive);
  app
    .whenReady()
    .then(onReady)
    .catch((e: unknown) => {
      log.error('app.startFailed', errorFields(e));
      showError('程序启动失败', toCallError(e).message);
      closeArchive();
      app.quit();
    });
}

main();
