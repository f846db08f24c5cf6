// The core's one worker pool (electron/core/workers/pool.ts), which photo import, sheet reading
// and export hashing run on, seen as the teacher would: never more threads than the PC can
// spare, a stuck file stopped at its limit (and the next file still read), a cancelled job
// stopping at once, a reader that dies answered with an error instead of a spinner forever, and
// a finished command that exits instead of hanging on idle threads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobCancelled } from '../../electron/core/jobs';
import { WorkerCrashed, WorkerPool, WorkerTimedOut, defaultConcurrency } from '../../electron/core/workers/pool';
import { REPO_ROOT, tempDir } from './helpers';

// A stand-in worker (plain JavaScript, run through the same pool as the real ones): it sleeps,
// hangs, crashes or fills its heap when told to, and says which thread answered.
const WORKER = `
import { threadId } from 'node:worker_threads';
export default async function task(t) {
  if (t.kind === 'sleep') {
    const start = Date.now();
    await new Promise((r) => setTimeout(r, t.ms));
    return { threadId, start, end: Date.now() };
  }
  if (t.kind === 'hang') for (;;);
  if (t.kind === 'crash') setTimeout(() => { throw new Error('reader broke'); });
  if (t.kind === 'crash') return new Promise(() => {});
  if (t.kind === 'fill') { const keep = []; for (;;) keep.push(new Array(100000).fill({ t })); }
  return { threadId };
}
`;

let dir = '';
const saved = process.env.KEJI_HASH_WORKER;
const pools: WorkerPool[] = [];
/** A pool running the stand-in worker (under the hash worker's name, whose path a variable can set). */
function pool(opts: ConstructorParameters<typeof WorkerPool>[1] = {}, file = path.join(dir, 'worker.mjs')) {
  process.env.KEJI_HASH_WORKER = file;
  const p = new WorkerPool('hash', opts);
  pools.push(p);
  return p;
}
type Answer = { threadId: number; start?: number; end?: number };

/** Runs `script` (TypeScript, importing the pool) as a command of its own; what it printed and how it exited. */
function runCommand(name: string, script: string, timeout: number) {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `import { WorkerPool } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/core/workers/pool.ts'))};\n${script}`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: REPO_ROOT, encoding: 'utf8', timeout });
  return { output: r.stdout + r.stderr, status: r.status };
}

beforeAll(() => {
  dir = tempDir('keji-pool-');
  fs.writeFileSync(path.join(dir, 'worker.mjs'), WORKER);
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
afterAll(() => {
  if (saved === undefined) delete process.env.KEJI_HASH_WORKER;
  else process.env.KEJI_HASH_WORKER = saved;
});

describe('the worker pool', () => {
  it('runs no more tasks at once than its threads, queues the rest, and answers every one', async () => {
    const p = pool({ threads: 2 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => p.run<Answer>({ kind: 'sleep', ms: 200 })));
    expect(answers).toHaveLength(6);
    const events = answers.flatMap((a) => [
      [a.start!, 1],
      [a.end!, -1],
    ]);
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let now = 0;
    let most = 0;
    for (const [, d] of events) most = Math.max(most, (now += d));
    expect(most).toBe(2);
    expect(new Set(answers.map((a) => a.threadId)).size).toBe(2);
    expect(p.threads).toBeLessThanOrEqual(2);
  });

  it('on a 2-core PC uses 2 threads, and never more than 4', () => {
    expect(defaultConcurrency()).toBeGreaterThanOrEqual(1);
    expect(defaultConcurrency()).toBeLessThanOrEqual(4);
  });

  it('stops a stuck task at its time limit, and the next task is answered by a fresh thread', async () => {
    const p = pool({ threads: 1, warm: true });
    const first = await p.run<Answer>({ kind: 'id' });
    const t0 = Date.now();
    await expect(p.run({ kind: 'hang' }, { timeoutMs: 300 })).rejects.toBeInstanceOf(WorkerTimedOut);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const next = await p.run<Answer>({ kind: 'id' });
    expect(next.threadId).not.toBe(first.threadId);
  });

  it('a cancelled job stops its running task at once, drops its queued one, and frees the thread', async () => {
    const p = pool({ threads: 1 });
    const ctl = new AbortController();
    const running = p.run({ kind: 'hang' }, { signal: ctl.signal });
    const queued = p.run({ kind: 'sleep', ms: 10 }, { signal: ctl.signal });
    await new Promise((r) => setTimeout(r, 300));
    ctl.abort();
    await expect(running).rejects.toBeInstanceOf(JobCancelled);
    await expect(queued).rejects.toBeInstanceOf(JobCancelled);
    await expect(p.run<Answer>({ kind: 'id' })).resolves.toMatchObject({ threadId: expect.any(Number) });
  });

  it('a thread that dies answers its task with an error (out of memory named), and the next task runs', async () => {
    const p = pool({ threads: 1, heapMb: 32 });
    await expect(p.run({ kind: 'crash' })).rejects.toThrow(/reader broke/);
    const oom = await p.run({ kind: 'fill' }).catch((e: unknown) => e);
    expect(oom).toBeInstanceOf(WorkerCrashed);
    expect((oom as WorkerCrashed).code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    await expect(p.run<Answer>({ kind: 'id' })).resolves.toMatchObject({ threadId: expect.any(Number) });
  });

  it('a worker file that cannot start fails every waiting task instead of leaving them waiting', async () => {
    const p = pool({ threads: 2 }, path.join(dir, 'missing.mjs'));
    const all = await Promise.allSettled([p.run({ kind: 'id' }), p.run({ kind: 'id' }), p.run({ kind: 'id' })]);
    for (const r of all) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WorkerCrashed);
    }
  });

  it('idle threads never keep a finished command running', () => {
    const t0 = Date.now();
    const r = runCommand(
      'command.mts',
      `
      process.env.KEJI_HASH_WORKER = ${JSON.stringify(path.join(dir, 'worker.mjs'))};
      const p = new WorkerPool('hash', { threads: 2, warm: true, idleMs: 60_000 });
      const a = await Promise.all([p.run({ kind: 'sleep', ms: 50 }), p.run({ kind: 'sleep', ms: 50 })]);
      console.log('answered', a.length);
    `,
      30_000,
    );
    expect(r.output).toContain('answered 2');
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
  it('in the installed app, a bundle inside app.asar starts its threads from the unpacked copies', async () => {
    // The installed layout: resources/app.asar holds main.cjs; tinypool and the workers are unpacked
    // to app.asar.unpacked. Plain Node sees app.asar as a folder, so tinypool is placed only in the
    // unpacked tree: the bundle answers only if it took tinypool (whose thread entry is named from its
    // module's URL) and the worker from there, never starting a thread from inside app.asar.
    const { build } = await import('esbuild');
    const root = path.join(dir, 'resources');
    const packed = path.join(root, 'app.asar', 'dist', 'main');
    const unpacked = path.join(root, 'app.asar.unpacked');
    fs.mkdirSync(packed, { recursive: true });
    fs.mkdirSync(path.join(unpacked, 'dist', 'main'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'node_modules/tinypool'), path.join(unpacked, 'node_modules/tinypool'), {
      recursive: true,
    });
    fs.writeFileSync(path.join(unpacked, 'dist/main/hash-worker.mjs'), WORKER);
    const entry = path.join(dir, 'packed-entry.ts');
    fs.writeFileSync(
      entry,
      `import { WorkerPool } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/core/workers/pool.ts'))};
      const p = new WorkerPool('hash', { threads: 1 });
      p.run({ kind: 'sleep', ms: 1 }).then((a) => { console.log('answered by thread', a.threadId); return p.close(); });`,
    );
    await build({
      entryPoints: [entry],
      outfile: path.join(packed, 'main.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['tinypool'],
      logLevel: 'silent',
    });
    const env = { ...process.env };
    delete env.KEJI_HASH_WORKER; // the installed app finds its worker itself
    const r = spawnSync(process.execPath, [path.join(packed, 'main.cjs')], { encoding: 'utf8', timeout: 30_000, env });
    expect(r.stdout + r.stderr).toMatch(/answered by thread [1-9]/);
    expect(r.status).toBe(0);
  });
  it('a pool whose threads cannot start is closed without an uncaught error, however the failures interleave', () => {
    // tinypool's destroy() once threw from inside a thread's 'error' event (its wrapper had no
    // removeListener) when a second thread failed while the first failure was closing the pool.
    const r = runCommand(
      'never-starts.mts',
      `
      process.env.KEJI_HASH_WORKER = ${JSON.stringify(path.join(dir, 'never-there.mjs'))};
      let uncaught = 0;
      process.on('uncaughtException', (e) => { uncaught++; console.log('uncaught:', e.message); });
      let failed = 0;
      for (let i = 0; i < 20; i++) {
        const p = new WorkerPool('hash', { threads: 2 });
        const r = await Promise.allSettled([p.run({}), p.run({}), p.run({}), p.run({})]);
        failed += r.filter((x) => x.status === 'rejected').length;
        await new Promise((ok) => setTimeout(ok, 20));
        await p.close();
      }
      console.log('failed', failed, 'uncaught', uncaught);
    `,
      60_000,
    );
    expect(r.output).toContain('failed 80 uncaught 0');
    expect(r.status).toBe(0);
  });
});
