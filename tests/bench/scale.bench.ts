// `npm run bench:scale`: the ten-year archive (tests/bench/scale-archive.ts: 20,000 photos,
// 10,000 activities, 3,000 students, 4,000 awards, built through the real core and cached) beside
// the demo, measured as the teacher feels them, each through the `keji` command a teacher's PC
// would run: start of `keji --help` and `keji stats`, the web host's start to its first rows, a
// USB export, the unchanged re-export (which keeps the package's database snapshot and viewer
// data) and the re-export after one activity's title changed (which makes them again; the title is
// put back afterwards, so the cached archive only gains two change-log rows), and the ten-year 工作总结 (.docx) with its peak RSS.
// The offline viewer's figures come from `npm run bench:viewer`. Prints figures and goals; never
// part of `npm test`. KEJI_SCALE=small builds a tenth of the archive (a quick try of the bench).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { getActivity, updateActivity } from '../../electron/core/activities/queries';
import { openArchive } from '../../electron/core/db/open';
import { TEN_YEARS, tenYearArchive, type ScaleSize } from './scale-archive';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEJI = path.join(ROOT, 'electron/cli/keji.mjs');
const SIZE: ScaleSize =
  process.env.KEJI_SCALE === 'small'
    ? { students: 600, teachers: 20, activities: 1000, awards: 400, photos: 2000 }
    : TEN_YEARS;

interface Run {
  seconds: number;
  maxRssMb: number;
  stdout: string;
}

/** Runs `keji …` under /usr/bin/time: wall time and the peak RSS of the process. */
function keji(args: string[]): Run {
  const tfile = path.join(os.tmpdir(), `keji-scale-time-${process.pid}`);
  const t0 = performance.now();
  const stdout = execFileSync('/usr/bin/time', ['-f', '%M', '-o', tfile, process.execPath, KEJI, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  const maxRssMb = Number(fs.readFileSync(tfile, 'utf8').trim().split('\n').at(-1)) / 1024;
  fs.rmSync(tfile, { force: true });
  return { seconds, maxRssMb, stdout };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const best = (n: number, f: () => number) => median(Array.from({ length: n }, f));

function post(url: string, token: string, body: unknown): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'X-Keji-Token': token, 'Content-Type': 'application/json', 'Content-Length': data.length },
      },
      (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => {
          n += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: n }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** `keji web <dir>` started: seconds to its "已启动" line, then to the 活动 page's first rows. */
async function webHost(dir: string): Promise<{ start: number; rows: number; bytes: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [KEJI, 'web', dir, '--port', '0', '--log-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'keji-scale-log-'))],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?t=([0-9a-f]+)/.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', (code) => reject(new Error(`keji web exited (${code})`)));
    });
    const start = (performance.now() - t0) / 1000;
    const u = new URL(url);
    const token = u.searchParams.get('t')!;
    // What the 活动 page asks for first (see renderer/stores/activities.ts).
    const r = await post(`${u.origin}/rpc/activities.page`, token, { offset: 0, limit: 200 });
    if (r.status !== 200) throw new Error(`activities.page answered ${r.status}`);
    return { start, rows: (performance.now() - t0) / 1000, bytes: r.bytes };
  } finally {
    // The whole group (keji.mjs may start the host as its own child), and wait: it holds the archive's lock.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

interface ExportJson {
  files: number;
  writtenFiles: number;
  checkedFiles: number;
  keptUnread: number;
  archiveUnchanged?: boolean;
}

/** Sets the first activity's title (the archive closed again before `keji` runs); returns the old one. */
function retitle(dir: string, title: ((old: string) => string) | string): string {
  const a = openArchive(dir);
  try {
    const id = a.db
      .prepare('SELECT id FROM activities WHERE deleted_at IS NULL ORDER BY id LIMIT 1')
      .pluck()
      .get() as string;
    const act = getActivity(a, id);
    updateActivity(a, id, {
      ...act,
      title: typeof title === 'string' ? title : title(act.title),
      tags: act.tags,
    } as Parameters<typeof updateActivity>[2]);
    return act.title;
  } finally {
    a.close();
  }
}

async function measure(label: string, dir: string, years: string) {
  const help = best(5, () => keji(['--help']).seconds);
  const stats = best(3, () => keji(['stats', dir]).seconds);
  const web = await webHost(dir);
  const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-scale-usb-'));
  try {
    const first = keji(['export', dir, usb, '--json']);
    const again = keji(['export', dir, usb, '--json']);
    const r = JSON.parse(again.stdout) as ExportJson;
    const old = retitle(dir, (t) => `${t}（改）`);
    let changed: Run;
    try {
      changed = keji(['export', dir, usb, '--json']);
    } finally {
      retitle(dir, old);
    }
    const c = JSON.parse(changed.stdout) as ExportJson;
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-scale-docx-')), 'summary.docx');
    const docx = keji(['summary', dir, '--years', years, '--format', 'docx', '--out', out]);
    return {
      label,
      help,
      stats,
      webStart: web.start,
      webRows: web.rows,
      rowsKb: web.bytes / 1024,
      exportFirst: first.seconds,
      exportAgain: again.seconds,
      files: r.files,
      againWritten: r.writtenFiles,
      againChecked: r.checkedFiles,
      againUnread: r.keptUnread,
      againKept: r.archiveUnchanged === true,
      exportChanged: changed.seconds,
      changedWritten: c.writtenFiles,
      changedKept: c.archiveUnchanged === true,
      docx: docx.seconds,
      docxRss: docx.maxRssMb,
      docxKb: fs.statSync(out).size / 1024,
    };
  } finally {
    fs.rmSync(usb, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`ten-year archive: ${JSON.stringify(SIZE)}`);
  const t0 = performance.now();
  const big = await tenYearArchive(SIZE, (s) => console.log(s));
  console.log(
    `  ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached between runs: ${path.dirname(big)})`,
  );
  const demo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-scale-demo-')), '科技档案');
  keji(['demo', demo]);
  const reference = best(5, () => {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '']);
    return (performance.now() - t) / 1000;
  });

  const rows = [await measure('demo', demo, '2023-2026'), await measure('ten years', big, '2016-2026')];
  const s = (x: number) => `${x.toFixed(2)} s`;
  const table: [string, (r: (typeof rows)[number]) => string, string][] = [
    ['keji --help', (r) => s(r.help), `< 0.3 s (node -e '' ${s(reference)})`],
    ['keji stats', (r) => s(r.stats), '< 0.3 s'],
    ['web host: start', (r) => s(r.webStart), ''],
    ['web host: first 活动 rows', (r) => `${s(r.webRows)} (${r.rowsKb.toFixed(0)} KB)`, '< 1 s'],
    ['USB export, first', (r) => `${s(r.exportFirst)} (${r.files} files)`, ''],
    [
      'USB export, unchanged',
      (r) =>
        `${s(r.exportAgain)} (written ${r.againWritten}, read back ${r.againChecked}, kept unread ${r.againUnread}; db + viewer ${r.againKept ? 'kept' : 'remade'})`,
      '< 2 s',
    ],
    [
      'USB export, 1 activity edited',
      (r) => `${s(r.exportChanged)} (written ${r.changedWritten}; db + viewer ${r.changedKept ? 'kept' : 'remade'})`,
      '',
    ],
    [
      '总结 .docx, all years',
      (r) => `${s(r.docx)}, peak RSS ${r.docxRss.toFixed(0)} MB, ${r.docxKb.toFixed(0)} KB`,
      '< 5 s, < 400 MB',
    ],
  ];
  console.log(`\n${'what'.padEnd(32)}${'demo'.padEnd(72)}${'ten years'.padEnd(76)}goal`);
  for (const [what, f, goal] of table)
    console.log(`${what.padEnd(32)}${f(rows[0]).padEnd(72)}${f(rows[1]).padEnd(76)}${goal}`);
  console.log('\nThe offline viewer at 20,000 photos: npm run bench:viewer.');
  fs.rmSync(path.dirname(demo), { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
