// Offline, provably: the built renderer holds no http(s):// URL that could be fetched at run time.
// Every http(s) literal in the bundle's JS, CSS and HTML must be on the list below, each with the
// reason it is never requested. Scans dist/renderer (built by `npm test`), else builds a copy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from './helpers';

const ALLOWED: Record<string, string> = {
  'http://www.w3.org/2000/svg': 'SVG namespace (React createElementNS), an identifier, never fetched',
  'http://www.w3.org/1999/xlink': 'XLink namespace for SVG attributes (React), never fetched',
  'http://www.w3.org/XML/1998/namespace': 'XML namespace for xml:* attributes (React), never fetched',
  'http://www.w3.org/1998/Math/MathML': 'MathML namespace (React), never fetched',
  'http://www.w3.org/1999/xhtml': 'XHTML namespace (React), never fetched',
  'https://react.dev/errors/': "React's minified-error decoder link, only text inside an error message",
  'https://json-schema.org/draft/2020-12/schema': "zod's toJSONSchema `$schema` identifier string, never fetched",
  'http://json-schema.org/draft-07/schema#': "zod's toJSONSchema `$schema` identifier string, never fetched",
  'http://json-schema.org/draft-04/schema#': "zod's toJSONSchema `$schema` identifier string, never fetched",
  'http://[${e}]':
    'zod\'s IPv6 check builds `new URL("http://[" + value + "]")` to parse an address; a URL object, no request',
};

function rendererDir(): string {
  const built = process.env.KEJI_RENDERER_DIR ?? path.join(REPO_ROOT, 'dist/renderer');
  if (fs.existsSync(path.join(built, 'index.html'))) return built;
  const out = tempDir('keji-bundle-');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, KEJI_RENDERER_DIR: out },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(js|mjs|css|html)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));

/** http(s) literals up to the first quote, backtick, space or bracket that ends them in code. */
const URL_RE = /https?:\/\/(?:\[[^\]\s"'`]*\]|[^\s"'`)<>\\,;])[^\s"'`)<>\\,;]*/g;

describe('renderer bundle', () => {
  it('contains no http(s):// URL except the listed, never-fetched identifiers', () => {
    const dir = rendererDir();
    const list = files(dir);
    expect(list.some((f) => f.endsWith('.js'))).toBe(true);
    const found: string[] = [];
    for (const f of list) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(URL_RE)) {
        if (!(m[0] in ALLOWED))
          found.push(
            `${path.relative(dir, f)}: ${m[0]}  …${text.slice(Math.max(0, m.index! - 60), m.index! + m[0].length + 20)}…`,
          );
      }
    }
    expect(found).toEqual([]);
  });

  it('the scan would catch a fetched URL (the pattern finds one in a sample)', () => {
    const sample = 'fetch("https://cdn.example.com/font.woff2");url(http://fonts.googleapis.com/css?family=Noto)';
    const hits = [...sample.matchAll(URL_RE)].map((m) => m[0]).filter((u) => !(u in ALLOWED));
    expect(hits).toEqual(['https://cdn.example.com/font.woff2', 'http://fonts.googleapis.com/css?family=Noto']);
  });
});
