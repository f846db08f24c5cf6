// `npm run bench:search`: search latency on a deterministic archive of 100,000 records, against a
// plain LIKE '%…%' scan of the same text measured in the same run. Not part of the test suite.
//
//   npm run bench:search                 (reuses the generated archive when its inputs are unchanged)
//   npm run bench:search -- --fresh      (regenerates it; also prints the indexing throughput)
//   npm run bench:search -- --records 20000 --runs 10
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SearchInput } from '../../shared/calls/search';
import { openArchive } from '../../electron/core/db/open';
import { searchQuery } from '../../electron/core/search/query';
import { fillBenchArchive } from './search-archive';

const { values } = parseArgs({
  options: { fresh: { type: 'boolean' }, records: { type: 'string' }, runs: { type: 'string' } },
});
const RECORDS = Number(values.records ?? 100_000);
const RUNS = Number(values.runs ?? 20);

const QUERIES = {
  '2 字': ['航模', '树茂', '实验', '湿地', '防震', '编程', '天文', '候鸟', '熊猫', '颁奖'],
  '4 字': ['防震减灾', '湿地公园', '气象观测', '太阳能小', '学生分组', '候鸟迁徙', '水质检测', '熊猫保护'],
  '4 字（少见）': ['候鸟迁徙', '水质检测', '熊猫保护', '壁画颜料', '石窟测绘', '古柏调查'],
  拼音首字母: ['zsm', 'zxh', 'syh', 'hmxl', 'fzjz', 'wzh'],
  无结果: ['量子纠缠', '火星基地', '深海潜水艇', 'qxzv'],
} as const;

// ---- the archive: generated once per version of its inputs ------------------------------
const here = path.dirname(new URL(import.meta.url).pathname);
const inputs = [
  'search-archive.ts',
  '../../electron/core/search/terms.ts',
  '../../electron/core/db/migrations/0002_search.ts',
].map((f) => fs.readFileSync(path.join(here, f)));
const key = crypto
  .createHash('sha256')
  .update(Buffer.concat(inputs))
  .update(String(RECORDS))
  .digest('hex')
  .slice(0, 12);
const dir = path.join(os.tmpdir(), `keji-bench-search-${key}`);
const done = path.join(dir, '.complete');
if (values.fresh || !fs.existsSync(done)) {
  fs.rmSync(dir, { recursive: true, force: true });
  const a = openArchive(dir, { create: true });
  const t = performance.now();
  const counts = fillBenchArchive(a, RECORDS);
  const ms = performance.now() - t;
  const n = Object.values(counts).reduce((s, x) => s + x, 0);
  console.log(
    `生成档案：${n} 条记录（${JSON.stringify(counts)}），写入并建索引 ${(ms / 1000).toFixed(1)} s，${Math.round(n / (ms / 1000))} 条/s`,
  );
  a.close();
  fs.writeFileSync(done, '');
} else {
  console.log(`使用已生成的档案 ${dir}（加 --fresh 重新生成）`);
}

const a = openArchive(dir, { readonly: true });
const size = (name: string) =>
  (a.db.prepare('SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?').pluck().get(name) as number | null) ?? 0;
const docs = a.db.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
console.log(
  `索引：${docs} 条；search_docs ${(size('search_docs%') / 1e6).toFixed(1)} MB，search_fts ${(size('search_fts%') / 1e6).toFixed(1)} MB，search_titles ${(size('search_titles%') / 1e6).toFixed(1)} MB；数据库 ${(fs.statSync(path.join(dir, 'archive.sqlite')).size / 1e6).toFixed(0)} MB`,
);
console.log(
  `每条查询各运行 ${RUNS} 次（先预热 2 次）；机器负载 ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}\n`,
);

// ---- the reference: the same text, scanned with LIKE, newest 50 (the order search uses) -------
const like = a.db.prepare(
  `SELECT doc FROM search_docs WHERE deleted=0 AND (title LIKE @p ESCAPE '\\' OR body LIKE @p ESCAPE '\\') ORDER BY doc DESC LIMIT 50`,
);
const likeRun = (q: string) => like.all({ p: `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%` }).length;

/** Wall-clock and CPU time of each run: on a busy machine the CPU time is what the query costs. */
function time(fn: () => number): { ms: number[]; cpu: number[]; hits: number } {
  fn();
  fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    hits = fn();
    ms.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { ms, cpu, hits };
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const f = (x: number) => x.toFixed(2).padStart(7);

console.log('毫秒；括号内为 CPU 时间（机器繁忙时，墙钟时间包含等待 CPU 的时间）');
console.log(
  '查询类型            search p50 / p95  (CPU p50 / p95) |  LIKE p50 / p95  (CPU p50 / p95) | 倍数 p50 (CPU)',
);
for (const [label, qs] of Object.entries(QUERIES)) {
  const ours = { ms: [] as number[], cpu: [] as number[] };
  const theirs = { ms: [] as number[], cpu: [] as number[] };
  const detail: string[] = [];
  for (const q of qs) {
    const input = SearchInput.parse({ text: q });
    const s = time(() => searchQuery(a, input).total);
    const l = time(() => likeRun(q));
    ours.ms.push(...s.ms);
    ours.cpu.push(...s.cpu);
    theirs.ms.push(...l.ms);
    theirs.cpu.push(...l.cpu);
    detail.push(`${q}:${s.hits}${s.hits >= 200 ? '+' : ''}/${pct(s.cpu, 50).toFixed(2)}`);
  }
  const ratio = (x: number[], y: number[]) => (pct(y, 50) / Math.max(pct(x, 50), 0.001)).toFixed(1);
  const both = (t: { ms: number[]; cpu: number[] }) =>
    `${f(pct(t.ms, 50))} /${f(pct(t.ms, 95))}  (${f(pct(t.cpu, 50))} /${f(pct(t.cpu, 95))})`;
  console.log(
    `${label.padEnd(10, '　')} ${both(ours)} | ${both(theirs)} | ${ratio(ours.ms, theirs.ms).padStart(6)}× (${ratio(ours.cpu, theirs.cpu)}×)`,
  );
  console.log(`    命中数/CPU p50：${detail.join('  ')}`);
}

// ---- what a write pays: an activity edit re-indexed by the triggers (rolled back) -------------
a.close();
const w = openArchive(dir);
const ids = w.db.prepare('SELECT id FROM activities ORDER BY id LIMIT 200').pluck().all() as string[];
const upd = w.db.prepare(
  "UPDATE activities SET process = process || '补充：学生撰写了观察日记。', updated_at = updated_at WHERE id=?",
);
const writes: number[] = [];
w.db.exec('BEGIN');
for (const id of ids) {
  const t = performance.now();
  upd.run(id);
  writes.push(performance.now() - t);
}
w.db.exec('ROLLBACK');
w.close();
console.log(
  `\n写入：修改一项活动的活动记录（触发器同时更新索引）p50 ${pct(writes, 50).toFixed(2)} ms，p95 ${pct(writes, 95).toFixed(2)} ms`,
);
