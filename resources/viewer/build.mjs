// Builds the offline viewer into dist/viewer/ (index.html, viewer.js as one classic IIFE script,
// viewer.css) for the packaged app, where esbuild and the sources are not shipped.
// Usage: node resources/viewer/build.mjs   (npm run build:viewer)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../dist/viewer');
fs.mkdirSync(out, { recursive: true });
// Same options as electron/core/package/viewer.ts (VIEWER_BUILD).
await build({
  entryPoints: [path.join(here, 'viewer.ts')],
  outfile: path.join(out, 'viewer.js'),
  bundle: true,
  format: 'iife',
  target: ['chrome69', 'edge79'],
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});
for (const f of ['index.html', 'viewer.css']) fs.copyFileSync(path.join(here, f), path.join(out, f));
console.log(`built ${path.relative(process.cwd(), out)}/ (index.html, viewer.js, viewer.css)`);
