// Starts the media import worker from source: a worker thread begins without the TypeScript
// loader the core runs under (tsx, vitest), so it registers tsx (a runtime dependency) and then
// loads the TypeScript worker. Electron's bundle and the keji bundle never use this file:
// electron/build.mjs compiles import-worker.ts into dist/main/import-worker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
