// The desktop host's extra for the pages: the system's open dialog ('app.pick'). In the browser
// there is none: pages use the browser's own file pickers, which upload the files.
import type { PickKind } from '../../shared/desktop';
import { client } from '../stores/app';

export const isDesktop = (): boolean => typeof window !== 'undefined' && !!window.keji;

/** The paths the teacher chose in the system's dialog; [] when cancelled or not on the desktop. */
export async function pickPaths(kind: PickKind): Promise<string[]> {
  if (!isDesktop()) return [];
  return client().call('app.pick', { jobId: crypto.randomUUID(), kind });
}
