// Two transports behind one interface: Electron IPC (preload bridge) and HTTP (web host).
import type { CallName, EventName, Result } from '../../shared/contract';
import type { Transport } from './client';

export interface KejiBridge {
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    keji?: KejiBridge;
  }
}

export function ipcTransport(bridge: KejiBridge): Transport {
  return { invoke: (name, input) => bridge.invoke(name, input), on: (e, cb) => bridge.on(e, cb) };
}

/** The web host's per-run token, from the <meta name="keji-token"> of the index.html it served. */
export function hostToken(): string | null {
  if (typeof document === 'undefined') return null;
  return document.querySelector('meta[name="keji-token"]')?.getAttribute('content') || null;
}

/**
 * Headers for every request that can change something on the web host (POST): its cookie
 * only opens GETs (pages, media, downloads), so a POST must name the token itself.
 */
export function tokenHeaders(): Record<string, string> {
  const t = hostToken();
  return t ? { 'X-Keji-Token': t } : {};
}

/** Same-origin HTTP: GETs (events) carry the host's SameSite=Strict cookie; calls also send X-Keji-Token. */
export function httpTransport(base = ''): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  return {
    async invoke(name: CallName, input: unknown) {
      const res = await fetch(`${base}/rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...tokenHeaders() },
        body: JSON.stringify(input ?? {}),
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
        source?.addEventListener(event, (m) => {
          for (const l of s) l(JSON.parse((m as MessageEvent).data));
        });
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
