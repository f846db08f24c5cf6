// `keji summary`: the 工作总结 (or the 计划表, a student's or a teacher's record) written to a file.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, EXPORT_KINDS, type ExportFormat, type ExportKind } from '../../shared/calls/summary';
import { parsePeriod, periodKey } from '../../shared/domain/periods';
import { openArchive, type Archive } from '../core/db/open';
import { KejiError } from '../core/errors';
import { exportReport } from '../core/report/exports';

type Out = { log: (s: string) => void; err: (s: string) => void };

export { SUMMARY_USAGE } from './usage';

const bad = (detail: string) => new KejiError('INVALID_INPUT', detail);

/** The period key from the flags: exactly one way of naming it. */
export function periodFromFlags(v: {
  term?: string;
  year?: string;
  calendar?: string;
  years?: string;
  from?: string;
  to?: string;
}): string | undefined {
  const given = [v.term, v.year, v.calendar, v.years, v.from ?? v.to].filter((x) => x !== undefined);
  if (given.length > 1) throw bad('时间段只能用一种方式指定（--term、--year、--calendar、--years 或 --from/--to）');
  const key = v.term
    ? `term:${v.term}`
    : v.year
      ? `year:${v.year}`
      : v.calendar
        ? `cal:${v.calendar}`
        : v.years
          ? `years:${v.years}`
          : v.from || v.to
            ? `range:${v.from ?? ''}..${v.to ?? ''}`
            : undefined;
  if (key === undefined) return undefined;
  const spec = parsePeriod(key);
  if (!spec) {
    if (key.startsWith('range:') && (!v.from || !v.to)) throw bad('--from 和 --to 需要一起给出');
    throw bad(
      `时间段格式不正确：${key.replace(/^\w+:/, '')}（学期如 2025-2026-1，学年如 2025-2026，年度如 2025，多个学年如 2022-2026，日期如 2025-03-01）`,
    );
  }
  return periodKey(spec);
}

function findPerson(a: Archive, kind: 'student' | 'teacher', who: string): string {
  const rows = a.db
    .prepare(
      'SELECT id, name, entry_year, class_no FROM people WHERE kind=? AND deleted_at IS NULL AND (id=? OR name=?)',
    )
    .all(kind, who, who) as { id: string; name: string; entry_year: number | null; class_no: number | null }[];
  const what = kind === 'student' ? '学生' : '教师';
  if (!rows.length) throw new KejiError('NOT_FOUND', `${what} ${who}`);
  if (rows.length > 1) {
    throw bad(
      `有 ${rows.length} 位${what}叫“${who}”，请用 id 指定：${rows.map((r) => `${r.id}${r.entry_year ? `（${r.entry_year}级${r.class_no ?? ''}班）` : ''}`).join('，')}`,
    );
  }
  return rows[0].id;
}

export async function summaryCommand(args: string[], out: Out): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      term: { type: 'string' },
      year: { type: 'string' },
      calendar: { type: 'string' },
      years: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      kind: { type: 'string' },
      person: { type: 'string' },
      mask: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const dir = positionals[0];
  if (!dir) throw bad('缺少档案目录');
  const kind = (values.kind ?? 'summary') as ExportKind;
  if (!EXPORT_KINDS.includes(kind)) throw bad(`--kind 应为 ${EXPORT_KINDS.join('、')} 之一：${values.kind}`);
  const format = values.format as ExportFormat;
  if (!format || !EXPORT_FORMATS.includes(format)) throw bad(`--format 应为 ${EXPORT_FORMATS.join('、')} 之一`);
  if (!values.out) throw bad('缺少 --out（要写入的文件或文件夹）');
  const period = periodFromFlags(values);
  if (!period && (kind === 'summary' || kind === 'plan'))
    throw bad('请指定时间段，例如 --term 2025-2026-1 或 --year 2025-2026');
  if ((kind === 'student' || kind === 'teacher') && !values.person)
    throw bad('请用 --person 指定学生或教师（姓名或 id）');

  const a = openArchive(dir);
  try {
    const personId = values.person
      ? findPerson(a, kind === 'teacher' ? 'teacher' : 'student', values.person)
      : undefined;
    const file = await exportReport(a, { kind, format, period, personId, maskNames: !!values.mask });
    const target =
      fs.existsSync(values.out) && fs.statSync(values.out).isDirectory()
        ? path.join(values.out, file.fileName)
        : values.out;
    // Written whole under a temporary name, then renamed: never a half-written file.
    const tmp = `${target}.${process.pid}.partial`;
    fs.writeFileSync(tmp, file.bytes);
    fs.renameSync(tmp, target);
    if (values.json) out.log(JSON.stringify({ file: path.resolve(target), bytes: file.bytes.length, mime: file.mime }));
    else out.log(`已导出：${path.resolve(target)}（${Math.max(1, Math.round(file.bytes.length / 1024))} KB）`);
    return 0;
  } finally {
    a.close();
  }
}
