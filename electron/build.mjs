// Bundles the Electron main process and the preload into dist/ (CommonJS, which Electron loads
// directly). Native modules stay external: they are rebuilt for Electron only when packaging.
// Usage: node electron/build.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // esbuild builds the offline viewer only in a checkout, and playwright-core prints PDFs only
  // for the web host and the CLI (the desktop uses Electron's printToPDF): never bundled.
  external: ['electron', 'better-sqlite3', 'sharp', 'esbuild', 'playwright-core'],
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/main/main.cjs',
  target: 'node22', // Electron 45 ships Node 22
});

// The media import engine runs in worker threads and so is a file of its own beside main.cjs
// (electron/core/media/workers.ts looks for it there); exifr is bundled in, sharp stays external.
await build({
  ...common,
  format: 'esm',
  entryPoints: ['electron/core/media/import-worker.mjs'],
  outfile: 'dist/main/import-worker.mjs',
  target: 'node22',
  // exifr loads node:fs and node:zlib with require(): give the ES module one.
  banner: { js: "import { createRequire as __kejiRequire } from 'node:module'; const require = __kejiRequire(import.meta.url);" },
});

// Sheet files are parsed in a worker thread (electron/core/sheets/workbook.ts looks for it here);
// exceljs and SheetJS are bundled in and load node builtins with require(): give the module one.
await build({
  ...common,
  format: 'esm',
  entryPoints: ['electron/core/sheets/parse-worker.ts'],
  outfile: 'dist/main/sheets-worker.mjs',
  target: 'node22',
  banner: { js: "import { createRequire as __kejiRequire } from 'node:module'; const require = __kejiRequire(import.meta.url);" },
});

// The USB export's read-back hashing runs in worker threads too (electron/core/package/io.ts).
await build({ ...common, format: 'esm', entryPoints: ['electron/core/package/hash-worker.mjs'], outfile: 'dist/main/hash-worker.mjs', target: 'node22' });

const preload = await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  target: 'chrome140',
});

// A sandboxed preload can require 'electron' and nothing else: fail here, not at run time.
const imports = Object.values(preload.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
const foreign = imports.filter((p) => p !== 'electron');
if (foreign.length) {
  console.error(`preload must import only 'electron' at run time, found: ${foreign.join(', ')}`);
  process.exit(1);
}
console.log('built dist/main/main.cjs and dist/preload/preload.cjs');
