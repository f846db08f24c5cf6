// Bundles the app's Node code into dist/main/ with esbuild, so nothing is compiled at run time:
//   main.cjs              Electron's main process (CommonJS, which Electron loads directly)
//   core-utility.cjs      the archive core in its own utilityProcess, forked by main.cjs
//                         (electron/main/core-process.ts); it starts the workers below
//   preload.cjs           (in dist/preload/) the sandboxed preload
//   *-worker.mjs          the worker threads: media import, sheet parsing, export hashing
// and dist/cli/keji/ (keji.mjs + chunks): the `keji` command line and the web host
// (electron/cli/keji.mjs runs it).
// Only what cannot be bundled stays a package in node_modules and so ships in the app:
// better-sqlite3 and sharp (native addons), libheif-js (LGPL-3.0 wasm, kept replaceable as
// its own module) and tinypool (the worker pool, core/workers/pool.ts: it starts its threads from
// its own entry file, tinypool/dist/entry/worker.js, found beside its module). esbuild and playwright-core are checkout-only tools, loaded behind a guard.
//
// Usage: node electron/build.mjs          everything (npm run build:main)
//        node electron/build.mjs --cli    only dist/cli/keji and the workers (keji.mjs does this by
//                                         itself when they are missing or older than a source)
//        node electron/build.mjs --app    only what the desktop app packs (the packaging test)
// Every file is written to a temporary name and renamed into place: a keji started while this
// runs reads the old file or the new one, never half of one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliOnly = process.argv.includes('--cli');
const appOnly = process.argv.includes('--app');

/** Packages left to node_modules: the app's `dependencies` (native or LGPL) and checkout-only tools. */
const RUNTIME_PACKAGES = ['better-sqlite3', 'sharp', 'libheif-js', 'tinypool'];
const CHECKOUT_ONLY = ['esbuild', 'playwright-core'];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['electron', ...RUNTIME_PACKAGES, ...CHECKOUT_ONLY],
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
  write: false,
};
// Bundled CommonJS libraries (exifr, exceljs, SheetJS) load node builtins with require(): give
// the ES module workers one.
const ESM_REQUIRE = {
  js: "import { createRequire as __kejiRequire } from 'node:module'; const require = __kejiRequire(import.meta.url);",
};

function writeAtomic(file, bytes) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

async function emit(options) {
  const r = await build({ ...common, ...options });
  // Chunks before the entry that imports them.
  const entries = new Set(
    Object.entries(r.metafile.outputs)
      .filter(([, o]) => o.entryPoint)
      .map(([f]) => path.join(root, f)),
  );
  for (const f of r.outputFiles.sort((a, b) => entries.has(a.path) - entries.has(b.path)))
    writeAtomic(f.path, f.contents);
  return r;
}

const startedAt = Date.now();
const results = [];

// The worker threads, files of their own beside the bundles: each is the task of a pool
// (electron/core/workers/pool.ts, which looks for them there; the packaged app unpacks them, and
// tinypool with them, since a worker cannot start from inside app.asar). Node 20 syntax: the CLI runs on the
// machine's Node (>= 20.6), the app on Electron 45's Node 22.
const workers = Promise.all([
  emit({
    format: 'esm',
    entryPoints: ['electron/core/media/import-worker.ts'],
    outfile: 'dist/main/import-worker.mjs',
    target: 'node20',
    banner: ESM_REQUIRE,
  }),
  emit({
    format: 'esm',
    entryPoints: ['electron/core/sheets/parse-worker.ts'],
    outfile: 'dist/main/sheets-worker.mjs',
    target: 'node20',
    banner: ESM_REQUIRE,
  }),
  emit({
    format: 'esm',
    entryPoints: ['electron/core/package/hash-worker.mjs'],
    outfile: 'dist/main/hash-worker.mjs',
    target: 'node20',
  }),
]);

// The command line and the web host, in dist/cli/keji/ (never packed into the app): ES modules
// split by command, so `keji stats` loads the statistics and not the Word, Excel and sheet
// readers (main.ts imports each command's code when it runs). The core finds its workers beside
// the module that starts them (import.meta.url), so they are copied in here too — the sheets
// worker under its source name, parse-worker.mjs — and the offline viewer's sources three
// levels up (the checkout root). No source maps: a plain stack is enough for a command.
const CLI_DIR = 'dist/cli/keji';
if (appOnly) await workers;
else {
  const cliBuild = emit({
    format: 'esm',
    splitting: true,
    entryPoints: { keji: 'electron/cli/main.ts' },
    outdir: CLI_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    target: 'node20',
    sourcemap: false,
    banner: ESM_REQUIRE,
  });
  // The web host's core runs in a worker thread (electron/core/remote.ts looks for core-worker.mjs
  // beside itself; without it the host runs the core inline). The desktop app runs its core in a
  // utilityProcess instead (core-utility.cjs below), so this one is built for the command line only.
  const coreWorker = emit({
    format: 'esm',
    entryPoints: ['electron/core/core-worker.ts'],
    outfile: `${CLI_DIR}/core-worker.mjs`,
    target: 'node20',
    banner: ESM_REQUIRE,
  });
  const [cli, core] = await Promise.all([cliBuild, coreWorker, workers.then((r) => results.push(...r))]);
  results.push(cli, core);
  for (const [from, to] of [
    ['import-worker.mjs', 'import-worker.mjs'],
    ['hash-worker.mjs', 'hash-worker.mjs'],
    ['sheets-worker.mjs', 'parse-worker.mjs'],
  ]) {
    writeAtomic(path.join(root, CLI_DIR, to), fs.readFileSync(path.join(root, 'dist/main', from)));
  }
  // Chunks of earlier builds: removed once no keji started before this build can still load them.
  const current = new Set(cli.outputFiles.map((f) => path.basename(f.path)));
  for (const f of fs.readdirSync(path.join(root, CLI_DIR))) {
    const full = path.join(root, CLI_DIR, f);
    if (f.startsWith('chunk-') && !current.has(f) && Date.now() - fs.statSync(full).mtimeMs > 10 * 60_000)
      fs.rmSync(full, { force: true });
  }

  // What keji.mjs compares to decide the bundle is current: every source file that went into it
  // or its workers (size and time), the lock file (package versions) and this script.
  const inputs = new Set(['package-lock.json', 'electron/build.mjs']);
  for (const r of results)
    for (const f of Object.keys(r.metafile.inputs)) if (!f.includes('node_modules/')) inputs.add(f);
  const stamp = { builtAt: startedAt, inputs: {} };
  for (const f of [...inputs].sort()) {
    const st = fs.statSync(path.join(root, f));
    stamp.inputs[f] = [st.mtimeMs, st.size];
  }
  writeAtomic(path.join(root, CLI_DIR, 'stamp.json'), JSON.stringify(stamp));
}

if (!cliOnly) {
  await emit({
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/main/main.cjs',
    target: 'node22' /* Electron 45 ships Node 22 */,
  });
  // The core process: CommonJS like main.cjs, beside the workers it starts (the packed app unpacks
  // it with them, and the packages it requires, since a process cannot start from inside app.asar).
  const coreUtility = await emit({
    entryPoints: ['electron/core/core-utility.ts'],
    outfile: 'dist/main/core-utility.cjs',
    target: 'node22',
  });
  const coreImports = Object.values(coreUtility.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  if (coreImports.includes('electron')) {
    console.error('core-utility must not import electron (it runs as plain Node in a utilityProcess)');
    process.exit(1);
  }
  const preload = await emit({
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
  console.log(
    'built dist/main (main.cjs, core-utility.cjs and the workers), dist/preload/preload.cjs and dist/cli/keji',
  );
}
