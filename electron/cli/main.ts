// `keji` subcommands. Every error ends with a Chinese message on stderr and a non-zero exit code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePeriodKey, schoolYearRange, term } from '../../shared/domain/calendar';
import { KejiError } from '../core/errors';
import { archiveExists, openArchive } from '../core/db/open';
import { createDemoArchive } from '../core/demo/generate';
import { computeStats } from '../core/report/statistics';
import { setSettings, calendarOf } from '../core/settings';
import { toCallError } from '../core/handlers';

const USAGE = `用法 / usage:
  keji init <目录> [--school 学校名称]      新建空档案
  keji demo <目录>                          生成演示档案（三个学年的示例数据）
  keji stats <目录> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--term 2025-2026-1 | --year 2025-2026] [--json]
  keji web [<目录>] [--demo] [--port N]     在浏览器中打开（仅 127.0.0.1）`;

type Out = { log: (s: string) => void; err: (s: string) => void };
const stdio: Out = { log: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'init': return init(rest, out);
      case 'demo': return await demo(rest, out);
      case 'stats': return stats(rest, out);
      case 'web': return await web(rest, out);
      case undefined: case 'help': case '--help': case '-h':
        out.log(USAGE);
        return cmd ? 0 : 1;
      default:
        out.err(`未知命令：${cmd}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    const err = e instanceof KejiError ? e.toJSON() : (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
      ? { message: `参数错误：${(e as Error).message}` } : toCallError(e);
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
  const { counts } = await createDemoArchive(dir);
  out.log(`已生成演示档案：${path.resolve(dir)}（成员 ${counts.people}，活动 ${counts.activities}，作品 ${counts.works}，获奖 ${counts.awards}，照片 ${counts.media}）`);
  return 0;
}

function stats(args: string[], out: Out): number {
  const { positionals, values } = parseArgs({
    args, allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, term: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  });
  const a = openArchive(need(positionals[0]), { readonly: false });
  try {
    const cal = calendarOf(a);
    let from = values.from ?? '1990-01-01';
    let to = values.to ?? '2100-12-31';
    const key = values.term ?? values.year;
    if (key) {
      const p = parsePeriodKey(key);
      if (!p || (values.term && !p.term)) throw new KejiError('INVALID_INPUT', `时间段格式应为 2025-2026-1（学期）或 2025-2026（学年）：${key}`);
      ({ from, to } = p.term ? term(p.year, p.term, cal) : schoolYearRange(p.year, cal));
    }
    for (const d of [from, to]) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new KejiError('INVALID_INPUT', `日期格式应为 YYYY-MM-DD：${d}`);
    const s = computeStats(a, { from, to });
    if (values.json) out.log(JSON.stringify(s, null, 2));
    else {
      out.log(`统计时段：${from} 至 ${to}`);
      out.log(`活动 ${s.activities} 项（参与 ${s.participantPersonTimes} 人次，${s.distinctParticipants} 名学生；全校性活动 ${s.headCountEvents} 次）`);
      out.log(`学生 ${s.students} 人；作品 ${s.works} 项；获奖 ${s.awards} 项 / ${s.awardPersonTimes} 人次；获奖作品 ${s.awardedWorks} 项；获奖学生 ${s.studentsAwarded} 人`);
      out.log(`按级别：${Object.entries(s.awardsByLevel).map(([k, v]) => `${k} ${v}`).join('，') || '无'}`);
      out.log(`学校集体奖：${s.schoolAwards.map((x) => `${x.competition}${x.grade}`).join('；') || '无'}`);
      out.log(`照片 ${s.photos} 张`);
    }
    return 0;
  } finally {
    a.close();
  }
}

async function web(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { demo: { type: 'boolean' }, port: { type: 'string' }, 'no-open': { type: 'boolean' } } });
  let dir = positionals[0];
  if (!dir && values.demo) {
    dir = path.join(os.homedir(), '科技档案-演示');
    if (!archiveExists(dir)) {
      out.log('正在生成演示档案……');
      fs.mkdirSync(dir, { recursive: true });
      await createDemoArchive(dir);
    }
  }
  const { startWebHost } = await import('../web/server');
  const host = await startWebHost({ dir: need(dir), port: values.port ? Number(values.port) : 0 });
  out.log(`科技档案已启动：${host.url}\n（只在本机 127.0.0.1 上提供服务；按 Ctrl+C 退出）`);
  const stop = () => { host.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
  return 0;
}
