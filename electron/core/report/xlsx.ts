// The statistics as an Excel workbook a 教务处 can sort and sum: 获奖统计表 (级别×等级, 项 and
// 人次 in separate columns), 获奖名单 (one row per award), 学生获奖汇总, 指导教师汇总, 活动登记表.
// Numbers are stored as numbers; every sheet prints on A4 with its header row repeated.
import ExcelJS from 'exceljs';
import { formatDateZh, localIsoDate } from '../../../shared/domain/format';
import { AWARD_GRADES, AWARD_LEVELS, CATEGORY_SHORT, rankOf } from '../../../shared/domain/vocab';
import { maskName } from '../../../shared/domain/format';
import type { ActivityFact, SummaryData } from './gather';
import { titleOf, whoOf, type DocOptions } from './document';

const levelSort = (x: string, y: string) =>
  rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y) || x.localeCompare(y, 'zh-Hans-CN');
const gradeSort = (x: string, y: string) =>
  rankOf(AWARD_GRADES, x) - rankOf(AWARD_GRADES, y) || x.localeCompare(y, 'zh-Hans-CN');
const STATUS: Record<ActivityFact['status'], string> = { planned: '计划中', done: '已完成', cancelled: '已取消' };
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEDEDED' } };

type Value = string | number | Date | null;
/** Who fills the sheet in: the school, and the day (a 上报表 asks for both). */
interface Filer {
  school: string;
  date: string;
}
/** A real date cell ('2025-08-10' → a date Excel sorts and formats), or '' when none. */
const dateCell = (iso: string | null | undefined): Value => (iso ? new Date(`${iso}T00:00:00Z`) : '');
/** Header rows are this tall: two lines of wrapped 10.5 pt text. */
const HEAD_HEIGHT = 30;

/** Row height for a body row: enough lines for its longest wrapped text at the column widths. */
function rowHeight(values: Value[], widths: number[]): number {
  let lines = 1;
  values.forEach((v, i) => {
    if (typeof v !== 'string' || !v) return;
    const width = widths[i] ?? 10;
    const units = [...v].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    lines = Math.max(lines, v.split('\n').length, Math.ceil(units / Math.max(1, width - 1)));
  });
  return Math.max(18, 15 * lines + 4);
}

/**
 * A sheet with a merged title row (the school's name in it), a 填报单位 / 填报日期 row, the header
 * row (repeated on every printed page) and body rows: bordered, rows tall enough for their text.
 */
function sheet(
  wb: ExcelJS.Workbook,
  f: Filer,
  name: string,
  title: string,
  header: string[],
  rows: Value[][],
  widths: number[],
  landscape = true,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
    },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  ws.columns = widths.map((w) => ({ width: w }));
  ws.addRow([`${f.school ? `${f.school} ` : ''}${title}`]);
  ws.mergeCells(1, 1, 1, header.length);
  const t = ws.getRow(1);
  t.font = { name: '黑体', size: 14 };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  t.height = 26;
  ws.addRow([`填报单位：${f.school || '__________'}　　填报日期：${formatDateZh(f.date)}`]);
  ws.mergeCells(2, 1, 2, header.length);
  ws.getRow(2).font = { name: '宋体', size: 10.5 };
  ws.getRow(2).height = 18;
  const h = ws.addRow(header);
  h.height = HEAD_HEIGHT;
  h.eachCell((c) => {
    c.font = { name: '黑体', size: 10.5 };
    c.fill = HEAD_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const r of rows) {
    const row = ws.addRow(r);
    row.height = rowHeight(r, widths);
    for (let i = 1; i <= header.length; i++) {
      const c = row.getCell(i);
      c.border = BORDER;
      c.font = { name: '宋体', size: 10.5 };
      if (c.value instanceof Date) c.numFmt = 'yyyy-mm-dd';
      c.alignment = {
        vertical: 'middle',
        wrapText: true,
        horizontal: typeof c.value === 'number' || c.value instanceof Date ? 'center' : undefined,
      };
    }
  }
  return ws;
}

/** 行 × 等级 with 项 and 人次 in separate columns, totals, and an optional last column. */
function gridRows(
  grid: SummaryData['stats']['levelGrade'],
  rowKeys: string[],
  rowName: (k: string) => string,
  extra?: (k: string) => number,
) {
  const grades = [...new Set(rowKeys.flatMap((l) => Object.keys(grid[l])))].sort(gradeSort);
  const rows: (string | number)[][] = rowKeys.map((l) => {
    const cells = grades.map((g) => grid[l][g] ?? { items: 0, personTimes: 0 });
    return [
      rowName(l),
      ...cells.flatMap((c) => [c.items, c.personTimes]),
      cells.reduce((n, c) => n + c.items, 0),
      cells.reduce((n, c) => n + c.personTimes, 0),
      ...(extra ? [extra(l)] : []),
    ];
  });
  const width = rows[0]?.length ?? 1;
  rows.push([
    '合计',
    ...Array.from({ length: width - 1 }, (_, i) => rows.reduce((n, r) => n + (r[i + 1] as number), 0)),
  ]);
  return { grades, rows };
}

export async function summaryWorkbook(d: SummaryData, o: DocOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '科技档案';
  wb.created = new Date(`${d.today}T00:00:00Z`);
  const name = (n: string) => (o.maskNames && n ? maskName(n) : n);
  const s = d.stats;
  const label = d.period.label;

  const f: Filer = { school: d.school, date: d.today };

  // 获奖统计表: 级别 rows × (等级: 项, 人次) columns, with totals.
  const levels = Object.keys(s.levelGrade).sort(levelSort);
  const lg = gridRows(
    s.levelGrade,
    levels,
    (l) => l,
    (l) => s.awardedWorksByLevel[l] ?? 0,
  );
  const header = [
    '级别',
    ...lg.grades.flatMap((g) => [`${g}（项）`, `${g}（人次）`]),
    '合计（项）',
    '合计（人次）',
    '获奖作品（项，按最高级别计一次）',
  ];
  const ws1 = sheet(wb, f, '获奖统计表', `${label}获奖统计表（级别×等级）`, header, lg.rows, [
    10,
    ...lg.grades.flatMap(() => [9, 9]),
    10,
    10,
    16,
  ]);
  ws1.getRow(ws1.rowCount).font = { name: '宋体', size: 10.5, bold: true };
  ws1.addRow([]);
  ws1.addRow([
    '注：“项”按获奖次数计；“人次”按获奖学生人数计，集体作品每位作者各计一人次；晋级的作品在“获奖作品”列只按最高级别计一次。',
  ]);
  ws1.mergeCells(ws1.rowCount, 1, ws1.rowCount, header.length);
  ws1.getRow(ws1.rowCount).height = 32;
  ws1.getRow(ws1.rowCount).alignment = { wrapText: true, vertical: 'top' };

  // 类别×等级
  const cats = Object.keys(s.categoryGrade).sort((x, y) => x.localeCompare(y, 'zh-Hans-CN'));
  const cg = gridRows(s.categoryGrade, cats, (k) => CATEGORY_SHORT[k] ?? k);
  const ws2 = sheet(
    wb,
    f,
    '类别统计表',
    `${label}获奖统计表（类别×等级）`,
    ['类别', ...cg.grades.flatMap((g) => [`${g}（项）`, `${g}（人次）`]), '合计（项）', '合计（人次）'],
    cats.length ? cg.rows : [],
    [16, ...cg.grades.flatMap(() => [9, 9]), 10, 10],
  );
  if (cats.length) ws2.getRow(ws2.rowCount).font = { name: '宋体', size: 10.5, bold: true };

  // 获奖名单: the students' awards (works and personal), one row per award.
  const byLevelGrade = (
    x: { level: string; grade: string; awardedOn: string },
    y: { level: string; grade: string; awardedOn: string },
  ) => levelSort(x.level, y.level) || gradeSort(x.grade, y.grade) || x.awardedOn.localeCompare(y.awardedOn);
  const byId = new Map(d.awards.map((x) => [x.id, x]));
  const studentAwards = d.awards
    .filter((x) => x.recipientKind === 'work' || (x.recipientKind === 'person' && x.personKind === 'student'))
    .sort(byLevelGrade);
  sheet(
    wb,
    f,
    '获奖名单',
    `${label}学生获奖名单`,
    [
      '序号',
      '获奖日期',
      '比赛名称',
      '届次',
      '级别',
      '等级',
      '类别',
      '作品（项目）',
      '作者 / 获奖人',
      '人数',
      '指导教师',
      '证书编号',
      '晋级自',
      '年级',
      '性别',
    ],
    studentAwards.map((x, i) => [
      i + 1,
      dateCell(x.awardedOn),
      x.competition ?? '',
      x.session ?? '',
      x.level,
      x.grade,
      CATEGORY_SHORT[x.category] ?? x.category,
      titleOf(x),
      whoOf(x, name),
      x.workId ? x.authors.length : 1,
      x.advisors.map(name).join('、'),
      x.certificateNo ?? '',
      x.promotedFromId && byId.get(x.promotedFromId)
        ? `${byId.get(x.promotedFromId)!.level}${byId.get(x.promotedFromId)!.grade}`
        : '',
      x.authorGrades.join('、'),
      x.authorGenders.join('、'),
    ]),
    [6, 12, 26, 10, 8, 10, 14, 24, 20, 6, 14, 14, 12, 10, 8],
  );

  // 教师获奖 and 学校集体荣誉: each on its own sheet, never mixed into the students' list.
  const teacherAwards = d.awards
    .filter((x) => x.recipientKind === 'person' && x.personKind === 'teacher')
    .sort(byLevelGrade);
  sheet(
    wb,
    f,
    '教师获奖',
    `${label}教师获奖`,
    ['序号', '获奖日期', '姓名', '比赛名称', '届次', '项目', '级别', '等级', '证书编号'],
    teacherAwards.map((x, i) => [
      i + 1,
      dateCell(x.awardedOn),
      x.personName ?? '',
      x.competition ?? '',
      x.session ?? '',
      titleOf(x),
      x.level,
      x.grade,
      x.certificateNo ?? '',
    ]),
    [6, 12, 10, 28, 10, 24, 8, 10, 14],
  );
  sheet(
    wb,
    f,
    '学校集体荣誉',
    `${label}学校集体荣誉`,
    ['序号', '获奖日期', '比赛名称', '届次', '级别', '荣誉', '证书编号'],
    d.awards
      .filter((x) => x.recipientKind === 'school')
      .sort(byLevelGrade)
      .map((x, i) => [
        i + 1,
        dateCell(x.awardedOn),
        x.competition ?? '',
        x.session ?? '',
        x.level,
        x.grade,
        x.certificateNo ?? '',
      ]),
    [6, 12, 32, 10, 8, 14, 14],
    false,
  );

  // One column per level that occurs in these rows (vocabulary order, a teacher's own words after):
  // a school with no 乡镇/学区级 award gets no empty 乡镇/学区级 column.
  const levelsIn = (rows: readonly { byLevel: Record<string, number> }[]) =>
    [...new Set(rows.flatMap((r) => Object.keys(r.byLevel).filter((l) => r.byLevel[l])))].sort(levelSort);
  const L = levelsIn(s.byStudent);
  sheet(
    wb,
    f,
    '学生获奖汇总',
    `${label}学生获奖汇总`,
    ['序号', '姓名', '班级', '获奖作品（项）', '获奖（次）', ...L, '最高级别', '获奖作品及最高奖项'],
    s.byStudent.map((r, i) => [
      i + 1,
      name(r.name),
      r.classLabel,
      r.works,
      r.awards,
      ...L.map((l) => r.byLevel[l] ?? 0),
      r.best,
      r.items.map((x) => `《${x.title}》${x.level}${x.grade}`).join('；'),
    ]),
    [6, 10, 14, 10, 9, ...L.map((l) => Math.max(7, l.length + 2)), 9, 48],
  );

  const T = levelsIn(s.byTeacher);
  sheet(
    wb,
    f,
    '指导教师汇总',
    `${label}指导教师汇总`,
    [
      '序号',
      '姓名',
      '任教学科',
      '指导获奖作品（项）',
      '作品获奖（次）',
      '涉及学生（人次）',
      ...T.map((l) => `${l}作品`),
      '个人获奖（项）',
      '获奖作品及最高奖项',
    ],
    s.byTeacher.map((r, i) => [
      i + 1,
      r.name,
      r.subject ?? '',
      r.works,
      r.awards,
      r.studentPersonTimes,
      ...T.map((l) => r.byLevel[l] ?? 0),
      r.ownAwards,
      r.items.map((x) => `《${x.title}》${x.level}${x.grade}`).join('；'),
    ]),
    [6, 10, 10, 12, 10, 10, ...T.map((l) => Math.max(9, l.length + 3)), 10, 48],
  );

  // 活动登记表: what was held or is planned; a cancelled activity was never held.
  sheet(
    wb,
    f,
    '活动登记表',
    `${label}科技活动登记表`,
    [
      '序号',
      '开始日期',
      '结束日期',
      '活动名称',
      '类型',
      '状态',
      '地点',
      '组织教师',
      '参与学生（人）',
      '参与人数（全校性活动）',
      '小组',
      '改期（次）',
      '照片（张）',
    ],
    d.activities
      .filter((x) => x.status !== 'cancelled')
      .map((x, i) => [
        i + 1,
        dateCell(x.startDate),
        dateCell(x.endDate),
        x.title,
        x.type,
        STATUS[x.status],
        x.location ?? '',
        x.teacherNames.join('、'),
        x.participantIds.length,
        x.headCount ?? null,
        x.groupName ?? '',
        x.rescheduleCount,
        x.photoCount,
      ]),
    [6, 12, 12, 28, 14, 8, 16, 14, 10, 12, 14, 8, 8],
  );

  // 活动分类统计: held activities by type.
  const types = Object.entries(s.activitiesByType).sort(
    (x, y) => y[1] - x[1] || x[0].localeCompare(y[0], 'zh-Hans-CN'),
  );
  const held = d.activities.filter((x) => x.status === 'done');
  sheet(
    wb,
    f,
    '活动分类统计',
    `${label}科技活动分类统计（已开展）`,
    ['活动类型', '开展（项）', '参与学生（人次）', '全校性活动参与（人次）'],
    [
      ...types.map(([t, n]) => {
        const of = held.filter((x) => x.type === t);
        return [
          t,
          n,
          of.reduce((k, x) => k + x.participantIds.length, 0),
          of.reduce((k, x) => k + (x.headCount ?? 0), 0),
        ];
      }),
      [
        '合计',
        held.length,
        held.reduce((k, x) => k + x.participantIds.length, 0),
        held.reduce((k, x) => k + (x.headCount ?? 0), 0),
      ],
    ],
    [18, 12, 16, 20],
    false,
  );

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 学期科技活动计划表 as a sheet (the same rows as the Word plan). */
export async function planWorkbook(
  title: string,
  school: string,
  list: readonly ActivityFact[],
  today = localIsoDate(new Date()),
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '科技档案';
  sheet(
    wb,
    { school, date: today },
    '计划表',
    title,
    ['序号', '开始日期', '结束日期', '活动名称', '活动类型', '地点', '负责教师', '参与对象', '状态', '改期（次）'],
    list.map((x, i) => [
      i + 1,
      dateCell(x.startDate),
      dateCell(x.endDate),
      x.title,
      x.type,
      x.location ?? '',
      x.teacherNames.join('、'),
      x.headCount
        ? `${x.headCountNote ?? '全校学生'}（约${x.headCount}人）`
        : (x.groupName ?? (x.participantIds.length ? `${x.participantIds.length}名学生` : '')),
      STATUS[x.status],
      x.rescheduleCount,
    ]),
    [6, 12, 12, 28, 14, 16, 14, 22, 8, 8],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
