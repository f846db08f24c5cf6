// The whole bridge: window.keji = { invoke, on }. A sandboxed preload can require only
// 'electron', so shared/ is imported for types alone and the event list is spelled out here
// (Record<EventName, …> makes the compiler flag any drift from shared/contract.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallName, EventName, Result } from '../../shared/contract';

const EVENTS: Record<EventName, true> = { 'archive.changed': true, 'job.progress': true };

const bridge = {
  invoke(name: CallName, input?: unknown): Promise<Result<unknown>> {
    return ipcRenderer.invoke('rpc', name, input);
  },
  /** Subscribes to one event; returns the unsubscribe function. */
  on(event: EventName, cb: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !Object.prototype.hasOwnProperty.call(EVENTS, event))
      throw new Error(`未知的事件：${String(event)}`);
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
};

contextBridge.exposeInMainWorld('keji', bridge);
