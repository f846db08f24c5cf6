// The Electron host without the Electron binary: a fake 'electron' module records what
// main/window/ipc/protocol/preload ask of it, and the real core answers behind it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES } from '../../shared/contract';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { addMedia } from '../../electron/core/media/store';
import { jpeg, write } from './media-fixtures';
import { inlineCore, type CoreContext } from '../../electron/core/remote';

type Fn = (...args: any[]) => any;

const h = vi.hoisted(() => {
  const state = {
    ipcHandlers: new Map<string, Fn>(),
    rendererListeners: new Map<string, Set<Fn>>(),
    exposed: {} as Record<string, any>,
    appEvents: new Map<string, Fn[]>(),
    windows: [] as any[],
    lockResult: true,
    documents: '',
    userData: '',
    appPath: '',
    /** URL of the frame the fake ipcRenderer pretends to call from. */
    senderUrl: '',
    session: {} as Record<string, Fn | undefined>,
    protocolHandlers: new Map<string, Fn>(),
    privileged: [] as any[],
    dialogs: [] as any[],
    /** What shell.openPath answers. */
    openPathAnswer: '',
    /** What the fake open dialog answers. */
    openDialog: { canceled: false, filePaths: [] as string[] },
    /** Every utilityProcess forked: what it was asked to run, with which options; the core runs in a worker thread. */
    forks: [] as { modulePath: string; opts: any; worker: Worker; killed: boolean }[],
  };

  class FakeWebContents {
    listeners = new Map<string, Fn[]>();
    windowOpenHandler: Fn | null = null;
    url = '';
    /** Its own session (a window may have a partition): records the permission handlers set on it. */
    session = {
      handlers: {} as Record<string, Fn>,
      setPermissionRequestHandler(fn: Fn) {
        this.handlers.permissionRequest = fn;
      },
      setPermissionCheckHandler(fn: Fn) {
        this.handlers.permissionCheck = fn;
      },
    };
    on(ev: string, fn: Fn) {
      (this.listeners.get(ev) ?? this.listeners.set(ev, []).get(ev)!).push(fn);
      return this;
    }
    emit(ev: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...args);
    }
    setWindowOpenHandler(fn: Fn) {
      this.windowOpenHandler = fn;
    }
    getURL() {
      return this.url;
    }
    isDestroyed() {
      return false;
    }
    // Delivers to the fake renderer, as Electron would.
    send = vi.fn((channel: string, ...args: unknown[]) => {
      for (const fn of state.rendererListeners.get(channel) ?? []) fn({ sender: 'hidden' }, ...args);
    });
  }

  class FakeBrowserWindow {
    static getAllWindows() {
      return state.windows;
    }
    static getFocusedWindow() {
      return state.windows[0] ?? null;
    }
    webContents = new FakeWebContents();
    listeners = new Map<string, Fn[]>();
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
    loadFile = vi.fn(async (file: string) => {
      this.webContents.url = 'file://' + file;
    });
    loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url;
    });
    constructor(readonly options: any) {
      state.windows.push(this);
    }
    on(ev: string, fn: Fn) {
      (this.listeners.get(ev) ?? this.listeners.set(ev, []).get(ev)!).push(fn);
      return this;
    }
    once(ev: string, fn: Fn) {
      return this.on(ev, fn);
    }
    emit(ev: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...args);
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return true;
    }
    getBounds() {
      return { x: 0, y: 0, width: 1366, height: 768 };
    }
  }

  const defaultSession = {
    setSpellCheckerEnabled: vi.fn(),
    setSpellCheckerDictionaryDownloadURL: vi.fn(),
    setPermissionRequestHandler: vi.fn((fn: Fn) => {
      state.session.permissionRequest = fn;
    }),
    setPermissionCheckHandler: vi.fn((fn: Fn) => {
      state.session.permissionCheck = fn;
    }),
    setDevicePermissionHandler: vi.fn((fn: Fn) => {
      state.session.devicePermission = fn;
    }),
    webRequest: {
      onBeforeRequest: vi.fn((fn: Fn) => {
        state.session.beforeRequest = fn;
      }),
      onHeadersReceived: vi.fn((fn: Fn) => {
        state.session.headersReceived = fn;
      }),
    },
  };

  const electron = {
    app: {
      isPackaged: true,
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => state.lockResult),
      on: vi.fn((ev: string, fn: Fn) => {
        (state.appEvents.get(ev) ?? state.appEvents.set(ev, []).get(ev)!).push(fn);
      }),
      whenReady: vi.fn(() => Promise.resolve()),
      quit: vi.fn(),
      getPath: vi.fn((name: string) => {
        if (name === 'documents') return state.documents;
        if (name === 'userData') return state.userData;
        throw new Error(name);
      }),
      setPath: vi.fn((name: string, p: string) => {
        if (name !== 'userData') throw new Error(name);
        state.userData = p;
      }),
      getVersion: vi.fn(() => '0.1.0'),
      getAppPath: vi.fn(() => state.appPath),
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: vi.fn((channel: string, fn: Fn) => {
        // Electron throws on a second handler for one channel; so does the fake.
        if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        state.ipcHandlers.set(channel, fn);
      }),
      removeHandler: vi.fn((channel: string) => {
        state.ipcHandlers.delete(channel);
      }),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, ...args: unknown[]) => {
        const fn = state.ipcHandlers.get(channel);
        if (!fn) throw new Error(`No handler registered for '${channel}'`);
        return fn(
          { senderFrame: { url: state.senderUrl, parent: null }, sender: state.windows[0]?.webContents },
          ...args,
        );
      }),
      on: vi.fn((channel: string, fn: Fn) => {
        (state.rendererListeners.get(channel) ?? state.rendererListeners.set(channel, new Set()).get(channel)!).add(fn);
      }),
      removeListener: vi.fn((channel: string, fn: Fn) => {
        state.rendererListeners.get(channel)?.delete(fn);
      }),
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        state.exposed[key] = api;
      }),
    },
    session: { defaultSession },
    protocol: {
      registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => {
        state.privileged.push(...schemes);
      }),
      handle: vi.fn((scheme: string, fn: Fn) => {
        state.protocolHandlers.set(scheme, fn);
      }),
    },
    dialog: {
      showMessageBoxSync: vi.fn((opts: unknown) => {
        state.dialogs.push(opts);
        return 0;
      }),
      showMessageBox: vi.fn(async (opts: unknown) => {
        state.dialogs.push(opts);
        return { response: 0 };
      }),
      showOpenDialog: vi.fn(async (_win: unknown, opts: unknown) => {
        state.dialogs.push(opts);
        return state.openDialog;
      }),
    },
    screen: { getDisplayMatching: vi.fn(() => ({ workAreaSize: { width: 1366, height: 728 } })) },
    // '' is success; Electron answers an error text when no program opens the file.
    shell: { openPath: vi.fn(async (_p: string) => state.openPathAnswer) },
    // The real one starts a process of dist/main/core-utility.cjs; here the same core in a worker thread
    // (core-worker.mjs), spoken to over the same messages: 'message' carries them, 'exit' says it ended.
    utilityProcess: {
      fork: vi.fn((modulePath: string, _args: string[], opts: unknown) => {
        const worker = new Worker(path.resolve('electron/core/core-worker.mjs'));
        const rec = { modulePath, opts, worker, killed: false };
        state.forks.push(rec);
        return {
          postMessage: (m: unknown) => worker.postMessage(m),
          on(event: string, cb: Fn) {
            worker.on(event === 'exit' ? 'exit' : 'message', cb);
          },
          kill() {
            rec.killed = true;
            void worker.terminate();
            return true;
          },
        };
      }),
    },
  };
  return { state, electron, FakeBrowserWindow, FakeWebContents };
});

vi.mock('electron', () => h.electron);

import {
  CSP,
  applyCsp,
  createLockedWindow,
  guardAllWebContents,
  isOwnPageUrl,
  lockDown,
} from '../../electron/main/window';
import { broadcast, registerRpc, sendEvent } from '../../electron/main/ipc';
import { openWithSystem, pickOptions, pickPaths } from '../../electron/main/dialogs';
import { archivePathname, archiveResponse, handleArchiveProtocol, registerSchemes } from '../../electron/main/protocol';
import { APP_INDEX_URL, appFilePath, appResponse, handleAppProtocol } from '../../electron/main/app-protocol';

let tmp: string;
let archive: Archive;
/** The ipc tests' core: in this thread, over the test archive (main.ts's in its process is tested below). */
const inline = (ctx: Partial<CoreContext> = {}) => inlineCore(archive, { emit: broadcast, ...ctx }).dispatch;
const PAGE_FILE = '/opt/keji/dist/renderer/index.html';
const page = { url: 'app://keji/index.html' };

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-electron-'));
  archive = openArchive(path.join(tmp, 'test-archive'), { create: true });
});
afterAll(() => {
  archive.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  h.state.windows.length = 0;
  h.state.dialogs.length = 0;
  h.state.appEvents.clear();
  h.state.rendererListeners.clear();
  h.state.senderUrl = page.url;
  vi.clearAllMocks();
});
afterEach(() => h.state.ipcHandlers.clear());

describe('window.ts', () => {
  it('the main window is isolated, sandboxed, without Node, spell-check or middle-click popups', () => {
    const o = (createLockedWindow('/x/preload.cjs') as unknown as InstanceType<typeof h.FakeBrowserWindow>).options;
    expect(o.webPreferences.disableBlinkFeatures).toBe('Auxclick');
    expect(o.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(o.title).toBe('科技档案');
    expect([o.width, o.height]).toEqual([1366, 768]);
    expect(o.minWidth).toBeGreaterThanOrEqual(800);
    expect(o.minWidth).toBeLessThanOrEqual(1366);
    expect(o.minHeight).toBeGreaterThanOrEqual(600);
    expect(o.minHeight).toBeLessThanOrEqual(768);
  });

  /** What a webContents does when asked: navigate (main frame, any frame, redirect), open a window, attach a webview, get a permission. */
  function probe(wc: InstanceType<typeof h.FakeWebContents>) {
    const prevented = (ev: string, url: string) => {
      const e = { url, preventDefault: vi.fn() };
      wc.emit(ev, e);
      return e.preventDefault.mock.calls.length > 0;
    };
    return {
      nav: (url: string) => prevented('will-navigate', url),
      frameNav: (url: string) => prevented('will-frame-navigate', url),
      redirect: (url: string) => prevented('will-redirect', url),
      open: (url: string) => wc.windowOpenHandler?.({ url }),
      webview: () => {
        const e = { preventDefault: vi.fn() };
        wc.emit('will-attach-webview', e, {}, {});
        return e.preventDefault.mock.calls.length > 0;
      },
      permission: (name: string) => {
        const cb = vi.fn();
        wc.session.handlers.permissionRequest?.(wc, name, cb, {});
        return cb.mock.calls;
      },
      check: (name: string) => wc.session.handlers.permissionCheck?.(wc, name, 'app://keji', {}),
    };
  }
  /** Every fence, asserted on one webContents. */
  function expectLockedDown(wc: InstanceType<typeof h.FakeWebContents>) {
    const p = probe(wc);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      `file://${PAGE_FILE}`,
      'file:///etc/passwd',
      'archive://media/x',
      'app://keji/other.html',
      'app://evil/index.html',
      'javascript:alert(1)',
    ]) {
      expect(p.nav(url), url).toBe(true);
      expect(p.frameNav(url), url).toBe(true);
      expect(p.redirect(url), url).toBe(true);
    }
    expect(p.nav(`${page.url}#/activities`)).toBe(false);
    expect(p.frameNav(page.url)).toBe(false);
    expect(p.open('https://example.com')).toEqual({ action: 'deny' });
    expect(p.open(page.url)).toEqual({ action: 'deny' });
    expect(p.webview()).toBe(true);
    expect(p.permission('media')).toEqual([[false]]);
    expect(p.permission('geolocation')).toEqual([[false]]);
    expect(p.check('notifications')).toBe(false);
  }

  it('lockDown denies navigation away from app://, window.open, <webview> and permissions', () => {
    const win = new h.FakeBrowserWindow({});
    lockDown(win as never, page);
    expectLockedDown(win.webContents);
  });

  it('guardAllWebContents: a webContents created later (any window) is locked down the same way', () => {
    guardAllWebContents(page);
    const created = h.state.appEvents.get('web-contents-created') ?? [];
    expect(created).toHaveLength(1);
    const later = new h.FakeWebContents();
    // Before the guard runs, nothing stops it (the fences are the guard's doing, not the fake's).
    expect(probe(later).nav('https://example.com/')).toBe(false);
    expect(probe(later).open('https://example.com/')).toBeUndefined();
    created[0]({}, later);
    expectLockedDown(later);
  });

  it('isOwnPageUrl: app://keji/index.html (any #route) or the dev server origin only', () => {
    expect(isOwnPageUrl(`${page.url}?x=1#/a`, page)).toBe(true);
    expect(isOwnPageUrl('app://keji/other.html', page)).toBe(false);
    expect(isOwnPageUrl('app://evil/index.html', page)).toBe(false);
    expect(isOwnPageUrl(pathToFileURL(PAGE_FILE).href, page)).toBe(false);
    expect(isOwnPageUrl(pathToFileURL(PAGE_FILE).href, { url: pathToFileURL(PAGE_FILE).href })).toBe(false);
    expect(isOwnPageUrl('http://localhost:5173/', page)).toBe(false);
    expect(isOwnPageUrl('http://localhost:5173/#/x', { ...page, devUrl: 'http://localhost:5173/' })).toBe(true);
    expect(isOwnPageUrl('http://localhost:5174/', { ...page, devUrl: 'http://localhost:5173/' })).toBe(false);
    expect(isOwnPageUrl('', page)).toBe(false);
  });

  it('applyCsp sets the strict policy on pages, replacing any other', () => {
    applyCsp(h.electron.session.defaultSession as never);
    const cb = vi.fn();
    h.state.session.headersReceived!(
      { resourceType: 'mainFrame', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-A': ['1'] } },
      cb,
    );
    const headers = cb.mock.calls[0][0].responseHeaders;
    expect(headers['Content-Security-Policy']).toEqual([CSP]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-A']).toEqual(['1']);
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("img-src 'self' archive: data: blob:");
    expect(CSP).toContain("media-src 'self' archive:");
    expect(CSP).toContain("style-src 'self' 'unsafe-inline'");
  });
});

describe('ipc.ts', () => {
  const call = (url: string, name: unknown, input?: unknown, parent: unknown = null) =>
    h.state.ipcHandlers.get('rpc')!({ senderFrame: { url, parent } }, name, input);

  it('registers one rpc handler; removes it again', () => {
    const off = registerRpc(inline(), page);
    expect(h.electron.ipcMain.handle).toHaveBeenCalledTimes(1);
    expect([...h.state.ipcHandlers.keys()]).toEqual(['rpc']);
    off();
    expect(h.state.ipcHandlers.size).toBe(0);
  });

  it('refuses a foreign sender, a subframe and a missing frame', async () => {
    registerRpc(inline(), page);
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问。' } };
    expect(await call('https://evil.example/', 'archive.info', {})).toEqual(forbidden);
    expect(await call('file:///tmp/evil.html', 'archive.info', {})).toEqual(forbidden);
    expect(await call(page.url, 'archive.info', {}, { url: page.url })).toEqual(forbidden);
    expect(await h.state.ipcHandlers.get('rpc')!({ senderFrame: null }, 'archive.info', {})).toEqual(forbidden);
  });

  it('refuses an unknown call name and bad input', async () => {
    registerRpc(inline(), page);
    const unknown = await call(page.url, 'fs.readFile', { path: '/etc/passwd' });
    expect(unknown.ok).toBe(false);
    expect(unknown.error.code).toBe('UNKNOWN_CALL');
    expect(unknown.error.message).toMatch(/未知的操作/);
    const proto = await call(page.url, '__proto__', {});
    expect(proto.error.code).toBe('UNKNOWN_CALL');
    const bad = await call(page.url, 'archive.info', { extra: 1 });
    expect(bad.error.code).toBe('INVALID_INPUT');
  });

  it('answers archive.info from the real core', async () => {
    registerRpc(inline(), page);
    const r = await call(`${page.url}#/settings`, 'archive.info', {});
    expect(r.ok).toBe(true);
    expect(r.value.dir).toBe(archive.dir);
    expect(r.value.counts.activities).toBe(0);
  });

  it('sendEvent / broadcast put events on the "event" channel', () => {
    const win = new h.FakeBrowserWindow({});
    sendEvent(win as never, 'job.progress', { done: 1, total: 2 });
    expect(win.webContents.send).toHaveBeenCalledWith('event', 'job.progress', { done: 1, total: 2 });
    broadcast('archive.changed', { entity: 'activity' });
    expect(win.webContents.send).toHaveBeenLastCalledWith('event', 'archive.changed', { entity: 'activity' });
    expect(() => sendEvent(win as never, 'nope' as never, null)).toThrow();
  });
});

describe('preload.ts', () => {
  it('exposes exactly invoke and on as window.keji, wired to the rpc handler', async () => {
    await import('../../electron/preload/preload');
    expect(h.electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(h.state.exposed)).toEqual(['keji']);
    const keji = h.state.exposed.keji;
    expect(Object.keys(keji).sort()).toEqual(['invoke', 'on']);

    registerRpc(inline(), page);
    const r = await keji.invoke('archive.info', {});
    expect(h.electron.ipcRenderer.invoke).toHaveBeenCalledWith('rpc', 'archive.info', {});
    expect(r.ok).toBe(true);
    h.state.senderUrl = 'https://evil.example/';
    expect((await keji.invoke('archive.info', {})).error.code).toBe('FORBIDDEN');
  });

  it('on: only known events, payload only, unsubscribe works', async () => {
    await import('../../electron/preload/preload');
    const keji = h.state.exposed.keji;
    expect(() => keji.on('ipc-internal', () => {})).toThrow();
    expect(() => keji.on('__proto__', () => {})).toThrow();
    for (const name of EVENT_NAMES) expect(() => keji.on(name, () => {})()).not.toThrow();

    const cb = vi.fn();
    const off = keji.on('archive.changed', cb);
    const win = new h.FakeBrowserWindow({});
    sendEvent(win as never, 'archive.changed', { n: 1 });
    sendEvent(win as never, 'job.progress', { n: 2 });
    expect(cb.mock.calls).toEqual([[{ n: 1 }]]);
    off();
    sendEvent(win as never, 'archive.changed', { n: 3 });
    expect(cb).toHaveBeenCalledTimes(1);
  });
});

describe('dialogs.ts: the open dialog behind app.pick', () => {
  const pick = (keji: any, kind: unknown) => keji.invoke('app.pick', { jobId: crypto.randomUUID(), kind });

  it('the page names a kind; main shows the system dialog with our options over the app window', async () => {
    await import('../../electron/preload/preload');
    const keji = h.state.exposed.keji;
    const win = new h.FakeBrowserWindow({});
    registerRpc(inline({ pick: pickPaths }), page);
    h.state.openDialog = { canceled: false, filePaths: ['E:\\DCIM\\100APPLE', 'E:\\DCIM\\101APPLE'] };
    expect(await pick(keji, 'mediaFolder')).toEqual({ ok: true, value: ['E:\\DCIM\\100APPLE', 'E:\\DCIM\\101APPLE'] });
    expect(h.electron.dialog.showOpenDialog).toHaveBeenCalledWith(win, pickOptions('mediaFolder'));
    expect(h.state.dialogs.at(-1)).toEqual({
      title: '选择要导入的文件夹（如U盘里的 DCIM）',
      properties: ['openDirectory', 'multiSelections'],
    });
    h.state.openDialog = { canceled: true, filePaths: [] };
    expect(await pick(keji, 'packageFolder')).toEqual({ ok: true, value: [] });
  });

  it('an unknown kind, raw dialog options or a foreign page never open a dialog; a host without one says so', async () => {
    await import('../../electron/preload/preload');
    const keji = h.state.exposed.keji;
    new h.FakeBrowserWindow({});
    registerRpc(inline({ pick: pickPaths }), page);
    expect((await pick(keji, 'anyFile')).error.code).toBe('INVALID_INPUT');
    expect(
      (
        await keji.invoke('app.pick', {
          jobId: crypto.randomUUID(),
          kind: 'mediaFiles',
          properties: ['openFile'],
          defaultPath: '/etc',
        })
      ).ok,
    ).toBe(true);
    expect(h.state.dialogs.at(-1)).toEqual(pickOptions('mediaFiles'));
    h.electron.dialog.showOpenDialog.mockClear();
    h.state.senderUrl = 'https://evil.example/';
    expect((await pick(keji, 'mediaFiles')).error.code).toBe('FORBIDDEN');
    expect(h.electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    h.state.ipcHandlers.clear();
    h.state.senderUrl = page.url;
    registerRpc(inline(), page);
    const none = await pick(keji, 'mediaFiles');
    expect(none.error.code).toBe('REFUSED');
    expect(none.error.message).toMatch(/浏览器版没有系统的选择窗口/);
  });

  it("app.openMedia opens a stored original with the computer's program, by id; says why when it cannot", async () => {
    await import('../../electron/preload/preload');
    const keji = h.state.exposed.keji;
    const pdf = Buffer.from('%PDF-1.4 教案');
    const { id } = addMedia(archive, pdf, {
      ext: 'pdf',
      kind: 'document',
      mime: 'application/pdf',
      originalName: '教案.pdf',
    });
    const sha256 = crypto.createHash('sha256').update(pdf).digest('hex');
    registerRpc(inline({ openFile: openWithSystem }), page);
    const open = (mediaId: string) => keji.invoke('app.openMedia', { jobId: crypto.randomUUID(), id: mediaId });
    h.state.openPathAnswer = '';
    expect(await open(id)).toEqual({ ok: true, value: { ok: true } });
    expect(h.electron.shell.openPath).toHaveBeenCalledWith(
      path.join(archive.dir, 'media', sha256.slice(0, 2), `${sha256}.pdf`),
    );
    h.state.openPathAnswer = 'No application is associated with the specified file';
    const none = await open(id);
    expect(none.error.message).toMatch(/电脑上没有能打开这个文件的程序/);
    expect((await open('0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee')).error.code).toBe('NOT_FOUND');
    expect(
      (await keji.invoke('app.openMedia', { jobId: crypto.randomUUID(), id: '../../etc/passwd' })).error.code,
    ).toBe('INVALID_INPUT');
    h.state.senderUrl = 'https://evil.example/';
    h.electron.shell.openPath.mockClear();
    expect((await open(id)).error.code).toBe('FORBIDDEN');
    expect(h.electron.shell.openPath).not.toHaveBeenCalled();
    h.state.ipcHandlers.clear();
    h.state.senderUrl = page.url;
    registerRpc(inline(), page);
    expect((await open(id)).error.message).toMatch(/浏览器版请用“下载”/);
  });

  it('the options: media files filtered to what the archive takes, folders for import, package and export', () => {
    const media = pickOptions('mediaFiles');
    expect(media.properties).toEqual(['openFile', 'multiSelections']);
    expect(media.filters![0].name).toBe('照片、视频和文档');
    for (const ext of ['jpg', 'heic', 'png', 'mp4', 'mov', 'pdf', 'docx', 'pptx'])
      expect(media.filters![0].extensions).toContain(ext);
    expect(media.filters![1]).toEqual({ name: '所有文件', extensions: ['*'] });
    expect(pickOptions('packageFolder').properties).toEqual(['openDirectory']);
    expect(pickOptions('exportFolder').properties).toContain('createDirectory');
    expect(pickOptions('exportFolder').title).toBe('选择导出到哪里（如U盘）');
  });
});

describe('protocol.ts', () => {
  it('registers app: (the page) and archive: (media, streaming) as privileged schemes, in one call', () => {
    registerSchemes();
    expect(h.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(h.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
      {
        scheme: 'archive',
        privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
      },
    ]);
  });

  it('a 总结导出 download: the file with its name readable by the app://keji page (and no other); a bad request in Chinese', async () => {
    handleArchiveProtocol(() => archive);
    const handler = h.state.protocolHandlers.get('archive')!;
    const ok: Response = await handler(
      new Request('archive://download/summary?kind=summary&format=xlsx&period=2025-2026'),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('app://keji');
    expect(ok.headers.get('access-control-expose-headers')).toBe('Content-Disposition');
    expect(decodeURIComponent(ok.headers.get('content-disposition')!)).toContain('2025—2026学年科技活动统计表.xlsx');
    expect(
      Buffer.from(await ok.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const bad: Response = await handler(
      new Request('archive://download/summary?kind=summary&format=exe&period=2025-2026'),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('app://keji');
    expect((await bad.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('serves media by id, with ranges; nothing else', async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    bytes.set([0, 0, 0, 0x18, ...Buffer.from('ftypisom')]); // an MP4's first box: the archive serves only what its bytes say it is
    const { id } = addMedia(archive, bytes, { ext: 'mp4', kind: 'video', mime: 'video/mp4', originalName: 'v.mp4' });
    handleArchiveProtocol(() => archive);
    const handler = h.state.protocolHandlers.get('archive')!;

    // A video's ?size=medium is its poster frame: 404 while it has none, never the video itself.
    expect((await handler(new Request(`archive://media/${id}?size=medium`))).status).toBe(404);
    const full: Response = await handler(new Request(`archive://media/${id}?size=original`));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(bytes);
    // The app://keji page may show it, and read it to draw a poster frame (a second origin); no other page may read it.
    expect(full.headers.get('access-control-allow-origin')).toBe('app://keji');
    expect(
      (
        await archiveResponse(archive, new Request(`archive://media/${id}`), undefined, 'http://localhost:5173')
      ).headers.get('access-control-allow-origin'),
    ).toBe('http://localhost:5173');
    expect(full.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');

    const part: Response = await handler(new Request(`archive://media/${id}`, { headers: { Range: 'bytes=10-19' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/300');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(10, 20));

    const head = await archiveResponse(archive, new Request(`archive://media/${id}`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('300');
    expect(
      (await archiveResponse(archive, new Request(`archive://media/${id}`, { method: 'POST', body: 'x' }))).status,
    ).toBe(405);

    expect(archivePathname('archive://media/%2e%2e/archive.sqlite')).toBe('/media/%2e%2e/archive.sqlite');
    for (const url of [
      'archive://media/%2e%2e/archive.sqlite',
      'archive://media/..%2F..%2Farchive.sqlite',
      'archive://thumbs/x',
      `archive://other/${id}`,
      'archive://media/0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee',
      'archive:///etc/passwd',
    ]) {
      expect([403, 404], url).toContain((await archiveResponse(archive, new Request(url))).status);
    }
    expect((await archiveResponse(null, new Request(`archive://media/${id}`))).status).toBe(404);
  });
});

describe('app-protocol.ts (the page on app://keji)', () => {
  let root: string;
  const SECRET = 'SECRET-outside-the-renderer';
  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(tmp, 'app-proto-'));
    root = path.join(base, 'dist', 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><title>科技档案</title><script type="module" src="./assets/app.js"></script>',
    );
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export const x = 1;');
    fs.writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
    fs.writeFileSync(path.join(root, 'assets', 'font.woff2'), 'wOF2');
    fs.writeFileSync(path.join(root, 'assets', 'photo.sqlite'), SECRET);
    fs.writeFileSync(path.join(base, 'dist', 'secret.js'), SECRET);
    fs.writeFileSync(path.join(base, 'secret.html'), SECRET);
    fs.symlinkSync(path.join(base, 'dist', 'secret.js'), path.join(root, 'assets', 'link.js'));
    fs.symlinkSync(path.join(base, 'dist'), path.join(root, 'up'));
  });
  const ask = (url: string, init?: RequestInit) => appResponse(root, new Request(url, init));

  it('serves index.html with the CSP and each asset with its own type', async () => {
    const index = await ask(APP_INDEX_URL);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>科技档案</title>');
    expect((await ask('app://keji/')).status).toBe(200);
    const js = await ask('app://keji/assets/app.js?v=1#x');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('export const x = 1;');
    expect((await ask('app://keji/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await ask('app://keji/assets/font.woff2')).headers.get('content-type')).toBe('font/woff2');
    expect((await ask('app://keji/assets/app.js', { method: 'HEAD' })).status).toBe(200);
  });

  it('refuses ../ in every spelling, absolute paths, symlinks out, other hosts, unknown types and writes', async () => {
    const attempts = [
      'app://keji/../secret.js',
      'app://keji/%2e%2e/secret.js',
      'app://keji/%2E%2E%2Fsecret.js',
      'app://keji/assets/..%2f..%2fsecret.js',
      'app://keji/assets/%2e%2e/%2e%2e/secret.js',
      'app://keji/..%5csecret.js',
      'app://keji/assets\\..\\..\\secret.js',
      'app://keji/%252e%252e/secret.js',
      'app://keji//etc/passwd',
      'app://keji/%2fetc%2fpasswd',
      `app://keji/${encodeURIComponent(path.join(root, '..', 'secret.js'))}`,
      'app://keji/C:%5cWindows%5cwin.ini',
      'app://keji/assets/link.js',
      'app://keji/up/secret.js',
      'app://keji/../../secret.html',
      'app://keji/assets/photo.sqlite',
      'app://keji/assets',
      'app://keji/assets/',
      'app://keji/assets/app.js%00.png',
      'app://keji/nope.js',
      'app://evil/index.html',
      'app://keji.evil/index.html',
      'app:///index.html',
      'archive://keji/index.html',
    ];
    for (const url of attempts) {
      const r = await ask(url);
      expect([403, 404], url).toContain(r.status);
      expect(await r.text(), url).not.toContain(SECRET);
    }
    expect(appFilePath(root, 'app://keji/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(appFilePath(root, 'app://keji/../secret.js')).toBeNull();
    expect((await ask(APP_INDEX_URL, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('handleAppProtocol answers from the directory it was given', async () => {
    handleAppProtocol(root);
    const handler = h.state.protocolHandlers.get('app')!;
    expect((await handler(new Request('app://keji/assets/app.js'))).status).toBe(200);
    expect((await handler(new Request('app://keji/../secret.js'))).status).toBe(404);
  });
});

describe('main.ts', () => {
  let running: typeof import('../../electron/main/main') | null = null;
  async function startMain() {
    vi.resetModules();
    const mod = await import('../../electron/main/main');
    await mod.whenStarted(); // the core process opened the archive (or said why not), the window made
    running = mod;
    return mod;
  }
  const fire = (ev: string, ...args: unknown[]) => {
    for (const fn of h.state.appEvents.get(ev) ?? []) fn(...args);
  };
  /** Electron's quit: 'will-quit' with an event main may hold back until the core has closed. */
  async function quit(mod: typeof import('../../electron/main/main')) {
    const event = { preventDefault: vi.fn() };
    fire('will-quit', event);
    await mod.whenClosed();
    running = null;
    return event;
  }
  afterEach(async () => {
    if (running) await quit(running);
  });

  beforeEach(() => {
    h.state.forks.length = 0;
    h.state.lockResult = true;
    h.state.documents = fs.mkdtempSync(path.join(tmp, 'docs-'));
    h.state.userData = fs.mkdtempSync(path.join(tmp, 'userdata-'));
    h.state.appPath = path.join(tmp, 'app');
  });

  it('opens Documents/科技档案, hardens the session and shows one locked-down window', async () => {
    const mod = await startMain();
    const dir = path.join(h.state.documents, '科技档案');
    expect(fs.existsSync(path.join(dir, 'archive.sqlite'))).toBe(true);
    expect(mod.currentArchive()?.dir).toBe(dir);
    // The core runs in one utilityProcess of dist/main/core-utility.cjs, which holds the archive;
    // this process only reads it (archive://).
    expect(h.state.forks.map((f) => f.modulePath)).toEqual([
      path.join(h.state.appPath, 'dist', 'main', 'core-utility.cjs'),
    ]);
    expect(h.state.forks[0].opts.serviceName).toBe('keji-core');
    expect(() => mod.currentArchive()!.db.prepare("INSERT INTO tags(id, name) VALUES ('x', 'y')").run()).toThrow();
    expect(h.electron.app.enableSandbox).toHaveBeenCalled();
    expect(h.state.privileged.some((s) => s.scheme === 'archive')).toBe(true);

    // offline: no spell-check dictionaries
    const ses = h.electron.session.defaultSession;
    expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
    const dictUrl = new URL(ses.setSpellCheckerDictionaryDownloadURL.mock.calls[0][0]);
    expect(dictUrl.hostname).toBe('127.0.0.1');

    // every permission denied
    const granted = vi.fn();
    h.state.session.permissionRequest!({}, 'media', granted, {});
    h.state.session.permissionRequest!({}, 'geolocation', granted, {});
    expect(granted.mock.calls).toEqual([[false], [false]]);
    expect(h.state.session.permissionCheck!({}, 'notifications', 'app://keji', {})).toBe(false);
    expect(h.state.session.devicePermission!({})).toBe(false);

    // no request leaves the machine
    const cancelled = (url: string, resourceType = 'xhr') => {
      const cb = vi.fn();
      h.state.session.beforeRequest!({ url, resourceType }, cb);
      return cb.mock.calls[0][0].cancel;
    };
    for (const url of [
      'https://cdn.example.com/x.js',
      'http://127.0.0.1:5173/',
      'ws://localhost/',
      'ftp://x/y',
      'not a url',
    ])
      expect(cancelled(url), url).toBe(true);
    for (const url of [
      page.url,
      'app://keji/assets/index.js',
      'archive://media/x',
      'devtools://devtools/bundled/x.html',
    ])
      expect(cancelled(url), url).toBe(false);
    // file: only as a whole page (the hidden print window's report); never a file the page fetches or embeds
    expect(cancelled('file:///tmp/keji-pdf-x/report.html', 'mainFrame')).toBe(false);
    for (const type of ['xhr', 'image', 'script', 'subFrame', 'media'])
      expect(cancelled('file:///etc/passwd', type), type).toBe(true);

    // the window: safe options, our page, navigation denied
    expect(h.state.windows).toHaveLength(1);
    const win = h.state.windows[0];
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.options.webPreferences.preload).toBe(path.join(h.state.appPath, 'dist', 'preload', 'preload.cjs'));
    // loaded from app://, never file://
    expect(win.loadURL).toHaveBeenCalledWith('app://keji/index.html');
    expect(win.loadFile).not.toHaveBeenCalled();
    expect(win.webContents.getURL()).toBe(APP_INDEX_URL);
    const nav = { url: 'https://example.com/', preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', nav);
    expect(nav.preventDefault).toHaveBeenCalled();
    // the app-wide guard, registered before any window: a webContents created later is fenced too
    const created = h.state.appEvents.get('web-contents-created') ?? [];
    expect(created).toHaveLength(1);
    const later = new h.FakeWebContents();
    created[0]({}, later);
    const away = { url: 'https://example.com/', preventDefault: vi.fn() };
    later.emit('will-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(later.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    later.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
    const asked = vi.fn();
    later.session.handlers.permissionRequest(later, 'media', asked, {});
    expect(asked).toHaveBeenCalledWith(false);
    expect(later.session.handlers.permissionCheck(later, 'media', 'app://keji', {})).toBe(false);
    // the app: scheme is registered privileged and answers the built page, nothing outside it
    expect(h.state.privileged.find((s) => s.scheme === 'app')?.privileges).toMatchObject({
      standard: true,
      secure: true,
    });
    const appHandler = h.state.protocolHandlers.get('app')!;
    fs.mkdirSync(path.join(h.state.appPath, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(
      path.join(h.state.appPath, 'dist', 'renderer', 'index.html'),
      '<!doctype html><title>科技档案</title>',
    );
    fs.writeFileSync(path.join(h.state.appPath, 'dist', 'secret.txt'), 'SECRET');
    const index: Response = await appHandler(new Request(APP_INDEX_URL));
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('科技档案');
    expect((await appHandler(new Request('app://keji/%2e%2e/secret.txt'))).status).toBe(404);
    win.emit('ready-to-show');
    expect(win.maximize).toHaveBeenCalled(); // 1366×728 work area is smaller than the window
    expect(win.show).toHaveBeenCalled();

    // IPC answers from the opened archive, for our page only
    h.state.senderUrl = pathToFileURL(path.join(h.state.appPath, 'dist', 'renderer', 'index.html')).href;
    expect((await h.electron.ipcRenderer.invoke('rpc', 'archive.info', {})).error.code).toBe('FORBIDDEN'); // file:// is no longer our page
    h.state.senderUrl = `${APP_INDEX_URL}#/settings`;
    const info = await h.electron.ipcRenderer.invoke('rpc', 'archive.info', {});
    expect(info.ok && info.value.dir).toBe(dir);
    expect(h.state.protocolHandlers.has('archive')).toBe(true);

    // a second launch brings this window forward
    fire('second-instance', {}, [], '');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();

    // quitting waits for the core to close the archive (its lock released), then quits
    const quitting = await quit(mod);
    expect(quitting.preventDefault).toHaveBeenCalled();
    expect(h.electron.app.quit).toHaveBeenCalled();
    expect(mod.currentArchive()).toBeNull();
    expect(h.state.forks[0].killed).toBe(true);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  }, 120_000);

  it('the core process gets the malloc settings that halve its peak memory on a HEIC import', async () => {
    await startMain();
    expect(h.state.forks).toHaveLength(1);
    const env = h.state.forks[0].opts.env;
    expect(env.MALLOC_MMAP_THRESHOLD_).toBe('131072');
    expect(env.MALLOC_TRIM_THRESHOLD_).toBe('131072');
    expect(env.PATH).toBe(process.env.PATH); // the rest of the environment is kept
    expect(process.env.MALLOC_MMAP_THRESHOLD_).toBeUndefined(); // the main process's own is not changed
  }, 120_000);

  it("the page's calls run in the core process and its events reach the window; a dead core answers in Chinese and the next call starts it again", async () => {
    const mod = await startMain();
    const dir = path.join(h.state.documents, '科技档案');
    const win = h.state.windows[0];
    h.state.senderUrl = APP_INDEX_URL;
    const invoke = (name: string, input: unknown = {}) => h.electron.ipcRenderer.invoke('rpc', name, input);

    // A change the core makes reaches the page as archive.changed, through main to the window.
    expect((await invoke('settings.set', { schoolName: '红旗小学' })).ok).toBe(true);
    expect(win.webContents.send).toHaveBeenCalledWith(
      'event',
      'archive.changed',
      expect.objectContaining({ call: 'settings.set' }),
    );

    // The core dies while a call waits on it (it asked main for the open dialog, still open).
    let asked!: () => void;
    const dialogShown = new Promise<void>((r) => (asked = r));
    let closeDialog!: (v: { canceled: boolean; filePaths: string[] }) => void;
    h.electron.dialog.showOpenDialog.mockImplementationOnce(() => {
      asked();
      return new Promise((r) => (closeDialog = r));
    });
    const waiting = invoke('app.pick', { jobId: crypto.randomUUID(), kind: 'mediaFolder' });
    await dialogShown;
    await h.state.forks[0].worker.terminate();
    // A real core process leaves its .lock naming a pid that no longer runs (taken over as stale);
    // the fake's core was a thread of this process, so its lock is made to say what a dead process's says.
    const lock = JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8'));
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ ...lock, pid: deadPid }));
    const answer = await waiting;
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toMatch(/^档案程序意外停止了/);
    expect(answer.error.message).toMatch(/请再试一次/);
    closeDialog({ canceled: false, filePaths: ['/media/usb'] }); // answered to no one, harmlessly
    expect(mod.currentArchive()).toBeNull(); // archive:// answers 404 until a core runs again

    // The next call starts a new core on the same archive, which answers; nothing saved was lost.
    const info = await invoke('archive.info');
    expect(info.ok).toBe(true);
    expect(info.value.schoolName).toBe('红旗小学');
    expect(h.state.forks).toHaveLength(2);
    expect(mod.currentCore()!.starts).toBe(2);
    expect(mod.currentArchive()?.dir).toBe(dir);
  }, 120_000);

  it('while a long import runs in the core process, a search is answered and archive:// serves a photo', async () => {
    await startMain();
    h.state.senderUrl = APP_INDEX_URL;
    const invoke = (name: string, input: unknown = {}) => h.electron.ipcRenderer.invoke('rpc', name, input);
    const src = fs.mkdtempSync(path.join(tmp, 'photos-'));
    expect(
      (
        await invoke('media.import', {
          jobId: crypto.randomUUID(),
          paths: [write(src, 'first.jpg', await jpeg(1, { width: 1600, height: 1200 }))],
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await invoke('activities.create', {
          title: '航模比赛集训',
          type: '科技实践',
          status: 'done',
          startDate: '2025-10-12',
          teacherIds: [],
          participantIds: [],
          tags: [],
        })
      ).ok,
    ).toBe(true);
    const firstId = (await invoke('media.list', {})).value.items[0].id as string;
    const many = fs.mkdtempSync(path.join(tmp, 'many-'));
    for (let i = 0; i < 20; i++) write(many, `p${i}.jpg`, await jpeg(100 + i, { width: 2400, height: 1800 }));

    // The page hears the import's progress through main (the 'event' channel), as the window would.
    const order: string[] = [];
    const jobId = crypto.randomUUID();
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    h.electron.ipcRenderer.on(
      'event',
      (_e: unknown, name: string, p: { jobId?: string; done: number; total: number }) => {
        if (name === 'job.progress' && p.jobId === jobId && p.done >= 1 && p.done < p.total) running();
      },
    );
    const importing = invoke('media.import', { jobId, paths: [many] }).then((r) => {
      order.push('import answered');
      return r;
    });
    await started;
    order.push('import running');
    const search = await invoke('search.query', { text: '航模' });
    order.push('search answered');
    expect(search.value.groups.flatMap((g: { hits: { title: string }[] }) => g.hits.map((x) => x.title))).toContain(
      '航模比赛集训',
    );
    const photo: Response = await h.state.protocolHandlers.get('archive')!(
      new Request(`archive://media/${firstId}?size=thumb`),
    );
    expect(photo.status).toBe(200);
    expect((await photo.arrayBuffer()).byteLength).toBeGreaterThan(100);
    order.push('photo served');
    const done = await importing;
    expect(done.value.imported).toBe(20);
    expect(order).toEqual(['import running', 'search answered', 'photo served', 'import answered']);
  }, 240_000);

  it('a second instance quits at once', async () => {
    h.state.lockResult = false;
    await startMain();
    expect(h.electron.app.quit).toHaveBeenCalled();
    expect(h.electron.app.whenReady).not.toHaveBeenCalled();
    expect(h.state.windows).toHaveLength(0);
  });

  it('explains in Chinese when the archive is locked, and quits', async () => {
    const dir = path.join(h.state.documents, '科技档案');
    const holder = openArchive(dir, { create: true });
    try {
      await startMain();
      expect(h.state.windows).toHaveLength(0);
      expect(h.electron.app.quit).toHaveBeenCalled();
      expect(h.state.dialogs).toHaveLength(1);
      expect(h.state.dialogs[0].type).toBe('error');
      expect(h.state.dialogs[0].message).toBe('无法打开档案');
      expect(h.state.dialogs[0].detail).toMatch(/档案正在被另一个程序使用/);
      expect(h.state.dialogs[0].detail).toContain(dir);
    } finally {
      holder.close();
    }
  }, 120_000);

  it('explains an archive made by a newer version', async () => {
    const dir = path.join(h.state.documents, '科技档案');
    openArchive(dir, { create: true }).close();
    const db = new Database(path.join(dir, 'archive.sqlite'));
    db.pragma('user_version = 999');
    db.close();
    await startMain();
    expect(h.state.windows).toHaveLength(0);
    expect(h.state.dialogs[0].detail).toMatch(/更新版本/);
    expect(h.electron.app.quit).toHaveBeenCalled();
  }, 120_000);

  it('portable exe: archive, settings and log live beside it; the log and 关于 say so', async () => {
    const stick = fs.mkdtempSync(path.join(tmp, 'usb-'));
    process.env.PORTABLE_EXECUTABLE_DIR = stick;
    try {
      const mod = await startMain();
      const data = path.join(stick, '科技档案-程序数据');
      expect(mod.currentArchive()?.dir).toBe(path.join(stick, '科技档案'));
      expect(h.electron.app.setPath).toHaveBeenCalledWith('userData', data);
      expect(fs.existsSync(path.join(h.state.documents, '科技档案'))).toBe(false);
      h.state.senderUrl = APP_INDEX_URL;
      const about = await h.electron.ipcRenderer.invoke('rpc', 'app.about', {});
      expect(about.value).toMatchObject({
        host: 'desktop',
        portable: true,
        appVersion: '0.1.0',
        archiveDir: path.join(stick, '科技档案'),
        logDir: path.join(data, 'logs'),
      });
      await quit(mod);
      const logText = fs.readFileSync(path.join(data, 'logs', 'keji.log'), 'utf8');
      expect(logText).toMatch(/INFO  app\.start .*portable=true mode=portable-exe/);
      expect(logText).toMatch(/INFO  archive\.open ms=[\d.]+ schema=\d+/);
      expect(logText).toMatch(/INFO  call call=app\.about ms=[\d.]+/);
      expect(logText).toMatch(/INFO  app\.quit\n$/);
    } finally {
      delete process.env.PORTABLE_EXECUTABLE_DIR;
    }
  }, 120_000);

  it('--archive=<dir> and the dev server are the only exceptions', async () => {
    const mod = await import('../../electron/main/main');
    expect(mod.archiveDirFromArgv(['electron', '.', '--archive=/media/usb/科技档案'])).toBe(
      path.resolve('/media/usb/科技档案'),
    );
    expect(mod.archiveDirFromArgv(['electron', '.'])).toBeNull();
    expect(mod.isAllowedRequest('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true);
    expect(mod.isAllowedRequest('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
