// Starts the core worker from source: a worker thread begins without the TypeScript loader the
// core runs under (tsx, vitest), so it registers tsx and then loads the TypeScript worker. A bundled
// build compiles core-worker.ts into core-worker.mjs beside its bundle instead.
import { register } from 'tsx/esm/api';

register();
await import('./core-worker.ts');
