// The one IPC channel: 'rpc' (name, input) → Result, answered by the core (in its own process).
// Only our own page may call; everything else gets FORBIDDEN. Events go out on 'event'.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, type EventName, type Result } from '../../shared/contract';
import { translate } from '../../shared/i18n/messages';
import type { Dispatcher } from '../core/context';
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
 * Registers the handler: every call of our page goes to `dispatch` — in the app, the core in its
 * utilityProcess (core-process.ts), whose events come back through `broadcast`. The main process
 * itself only checks the sender here; the call runs elsewhere, so a long one never holds up the
 * window, archive:// or other calls. Returns a function that removes the handler.
 */
export function registerRpc(dispatch: Dispatcher, page: OwnPage): () => void {
  ipcMain.handle(RPC_CHANNEL, async (event, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, page)) return forbidden();
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
