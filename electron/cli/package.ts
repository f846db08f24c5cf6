// `keji export | verify | merge | backup | restore`: the USB package and backups from the command line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExportScope } from '../../shared/calls/package';
import { parsePeriodKey, schoolYearRange, term } from '../../shared/domain/calendar';
import { formatBytes } from '../../shared/domain/format';
import { openArchive, type Archive } from '../core/db/open';
import { KejiError } from '../core/errors';
import { cancelJob, type Job } from '../core/jobs';
import { calendarOf } from '../core/settings';
import { createBackup, listBackups, restoreBackup, BACKUP_DIR } from '../core/package/backup';
import { exportPackage } from '../core/package/export';
import { mergePackage } from '../core/package/merge';
import { verifyPackage } from '../core/package/verify';
import { runJob } from '../core/package/handlers';
import { translate } from '../../shared/i18n/messages';

type Out = { log: (s: string) => void; err: (s: string) => void };

export { PACKAGE_USAGE } from './usage';

const need = (v: string | undefined, what: string) => {
  if (!v) throw new KejiError('INVALID_INPUT', `缺少${what}`);
  return v;
};

/** Progress on stderr when a person is watching; Ctrl+C cancels the job cleanly. */
async function withJob<T>(fn: (job: Job | undefined, jobId: string) => Promise<T>): Promise<T> {
  const jobId = crypto.randomUUID();
  const tty = process.stderr.isTTY;
  let last = '';
  const emit = (_: string, p: unknown) => {
    if (!tty) return;
    const { done, total, bytesDone, bytesTotal, etaSeconds, current } = p as {
      done: number;
      total: number;
      bytesDone?: number;
      bytesTotal?: number;
      etaSeconds?: number;
      current?: string;
    };
    const pct = total ? Math.floor((done / total) * 100) : 0;
    const bytes = bytesTotal ? `  ${formatBytes(bytesDone ?? 0)} / ${formatBytes(bytesTotal)}` : '';
    const eta = etaSeconds !== undefined ? `  剩余约 ${etaSeconds} 秒` : '';
    const line = `${pct}%${bytes}${eta}  ${(current ?? '').slice(0, 40)}`;
    if (line !== last) process.stderr.write(`\r\u001b[K${line}`);
    last = line;
  };
  const stop = () => cancelJob(jobId);
  process.once('SIGINT', stop);
  try {
    return await runJob(jobId, { emit }, (job) => fn(job, jobId));
  } finally {
    process.off('SIGINT', stop);
    if (tty && last) process.stderr.write('\r\u001b[K');
  }
}

function scopeFrom(
  a: Archive,
  v: { year?: string; term?: string; from?: string; to?: string; activities?: string },
): ExportScope {
  const key = v.term ?? v.year;
  if (key) {
    const p = parsePeriodKey(key);
    if (!p || (v.term && !p.term))
      throw new KejiError('INVALID_INPUT', `时间段格式应为 2025-2026-1（学期）或 2025-2026（学年）：${key}`);
    const r = p.term ? term(p.year, p.term, calendarOf(a)) : schoolYearRange(p.year, calendarOf(a));
    return { kind: 'period', from: r.from, to: r.to };
  }
  if (v.from || v.to)
    return ExportScope.parse({ kind: 'period', from: v.from ?? '1990-01-01', to: v.to ?? '2100-12-31' });
  if (v.activities)
    return ExportScope.parse({
      kind: 'activities',
      ids: v.activities
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    });
  return { kind: 'all' };
}

async function exportCmd(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      mask: { type: 'boolean' },
      'include-sensitive': { type: 'boolean' },
      recheck: { type: 'boolean' },
      year: { type: 'string' },
      term: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      activities: { type: 'string' },
    },
  });
  const a = openArchive(need(positionals[0], '档案目录'));
  try {
    const scope = scopeFrom(a, values);
    const r = await withJob((job) =>
      exportPackage(
        a,
        {
          target: need(positionals[1], '导出位置（U盘或文件夹）'),
          scope,
          maskNames: !!values.mask,
          includeSensitive: !!values['include-sensitive'],
          recheck: !!values.recheck,
        },
        job,
      ),
    );
    if (values.json) out.log(JSON.stringify(r, null, 2));
    else {
      out.log(`已导出：${r.path}`);
      out.log(
        `${r.files} 个文件，共 ${formatBytes(r.bytes)}；本次写入 ${r.writtenFiles} 个（${formatBytes(r.writtenBytes)}），沿用未变的 ${r.reusedFiles} 个；用时 ${r.seconds.toFixed(1)} 秒`,
      );
      out.log(
        r.keptUnread
          ? `已读回核对 ${r.checkedFiles} 个文件；另有 ${r.keptUnread} 个与上次核对时大小和修改时间相同，未重读（加 --recheck 逐个重读）`
          : `全部 ${r.checkedFiles} 个文件已逐个读回核对`,
      );
      for (const n of r.notes) out.log(`· ${n}`);
    }
    return 0;
  } finally {
    a.close();
  }
}

async function verifyCmd(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, quick: { type: 'boolean' } },
  });
  const r = await withJob((job) =>
    verifyPackage(need(positionals[0], '数据包文件夹'), {
      deep: !values.quick,
      check: job?.checkpoint,
      onBytes: (d, t, c) => job?.progress({ done: d, total: t, bytesDone: d, bytesTotal: t, current: c }),
    }),
  );
  if (values.json) out.log(JSON.stringify(r, null, 2));
  else if (r.ok) {
    const s = r.summary!;
    out.log(
      `数据包完整，没有被改动：${s.name}（${s.school}，${s.scopeLabel}，${s.files} 个文件，${formatBytes(s.bytes)}，数据版本 ${s.schemaVersion}）`,
    );
    for (const w of r.warnings) out.log(`· ${w}`);
  } else {
    out.err(r.complete ? `数据包有 ${r.problems.length} 个问题：` : '数据包不完整：');
    for (const p of r.problems) out.err(`· ${p.message}`);
  }
  return r.ok ? 0 : 1;
}

async function mergeCmd(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, prefer: { type: 'string' } },
  });
  if (values.prefer && values.prefer !== 'ours' && values.prefer !== 'theirs')
    throw new KejiError('INVALID_INPUT', '--prefer 只能是 ours（保留本机）或 theirs（采用数据包）');
  const a = openArchive(need(positionals[0], '档案目录'));
  try {
    const r = await withJob((job) =>
      mergePackage(a, need(positionals[1], '数据包文件夹'), {
        // --prefer theirs is also the explicit consent to trash records of ours the package deleted.
        dryRun: !!values['dry-run'],
        prefer: values.prefer as 'ours' | 'theirs' | undefined,
        confirmTrash: values.prefer === 'theirs',
        check: job?.checkpoint,
        onProgress: (d, t, c) => job?.progress({ done: d, total: t, bytesDone: d, bytesTotal: t, current: c }),
        onRows: (d, t) => job?.progress({ done: d, total: t, current: translate('package.merge.comparing') }),
      }),
    );
    if (values.json) {
      out.log(JSON.stringify(r, null, 2));
      return 0;
    }
    const list = (xs: { label: string; count: number }[]) => xs.map((x) => `${x.label} ${x.count}`).join('，') || '无';
    out.log(
      `${values['dry-run'] ? '预览（未做任何修改）' : r.applied ? '合并完成' : '没有需要合并的内容'}：${r.package.name}`,
    );
    out.log(`新增：${list(r.added)}`);
    out.log(`更新：${list(r.updated)}`);
    if (r.trashed.length) {
      out.log(translate('package.merge.cli.trashed', { list: list(r.trashed) }));
      if (r.held) out.log(translate('package.merge.cli.held', { n: r.held }));
    }
    out.log(
      `相同或本机较新：${r.unchanged} 条；要复制的文件 ${r.media.toCopy} 个（${formatBytes(r.media.bytes)}），重复照片 ${r.media.duplicates} 张`,
    );
    if (!r.sharedHistory && r.conflictsTotal) out.log(translate('package.merge.cli.noHistory'));
    if (r.conflictsTotal) {
      out.log(
        `冲突：${r.conflictsTotal} 条${r.unresolved ? '，保留本机版本，下次合并仍会列出；可用 --prefer ours|theirs 统一选择' : ''}`,
      );
      for (const c of r.conflicts.slice(0, 20))
        out.log(
          translate('package.merge.cli.conflict', {
            description: c.description,
            reason: c.reason,
            fields: c.fields.map((f) => f.label).join('、'),
          }),
        );
      if (r.conflictsTotal > 20) out.log(translate('package.merge.cli.more', { n: r.conflictsTotal - 20 }));
    }
    for (const sk of r.skipped) out.log(`· 本机已永久删除，未恢复：${sk.title}`);
    if (r.backup) out.log(`合并前已备份：${path.join(BACKUP_DIR, r.backup)}`);
    for (const w of r.warnings) out.log(`· ${w}`);
    return 0;
  } finally {
    a.close();
  }
}

async function backupCmd(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, list: { type: 'boolean' } },
  });
  const a = openArchive(need(positionals[0], '档案目录'));
  try {
    if (values.list) {
      const list = listBackups(a.dir);
      if (values.json) out.log(JSON.stringify(list, null, 2));
      else for (const b of list) out.log(`${b.file}\t${formatBytes(b.size)}`);
      return 0;
    }
    const b = await createBackup(a, 'manual');
    out.log(values.json ? JSON.stringify(b) : `已备份：${path.join(a.dir, BACKUP_DIR, b.file)}`);
    return 0;
  } finally {
    a.close();
  }
}

async function restoreCmd(args: string[], out: Out): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const a = openArchive(need(positionals[0], '档案目录'));
  try {
    const given = need(positionals[1], '备份文件');
    const inBackups = path.join(a.dir, BACKUP_DIR, given);
    const file = fs.existsSync(given) ? path.resolve(given) : inBackups;
    const r = await restoreBackup(a, file);
    out.log(
      `已从备份恢复：${r.restored.file}\n恢复前的数据已备份为：${path.join(a.dir, BACKUP_DIR, r.safetyBackup.file)}`,
    );
    return 0;
  } finally {
    a.close();
  }
}

export async function packageCommand(
  cmd: 'export' | 'verify' | 'merge' | 'backup' | 'restore',
  args: string[],
  out: Out,
): Promise<number> {
  switch (cmd) {
    case 'export':
      return exportCmd(args, out);
    case 'verify':
      return verifyCmd(args, out);
    case 'merge':
      return mergeCmd(args, out);
    case 'backup':
      return backupCmd(args, out);
    case 'restore':
      return restoreCmd(args, out);
  }
}
