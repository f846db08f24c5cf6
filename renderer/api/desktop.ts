// The desktop host's extras for the pages (the system's open dialog, the path of a dropped
// file). In the browser there are none: pages upload the File objects instead.
import type { PickKind } from '../../shared/desktop';

export const isDesktop = (): boolean => typeof window !== 'undefined' && !!window.keji;

/** The paths the teacher chose in the system's dialog; [] when cancelled or not on the desktop. */
export async function pickPaths(kind: PickKind): Promise<string[]> {
  const pick = typeof window !== 'undefined' ? window.keji?.pick : undefined;
  return pick ? pick(kind) : [];
}

/** On the desktop, where each dropped file lives (files without a path left out); null in the browser. */
export function droppedPaths(files: readonly File[]): string[] | null {
  const pathOf = typeof window !== 'undefined' ? window.keji?.pathOf : undefined;
  if (!pathOf) return null;
  return files.map((f) => pathOf(f)).filter((p) => !!p);
}
