// Desktop host: one instance, one archive (Documents/科技档案 unless --archive=<dir>), one
// locked-down window. Nothing leaves the machine: no permissions, no spell-check downloads,
// every request outside file:/archive:/devtools: cancelled.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, screen, session, type Session } from 'electron';
import { openArchive, type Archive } from '../core/db/open';
import { toCallError } from '../core/handlers';
import { registerRpc } from './ipc';
import { handleArchiveProtocol, registerArchiveScheme } from './protocol';
import { applyCsp, lockDown, windowOptions, WINDOW_TITLE, type OwnPage } from './window';

export const ARCHIVE_FOLDER = '科技档案';
/** Connection refused at once, on this machine: where Chromium would fetch hunspell dictionaries. */
export const NO_DICTIONARIES_URL = 'http://127.0.0.1:9/keji-no-dictionaries/';

let archive: Archive | null = null;
let mainWindow: BrowserWindow | null = null;

export const currentArchive = (): Archive | null => archive;
export const currentWindow = (): BrowserWindow | null => mainWindow;

export function defaultArchiveDir(): string {
  return path.join(app.getPath('documents'), ARCHIVE_FOLDER);
}

/** `--archive=<dir>` opens another folder (an archive on a USB stick, for instance). */
export function archiveDirFromArgv(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a.startsWith('--archive='));
  const dir = arg?.slice('--archive='.length).trim();
  return dir ? path.resolve(dir) : null;
}

/** Only our own schemes (and the Vite dev server while developing) may be fetched. */
export function isAllowedRequest(url: string, devUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['file:', 'archive:', 'devtools:', 'data:', 'blob:'].includes(u.protocol)) return true;
  if (devUrl && ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.host === new URL(devUrl).host) return true;
  return false;
}

export function hardenSession(ses: Session, devUrl?: string): void {
  ses.setSpellCheckerEnabled(false);
  ses.setSpellCheckerDictionaryDownloadURL(NO_DICTIONARIES_URL);
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, devUrl) }));
}

function showError(message: string, detail: string): void {
  dialog.showMessageBoxSync({ type: 'error', title: WINDOW_TITLE, message, detail, buttons: ['退出'], noLink: true });
}

/** Opens the archive, or explains in Chinese why not (LOCKED, SCHEMA_TOO_NEW, …) and returns null. */
export function openOrExplain(dir: string): Archive | null {
  try {
    return openArchive(dir, { create: true });
  } catch (e) {
    showError('无法打开档案', `${toCallError(e).message}\n\n档案位置：${dir}`);
    return null;
  }
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    // Still starting (or showing an error): tell the teacher rather than doing nothing.
    void dialog.showMessageBox({ type: 'info', title: WINDOW_TITLE, message: '科技档案已经在运行。', detail: '请稍候，窗口正在打开。' });
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createMainWindow(page: OwnPage, indexHtml: string, preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath));
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
  const loading = page.devUrl ? win.loadURL(page.devUrl) : win.loadFile(indexHtml);
  loading.catch((e: unknown) => {
    showError('界面文件缺失或无法加载', `${String((e as Error)?.message ?? e)}\n\n${indexHtml}`);
    app.quit();
  });
  return win;
}

function onReady(): void {
  const devUrl = app.isPackaged ? undefined : process.env.KEJI_DEV_URL || undefined;
  hardenSession(session.defaultSession, devUrl);
  applyCsp(session.defaultSession, devUrl);

  const dir = archiveDirFromArgv(process.argv) ?? defaultArchiveDir();
  archive = openOrExplain(dir);
  if (!archive) {
    app.quit();
    return;
  }
  handleArchiveProtocol(currentArchive);
  const root = app.getAppPath();
  const indexHtml = path.join(root, 'dist', 'renderer', 'index.html');
  const page: OwnPage = { fileUrl: pathToFileURL(indexHtml).href, devUrl };
  registerRpc(currentArchive, page);
  mainWindow = createMainWindow(page, indexHtml, path.join(root, 'dist', 'preload', 'preload.cjs'));
}

function closeArchive(): void {
  try {
    archive?.close();
  } finally {
    archive = null;
  }
}

/** Runs at load. Scheme registration and the sandbox switch must happen before `ready`. */
export function main(): void {
  registerArchiveScheme();
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the first instance gets 'second-instance' and brings its window forward
    return;
  }
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', closeArchive);
  app.whenReady().then(onReady).catch((e: unknown) => {
    showError('程序启动失败', toCallError(e).message);
    closeArchive();
    app.quit();
  });
}

main();
