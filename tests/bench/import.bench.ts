// `npm run bench:import`: 200 generated 4000×3000 JPEGs (quality 90) through the real import
// (hash + copy + fsync + EXIF + both WebP thumbnails from one decode + a row each), against
// Debian's vipsthumbnail making one 400 px thumbnail per photo, two processes in parallel, in
// the same run. Prints figures and the ratio; never fails a test suite (it is not one).
// The import runs in a child process so its peak RSS is the import's alone: the whole process
// tree (the import, its worker and HEIC decoder threads, any process it starts) is sampled from
// /proc every 20 ms, and the child's own high-water mark (VmHWM) is taken too. Then 20 iPhone-size
// HEICs (made once from the first JPEGs by `vips heifsave`, cached) go through the same import in
// the same process: their rate is printed on its own line, the peak RSS covers both. The child
// gets the malloc settings the desktop's core process gets (electron/core/media/memory.ts);
// KEJI_BENCH_PLAIN_MALLOC=1 measures without them.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import sharp from 'sharp';
import { PHOTO_PROCESS_ENV } from '../../electron/core/media/memory';
import { requireCommands } from '../../resources/system/check.mjs';

const COUNT = Number(process.env.KEJI_BENCH_PHOTOS ?? 200);
const HEIC_COUNT = Number(process.env.KEJI_BENCH_HEIC ?? 20);
const W = 4000;
const H = 3000;
const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '../..');

async function child(archiveDir: string, listFile: string, heicFile: string): Promise<void> {
  const { openArchive } = await import('../../electron/core/db/open');
  const { importMedia } = await import('../../electron/core/media/import');
  const { beginJob } = await import('../../electron/core/jobs');
  const a = openArchive(archiveDir, { create: true });
  let peakSampled = 0;
  const timer = setInterval(() => {
    peakSampled = Math.max(peakSampled, process.memoryUsage.rss());
  }, 25);
  const run = async (file: string) => {
    const job = beginJob('00000000-0000-4000-8000-00000000be9c', () => {});
    const t0 = performance.now();
    const r = await importMedia(a, JSON.parse(fs.readFileSync(file, 'utf8')) as string[], { job });
    job.end();
    return { seconds: (performance.now() - t0) / 1000, imported: r.imported, failed: r.failed.length };
  };
  const jpeg = await run(listFile);
  const jpegPeak = Math.max(peakSampled, highWater());
  // Tells the parent, which samples the tree, that the JPEGs are done.
  process.stderr.write('@@jpeg-done\n');
  const heic = await run(heicFile);
  clearInterval(timer);
  a.close();
  process.stdout.write(JSON.stringify({ ...jpeg, jpegPeak, heic, peak: Math.max(peakSampled, highWater()) }) + '\n');
}

/** This process's peak resident memory (all its threads), bytes. */
function highWater(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

/** Resident memory of a process and every process under it now, bytes (0 once gone). */
function treeRss(pid: number): number {
  let sum = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      sum += m ? Number(m[1]) * 1024 : 0;
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        todo.push(...fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      }
    } catch {
      /* ended meanwhile */
    }
  }
  return sum;
}

/** Runs the import child, sampling its process tree; its JSON line plus the sampled peaks. */
function runChild(args: string[]): Promise<{ out: string; treeJpeg: number; tree: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', HERE, '--child', ...args], {
      // The environment the desktop starts its core process with (a plain Node process otherwise).
      env: { ...process.env, ...(process.env.KEJI_BENCH_PLAIN_MALLOC ? {} : PHOTO_PROCESS_ENV) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let tree = 0;
    let treeJpeg = 0;
    let inJpeg = true;
    const timer = setInterval(() => {
      tree = Math.max(tree, treeRss(c.pid!));
      if (inJpeg) treeJpeg = tree;
    }, 20);
    c.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
    });
    c.stderr.on('data', (b: Buffer) => {
      const s = b.toString('utf8');
      if (s.includes('@@jpeg-done')) inJpeg = false;
      err += s.replace('@@jpeg-done\n', '');
    });
    c.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ out, treeJpeg, tree });
      else reject(new Error(`import child failed (${code}): ${err.slice(-2000)}`));
    });
  });
}

/** iPhone-size HEICs (HEVC) of the first JPEGs, by the system's vips; cached beside them. */
function generateHeic(jpegs: string[], dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env };
  delete env.VIPSHOME; // sharp sets it for its own libvips; the vips CLI must use the system's
  return jpegs.slice(0, HEIC_COUNT).map((j) => {
    const out = path.join(dir, path.basename(j).replace(/\.jpg$/, '.heic'));
    if (!fs.existsSync(out)) {
      const partial = out.replace(/\.heic$/, '.partial.heic');
      execFileSync('vips', ['heifsave', j, partial, '--compression', 'hevc', '-Q', '50'], { env });
      fs.renameSync(partial, out);
    }
    return out;
  });
}

/** Photo-like content: smooth colour fields with fine grain, a little different in each photo. */
async function generate(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const have = fs.readdirSync(dir).filter((f) => f.endsWith('.jpg')).length;
  if (have >= COUNT) return;
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const small = Buffer.alloc(40 * 30 * 3);
  for (let i = 0; i < small.length; i++) small[i] = Math.floor(rand() * 256);
  const base = await sharp(small, { raw: { width: 40, height: 30, channels: 3 } })
    .resize(W, H, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  for (let i = 0; i < base.length; i += 5) base[i] = (base[i] + Math.floor(rand() * 36)) & 255;
  for (let n = have; n < COUNT; n++) {
    // A band moves across each photo, so every file (and its hash) is different.
    const img = Buffer.from(base);
    const y0 = (n * 37) % (H - 200);
    for (let y = y0; y < y0 + 200; y++) img.fill(n % 256, y * W * 3 + 600 * 3, y * W * 3 + 1400 * 3);
    const day = String((n % 28) + 1).padStart(2, '0');
    await sharp(img, { raw: { width: W, height: H, channels: 3 } })
      .withExif({
        IFD0: { Make: 'Bench', Model: 'Camera' },
        IFD2: { DateTimeOriginal: `2025:05:${day} 10:${String(n % 60).padStart(2, '0')}:00` },
      })
      .jpeg({ quality: 90 })
      .toFile(path.join(dir, `IMG_${String(n).padStart(4, '0')}.jpg`));
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4], process.argv[5]);
  requireCommands('bench:import', [{ command: 'vipsthumbnail', package: 'libvips-tools' }]);
  const photos = path.join(os.tmpdir(), `keji-bench-photos-${W}x${H}-q90`);
  const g0 = performance.now();
  await generate(photos);
  const files = fs
    .readdirSync(photos)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, COUNT)
    .map((f) => path.join(photos, f));
  const mb = files.reduce((s, f) => s + fs.statSync(f).size, 0) / 1e6;
  console.log(
    `照片 / photos: ${files.length} × ${W}×${H} JPEG q90, ${mb.toFixed(0)} MB (prepared in ${((performance.now() - g0) / 1000).toFixed(1)} s)`,
  );
  const h0 = performance.now();
  const heics = generateHeic(files, path.join(os.tmpdir(), `keji-bench-heic-${W}x${H}`));
  console.log(
    `HEIC: ${heics.length} × ${W}×${H} HEVC, ${(heics.reduce((s, f) => s + fs.statSync(f).size, 0) / 1e6).toFixed(0)} MB (prepared in ${((performance.now() - h0) / 1000).toFixed(1)} s)`,
  );
  // Same starting point for both: every file in the page cache.
  for (const f of [...files, ...heics]) fs.readFileSync(f);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-bench-'));
  try {
    // Reference: vipsthumbnail, one 400 px thumbnail each, two processes in parallel.
    const vipsOut = path.join(work, 'vips');
    fs.mkdirSync(vipsOut);
    const v0 = performance.now();
    const v = spawnSync(
      'sh',
      ['-c', `ls ${photos}/*.jpg | head -n ${COUNT} | xargs -P2 -I{} vipsthumbnail {} -s 400 -o ${vipsOut}/%s.jpg`],
      { stdio: 'inherit' },
    );
    const vipsSeconds = (performance.now() - v0) / 1000;
    if (v.status !== 0) throw new Error('vipsthumbnail failed (apt-get install libvips-tools)');
    const vipsRate = files.length / vipsSeconds;

    // Ours, through the real core in a fresh process, with the media worker as it ships (built
    // by esbuild as electron/build.mjs does; from source each worker thread would also carry tsx).
    fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    const workerDir = fs.mkdtempSync(path.join(ROOT, 'test-output', 'bench-import-'));
    const workerFile = path.join(workerDir, 'import-worker.mjs');
    await build({
      entryPoints: [path.join(ROOT, 'electron/core/media/import-worker.ts')],
      outfile: workerFile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['sharp', 'libheif-js'],
      logLevel: 'warning',
      banner: {
        js: "import { createRequire as __kejiRequire } from 'node:module'; const require = __kejiRequire(import.meta.url);",
      },
    });
    process.env.KEJI_MEDIA_WORKER = workerFile;
    const list = path.join(work, 'files.json');
    fs.writeFileSync(list, JSON.stringify(files));
    const heicList = path.join(work, 'heic.json');
    fs.writeFileSync(heicList, JSON.stringify(heics));
    const child = await runChild([path.join(work, 'archive'), list, heicList]);
    const r = JSON.parse(child.out.trim().split('\n').pop()!) as {
      seconds: number;
      imported: number;
      failed: number;
      heic: { seconds: number; imported: number; failed: number };
      jpegPeak: number;
      peak: number;
    };
    const rate = r.imported / r.seconds;
    const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
    const ratio = rate / vipsRate;
    console.log(
      `vipsthumbnail (400 px, xargs -P2):          ${vipsRate.toFixed(1)} photos/s (${vipsSeconds.toFixed(1)} s)`,
    );
    console.log(
      `keji import (hash+copy+EXIF+2 WebP+row):  ${rate.toFixed(1)} photos/s (${r.seconds.toFixed(1)} s, ${r.imported} imported, ${r.failed} failed)`,
    );
    console.log(`ratio keji / vipsthumbnail: ${ratio.toFixed(2)}× (target ≥ 0.75×)`);
    console.log(
      `keji import of HEIC (libheif wasm + display JPEG + 2 WebP): ${(r.heic.imported / r.heic.seconds).toFixed(2)} photos/s (${r.heic.seconds.toFixed(1)} s, ${r.heic.imported} imported, ${r.heic.failed} failed)`,
    );
    console.log(
      `peak RSS of the import (process tree sampled / process VmHWM), JPEGs: ${mib(child.treeJpeg)} / ${mib(r.jpegPeak)} MiB (target < 400 MB)`,
    );
    console.log(
      `peak RSS of the import (process tree sampled / process VmHWM), JPEGs then HEICs: ${mib(child.tree)} / ${mib(r.peak)} MiB (target < 400 MB)`,
    );
    console.log(
      `malloc of the import process: ${
        process.env.KEJI_BENCH_PLAIN_MALLOC
          ? 'plain (KEJI_BENCH_PLAIN_MALLOC)'
          : Object.entries(PHOTO_PROCESS_ENV)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ') + ' (as the desktop core process)'
      }`,
    );
    console.log(
      `cores: ${os.availableParallelism?.() ?? os.cpus().length}, load average before: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    if (process.env.KEJI_MEDIA_WORKER)
      fs.rmSync(path.dirname(process.env.KEJI_MEDIA_WORKER), { recursive: true, force: true });
  }
}

await main();
