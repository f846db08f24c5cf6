// What the desktop host adds: the system's open dialog ('app.pick'), for these kinds of choice.
// The web host has none (the browser's own pickers upload the files instead).
export const PICK_KINDS = ['mediaFiles', 'mediaFolder', 'packageFolder', 'exportFolder'] as const;
export type PickKind = (typeof PICK_KINDS)[number];
