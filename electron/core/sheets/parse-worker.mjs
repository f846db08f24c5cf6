// The sheets worker from source: a worker thread begins without the TypeScript loader the core
// runs under (tsx, vitest), so it registers tsx (a runtime dependency), loads the TypeScript worker
// and hands on its default export (the pool's task). Electron's bundle never uses this file: electron/build.mjs compiles
// parse-worker.ts into dist/main/sheets-worker.mjs.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./parse-worker.ts');
export default worker.default;
