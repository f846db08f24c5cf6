// Two transports behind one interface: Electron IPC (preload bridge) and HTTP (web host).
import type { CallName, EventName, Result } from '../../shared/contract';
import type { Transport } from './client';

export interface KejiBridge {
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window { keji?: KejiBridge }
}

export function ipcTransport(bridge: KejiBridge): Transport {
  return { invoke: (name, input) => bridge.invoke(name, input), on: (e, cb) => bridge.on(e, cb) };
}

/** Same-origin HTTP: the token travels in the host's SameSite=Strict cookie. */
export function httpTransport(base = ''): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  return {
    async invoke(name: CallName, input: unknown) {
      const res = await fetch(`${base}/rpc/${encodeURIComponent(name)}`, {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Result<unknown>;
    },
    on(event: EventName, cb) {
      if (!source && typeof EventSource !== 'undefined') source = new EventSource(`${base}/events`);
      let set = listeners.get(event);
      if (!set) {
        const s = new Set<(p: unknown) => void>();
        listeners.set(event, s);
        set = s;
        source?.addEventListener(event, (m) => { for (const l of s) l(JSON.parse((m as MessageEvent).data)); });
      }
      set.add(cb);
      return () => set!.delete(cb);
    },
  };
}

/** The page picks its transport: the preload bridge when running in Electron, HTTP otherwise. */
export function defaultTransport(): Transport {
  return typeof window !== 'undefined' && window.keji ? ipcTransport(window.keji) : httpTransport();
}
