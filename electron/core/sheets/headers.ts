// Finding the header row and what each column means. Real sheets put merged title rows above
// the header, say 学生姓名 or 作者 or 获奖学生 for the same thing, and number repeated columns
// (指导教师1, 指导教师2). Rows are scored by how many known headers they contain.
import { FIELDS_OF, type SheetField, type SheetKind } from '../../../shared/calls/sheets';
import { halfWidth } from '../../../shared/domain/classLabel';

/** Header words per field, per kind of sheet (a 姓名 column is the student in a 获奖名单 too). */
const SYNONYMS: Record<SheetKind, Partial<Record<SheetField, readonly string[]>>> = {
  roster: {
    name: ['姓名', '学生姓名', '学生', '名字', '学生名字', '学生名称'],
    gender: ['性别'],
    className: ['班级', '班别', '所在班级', '年级班级', '年级班别', '班级名称', '班'],
    gradeLabel: ['年级', '所在年级'],
    studentNo: ['学号', '学籍号', '学生编号', '全国学籍号', '学籍编号', '学生学号'],
    entryYear: ['入学年份', '入学年度', '入学时间'],
    stage: ['学段', '学部'],
    ethnicity: ['民族'],
    birthMonth: ['出生年月', '出生日期', '生日', '出生年月日'],
    idNumber: ['身份证号', '身份证号码', '身份证', '证件号码', '证件号'],
    guardianPhone: ['家长电话', '联系电话', '家长联系电话', '电话', '手机', '手机号', '家长手机', '联系方式'],
    notes: ['备注', '说明'],
  },
  awards: {
    students: [
      '姓名',
      '学生姓名',
      '作者',
      '作者姓名',
      '获奖学生',
      '获奖者',
      '获奖人',
      '获奖者姓名',
      '参赛学生',
      '参赛选手',
      '选手',
      '学生',
      '参赛者',
      '获奖学生姓名',
      '选手姓名',
      '作者名单',
    ],
    className: ['班级', '班别', '所在班级', '年级班级', '作者班级'],
    gradeLabel: ['年级', '所在年级'],
    title: ['作品名称', '作品', '项目名称', '作品题目', '题目', '作品名', '参赛作品', '获奖作品', '论文题目'],
    category: [
      '类别',
      '项目类别',
      '作品类别',
      '参赛类别',
      '类型',
      '作品类型',
      '竞赛类别',
      '比赛类别',
      '比赛项目',
      '竞赛项目',
    ],
    subject: ['学科', '所属学科', '学科分类', '学科类别'],
    division: ['组别', '参赛组别', '学段'],
    competition: ['比赛名称', '比赛', '赛事', '赛事名称', '竞赛名称', '大赛名称', '竞赛', '活动名称', '比赛活动'],
    session: ['届次', '届别', '届'],
    year: ['年度', '年份', '比赛年度', '获奖年度'],
    organizer: ['主办单位', '主办方', '颁奖单位', '发证单位', '组织单位'],
    level: ['级别', '获奖级别', '奖励级别', '比赛级别', '竞赛级别'],
    award: [
      '等级',
      '奖项',
      '获奖等级',
      '奖次',
      '获奖情况',
      '获奖名次',
      '名次',
      '奖励等级',
      '获奖',
      '奖级',
      '奖励',
      '等次',
      '获奖等次',
      '奖项等次',
      '奖等',
    ],
    pupils: ['辅导学生', '指导学生', '所辅导学生', '辅导学生姓名', '指导学生姓名', '辅导的学生'],
    school: [
      '学校',
      '学校名称',
      '所在学校',
      '参赛学校',
      '参赛队',
      '参赛队伍',
      '参赛单位',
      '单位',
      '单位名称',
      '所在单位',
      '代表队',
      '推荐单位',
      '获奖单位',
      '送评单位',
      '报送单位',
    ],
    advisors: [
      '指导教师',
      '辅导教师',
      '指导老师',
      '辅导老师',
      '指导教师姓名',
      '辅导员',
      '指导',
      '教练',
      '教练员',
      '指导教练',
      '带队教师',
      '领队',
    ],
    certificateNo: ['证书编号', '证书号', '编号', '证书号码', '获奖证书编号'],
    awardedOn: ['获奖时间', '获奖日期', '日期', '时间', '颁奖日期', '颁奖时间', '发证日期', '发证时间'],
    notes: ['备注', '说明'],
  },
};

/** '学生姓名（必填）' → '学生姓名', '指导教师2' → '指导教师', '第一作者' → '作者', '姓　名' → '姓名'. */
export function normHeader(h: string): string {
  return halfWidth(h)
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)|（[^）]*）/g, '')
    .replace(/[*※#:：]/g, '')
    .replace(/^第[一二三四五1-5]/, '')
    .replace(/[0-9一二三四五]$/, '');
}

/** The field a header names, and how sure: 3 for an exact synonym, 2 when it contains one. */
export function fieldOfHeader(kind: SheetKind, header: string): { field: SheetField; score: number } | null {
  const h = normHeader(header);
  if (!h) return null;
  const table = SYNONYMS[kind];
  let best: { field: SheetField; score: number; len: number } | null = null;
  for (const field of FIELDS_OF[kind]) {
    for (const syn of table[field] ?? []) {
      if (h === syn) return { field, score: 3 };
      if (h.length <= 12 && syn.length >= 2 && h.includes(syn) && (!best || syn.length > best.len))
        best = { field, score: 2, len: syn.length };
    }
  }
  return best && { field: best.field, score: best.score };
}

/** Score of a row as a header: the best score per distinct field, summed. */
export function headerScore(kind: SheetKind, cells: readonly string[]): number {
  const best = new Map<SheetField, number>();
  for (const c of cells) {
    const f = fieldOfHeader(kind, c);
    if (f && (best.get(f.field) ?? 0) < f.score) best.set(f.field, f.score);
  }
  return best.size >= 2 ? [...best.values()].reduce((s, x) => s + x, 0) : 0;
}

const SCAN_ROWS = 30;

/** 0-based header row (the best scoring of the first rows) and its score; score 0 if none looks like one. */
export function detectHeader(kind: SheetKind, rows: readonly string[][]): { row: number; score: number } {
  let best = { row: 0, score: 0 };
  for (let r = 0; r < Math.min(rows.length, SCAN_ROWS); r++) {
    const s = headerScore(kind, rows[r]);
    if (s > best.score) best = { row: r, score: s };
  }
  return best;
}

/** Field of each column from its header (repeated list fields like 指导教师1/2 all map). */
export function autoMapping(kind: SheetKind, header: readonly string[]): (SheetField | null)[] {
  return header.map((h) => fieldOfHeader(kind, h)?.field ?? null);
}
