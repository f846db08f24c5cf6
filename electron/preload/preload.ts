// The whole bridge: window.keji = { invoke, on, pick, pathOf }. A sandboxed preload can require
// only 'electron', so shared/ is imported for types alone and the lists are spelled out here
// (Record<EventName, …> makes the compiler flag any drift from shared/contract.ts).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { CallName, EventName, Result } from '../../shared/contract';
import type { PICK_CHANNEL, PickKind } from '../../shared/desktop';

const EVENTS: Record<EventName, true> = { 'archive.changed': true, 'job.progress': true };
const PICK: typeof PICK_CHANNEL = 'pick';
const PICKS: Record<PickKind, true> = { mediaFiles: true, mediaFolder: true, packageFolder: true, exportFolder: true };

const bridge = {
  invoke(name: CallName, input?: unknown): Promise<Result<unknown>> {
    return ipcRenderer.invoke('rpc', name, input);
  },
  /** Subscribes to one event; returns the unsubscribe function. */
  on(event: EventName, cb: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !Object.prototype.hasOwnProperty.call(EVENTS, event)) throw new Error(`未知的事件：${String(event)}`);
    if (typeof cb !== 'function') throw new Error('回调必须是函数');
    // The page never sees the IpcRendererEvent (it would expose `sender`).
    const listener = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) cb(payload);
    };
    ipcRenderer.on('event', listener);
    return () => {
      ipcRenderer.removeListener('event', listener);
    };
  },
  /** The system's open dialog; the chosen paths, [] when cancelled. */
  pick(kind: PickKind): Promise<string[]> {
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(PICKS, kind)) return Promise.reject(new Error(`未知的选择：${String(kind)}`));
    return ipcRenderer.invoke(PICK, kind);
  },
  /** Where a file dropped on the window lives ('' for anything that is not a dropped file). */
  pathOf(file: File): string {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('keji', bridge);
