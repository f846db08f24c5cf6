// The offline viewer's files (index.html, viewer/viewer.js, viewer/viewer.css). Built from
// resources/viewer/ with esbuild as one classic IIFE script when the sources and esbuild are
// there (development, tests, the CLI); otherwise read prebuilt from KEJI_VIEWER_DIR or
// dist/viewer/ (`npm run build:viewer`, part of `npm run build`, for the packaged app).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KejiError } from '../errors';
import { translate } from '../../../shared/i18n/messages';

export interface ViewerAssets {
  'index.html': Buffer;
  'viewer/viewer.js': Buffer;
  'viewer/viewer.css': Buffer;
}

/** The repository (or app) root, found from this file or the working directory. */
function roots(): string[] {
  const out: string[] = [];
  try {
    out.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..'));
  } catch {
    // Bundled as CommonJS (the desktop app: dist/main/main.cjs): the app root is two levels up.
    if (typeof __dirname === 'string') out.push(path.resolve(__dirname, '..', '..'));
  }
  out.push(process.cwd());
  return out;
}

/** esbuild options shared with resources/viewer/build.mjs. */
export const VIEWER_BUILD = {
  bundle: true,
  format: 'iife',
  target: ['chrome69', 'edge79'],
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
} as const;

let cached: ViewerAssets | null = null;

async function buildFromSource(src: string): Promise<Buffer | null> {
  try {
    const esbuild = await import('esbuild');
    const r = await esbuild.build({
      ...VIEWER_BUILD,
      target: [...VIEWER_BUILD.target],
      entryPoints: [src],
      write: false,
      logLevel: 'silent',
    });
    return Buffer.from(r.outputFiles[0].contents);
  } catch {
    return null;
  }
}

export async function viewerAssets(): Promise<ViewerAssets> {
  if (cached) return cached;
  for (const root of roots()) {
    const res = path.join(root, 'resources', 'viewer');
    if (!fs.existsSync(path.join(res, 'viewer.ts'))) continue;
    const js = await buildFromSource(path.join(res, 'viewer.ts'));
    if (!js) break;
    cached = {
      'index.html': fs.readFileSync(path.join(res, 'index.html')),
      'viewer/viewer.js': js,
      'viewer/viewer.css': fs.readFileSync(path.join(res, 'viewer.css')),
    };
    return cached;
  }
  const dirs = [process.env.KEJI_VIEWER_DIR, ...roots().map((r) => path.join(r, 'dist', 'viewer'))].filter(
    (d): d is string => !!d,
  );
  for (const d of dirs) {
    if (!fs.existsSync(path.join(d, 'viewer.js'))) continue;
    cached = {
      'index.html': fs.readFileSync(path.join(d, 'index.html')),
      'viewer/viewer.js': fs.readFileSync(path.join(d, 'viewer.js')),
      'viewer/viewer.css': fs.readFileSync(path.join(d, 'viewer.css')),
    };
    return cached;
  }
  throw new KejiError('INTERNAL', translate('core.package.noViewer'));
}
