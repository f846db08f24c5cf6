// The environment of a process that imports photos: the desktop's core process (forked by
// electron/main/core-process.ts) and the import benchmark's child. glibc's malloc otherwise keeps
// the large buffers libvips and the HEIC decoder free in its arenas, so each decoded 12 MP picture
// leaves the process bigger: measured by `npm run bench:import` (200 JPEGs then 20 HEICs of
// 4000×3000), peak RSS 432 → 321 MiB with these two settings. malloc reads them only when a
// process starts, so they are given to a process being started, never set on the running one.
// Other C libraries (Windows) ignore them.
export const PHOTO_PROCESS_ENV: Readonly<Record<string, string>> = {
  // Blocks of 128 KiB and more are mapped on their own and unmapped when freed.
  MALLOC_MMAP_THRESHOLD_: '131072',
  // Free memory above 128 KiB at the top of the heap goes back to the system at once.
  MALLOC_TRIM_THRESHOLD_: '131072',
};
