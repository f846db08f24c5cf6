// The renderer's one data path: components read stores; stores call the core, and what a store holds
// is fetched again when the archive changes (an edit here, an import, a merge, a restore). A store
// registers its refresh once, here; one archive.changed subscription serves them all, re-made when
// the client changes (tests set a new one per test).
import type { Client } from '../api/client';
import { useApp } from './app';

type Refresh = () => unknown;
const refreshers = new Set<Refresh>();
let unsubscribe: (() => void) | undefined;

function attach(c: Client | null) {
  unsubscribe?.();
  unsubscribe = c?.on('archive.changed', () => {
    for (const r of [...refreshers]) void r();
  });
}
useApp.subscribe((s, prev) => {
  if (s.client !== prev.client) attach(s.client);
});
attach(useApp.getState().client);
// The shell's archive facts (学年 with records, the school name, read-only or not) follow every change.
refreshOnChange(() => useApp.getState().loadInfo());

/** Runs `refresh` on every archive.changed; the returned function stops it (a component's effect
 * cleanup, for a store that refreshes only while it is shown). */
export function refreshOnChange(refresh: Refresh): () => void {
  refreshers.add(refresh);
  return () => {
    refreshers.delete(refresh);
  };
}

/** A load that failed says so in the app's banner: never swallowed, never a blank list that
 * looks like an empty archive. */
export function reportLoadError(e: unknown): void {
  useApp.getState().setError((e as Error).message);
}
