// `keji` subcommands. Every error ends with a Chinese message on stderr and a non-zero exit code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePeriodKey, schoolYearRange, term } from '../../shared/domain/calendar';
import { KejiError } from '../core/errors';
import { archiveExists, openArchive } from '../core/db/open';
import { computeStats } from '../core/report/statistics';
import { calendarOf, setSettings } from '../core/settings';
import { USAGE } from './usage';
// Every other command's code is imported when that command runs: `keji --help` and `keji stats`
// start without loading the sheet readers, Word/Excel writers or the handlers (dist/main/keji.cjs
// runs a module's top level only when it is first imported).

type Out = { log: (s: string) => void; err: (s: string) => void };
const stdio: Out = { log: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'init':
        return init(rest, out);
      case 'demo':
        return await demo(rest, out);
      case 'stats':
        return stats(rest, out);
      case 'web':
        return await web(rest, out);
      case 'search':
        return (await import('./search')).searchCommand(rest, out);
      case 'summary':
        return await (await import('./summary')).summaryCommand(rest, out);
      case 'reindex':
        return (await import('./search')).reindexCommand(rest, out);
      case 'check':
        return await checkCommand(rest, out);
      case 'export':
      case 'verify':
      case 'merge':
      case 'backup':
      case 'restore':
        return await (await import('./package')).packageCommand(cmd, rest, out);
      case 'import-roster':
        return await importSheet('roster', rest, out);
      case 'import-awards':
        return await importSheet('awards', rest, out);
      case 'import-photos':
        return await importPhotos(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.log(USAGE);
        return cmd ? 0 : 1;
      default:
        out.err(`未知命令：${cmd}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    const err =
      e instanceof KejiError
        ? e.toJSON()
        : (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
            (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? { message: `参数错误：${(e as Error).message}` }
          : (await import('../core/handlers')).toCallError(e);
    out.err(`错误：${err.message}`);
    return 1;
  }
}

function need(dir: string | undefined, what = '档案目录'): string {
  if (!dir) throw new KejiError('INVALID_INPUT', `缺少${what}`);
  return dir;
}

function init(args: string[], out: Out): number {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { school: { type: 'string' } } });
  const dir = need(positionals[0]);
  if (archiveExists(dir)) throw new KejiError('CONFLICT', `${dir} 已经是一个档案`);
  const a = openArchive(dir, { create: true });
  if (values.school) setSettings(a, { schoolName: values.school });
  a.close();
  out.log(`已创建档案：${path.resolve(dir)}`);
  return 0;
}

async function demo(args: string[], out: Out): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const dir = need(positionals[0]);
  if (archiveExists(dir)) throw new KejiError('CONFLICT', `${dir} 已经是一个档案，请换一个空目录`);
  const { createDemoArchive } = await import('../core/demo/generate');
  const { counts } = await createDemoArchive(dir);
  out.log(
    `已生成演示档案：${path.resolve(dir)}（成员 ${counts.people}，活动 ${counts.activities}，作品 ${counts.works}，获奖 ${counts.awards}，照片 ${counts.media}）`,
  );
  return 0;
}

function stats(args: string[], out: Out): number {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      term: { type: 'string' },
      year: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const a = openArchive(need(positionals[0]), { readonly: false });
  try {
    const cal = calendarOf(a);
    let from = values.from ?? '1990-01-01';
    let to = values.to ?? '2100-12-31';
    const key = values.term ?? values.year;
    if (key) {
      const p = parsePeriodKey(key);
      if (!p || (values.term && !p.term))
        throw new KejiError('INVALID_INPUT', `时间段格式应为 2025-2026-1（学期）或 2025-2026（学年）：${key}`);
      ({ from, to } = p.term ? term(p.year, p.term, cal) : schoolYearRange(p.year, cal));
    }
    for (const d of [from, to])
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new KejiError('INVALID_INPUT', `日期格式应为 YYYY-MM-DD：${d}`);
    const s = computeStats(a, { from, to });
    if (values.json) out.log(JSON.stringify(s, null, 2));
    else {
      out.log(`统计时段：${from} 至 ${to}`);
      out.log(
        `活动 ${s.activities} 项（参与 ${s.participantPersonTimes} 人次，${s.distinctParticipants} 名学生；全校性活动 ${s.headCountEvents} 次）`,
      );
      out.log(
        `学生 ${s.students} 人；作品 ${s.works} 项；获奖 ${s.awards} 项 / ${s.awardPersonTimes} 人次；获奖作品 ${s.awardedWorks} 项；获奖学生 ${s.studentsAwarded} 人`,
      );
      out.log(
        `按级别：${
          Object.entries(s.awardsByLevel)
            .map(([k, v]) => `${k} ${v}`)
            .join('，') || '无'
        }`,
      );
      out.log(`学校集体奖：${s.schoolAwards.map((x) => `${x.competition}${x.grade}`).join('；') || '无'}`);
      out.log(`照片 ${s.photos} 张`);
    }
    return 0;
  } finally {
    a.close();
  }
}

async function web(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      'log-dir': { type: 'string' },
      readonly: { type: 'boolean' },
    },
  });
  let dir = positionals[0];
  if (!dir && values.demo) {
    dir = path.join(os.homedir(), '科技档案-演示');
    if (!archiveExists(dir)) {
      out.log('正在生成演示档案……');
      fs.mkdirSync(dir, { recursive: true });
      await (await import('../core/demo/generate')).createDemoArchive(dir);
    }
  }
  const { startWebHost } = await import('../web/server');
  const { createLogger, errorFields } = await import('../core/log');
  const log = createLogger({
    dir: path.resolve(values['log-dir'] ?? path.join(os.homedir(), '.keji-archive', 'logs')),
  });
  log.info('web.start', { node: process.versions.node, os: process.platform, arch: process.arch });
  // --readonly: a package on a stick, checked and never written (see core/package/open.ts).
  const archive = values.readonly
    ? await (await import('../core/package/open')).openPackageReadonly(need(dir))
    : undefined;
  const host = await startWebHost({ dir: need(dir), archive, port: values.port ? Number(values.port) : 0, log });
  const { autoBackupOnOpen } = await import('../core/package/backup');
  if (!values.readonly)
    void autoBackupOnOpen(host.archive).catch((e: unknown) => log.error('backup.daily', errorFields(e))); // once a day at most
  out.log(`科技档案已启动：${host.url}\n（只在本机 127.0.0.1 上提供服务；按 Ctrl+C 退出）`);
  const stop = () => {
    host.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
  return 0;
}

/** `keji import-photos <dir> <file-or-folder>... [--activity <id>] [--json]`; Ctrl+C stops cleanly. */
async function importPhotos(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { activity: { type: 'string' }, json: { type: 'boolean' } },
  });
  const dir = need(positionals[0]);
  const sources = positionals.slice(1);
  if (!sources.length) throw new KejiError('INVALID_INPUT', '缺少要导入的文件或文件夹');
  const { importMedia } = await import('../core/media/import');
  const { beginJob, cancelJob } = await import('../core/jobs');
  const { uuidv7 } = await import('../../shared/domain/ids');
  const a = openArchive(dir);
  const jobId = uuidv7();
  const tty = !values.json && process.stderr.isTTY;
  const job = beginJob(jobId, (_e, p) => {
    const pr = p as { done: number; total: number; current?: string; etaSeconds?: number };
    if (tty)
      process.stderr.write(
        `\r已处理 ${pr.done}/${pr.total}${pr.etaSeconds !== undefined ? `，预计还需 ${pr.etaSeconds} 秒` : ''}  ${pr.current ?? ''}`
          .slice(0, 120)
          .padEnd(120),
      );
  });
  const stop = () => cancelJob(jobId);
  process.once('SIGINT', stop);
  try {
    const r = await importMedia(a, sources, {
      job,
      target: values.activity ? { kind: 'activity', id: values.activity } : undefined,
    });
    if (tty) process.stderr.write('\n');
    if (values.json)
      out.log(
        JSON.stringify({
          imported: r.imported,
          duplicates: r.duplicates,
          failed: r.failed,
          ...(r.cancelled ? { cancelled: true } : {}),
        }),
      );
    else {
      out.log(
        `${r.cancelled ? '已取消。' : ''}新增 ${r.imported} 项，已存在 ${r.duplicates} 项，失败 ${r.failed.length} 项`,
      );
      for (const f of r.failed) out.log(`  ${f.file}：${f.reason}`);
    }
    return r.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', stop);
    job.end();
    a.close();
  }
}

/**
 * `keji import-roster|import-awards <dir> <file> [--json]`: the header and columns are detected as
 * in the app's preview; rows with an ambiguous name are skipped with the reason (no guessing).
 */
async function importSheet(kind: 'roster' | 'awards', args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      'as-of': { type: 'string' },
      date: { type: 'string' },
      year: { type: 'string' },
      school: { type: 'string' },
      class: { type: 'string' },
      sheet: { type: 'string' },
    },
  });
  const dir = need(positionals[0]);
  const file = need(positionals[1], kind === 'roster' ? '花名册文件' : '获奖名单文件');
  for (const d of [values['as-of'], values.date])
    if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new KejiError('INVALID_INPUT', `日期格式应为 YYYY-MM-DD：${d}`);
  if (values.year && !/^\d{4}$/.test(values.year))
    throw new KejiError('INVALID_INPUT', `学年应写作起始年份，如 2021（即 2021—2022 学年）：${values.year}`);
  const { importFile } = await import('../core/sheets/importer');
  const a = openArchive(dir);
  try {
    // Rows without a date are skipped with the reason unless --date or --year says which.
    const r = await importFile(a, kind, file, {
      asOf: values['as-of'],
      defaultDate: values.date,
      schoolYear: values.year ? Number(values.year) : undefined,
      schoolName: values.school,
      className: values.class,
      sheet: values.sheet,
    });
    if (values.json) out.log(JSON.stringify(r));
    else {
      out.log(`新建 ${r.created} 条，更新 ${r.updated} 条；${r.unchanged} 行已在档案中；跳过 ${r.skipped.length} 行`);
      // A workbook of several lists: each worksheet's outcome, and which sheet a skipped row is on.
      if (r.sheets.length > 1)
        for (const x of r.sheets)
          out.log(
            `  工作表「${x.name}」：新建 ${x.created} 条，更新 ${x.updated} 条，已有 ${x.unchanged} 行，跳过 ${x.skipped} 行`,
          );
      for (const s of r.skipped) out.log(`  ${s.sheet ? `工作表「${s.sheet}」` : ''}第 ${s.row} 行：${s.reason}`);
    }
    return 0;
  } finally {
    a.close();
  }
}

/** `keji check <dir>`: rows without a file (after a restore, a crash, a stick pulled mid-copy). Read-only. */
async function checkCommand(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (!positionals[0]) throw new KejiError('INVALID_INPUT', '请给出档案目录');
  const { checkArchiveMedia } = await import('../core/media/files');
  const a = openArchive(positionals[0], { readonly: true });
  try {
    const r = checkArchiveMedia(a.dir, a.db);
    if (values.json) out.log(JSON.stringify(r, null, 2));
    else if (!r.problems.length) out.log(`档案完整：${r.rows} 个照片、视频和文档都有原文件`);
    else {
      out.err(`${r.rows} 个照片、视频和文档中，有 ${r.problems.length} 个有问题：`);
      for (const p of r.problems) out.err(`· ${p.message}`);
    }
    return r.problems.length ? 1 : 0;
  } finally {
    a.close();
  }
}
