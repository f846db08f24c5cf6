// The media import worker from source: a worker thread begins without the TypeScript loader the
// core runs under (tsx, vitest), so it registers tsx (a runtime dependency), loads the TypeScript
// worker and hands on its default export (the pool's task; its HEIC decoder threads start here too). Electron's bundle and the keji bundle never use this file:
// electron/build.mjs compiles import-worker.ts into dist/main/import-worker.mjs.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./import-worker.ts');
export default worker.default;
