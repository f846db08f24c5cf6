// Enforces ARCHITECTURE.md's import table by scanning the sources: the core must run without
// Electron (so the command line, the web host and every test can run it), and the page must
// never reach into Node, the database or the main process.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers';

// ---- the rule table ------------------------------------------------------------------------
// Each import is classified as one of these targets:
//   node        node:* or a Node built-in ('fs', 'path', …)
//   electron    the 'electron' package
//   pkg:<name>  any other package (e.g. 'pkg:zod', 'pkg:better-sqlite3')
//   <folder>    a source folder of this repo (the longest matching FOLDERS entry), 'resources', or 'other'
type Target = string;
interface Rule {
  folder: string;
  /** What this folder may import; anything else is a violation. Checked after `deny`. */
  allow: (t: Target, typeOnly: boolean) => boolean;
  /** Explicitly forbidden, with the reason shown in the report. */
  deny: { match: (t: Target, typeOnly: boolean) => boolean; why: string }[];
  /** Files in the folder that are build tooling, not part of the layer. */
  exempt?: RegExp;
}

const FOLDERS = [
  'shared',
  'electron/core',
  'electron/main',
  'electron/preload',
  'electron/web',
  'electron/cli',
  'renderer',
  'resources',
];
const isPkg =
  (...names: string[]) =>
  (t: Target) =>
    names.some((n) => t === `pkg:${n}`);
const HOSTS = ['electron/main', 'electron/preload', 'electron/web', 'electron/cli'];

const RULES: Rule[] = [
  {
    folder: 'shared',
    allow: (t) => t === 'shared' || t === 'pkg:zod',
    deny: [],
  },
  {
    folder: 'electron/core',
    allow: (t) => t === 'electron/core' || t === 'shared' || t === 'node' || t === 'resources' || t.startsWith('pkg:'),
    deny: [
      { match: (t) => t === 'electron', why: 'core never imports electron' },
      { match: (t) => t === 'renderer', why: 'core never imports the renderer' },
      { match: (t) => HOSTS.includes(t), why: 'core never imports a host' },
    ],
  },
  {
    folder: 'electron/main',
    allow: (t) =>
      ['electron/main', 'electron/core', 'shared', 'electron', 'node', 'resources'].includes(t) || t.startsWith('pkg:'),
    deny: [{ match: (t) => t === 'renderer', why: 'main never imports the renderer source' }],
  },
  {
    folder: 'electron/preload',
    allow: (t, typeOnly) => t === 'electron' || t === 'electron/preload' || (t === 'shared' && typeOnly),
    deny: [
      {
        match: (t, typeOnly) => t === 'shared' && !typeOnly,
        why: 'preload may use shared for types only (import type)',
      },
    ],
  },
  {
    folder: 'electron/web',
    allow: (t) => ['electron/web', 'electron/core', 'shared', 'node', 'resources'].includes(t) || t.startsWith('pkg:'),
    deny: [
      { match: (t) => t === 'electron', why: 'the web host runs without electron' },
      {
        match: (t) => t === 'electron/main' || t === 'electron/preload',
        why: 'the web host does not import the Electron host',
      },
      { match: (t) => t === 'renderer', why: 'the web host serves the built renderer, never imports its source' },
    ],
  },
  {
    folder: 'electron/cli',
    allow: (t) =>
      ['electron/cli', 'electron/core', 'electron/web', 'shared', 'node', 'resources'].includes(t) ||
      t.startsWith('pkg:'),
    deny: [
      { match: (t) => t === 'electron', why: 'the command line runs without electron' },
      {
        match: (t) => t === 'electron/main' || t === 'electron/preload',
        why: 'the command line does not import the Electron host',
      },
      { match: (t) => t === 'renderer', why: 'the command line never imports the renderer source' },
    ],
  },
  {
    folder: 'renderer',
    exempt: /^renderer\/[^/]*\.config\.[cm]?[jt]s$/, // vite.config.ts runs in Node at build time
    allow: (t) => t === 'renderer' || t === 'shared' || (t.startsWith('pkg:') && !isPkg('better-sqlite3', 'sharp')(t)),
    deny: [
      { match: (t) => t === 'node', why: 'the renderer never imports Node built-ins' },
      { match: (t) => t === 'electron', why: 'the renderer never imports electron' },
      { match: isPkg('better-sqlite3', 'sharp'), why: 'the renderer never imports Node-only packages' },
      { match: (t) => t.startsWith('electron/'), why: 'the renderer never imports anything under electron/' },
    ],
  },
];

// ---- the scanner -----------------------------------------------------------------------------
const SOURCE_EXT = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
const NODE_BUILTINS = new Set(builtinModules);

interface ImportRef {
  spec: string;
  typeOnly: boolean;
  line: number;
}

/** Every import/export-from/dynamic import()/require() in a source text. */
function findImports(src: string): ImportRef[] {
  // Drop comments (keeping line breaks so line numbers stay right).
  const code = src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/^[ \t]*\/\/.*$/gm, '');
  const out: ImportRef[] = [];
  const lineAt = (i: number) => code.slice(0, i).split('\n').length;
  const patterns: [RegExp, (m: RegExpExecArray) => boolean][] = [
    // import x from '…'; import type { X } from '…'; export { x } from '…'; export * from '…' (at a statement start)
    [/(?:^|[;{}])[ \t]*(?:import|export)\s+(type\s+)?[^;'"`]*?\sfrom\s*['"]([^'"\n]+)['"]/gm, (m) => !!m[1]],
    // import '…' (side effects)
    [/(?:^|[;{}])[ \t]*import\s+['"]([^'"\n]+)['"]/gm, () => false],
    // import('…'), including in type positions
    [/\bimport\s*\(\s*['"`]([^'"`\n]+)['"`]\s*\)/g, () => false],
    // require('…')
    [/\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g, () => false],
  ];
  for (const [re, typeOnly] of patterns) {
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const spec = m[m.length - 1];
      out.push({ spec, typeOnly: typeOnly(m), line: lineAt(m.index + m[0].length) });
    }
  }
  return out.sort((x, y) => x.line - y.line);
}

/** What an import refers to, for a file at `file` (repo-relative, posix). */
function classify(file: string, spec: string): Target {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const abs = path.posix.normalize(spec.startsWith('/') ? spec : path.posix.join(path.posix.dirname(file), spec));
    const rel = abs.startsWith('/') ? path.posix.relative(REPO_ROOT.split(path.sep).join('/'), abs) : abs;
    const folder = [...FOLDERS].sort((x, y) => y.length - x.length).find((f) => rel === f || rel.startsWith(f + '/'));
    return folder ?? 'other';
  }
  if (spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0])) return 'node';
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return name === 'electron' ? 'electron' : `pkg:${name}`;
}

/** Violations of the rule table in one file's text. */
function check(file: string, src: string): string[] {
  const rule = [...RULES]
    .sort((x, y) => y.folder.length - x.folder.length)
    .find((r) => file.startsWith(r.folder + '/'));
  if (!rule || rule.exempt?.test(file)) return [];
  const out: string[] = [];
  for (const imp of findImports(src)) {
    const t = classify(file, imp.spec);
    const denied = rule.deny.find((d) => d.match(t, imp.typeOnly));
    if (denied) out.push(`${file}:${imp.line} imports '${imp.spec}' — ${denied.why}`);
    else if (!rule.allow(t, imp.typeOnly))
      out.push(`${file}:${imp.line} imports '${imp.spec}' (${t}) — ${rule.folder} may not import it`);
  }
  return out;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(REPO_ROOT, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (SOURCE_EXT.test(e.name) && !e.name.endsWith('.d.ts')) files.push(r);
    }
  };
  for (const r of RULES) walk(r.folder);
  return files;
}

// ---- the tests ---------------------------------------------------------------------------------
describe('import rules of ARCHITECTURE.md', () => {
  it("every source file respects its folder's import rules", () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('electron/core/db/open.ts');
    expect(files).toContain('shared/contract.ts');
    const violations = files.flatMap((f) => check(f, fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('the scanner sees the imports that the real core has (it is not blind)', () => {
    const open = findImports(fs.readFileSync(path.join(REPO_ROOT, 'electron/core/db/open.ts'), 'utf8')).map(
      (i) => i.spec,
    );
    expect(open).toEqual(expect.arrayContaining(['node:fs', 'better-sqlite3', '../errors', './migrations/index']));
    expect(classify('electron/core/db/open.ts', '../errors')).toBe('electron/core');
    expect(classify('electron/core/activities/queries.ts', '../../../shared/domain/calendar')).toBe('shared');
    expect(classify('electron/core/demo/generate.ts', '../../../resources/demo/recipe.json')).toBe('resources');
  });
});

describe('the checker reports the offending file and import', () => {
  const cases: [string, string, RegExp][] = [
    ['shared/domain/x.ts', "import fs from 'node:fs';", /shared\/domain\/x\.ts:1 imports 'node:fs'/],
    ['shared/x.ts', "import { api } from '../electron/core/handlers';", /imports '\.\.\/electron\/core\/handlers'/],
    ['shared/x.ts', "import React from 'react';", /imports 'react'/],
    ['electron/core/x.ts', "import { app } from 'electron';", /core never imports electron/],
    ['electron/core/x.ts', "const { BrowserWindow } = require('electron');", /core never imports electron/],
    ['electron/core/x.ts', "export * from '../../renderer/api/client';", /core never imports the renderer/],
    ['renderer/features/a.tsx', "import path from 'path';", /renderer never imports Node built-ins/],
    [
      'renderer/features/a.tsx',
      "import { readFile } from 'node:fs/promises';",
      /renderer never imports Node built-ins/,
    ],
    ['renderer/a.ts', "const db = await import('better-sqlite3');", /Node-only packages/],
    ['renderer/a.ts', "import sharp from 'sharp';", /Node-only packages/],
    ['renderer/a.ts', "import { ipcRenderer } from 'electron';", /renderer never imports electron/],
    [
      'renderer/api/t.ts',
      "import {\n  createHandlers,\n} from '../../electron/core/handlers';",
      /renderer\/api\/t\.ts:3 imports .* anything under electron\//,
    ],
    ['renderer/api/t.ts', "import type { Api } from '../../electron/core/handlers';", /anything under electron\//],
    ['electron/preload/index.ts', "import { contract } from '../../shared/contract';", /types only/],
    ['electron/preload/index.ts', "import fs from 'node:fs';", /electron\/preload may not import it/],
    [
      'electron/preload/index.ts',
      "import { openArchive } from '../core/db/open';",
      /electron\/preload may not import it/,
    ],
    ['electron/web/server.ts', "import { app } from 'electron';", /web host runs without electron/],
    ['electron/cli/main.ts', "const { app } = await import('electron');", /command line runs without electron/],
  ];
  it.each(cases)('%s: %s', (file, src, expected) => {
    const v = check(file, src);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(expected);
  });

  it('allows what the table allows', () => {
    expect(check('shared/contract.ts', "import { z } from 'zod';\nimport { Id } from './schemas';")).toEqual([]);
    expect(
      check(
        'electron/preload/index.ts',
        "import { contextBridge, ipcRenderer } from 'electron';\nimport type { CallName } from '../../shared/contract';",
      ),
    ).toEqual([]);
    expect(
      check(
        'electron/core/x.ts',
        "import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nimport sharp from 'sharp';\nimport { z } from 'zod';",
      ),
    ).toEqual([]);
    expect(
      check('renderer/a.tsx', "import { create } from 'zustand';\nimport { contract } from '../shared/contract';"),
    ).toEqual([]);
    expect(check('electron/cli/main.ts', "const { startWebHost } = await import('../web/server');")).toEqual([]);
    expect(check('renderer/vite.config.ts', "import path from 'node:path';")).toEqual([]);
    // words in strings are not imports
    expect(
      check(
        'shared/i18n/tables/x.ts',
        "export const t = {\n  'a.start': ['开始导入', 'Start import'],\n  'b': ['x', 'y from z'],\n};",
      ),
    ).toEqual([]);
    // imports mentioned in comments are not imports
    expect(
      check('renderer/a.ts', "// import fs from 'node:fs'\n/* import { app } from 'electron' */\nexport const x = 1;"),
    ).toEqual([]);
  });
});

// ---- no import cycles in electron/, shared/, renderer/ --------------------------------------------------------------
// A cycle makes load order matter and hides a layer (sheets/export.ts once imported ../handlers, which
// imports it). Edges are value imports, export-from, dynamic import(), require() and `import type`:
// a type-only cycle cannot break loading, but it still ties two layers together (each frozen
// migration once named index.ts for its type; rows.ts named open.ts, which imports it).
/** The repo file a relative import names, if it is one of `files`. */
function resolveImport(from: string, spec: string, files: ReadonlySet<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const stem = base.replace(/\.[cm]?js$/, '');
  return (
    [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.mjs`, `${stem}.js`, `${base}/index.ts`].find((f) =>
      files.has(f),
    ) ?? null
  );
}

/** Every cycle (strongly connected group of more than one file, or a file importing itself), each as a path. */
export function importCycles(sources: Record<string, string>): string[][] {
  const files = new Set(Object.keys(sources));
  const edges = new Map<string, string[]>();
  for (const [f, src] of Object.entries(sources)) {
    edges.set(f, [
      ...new Set(
        findImports(src)
          .map((i) => resolveImport(f, i.spec, files))
          .filter((x): x is string => !!x),
      ),
    ]);
  }
  // Tarjan's strongly connected components.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || edges.get(v)!.includes(v)) cycles.push(group.sort());
    }
  };
  for (const v of [...files].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('no import cycles', () => {
  it('electron/, shared/ and renderer/ have no import cycle', () => {
    const sources: Record<string, string> = {};
    const walk = (rel: string) => {
      for (const e of fs.readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
        const r = `${rel}/${e.name}`;
        if (e.isDirectory()) walk(r);
        else if (SOURCE_EXT.test(e.name) && !e.name.endsWith('.d.ts'))
          sources[r] = fs.readFileSync(path.join(REPO_ROOT, r), 'utf8');
      }
    };
    for (const root of ['electron', 'shared', 'renderer']) walk(root);
    expect(Object.keys(sources)).toEqual(
      expect.arrayContaining(['electron/core/handlers.ts', 'shared/contract.ts', 'renderer/App.tsx']),
    );
    expect(importCycles(sources)).toEqual([]);
  });

  it('no feature of the core imports handlers.ts (they get HandlerContext from context.ts)', () => {
    // remote.ts runs the dispatcher for a host (in a worker or utilityProcess): it is the core's edge, not a feature.
    const EDGE = ['electron/core/handlers.ts', 'electron/core/remote.ts'];
    const offenders = sourceFiles()
      .filter((f) => f.startsWith('electron/core/') && !EDGE.includes(f))
      .filter((f) =>
        findImports(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')).some(
          (i) => resolveImport(f, i.spec, new Set(['electron/core/handlers.ts'])) === 'electron/core/handlers.ts',
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('finds a cycle through a dynamic import and through a type-only import', () => {
    expect(
      importCycles({
        'electron/core/handlers.ts': "import { exportList } from './sheets/export';",
        'electron/core/sheets/export.ts': "const { createHandlers } = await import('../handlers');",
        'electron/core/a.ts': "import { b } from './b';",
        'electron/core/b.ts': "import type { A } from './a';",
        'electron/core/c.ts': "import { d } from './d';",
        'electron/core/d.ts': "import { type C, other } from './e';",
      }),
    ).toEqual([
      ['electron/core/a.ts', 'electron/core/b.ts'],
      ['electron/core/handlers.ts', 'electron/core/sheets/export.ts'],
    ]);
    expect(
      importCycles({
        'electron/core/x/index.ts': "export * from '../y.js';",
        'electron/core/y.ts': "import { x } from './x';",
      }),
    ).toEqual([['electron/core/x/index.ts', 'electron/core/y.ts']]);
    expect(importCycles({ 'electron/core/self.ts': "import { me } from './self';" })).toEqual([
      ['electron/core/self.ts'],
    ]);
    // a page and a panel that import each other (PackagePage ↔ ExportPanel once did)
    expect(
      importCycles({
        'renderer/features/p/Page.tsx': "import { Panel } from './Panel';\nexport function fmt() {}",
        'renderer/features/p/Panel.tsx': "import { fmt } from './Page';",
      }),
    ).toEqual([['renderer/features/p/Page.tsx', 'renderer/features/p/Panel.tsx']]);
  });
});

// ---- the renderer's one data path -------------------------------------------------------------------------------------
// Components read stores and call store actions; only renderer/stores/ calls the core (and refreshes
// on archive.changed through stores/live.ts). A component holding the client is how a list came to
// be fetched from nine places, each with its own way of failing.
/** Where `src` (a component file) reaches the core itself: the client, or a call by name. */
export function coreReaches(src: string): string[] {
  const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const re of [/\bclient\s*\(\s*\)/g, /\bs\.client\b/g, /\.call\(\s*['"`][a-z]+\.[A-Za-z]+['"`]/g])
    for (const m of code.matchAll(re)) found.push(m[0]);
  return found;
}

describe("the renderer's one data path", () => {
  it('no component calls the core: renderer/features and renderer/components go through stores', () => {
    const offenders = sourceFiles()
      .filter((f) => f.startsWith('renderer/features/') || f.startsWith('renderer/components/'))
      .flatMap((f) => coreReaches(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')).map((m) => `${f}: ${m}`));
    expect(offenders).toEqual([]);
  });

  it('sees the ways a component reaches the core, and not the words in comments', () => {
    expect(coreReaches("const client = useApp((s) => s.client);\nvoid client?.call('works.list', {});")).toEqual([
      's.client',
      ".call('works.list'",
    ]);
    expect(coreReaches("await client().call('media.get', { id });")).toEqual(['client()', ".call('media.get'"]);
    expect(coreReaches("// client().call('x.y')\nconst { load } = useWorks();\nfn.call(this, 1);")).toEqual([]);
  });
});

// ---- one folder per entity in the core -----------------------------------------------------------------------------
// Each entity keeps its queries (what other features import) and its handlers (only createHandlers
// spreads them) in electron/core/<entity>/; a flat electron/core/<entity>.ts beside it would be a
// second home for the same code.
const ENTITIES = ['people', 'groups', 'activities', 'competitions', 'works', 'awards'];

describe('one folder per entity in electron/core', () => {
  it('each entity has queries.ts and handlers.ts in its folder, and no flat file', () => {
    const files = sourceFiles();
    for (const e of ENTITIES) {
      expect(files).toContain(`electron/core/${e}/queries.ts`);
      expect(files).toContain(`electron/core/${e}/handlers.ts`);
      expect(files).not.toContain(`electron/core/${e}.ts`);
    }
    expect(files).toContain('electron/core/tags/queries.ts');
    expect(files).not.toContain('electron/core/tags.ts');
  });

  it("only createHandlers imports an entity's handlers.ts", () => {
    const all = new Set(sourceFiles());
    const entityHandlers = new Set(ENTITIES.map((e) => `electron/core/${e}/handlers.ts`));
    const offenders = [...all]
      .filter((f) => f !== 'electron/core/handlers.ts')
      .flatMap((f) =>
        findImports(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8'))
          .map((i) => resolveImport(f, i.spec, all))
          .filter((t): t is string => !!t && entityHandlers.has(t))
          .map((t) => `${f} → ${t}`),
      );
    expect(offenders).toEqual([]);
    // not blind: createHandlers itself is seen importing every one of them
    const own = findImports(fs.readFileSync(path.join(REPO_ROOT, 'electron/core/handlers.ts'), 'utf8')).map((i) =>
      resolveImport('electron/core/handlers.ts', i.spec, all),
    );
    expect(own).toEqual(expect.arrayContaining([...entityHandlers]));
  });
});
