// `npm run bench:start`: how fast the `keji` command starts from its bundle (dist/cli/keji), on
// the demo archive: time to the first byte of output and to exit for `keji --help` and
// `keji stats`, and the web host's start to its address line and to the 活动 list's first
// answer. References in the same run: `node -e ''` (Node's own start, the floor) and the core
// run through tsx as keji started before the bundle (TypeScript compiled at each start).
// Goal: under 0.3 s to first output. Prints figures; never fails. CPU seconds (user + sys, from
// /usr/bin/time) are printed too: on a busy 2-core box they say more than the wall clock.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEJI = path.join(ROOT, 'electron/cli/keji.mjs');
const RUNS = Number(process.env.KEJI_BENCH_RUNS ?? 7);
const GOAL = 0.3;
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** One run: seconds to the first stdout byte, to exit, and CPU seconds when /usr/bin/time is there. */
function once(args) {
  return new Promise((resolve, reject) => {
    const tfile = path.join(os.tmpdir(), `keji-start-time-${process.pid}`);
    const [cmd, argv] = TIME
      ? [TIME, ['-f', '%U %S', '-o', tfile, process.execPath, ...args]]
      : [process.execPath, args];
    const t0 = process.hrtime.bigint();
    let first = null;
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', () => {
      first ??= process.hrtime.bigint();
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const end = process.hrtime.bigint();
      if (code !== 0 && args[0] !== '-e') return reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      let cpu = null;
      if (TIME) {
        const [u, s] = fs.readFileSync(tfile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpu = u + s;
      }
      const s = (t) => Number(t - t0) / 1e9;
      resolve({ first: first ? s(first) : s(end), exit: s(end), cpu });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(label, args, runs = RUNS) {
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await once(args));
  const r = {
    label,
    first: median(rs.map((x) => x.first)),
    best: Math.min(...rs.map((x) => x.first)),
    exit: median(rs.map((x) => x.exit)),
    cpu: TIME ? median(rs.map((x) => x.cpu)) : null,
  };
  console.log(
    `${label.padEnd(34)} first output ${r.first.toFixed(3)} s (best ${r.best.toFixed(3)})  exit ${r.exit.toFixed(3)} s${r.cpu !== null ? `  cpu ${r.cpu.toFixed(2)} s` : ''}`,
  );
  return r;
}

/** `keji web <dir>`: seconds to its address line, then to the answer of the 活动 list. */
async function webHost(dir) {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [KEJI, 'web', dir, '--port', '0', '--log-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'keji-start-log-'))],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?t=\w+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', (code) => reject(new Error(`keji web exited (${code})`)));
    });
    const start = (performance.now() - t0) / 1000;
    const u = new URL(url);
    const res = await fetch(`${u.origin}/rpc/activities.page`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-keji-token': u.searchParams.get('t') },
      body: '{}',
    });
    await res.text();
    return { start, rows: (performance.now() - t0) / 1000 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
  }
}

// Untimed: the bundle is current (keji.mjs rebuilds it if not) and a demo archive exists.
const warm = spawnSync(process.execPath, [KEJI, '--help'], { cwd: ROOT, encoding: 'utf8' });
if (warm.status !== 0) throw new Error(warm.stderr);
const demo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-start-')), 'demo');
const made = spawnSync(process.execPath, [KEJI, 'demo', demo], { cwd: ROOT, encoding: 'utf8' });
if (made.status !== 0) throw new Error(made.stderr);

console.log(
  `keji start, ${RUNS} runs each (median; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
);
const node = await measure("node -e '' (reference)", ['-e', '']);
const help = await measure('keji --help', [KEJI, '--help']);
const stats = await measure('keji stats <demo>', [KEJI, 'stats', demo]);
const tsxArgs = [
  '--import',
  'tsx',
  '-e',
  `import('./electron/cli/main.ts').then(async (m) => { process.exitCode = await m.main(['stats', ${JSON.stringify(demo)}]); })`,
];
const tsx = await measure('keji stats through tsx (before)', tsxArgs, Math.min(RUNS, 3));
const webs = [];
for (let i = 0; i < 3; i++) webs.push(await webHost(demo));
const web = { start: median(webs.map((w) => w.start)), rows: median(webs.map((w) => w.rows)) };
console.log(
  `${'keji web <demo>'.padEnd(34)} address printed ${web.start.toFixed(3)} s, 活动 list answered ${web.rows.toFixed(3)} s`,
);

console.log('');
for (const r of [help, stats]) {
  const over = r.first - node.first;
  console.log(
    `${r.label}: ${r.first.toFixed(3)} s to first output (goal < ${GOAL} s: ${r.first < GOAL ? 'met' : `missed by ${(r.first - GOAL).toFixed(3)} s`}); ` +
      `${over.toFixed(3)} s more than node's own start${r.cpu !== null ? `, ${(r.cpu - node.cpu).toFixed(2)} s more CPU` : ''}`,
  );
}
console.log(
  `keji stats from the bundle vs through tsx: ${(tsx.first / stats.first).toFixed(1)}× faster to first output`,
);
fs.rmSync(path.dirname(demo), { recursive: true, force: true });
