// Starts the sheets worker from source: a worker thread begins without the TypeScript loader the
// core runs under (tsx, vitest), so it registers tsx (a runtime dependency) and then loads the
// TypeScript worker. Electron's bundle never uses this file: electron/build.mjs compiles
// parse-worker.ts into dist/main/sheets-worker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
