// The statistics as an Excel workbook a 教务处 can sort and sum: 获奖统计表 (级别×等级, 项 and
// 人次 in separate columns), 获奖名单 (one row per award), 学生获奖汇总, 指导教师汇总, 活动登记表.
// Numbers are stored as numbers; every sheet prints on A4 with its header row repeated.
import ExcelJS from 'exceljs';
import { formatDateZh } from '../../../shared/domain/format';
import { AWARD_GRADES, AWARD_LEVELS, CATEGORY_SHORT, rankOf } from '../../../shared/domain/vocab';
import { maskName } from '../../../shared/domain/format';
import type { ActivityFact, SummaryData } from './gather';
import { titleOf, whoOf, type DocOptions } from './document';

const levelSort = (x: string, y: string) => rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y) || x.localeCompare(y, 'zh-Hans-CN');
const gradeSort = (x: string, y: string) => rankOf(AWARD_GRADES, x) - rankOf(AWARD_GRADES, y) || x.localeCompare(y, 'zh-Hans-CN');
const STATUS: Record<ActivityFact['status'], string> = { planned: '计划中', done: '已完成', cancelled: '已取消' };
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEDEDED' } };

/** A sheet with a merged title row, header row(s) and body rows, bordered and print-ready. */
function sheet(wb: ExcelJS.Workbook, name: string, title: string, header: string[], rows: (string | number | null)[][], widths: number[], landscape = true): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.columns = widths.map((w) => ({ width: w }));
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  const t = ws.getRow(1);
  t.font = { name: '黑体', size: 14 };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  t.height = 26;
  const h = ws.addRow(header);
  h.eachCell((c) => { c.font = { name: '黑体', size: 10.5 }; c.fill = HEAD_FILL; c.border = BORDER; c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }; });
  for (const r of rows) {
    const row = ws.addRow(r);
    for (let i = 1; i <= header.length; i++) {
      const c = row.getCell(i);
      c.border = BORDER;
      c.font = { name: '宋体', size: 10.5 };
      c.alignment = { vertical: 'middle', wrapText: true, horizontal: typeof c.value === 'number' ? 'center' : undefined };
    }
  }
  return ws;
}

export async function summaryWorkbook(d: SummaryData, o: DocOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '科技档案';
  wb.created = new Date(`${d.today}T00:00:00Z`);
  const name = (n: string) => (o.maskNames && n ? maskName(n) : n);
  const s = d.stats;
  const label = d.period.label;

  // 获奖统计表: 级别 rows × (等级: 项, 人次) columns, with totals.
  const levels = Object.keys(s.levelGrade).sort(levelSort);
  const grades = [...new Set(levels.flatMap((l) => Object.keys(s.levelGrade[l])))].sort(gradeSort);
  const header = ['级别', ...grades.flatMap((g) => [`${g}（项）`, `${g}（人次）`]), '合计（项）', '合计（人次）', '获奖作品（项，按最高级别计一次）'];
  const rows: (string | number)[][] = levels.map((l) => {
    const cells = grades.map((g) => s.levelGrade[l][g] ?? { items: 0, personTimes: 0 });
    return [l, ...cells.flatMap((c) => [c.items, c.personTimes]), cells.reduce((n, c) => n + c.items, 0), cells.reduce((n, c) => n + c.personTimes, 0), s.awardedWorksByLevel[l] ?? 0];
  });
  const totals = header.slice(1).map((_, i) => rows.reduce((n, r) => n + (r[i + 1] as number), 0));
  rows.push(['合计', ...totals]);
  const ws1 = sheet(wb, '获奖统计表', `${label}获奖统计表（级别×等级）`, header, rows, [10, ...grades.flatMap(() => [9, 9]), 10, 10, 16]);
  ws1.getRow(ws1.rowCount).font = { name: '宋体', size: 10.5, bold: true };
  ws1.addRow([]);
  ws1.addRow(['注：“项”按获奖次数计；“人次”按获奖学生人数计，集体作品每位作者各计一人次；晋级的作品在“获奖作品”列只按最高级别计一次。']);
  ws1.mergeCells(ws1.rowCount, 1, ws1.rowCount, header.length);
  if (s.schoolAwards.length) {
    ws1.addRow(['学校集体荣誉']);
    for (const x of s.schoolAwards) ws1.addRow([formatDateZh(x.awardedOn), x.competition, x.level, x.grade]);
  }

  // 获奖名单: every award, school awards too.
  const awards = [...d.awards].sort((x, y) => levelSort(x.level, y.level) || gradeSort(x.grade, y.grade) || x.awardedOn.localeCompare(y.awardedOn));
  const byId = new Map(d.awards.map((x) => [x.id, x]));
  sheet(wb, '获奖名单', `${label}获奖名单`,
    ['序号', '获奖日期', '比赛名称', '届次', '级别', '等级', '类别', '作品（项目）', '作者 / 获奖人', '人数', '指导教师', '证书编号', '晋级自'],
    awards.map((x, i) => [
      i + 1, x.awardedOn, x.competition ?? '', x.session ?? '', x.level, x.grade, x.recipientKind === 'school' ? '' : CATEGORY_SHORT[x.category] ?? x.category,
      x.recipientKind === 'school' ? '' : titleOf(x), whoOf(x, name), x.recipientKind === 'school' ? 0 : x.workId ? x.authors.length : x.personKind === 'student' ? 1 : 0,
      x.advisors.map(name).join('、'), x.certificateNo ?? '',
      x.promotedFromId && byId.get(x.promotedFromId) ? `${byId.get(x.promotedFromId)!.level}${byId.get(x.promotedFromId)!.grade}` : '',
    ]),
    [6, 12, 26, 10, 8, 10, 14, 24, 20, 6, 14, 14, 12]);

  const L = AWARD_LEVELS as readonly string[];
  sheet(wb, '学生获奖汇总', `${label}学生获奖汇总`,
    ['序号', '姓名', '班级', '获奖作品（项）', '获奖（次）', ...L, '最高级别', '获奖作品及最高奖项'],
    s.byStudent.map((r, i) => [i + 1, name(r.name), r.classLabel, r.works, r.awards, ...L.map((l) => r.byLevel[l] ?? 0), r.best,
      r.items.map((x) => `《${x.title}》${x.level}${x.grade}`).join('；')]),
    [6, 10, 14, 10, 9, ...L.map(() => 7), 9, 48]);

  sheet(wb, '指导教师汇总', `${label}指导教师汇总`,
    ['序号', '姓名', '任教学科', '指导获奖作品（项）', '作品获奖（次）', '涉及学生（人次）', ...L.map((l) => `${l}作品`), '个人获奖（项）', '获奖作品及最高奖项'],
    s.byTeacher.map((r, i) => [i + 1, r.name, r.subject ?? '', r.works, r.awards, r.studentPersonTimes, ...L.map((l) => r.byLevel[l] ?? 0), r.ownAwards,
      r.items.map((x) => `《${x.title}》${x.level}${x.grade}`).join('；')]),
    [6, 10, 10, 12, 10, 10, ...L.map(() => 9), 10, 48]);

  sheet(wb, '活动登记表', `${label}科技活动登记表`,
    ['序号', '开始日期', '结束日期', '活动名称', '类型', '状态', '地点', '组织教师', '参与学生（人）', '参与人数（全校性活动）', '小组', '改期（次）', '照片（张）'],
    d.activities.map((x, i) => [i + 1, x.startDate, x.endDate ?? '', x.title, x.type, STATUS[x.status], x.location ?? '', x.teacherNames.join('、'),
      x.participantIds.length, x.headCount ?? null, x.groupName ?? '', x.rescheduleCount, x.photoCount]),
    [6, 12, 12, 28, 14, 8, 16, 14, 10, 12, 14, 8, 8]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 学期科技活动计划表 as a sheet (the same rows as the Word plan). */
export async function planWorkbook(title: string, school: string, list: readonly ActivityFact[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '科技档案';
  sheet(wb, '计划表', `${school ? `${school} ` : ''}${title}`,
    ['序号', '开始日期', '结束日期', '活动名称', '活动类型', '地点', '负责教师', '参与对象', '状态', '改期（次）'],
    list.map((x, i) => [i + 1, x.startDate, x.endDate ?? '', x.title, x.type, x.location ?? '', x.teacherNames.join('、'),
      x.headCount ? `${x.headCountNote ?? '全校学生'}（约${x.headCount}人）` : x.groupName ?? (x.participantIds.length ? `${x.participantIds.length}名学生` : ''),
      STATUS[x.status], x.rescheduleCount]),
    [6, 12, 12, 28, 14, 16, 14, 22, 8, 8]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
