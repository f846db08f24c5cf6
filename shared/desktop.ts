// What the desktop host adds to the bridge besides the contract: the system's open dialog and
// the path of a file dropped on the window. The web host has neither (the browser uploads).
export const PICK_KINDS = ['mediaFiles', 'mediaFolder', 'packageFolder', 'exportFolder'] as const;
export type PickKind = (typeof PICK_KINDS)[number];

/** The IPC channel of the open dialog (the contract's calls go on 'rpc'). */
export const PICK_CHANNEL = 'pick';

export const isPickKind = (x: unknown): x is PickKind => typeof x === 'string' && (PICK_KINDS as readonly string[]).includes(x);
