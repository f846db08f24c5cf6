// The one IPC channel: 'rpc' (name, input) → Result, answered by the core dispatcher.
// Only our own page may call; everything else gets FORBIDDEN. Events go out on 'event'.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, type EventName, type Result } from '../../shared/contract';
import { translate } from '../../shared/i18n/messages';
import type { Archive } from '../core/db/open';
import { createDispatcher, type Dispatcher, type HandlerContext } from '../core/handlers';
import type { HostInfo } from '../core/about';
import type { Logger } from '../core/log';
import { isOwnPageUrl, type OwnPage } from './window';

export const RPC_CHANNEL = 'rpc';
export const EVENT_CHANNEL = 'event';

const forbidden = (): Result<never> => ({
  ok: false,
  error: { code: 'FORBIDDEN', message: translate('error.FORBIDDEN') },
});

/** The sender must be the main frame of our page; subframes and foreign pages are refused. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, page: OwnPage): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent) return false;
  return isOwnPageUrl(frame.url, page);
}

/**
 * Registers the handler; `getArchive` returns the archive shown right now (a dispatcher is
 * made once per archive). `host` answers 'app.about'; `log` gets one line per call; `viewing`
 * lets the page open a package read-only and come back; `pick` and `openFile` are the system's
 * open dialog and programs.
 * Returns a function that removes the handler.
 */
export function registerRpc(
  getArchive: () => Archive | null,
  page: OwnPage,
  opts: { host?: HostInfo; log?: Logger } & Pick<HandlerContext, 'viewing' | 'pick' | 'openFile'> = {},
): () => void {
  const dispatchers = new WeakMap<Archive, Dispatcher>();
  ipcMain.handle(RPC_CHANNEL, async (event, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, page)) return forbidden();
    const archive = getArchive();
    if (!archive)
      return {
        ok: false,
        error: { code: 'NOT_AN_ARCHIVE', message: translate('error.NOT_AN_ARCHIVE', { detail: '没有打开的档案' }) },
      };
    let dispatch = dispatchers.get(archive);
    if (!dispatch) {
      dispatch = createDispatcher(archive, { ...opts, emit: broadcast });
      dispatchers.set(archive, dispatch);
    }
    try {
      return await dispatch(name, input);
    } catch (e) {
      // the dispatcher never throws; this only guards against bugs
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: translate('error.INTERNAL', { detail: String((e as Error)?.message ?? e).slice(0, 200) }),
        },
      };
    }
  });
  return () => ipcMain.removeHandler(RPC_CHANNEL);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** Pushes an event to one window (ignored once the window is gone). */
export function sendEvent(win: BrowserWindow, name: EventName, payload: unknown): void {
  if (!isEventName(name)) throw new Error(`unknown event ${String(name)}`);
  if (win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(EVENT_CHANNEL, name, payload);
}

/** Pushes an event to every open window. */
export function broadcast(name: EventName, payload: unknown): void {
  for (const win of BrowserWindow.getAllWindows()) sendEvent(win, name, payload);
}
