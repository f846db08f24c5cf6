// `npm run bench:sheets`: reading hostile and large sheet files through the real path (checks on
// the calling thread, parsing in the sheets worker), each case in a child process so its peak RSS
// is its own. Cases: a 10 MB web-page table saved as .xls (refused at the row limit), a
// 20,000-row one (read), the 900 KB rowspan table that took SheetJS 0.18.5 46 s, a 20,000-row CSV
// (read, then imported into an empty archive), the 9.8 MB CSV of 264,865 rows a teacher was sent.
// Reference in the same run: iconv-lite decode + split of the same bytes (the least any reader
// must do). Prints figures; never fails a test suite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const HERE = fileURLToPath(import.meta.url);
const SUR = '张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗';
const GIV = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞云峰雪琳晨曦宇轩浩然子涵欣怡思雨佳琪瑶';
const nameOf = (i: number) => SUR[i % 20] + GIV[Math.floor(i / 20) % 50] + GIV[Math.floor(i / 1000) % 50];

function htmlTable(rows: number, rowspan = false, bytes = Infinity): Buffer {
  const out: string[] = [
    '<html><head><meta charset="utf-8"></head><body><table border="1">',
    '<tr><th>姓名</th><th>性别</th><th>班级</th><th>学号</th><th>备注</th></tr>',
  ];
  let size = 0;
  for (let i = 0; i < rows && size < bytes; i++) {
    const cls = rowspan ? `<td rowspan="${rows}">五年级(2)班</td>` : `<td>五年级(${1 + (i % 6)})班</td>`;
    const line = `<tr><td>${nameOf(i)}</td><td>${i % 2 ? '女' : '男'}</td>${cls}<td>00${2025000 + i}</td><td>科技小组</td></tr>`;
    out.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  out.push('</table></body></html>');
  return Buffer.from(out.join('\n'));
}

function csvTable(rows: number, bytes = Infinity): Buffer {
  const out = ['姓名,性别,班级,学号,备注'];
  let size = 0;
  for (let i = 0; i < rows; i++) {
    const line = `${nameOf(i % 50_000)},${i % 2 ? '女' : '男'},五年级(${1 + (i % 6)})班,00${2025000 + i},科技小组`;
    size += iconv.encode(line, 'gb18030').length + 2;
    if (size > bytes) break;
    out.push(line);
  }
  return iconv.encode(out.join('\r\n'), 'gb18030'); // as Excel in China saves a CSV
}

interface Result {
  seconds: number;
  outcome: string;
  maxRssMB: number;
  workerStart?: number;
}

/** One case, in this (child) process. */
async function child(mode: string, file: string, name: string): Promise<void> {
  const bytes = fs.readFileSync(file);
  let t0 = performance.now();
  let workerStart: number | undefined;
  let outcome: string;
  if (mode === 'reference') {
    const text = iconv.decode(bytes, /\.csv$/.test(name) ? 'gb18030' : 'utf8');
    const rows = /\.csv$/.test(name)
      ? text.split(/\r?\n/).map((l) => l.split(','))
      : text.split('</tr>').map((r) => r.split('</td>'));
    outcome = `${rows.length.toLocaleString('en-US')} rows split`;
  } else {
    const { closeSheetsWorker, readWorkbook } = await import('../../electron/core/sheets/workbook');
    // The worker is started (and kept warm) by a first tiny file; its start is timed on its own.
    const w0 = performance.now();
    await readWorkbook(Buffer.from('姓名\n张三\n'), 'warm.csv');
    workerStart = (performance.now() - w0) / 1000;
    t0 = performance.now();
    try {
      if (mode === 'import') {
        const { openArchive } = await import('../../electron/core/db/open');
        const { importFile } = await import('../../electron/core/sheets/importer');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-bench-sheets-'));
        const a = openArchive(path.join(dir, '科技档案'), { create: true });
        const r = await importFile(a, 'roster', file, { asOf: '2025-09-01' });
        outcome = `imported: ${r.created.toLocaleString('en-US')} created, ${r.skipped.length} skipped`;
        a.close();
        fs.rmSync(dir, { recursive: true, force: true });
      } else {
        const wb = await readWorkbook(bytes, name);
        outcome = `read: ${wb.sheets.map((s) => `${s.rows.length.toLocaleString('en-US')} rows`).join(', ')}`;
      }
    } catch (e) {
      outcome = `refused: ${(e as Error).message.replace(/^输入有误：/, '').slice(0, 60)}…`;
    }
    await closeSheetsWorker();
  }
  const seconds = (performance.now() - t0) / 1000;
  // maxRSS counts the worker thread too: it lives in this process.
  process.stdout.write(
    JSON.stringify({
      seconds,
      outcome,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      workerStart,
    } satisfies Result) + '\n',
  );
}

function run(mode: string, file: string, name: string): Result {
  const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, '--child', mode, file, name], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const last = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !last) throw new Error(`case ${mode} ${name} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(last) as Result;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-bench-sheets-files-'));
  const cases: { label: string; name: string; bytes: Buffer; modes: string[] }[] = [
    {
      label: '10 MB web-page table named .xls',
      name: '花名册.xls',
      bytes: htmlTable(1e9, false, 10 * 1024 * 1024 - 4096),
      modes: ['read'],
    },
    { label: '20,000-row web-page table named .xls', name: '花名册.xls', bytes: htmlTable(20_000), modes: ['read'] },
    {
      label: '900 KB table, rowspan on every row (.xls)',
      name: '花名册.xls',
      bytes: htmlTable(8_500, true),
      modes: ['read'],
    },
    { label: '20,000-row CSV (GBK)', name: '花名册.csv', bytes: csvTable(20_000), modes: ['read', 'import'] },
    {
      label: '9.8 MB CSV (GBK, as teachers are sent)',
      name: '花名册.csv',
      bytes: csvTable(1e9, 9.8 * 1000 * 1000),
      modes: ['read'],
    },
  ];
  console.log(`sheets bench (${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, node ${process.version})`);
  for (const c of cases) {
    const file = path.join(dir, `${cases.indexOf(c)}-${c.name}`);
    fs.writeFileSync(file, c.bytes);
    const ref = run('reference', file, c.name);
    console.log(`\n${c.label}: ${(c.bytes.length / 1048576).toFixed(2)} MB`);
    console.log(
      `  reference (iconv-lite decode + split): ${ref.seconds.toFixed(2)} s, peak RSS ${ref.maxRssMB.toFixed(0)} MB — ${ref.outcome}`,
    );
    for (const mode of c.modes) {
      const r = run(mode, file, c.name);
      console.log(
        `  ${mode === 'import' ? 'import (read + write, one transaction)' : 'readWorkbook (checks + worker)'}: ${r.seconds.toFixed(2)} s (${(r.seconds / Math.max(ref.seconds, 1e-3)).toFixed(1)}× reference), peak RSS ${r.maxRssMB.toFixed(0)} MB — ${r.outcome} [worker start ${r.workerStart?.toFixed(2)} s, not counted]`,
      );
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
