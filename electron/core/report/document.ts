// One document model for every printed report, so the .docx and the PDF (through HTML) carry
// the same content: the 工作总结, the 学期科技活动计划表, a student's record and a teacher's
// guidance record. Builders read the archive; the writers (docx.ts, html.ts) only lay out.
import sharp from 'sharp';
import { drawableFile } from '../media/thumbs';
import { formatDateZh, formatRangeZh, maskName } from '../../../shared/domain/format';
import { today } from '../rows';
import { resolvePeriod, type ResolvedPeriod } from '../../../shared/domain/periods';
import { AWARD_GRADES, AWARD_LEVELS, CATEGORY_SHORT, rankOf } from '../../../shared/domain/vocab';
import type { Draft } from '../../../shared/calls/summary';
import type { Stats } from '../../../shared/schemas';
import type { Archive } from '../db/open';
import { notFound } from '../errors';
import { getPerson } from '../people/queries';
import { calendarOf, getSettings } from '../settings';
import { draftFrom } from './drafts';
import {
  activityFacts,
  awardFacts,
  gatherSummaryData,
  specOf,
  type ActivityFact,
  type AwardFact,
  type SummaryData,
} from './gather';
import { exportText, upper as upperOf } from './narrative';
import { comparisonRows, computeStats } from './statistics';
import { schoolYearLabel, schoolYearOf, schoolYearRange } from '../../../shared/domain/calendar';

export type Cell =
  string | { text: string; colSpan?: number; rowSpan?: number; bold?: boolean; align?: 'left' | 'center' | 'right' };
export interface PhotoItem {
  data: Buffer;
  width: number;
  height: number;
  caption: string;
}
export type Block =
  | { t: 'title'; text: string }
  | { t: 'subtitle'; text: string }
  | { t: 'heading'; text: string }
  | { t: 'para'; text: string; indent?: boolean }
  | {
      t: 'table';
      caption: string;
      head: Cell[][];
      rows: Cell[][];
      widths: number[];
      note?: string;
      small?: boolean;
      /** Columns of running text, aligned left (others are centred). */
      left?: number[];
    }
  | { t: 'photos'; items: PhotoItem[] }
  | { t: 'sign'; lines: string[] }
  | { t: 'pageBreak' };

export interface ReportDoc {
  /** Shown in the file's properties and the HTML <title>. */
  title: string;
  /** File name without extension: '2025—2026学年第一学期科技活动工作总结'. */
  fileBase: string;
  landscape?: boolean;
  blocks: Block[];
}

export interface DocOptions {
  maskNames?: boolean;
}

export const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);

/**
 * A title as it is printed: one line when it fits (about 16 characters of 22 pt on A4), else broken
 * at a natural point — after the period ('2026—2027学年第一学期' / '科技活动工作总结') — never one
 * character left alone on the second line.
 */
export function titleLines(title: string, fits = 16): string[] {
  if (title.length <= fits) return [title];
  const m = /^(.*(?:学期|学年|年度|月\d+日))(.+)$/.exec(title);
  if (m && m[1].length >= 4 && m[2].length >= 4) return [m[1], m[2]];
  const half = Math.ceil(title.length / 2);
  return [title.slice(0, half), title.slice(half)];
}
const levelSort = (x: string, y: string) =>
  rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y) || x.localeCompare(y, 'zh-Hans-CN');
const gradeSort = (x: string, y: string) =>
  rankOf(AWARD_GRADES, x) - rankOf(AWARD_GRADES, y) || x.localeCompare(y, 'zh-Hans-CN');
const safeFile = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80);
const namer = (o: DocOptions) => (n: string) => (o.maskNames && n ? maskName(n) : n);

/**
 * 行 × 等级 table with 项 and 人次 in separate columns for every 等级 (never packed as "3/4");
 * with many 等级 the table uses the small type so it still fits an A4 page.
 */
export function gridTable(
  caption: string,
  rowLabel: string,
  grid: Stats['levelGrade'],
  rowSort: (x: string, y: string) => number,
  rowName = (k: string) => k,
): Block {
  const rowKeys = Object.keys(grid).sort(rowSort);
  const grades = [...new Set(rowKeys.flatMap((r) => Object.keys(grid[r])))].sort(gradeSort);
  const sum = (cells: { items: number; personTimes: number }[]) =>
    cells.reduce((t, c) => ({ items: t.items + c.items, personTimes: t.personTimes + c.personTimes }), {
      items: 0,
      personTimes: 0,
    });
  const show = (c: { items: number; personTimes: number } | undefined): string[] => [
    c ? String(c.items) : '',
    c ? String(c.personTimes) : '',
  ];
  const head: Cell[][] = [
    [{ text: rowLabel, rowSpan: 2 }, ...[...grades, '合计'].map((g) => ({ text: g, colSpan: 2 }))],
    [...[...grades, '合计'].flatMap(() => ['项', '人次'])],
  ];
  const rows: Cell[][] = rowKeys.map((r) => [
    rowName(r),
    ...grades.flatMap((g) => show(grid[r][g])),
    ...show(sum(Object.values(grid[r]))),
  ]);
  const colTotals = grades.map((g) => sum(rowKeys.map((r) => grid[r][g]).filter(Boolean)));
  rows.push([{ text: '合计', bold: true }, ...colTotals.flatMap((c) => show(c)), ...show(sum(colTotals))]);
  const n = 1 + 2 * (grades.length + 1);
  return {
    t: 'table',
    caption,
    head,
    rows,
    widths: [grades.length > 4 ? 2.6 : 3, ...Array(n - 1).fill(grades.length > 4 ? 1 : 1.2)],
    note: '“项”按获奖次数计，“人次”按获奖人数计（集体作品每位作者各计一人次）。',
    small: n > 9,
  };
}

/**
 * The 学年 a period covers (clipped to it). Over more than one, the 总结 summarises: a table per
 * 学年 instead of every activity, and the 获奖名单 at 省级 and above only. The full lists are the
 * 统计表 (.xlsx)'s: ten years of activities would be hundreds of pages nobody reads, and a
 * document no school PC can build.
 */
export function yearsOf(a: Archive, d: SummaryData): { year: number; from: string; to: string }[] {
  const cal = calendarOf(a);
  const out: { year: number; from: string; to: string }[] = [];
  for (let y = schoolYearOf(d.period.from, cal); y <= schoolYearOf(d.period.to, cal); y++) {
    const r = schoolYearRange(y, cal);
    out.push({
      year: y,
      from: r.from > d.period.from ? r.from : d.period.from,
      to: r.to < d.period.to ? r.to : d.period.to,
    });
  }
  return out;
}
/** 省级以上 rows listed in a multi-year 获奖名单 at most (the rest are counted in its note). */
const LONG_AWARD_ROWS = 60;

/** 各学年概况: each 学年's figures from the one statistics computation, and the period's total. */
function yearsTable(a: Archive, d: SummaryData, caption: string): Block {
  const per = yearsOf(a, d).map((y) => ({
    label: schoolYearLabel(y.year),
    s: computeStats(a, { from: y.from, to: y.to }),
  }));
  const cells = (s: Stats) =>
    [
      s.activities,
      s.activitiesByType['培训'] ?? 0,
      s.participantPersonTimes,
      s.headCountTotal,
      s.awards,
      upperOf(s.awardsByLevel),
      s.photos,
    ].map(String);
  return {
    t: 'table',
    caption,
    head: [
      [
        '学年',
        '开展活动（项）',
        '其中教师培训（项）',
        '小组活动参加（人次）',
        '全校性活动参加（人次）',
        '获奖（项）',
        '其中省级以上（项）',
        '活动照片（张）',
      ],
    ],
    rows: [...per.map((p) => [p.label, ...cells(p.s)]), [{ text: '合计', bold: true }, ...cells(d.stats)]],
    widths: [3.8, 2, 2, 2.2, 2.2, 1.6, 2, 1.8],
    small: true,
    note: '各学年的数字与合计出自同一统计；每项活动的明细、全部获奖名单见统计表（Excel）。',
  };
}

const statsTables = (d: SummaryData, o: DocOptions, long = false): Block[] => {
  const s = d.stats;
  const blocks: Block[] = [];
  // 表1、表2… in the order printed, whichever tables the period has.
  let n = 0;
  const no = () => `表${++n}`;
  if (Object.keys(s.levelGrade).length)
    blocks.push(gridTable(`${no()} 获奖统计表（级别×等级）`, '级别', s.levelGrade, levelSort));
  if (Object.keys(s.categoryGrade).length) {
    blocks.push(
      gridTable(
        `${no()} 获奖统计表（类别×等级）`,
        '类别',
        s.categoryGrade,
        (x, y) => x.localeCompare(y, 'zh-Hans-CN'),
        (k) => CATEGORY_SHORT[k] ?? k,
      ),
    );
  }
  const levels = Object.keys(s.awardedWorksByLevel).sort(levelSort);
  if (levels.length) {
    blocks.push({
      t: 'table',
      caption: `${no()} 获奖作品（每项作品按所获最高级别计一次）`,
      head: [['级别', ...levels, '合计']],
      rows: [['作品（项）', ...levels.map((l) => String(s.awardedWorksByLevel[l])), String(s.awardedWorks)]],
      widths: [3, ...levels.map(() => 2), 2],
    });
  }
  if (d.comparable) {
    const cmp = comparisonRows(s, d.prevStats);
    blocks.push({
      t: 'table',
      caption: `${no()} 与${d.compareScope}对比`,
      head: [['项目', '单位', '本期', d.compareScope, '增减']],
      rows: cmp.map((r) => [
        r.label,
        r.unit,
        String(r.current),
        String(r.previous),
        r.current === r.previous ? '持平' : `${r.current > r.previous ? '+' : ''}${r.current - r.previous}`,
      ]),
      widths: [5, 1.5, 3, 3, 2],
      left: [0],
      note: `${d.compareScope}指${d.previous.label}${d.asOf ? '；本期统计截至' + formatDateZh(d.asOf) : ''}。`,
    });
  }
  if (s.schoolAwards.length) {
    blocks.push({
      t: 'table',
      caption: `${no()} 学校集体荣誉`,
      head: [['日期', '比赛', '级别', '荣誉']],
      rows: s.schoolAwards.map((x) => [shortDate(x.awardedOn), x.competition, x.level, x.grade]),
      widths: [2.6, 7.4, 2, 3],
      left: [1],
    });
  }
  const entries = bestPerEntry(d.awards.filter((x) => x.recipientKind !== 'school'));
  const shown = long
    ? entries.filter((e) => rankOf(AWARD_LEVELS, e.best.level) <= 1).slice(0, LONG_AWARD_ROWS)
    : entries;
  if (shown.length) {
    const upper = entries.filter((e) => rankOf(AWARD_LEVELS, e.best.level) <= 1).length;
    blocks.push({
      t: 'table',
      caption: `${no()} 获奖名单${long ? '（省级以上）' : ''}`,
      head: [['序号', '作品（项目）', '作者', '类别', '最高奖项', '获奖经过', '指导教师', '日期']],
      rows: awardRows(shown, o),
      widths: [0.8, 3.6, 2.2, 2.4, 2.7, 3.0, 2.2, 2.5],
      small: true,
      left: [1, 5],
      note: `每项作品一行，按所获最高奖项排列；晋级的作品在“获奖经过”中依次列出各级奖项。${
        long
          ? `共${entries.length}项作品（项目）获奖，这里列出${shown.length < upper ? `省级以上${upper}项中的前${shown.length}项` : `省级以上的${upper}项`}；全部获奖名单见统计表（Excel）。`
          : ''
      }`,
    });
  }
  return blocks;
};

export function whoOf(x: AwardFact, name: (n: string) => string): string {
  if (x.recipientKind === 'school') return '学校';
  if (x.workId) return x.authors.length ? x.authors.map(name).join('、') : (x.groupName ?? '');
  return `${name(x.personName ?? '')}${x.personKind === 'teacher' ? '（教师）' : ''}`;
}
export const titleOf = (x: AwardFact) =>
  x.workId ? `《${x.workTitle}》` : (/《[^》]+》/.exec(x.notes ?? '')?.[0] ?? x.category);

/** '2025.4.18': short enough to stay on one line of a narrow column. */
export const shortDate = (iso: string) => iso.split('-').map(Number).join('.');

/** Each work (or personal entry) once: its highest award and the awards it went through, in order. */
export function bestPerEntry(list: readonly AwardFact[]): { best: AwardFact; steps: AwardFact[] }[] {
  const chains = new Map<string, AwardFact[]>();
  const byId = new Map(list.map((x) => [x.id, x]));
  const rootOf = (x: AwardFact): string => {
    let cur = x;
    for (let i = 0; i < 10 && cur.promotedFromId && byId.has(cur.promotedFromId); i++)
      cur = byId.get(cur.promotedFromId)!;
    return cur.id;
  };
  for (const x of list) {
    const key = x.workId ?? `award:${rootOf(x)}`;
    (chains.get(key) ?? chains.set(key, []).get(key)!).push(x);
  }
  const rows = [...chains.values()]
    .map((c) => {
      const steps = [...c].sort((x, y) => x.awardedOn.localeCompare(y.awardedOn) || -compareLevels(x, y));
      const best = [...c].sort((x, y) => levelSort(x.level, y.level) || gradeSort(x.grade, y.grade))[0];
      return { best, steps };
    })
    .sort(
      (x, y) =>
        levelSort(x.best.level, y.best.level) ||
        gradeSort(x.best.grade, y.best.grade) ||
        x.best.awardedOn.localeCompare(y.best.awardedOn),
    );
  return rows;
}

/** One row per work (or personal entry) at its highest award; the steps it went through in one cell. */
function awardRows(list: readonly { best: AwardFact; steps: AwardFact[] }[], o: DocOptions): Cell[][] {
  const name = namer(o);
  return list.map(({ best, steps }, i) => [
    // Names one to a line, so a narrow column never breaks a name in two.
    String(i + 1),
    titleOf(best),
    whoOf(best, name).split('、').join('\n'),
    CATEGORY_SHORT[best.category] ?? best.category,
    `${best.level}${best.grade}`,
    steps.length > 1
      ? steps.map((x) => `${x.level}${x.grade}`).join('→\n')
      : `${best.session ?? ''}${best.competition ?? ''}`,
    best.advisors.map(name).join('\n'),
    shortDate(best.awardedOn),
  ]);
}
const compareLevels = (x: AwardFact, y: AwardFact) => levelSort(x.level, y.level);

function activityRows(list: readonly ActivityFact[]): Cell[][] {
  const when = (x: ActivityFact) =>
    x.endDate && x.endDate !== x.startDate
      ? `${shortDate(x.startDate)}—${shortDate(x.endDate).replace(/^\d+\./, '')}`
      : shortDate(x.startDate);
  return list.map((x, i) => [
    String(i + 1),
    when(x),
    x.title,
    x.type,
    x.location ?? '',
    x.headCount
      ? `${x.headCountNote ?? ''}${x.headCount}人`
      : x.participantIds.length
        ? `${x.groupName ?? ''}${x.participantIds.length}人`
        : '',
    { planned: '计划中', done: '已完成', cancelled: '已取消' }[x.status],
  ]);
}

/** A photo from the store, turned upright and scaled for print (≤1000 px: about 300 dpi at the 8 cm it is printed; JPEG). Missing files are skipped. */
export async function loadPhoto(a: Archive, mediaId: string, caption: string): Promise<PhotoItem | null> {
  const row = a.db
    .prepare("SELECT sha256, ext, kind FROM media WHERE id=? AND kind='photo' AND deleted_at IS NULL")
    .get(mediaId) as { sha256: string; ext: string; kind: string } | undefined;
  if (!row) return null;
  // An allow-listed original, never a link; a HEIC through its display JPEG (sharp has no HEVC).
  const file = await drawableFile(a, row);
  if (!file) return null;
  try {
    const { data, info } = await sharp(file)
      .rotate()
      .resize({ width: 1000, height: 1000, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, caption };
  } catch {
    return null;
  }
}

/** Applies masking to the student names a sentence may carry (names of the period's students). */
function maskText(text: string, d: SummaryData, o: DocOptions): string {
  if (!o.maskNames) return text;
  const names = new Set<string>();
  for (const x of d.awards) {
    x.authors.forEach((n) => names.add(n));
    if (x.personKind === 'student' && x.personName) names.add(x.personName);
  }
  let out = text;
  for (const n of [...names].sort((x, y) => y.length - x.length))
    if (n.length > 1) out = out.split(n).join(maskName(n));
  return out;
}

export async function buildSummaryDoc(
  a: Archive,
  key: string,
  o: DocOptions = {},
  given?: { data: SummaryData; draft: Draft },
): Promise<ReportDoc> {
  const d = given?.data ?? gatherSummaryData(a, key);
  const draft = given?.draft ?? draftFrom(a, d);
  const title = draft.sections.find((s) => s.key === 'title')!.text;
  const blocks: Block[] = [{ t: 'title', text: title }];
  if (d.school) blocks.push({ t: 'subtitle', text: d.school });
  for (const s of draft.sections) {
    if (s.key === 'title') continue;
    const paras = exportText(s.text);
    if (!paras.length) continue;
    blocks.push({ t: 'heading', text: s.heading });
    for (const p of paras) blocks.push({ t: 'para', text: maskText(p, d, o), indent: true });
  }
  blocks.push({ t: 'sign', lines: [d.school, formatDateZh(today(a))].filter(Boolean) });
  const photos = (await Promise.all(draft.photos.map((p) => loadPhoto(a, p.mediaId, p.caption)))).filter(
    (x): x is PhotoItem => !!x,
  );
  if (photos.length)
    blocks.push({ t: 'pageBreak' }, { t: 'heading', text: '附：活动照片' }, { t: 'photos', items: photos });
  const long = yearsOf(a, d).length > 1;
  const tables = statsTables(d, o, long);
  blocks.push({ t: 'pageBreak' }, { t: 'heading', text: '附：统计表' }, ...tables);
  const acts = d.activities;
  if (long) blocks.push(yearsTable(a, d, `表${tables.filter((b) => b.t === 'table').length + 1} 各学年概况`));
  else if (acts.length) {
    blocks.push({
      t: 'table',
      caption: `表${tables.filter((b) => b.t === 'table').length + 1} 活动一览`,
      head: [['序号', '日期', '活动名称', '类型', '地点', '参与', '状态']],
      rows: activityRows(acts),
      widths: [0.9, 3.4, 5, 2.6, 3, 3, 1.6],
      small: true,
      left: [2, 4, 5],
    });
  }
  return { title, fileBase: safeFile(`${d.school ? `${d.school}_` : ''}${title}`), blocks };
}

// ---- 学期科技活动计划表 ----------------------------------------------------------------------
export function buildPlanDoc(a: Archive, key: string): ReportDoc {
  const period = resolvePeriod(specOf(key), calendarOf(a));
  const school = getSettings(a).schoolName;
  const list = activityFacts(a, period.from, period.to);
  const md = (iso: string) => formatDateZh(iso);
  const rows: Cell[][] = list.map((x, i) => [
    String(i + 1),
    formatRangeZh(x.startDate, x.endDate),
    x.title,
    x.type,
    x.location ?? '',
    x.teacherNames.join('、'),
    x.headCount
      ? `${x.headCountNote ?? '全校学生'}（约${x.headCount}人）`
      : x.groupName
        ? `${x.groupName}${x.participantIds.length ? `（${x.participantIds.length}人）` : ''}`
        : x.participantIds.length
          ? `${x.participantIds.length}名学生`
          : '',
    [
      x.status === 'cancelled' ? '已取消' : '',
      x.rescheduleCount && x.firstPlannedDate
        ? `原定${md(x.firstPlannedDate)}，已改期${x.rescheduleCount > 1 ? `${x.rescheduleCount}次` : ''}`
        : '',
    ]
      .filter(Boolean)
      .join('；'),
  ]);
  const title = `${period.label}科技活动计划表`;
  const blocks: Block[] = [{ t: 'title', text: title }];
  if (school) blocks.push({ t: 'subtitle', text: school });
  blocks.push({
    t: 'table',
    caption: '',
    head: [['序号', '时间', '活动名称', '活动类型', '地点', '负责教师', '参与对象', '备注']],
    rows: rows.length ? rows : [[{ text: '本学期尚未登记活动', colSpan: 8 }]],
    widths: [1.2, 4, 6, 2.8, 3.2, 2.8, 4, 4],
    left: [2, 4, 6, 7],
  });
  // The count is the rows above: every row is counted, the cancelled ones said apart.
  const cancelled = list.filter((x) => x.status === 'cancelled').length;
  blocks.push({
    t: 'para',
    text: `共${list.length}项活动${cancelled ? `（其中${cancelled}项已取消）` : ''}。计划如有调整，以活动记录为准。`,
    indent: false,
  });
  blocks.push({ t: 'sign', lines: [`制表人：__________　　审核：__________`, formatDateZh(today(a))] });
  return { title, fileBase: safeFile(`${school ? `${school}_` : ''}${title}`), landscape: true, blocks };
}

// ---- a person's record -----------------------------------------------------------------------
function personPeriod(a: Archive, key: string | undefined, entryYear: number | null): ResolvedPeriod {
  const cal = calendarOf(a);
  if (key) return resolvePeriod(specOf(key), cal);
  const now = today(a);
  const last = Number(now.slice(0, 4)) - (now.slice(5) < cal.autumnStart ? 1 : 0);
  return resolvePeriod({ kind: 'years', from: Math.min(entryYear ?? last, last), to: last }, cal);
}

export function buildStudentDoc(a: Archive, personId: string, key: string | undefined, o: DocOptions = {}): ReportDoc {
  const p = getPerson(a, personId);
  if (p.kind !== 'student') throw notFound(`学生 ${personId}`);
  const period = personPeriod(a, key, p.entryYear);
  const name = namer(o);
  const acts = activityFacts(a, period.from, period.to).filter(
    (x) => x.status === 'done' && x.participantIds.includes(personId),
  );
  const awards = awardFacts(a, period.from, period.to).filter(
    (x) =>
      (x.workId
        ? a.db.prepare('SELECT 1 FROM work_authors WHERE work_id=? AND person_id=?').get(x.workId, personId)
        : false) ||
      (x.recipientKind === 'person' && x.personId === personId),
  );
  const works = a.db
    .prepare(
      `SELECT w.id, w.title, w.category FROM works w JOIN work_authors wa ON wa.work_id=w.id WHERE wa.person_id=? AND w.deleted_at IS NULL
    AND (substr(w.created_at,1,10) BETWEEN ? AND ? OR EXISTS (SELECT 1 FROM awards aw WHERE aw.work_id=w.id AND aw.deleted_at IS NULL AND aw.awarded_on BETWEEN ? AND ?))
    ORDER BY w.created_at`,
    )
    .all(personId, period.from, period.to, period.from, period.to) as { id: string; title: string; category: string }[];
  const coAuthors = a.db
    .prepare(
      'SELECT p.name FROM work_authors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? AND wa.person_id<>? ORDER BY wa.position',
    )
    .pluck();
  const advisors = a.db
    .prepare(
      'SELECT p.name FROM work_advisors wa JOIN people p ON p.id=wa.person_id WHERE wa.work_id=? ORDER BY wa.position',
    )
    .pluck();
  const groups = a.db
    .prepare(
      `SELECT DISTINCT g.name FROM group_members m JOIN groups g ON g.id=m.group_id WHERE m.person_id=? AND g.deleted_at IS NULL
    AND m.joined_on<=? AND (m.left_on IS NULL OR m.left_on>=?) ORDER BY g.name`,
    )
    .pluck()
    .all(personId, period.to, period.from) as string[];
  const school = getSettings(a).schoolName;
  const classLabel = getPerson(a, personId, period.to < today(a) ? period.to : today(a)).classLabel;
  // 综合素质评价 counts each work once, at its highest award (a work promoted 县→市→省 is one entry).
  const entries = bestPerEntry(awards);
  const upper = entries.filter((e) => rankOf(AWARD_LEVELS, e.best.level) <= 1).length;

  const blocks: Block[] = [
    { t: 'title', text: '学生科技活动记录' },
    { t: 'subtitle', text: `（综合素质评价材料 · ${period.label}）` },
  ];
  blocks.push({
    t: 'table',
    caption: '',
    head: [],
    rows: [
      [
        { text: '姓名', bold: true },
        name(p.name),
        { text: '性别', bold: true },
        p.gender ?? '',
        { text: '班级', bold: true },
        classLabel,
      ],
      [{ text: '学校', bold: true }, { text: school, colSpan: 3 }, { text: '学籍号', bold: true }, p.studentNo ?? ''],
      [
        { text: '科技小组', bold: true },
        { text: groups.join('、') || '无', colSpan: 5 },
      ],
    ],
    widths: [2, 3, 2, 2, 2, 4],
  });
  blocks.push({ t: 'heading', text: '一、参加的科技活动' });
  blocks.push(
    acts.length
      ? {
          t: 'table',
          caption: '',
          head: [['序号', '日期', '活动名称', '类型', '地点']],
          rows: acts.map((x, i) => [
            String(i + 1),
            formatRangeZh(x.startDate, x.endDate),
            x.title,
            x.type,
            x.location ?? '',
          ]),
          widths: [1.2, 4, 6, 3, 3.5],
          left: [2, 4],
        }
      : { t: 'para', text: '本时段没有登记参加的活动。' },
  );
  blocks.push({ t: 'heading', text: '二、科技作品' });
  blocks.push(
    works.length
      ? {
          t: 'table',
          caption: '',
          head: [['序号', '作品名称', '类别', '合作者', '指导教师']],
          rows: works.map((w, i) => [
            String(i + 1),
            `《${w.title}》`,
            CATEGORY_SHORT[w.category] ?? w.category,
            (coAuthors.all(w.id, personId) as string[]).map(name).join('、'),
            (advisors.all(w.id) as string[]).join('、'),
          ]),
          widths: [1.2, 5.5, 3.5, 4, 3.5],
          left: [1],
        }
      : { t: 'para', text: '本时段没有登记作品。' },
  );
  blocks.push({ t: 'heading', text: '三、获奖情况' });
  blocks.push(
    entries.length
      ? {
          t: 'table',
          caption: '',
          head: [['序号', '作品（项目）', '最高奖项', '获奖经过', '比赛', '证书编号']],
          rows: entries.map(({ best, steps }, i) => [
            String(i + 1),
            titleOf(best),
            `${best.level}${best.grade}`,
            steps.map((x) => `${shortDate(x.awardedOn)} ${x.level}${x.grade}`).join('\n'),
            `${best.session ?? ''}${best.competition ?? ''}`,
            steps
              .map((x) => x.certificateNo)
              .filter(Boolean)
              .join('\n'),
          ]),
          widths: [1, 4.2, 2.6, 4.2, 4.2, 3],
          left: [1, 3, 4],
          note: '每项作品一行，按所获最高奖项计；晋级的作品在“获奖经过”中列出各级奖项。',
        }
      : { t: 'para', text: '本时段没有获奖记录。' },
  );
  blocks.push({ t: 'heading', text: '四、小结' });
  blocks.push({
    t: 'para',
    indent: true,
    text: `${name(p.name)}同学在${period.label}参加科技活动${acts.length}次，完成科技作品${works.length}项，${entries.length ? `有${entries.length}项作品获奖${upper ? `，其中省级以上${upper}项` : ''}` : '暂无获奖'}。`,
  });
  blocks.push({ t: 'heading', text: '五、指导教师评语' });
  blocks.push({
    t: 'table',
    caption: '',
    head: [],
    widths: [1],
    rows: [
      [
        {
          text: `${'\u00a0\n'.repeat(5)}指导教师（签名）：______________　　日期：${formatDateZh(today(a))}`,
          align: 'right',
        },
      ],
    ],
  });
  return {
    title: `${p.name} 学生科技活动记录`,
    fileBase: safeFile(`${name(p.name)}_学生科技活动记录_${period.label}`),
    blocks,
  };
}

export function buildTeacherDoc(a: Archive, personId: string, key: string | undefined, o: DocOptions = {}): ReportDoc {
  const p = getPerson(a, personId);
  if (p.kind !== 'teacher') throw notFound(`教师 ${personId}`);
  const period = personPeriod(a, key, null);
  const name = namer(o);
  const mine = activityFacts(a, period.from, period.to).filter(
    (x) => x.status === 'done' && x.teacherNames.includes(p.name),
  );
  // A training the teacher went to is not an activity they organised: listed apart.
  const trained = mine.filter((x) => x.type === '培训');
  const acts = mine.filter((x) => x.type !== '培训');
  const all = awardFacts(a, period.from, period.to);
  const advised = all.filter(
    (x) =>
      x.workId && a.db.prepare('SELECT 1 FROM work_advisors WHERE work_id=? AND person_id=?').get(x.workId, personId),
  );
  const own = all.filter((x) => x.recipientKind === 'person' && x.personId === personId);
  const works = new Set(advised.map((x) => x.workId));
  const bestOfWork = new Map<string, AwardFact>();
  for (const x of advised) {
    const b = bestOfWork.get(x.workId!);
    if (!b || levelSort(x.level, b.level) < 0) bestOfWork.set(x.workId!, x);
  }
  const upper = [...bestOfWork.values()].filter((x) => rankOf(AWARD_LEVELS, x.level) <= 1).length;
  const personTimes = [...bestOfWork.values()].reduce((n, x) => n + x.authors.length, 0);
  const school = getSettings(a).schoolName;

  const blocks: Block[] = [
    { t: 'title', text: '科技辅导员指导工作记录' },
    { t: 'subtitle', text: `（${period.label}）` },
  ];
  blocks.push({
    t: 'table',
    caption: '',
    head: [],
    rows: [
      [
        { text: '姓名', bold: true },
        p.name,
        { text: '任教学科', bold: true },
        p.subject ?? '',
        { text: '职称', bold: true },
        p.title ?? '',
      ],
      [
        { text: '学校', bold: true },
        { text: school, colSpan: 5 },
      ],
    ],
    widths: [2, 3, 2.4, 3, 2, 3],
  });
  blocks.push({ t: 'heading', text: '一、组织的科技活动' });
  blocks.push(
    acts.length
      ? {
          t: 'table',
          caption: '',
          head: [['序号', '日期', '活动名称', '类型', '参与']],
          rows: activityRows(acts).map((r) => [r[0], r[1], r[2], r[3], r[5]]),
          widths: [1.2, 4, 6, 3, 4],
          left: [2],
        }
      : { t: 'para', text: '本时段没有登记组织的活动。' },
  );
  blocks.push({ t: 'heading', text: '二、指导学生作品获奖' });
  blocks.push(
    advised.length
      ? {
          t: 'table',
          caption: '',
          head: [['序号', '作品名称', '作者', '比赛', '级别', '等级', '日期', '证书编号']],
          rows: advised.map((x, i) => [
            String(i + 1),
            titleOf(x),
            whoOf(x, name).split('、').join('\n'),
            x.competition ?? '',
            x.level,
            x.grade,
            shortDate(x.awardedOn),
            x.certificateNo ?? '',
          ]),
          widths: [1, 4.2, 2.4, 4.2, 1.6, 1.9, 2.4, 2.6],
          small: true,
          left: [1, 3],
        }
      : { t: 'para', text: '本时段没有指导学生作品获奖的记录。' },
  );
  blocks.push({ t: 'heading', text: '三、个人获奖' });
  blocks.push(
    own.length
      ? {
          t: 'table',
          caption: '',
          head: [['日期', '比赛', '项目', '级别', '等级', '证书编号']],
          rows: own.map((x) => [
            shortDate(x.awardedOn),
            x.competition ?? '',
            titleOf(x),
            x.level,
            x.grade,
            x.certificateNo ?? '',
          ]),
          widths: [2.4, 5.4, 4.4, 1.8, 2, 2.8],
          left: [1, 2],
        }
      : { t: 'para', text: '本时段没有个人获奖记录。' },
  );
  if (trained.length) {
    blocks.push({ t: 'heading', text: '四、参加的培训' });
    blocks.push({
      t: 'table',
      caption: '',
      head: [['序号', '日期', '培训名称', '地点']],
      rows: trained.map((x, i) => [String(i + 1), shortDate(x.startDate), x.title, x.location ?? '']),
      widths: [1.2, 3, 8, 5],
      left: [2, 3],
    });
  }
  blocks.push({ t: 'heading', text: trained.length ? '五、小结' : '四、小结' });
  blocks.push({
    t: 'para',
    indent: true,
    text: `${p.name}老师在${period.label}组织科技活动${acts.length}次，指导学生作品${works.size}项获奖（获奖${advised.length}次${upper ? `，其中省级以上作品${upper}项` : ''}），涉及学生${personTimes}人次${own.length ? `；个人获奖${own.length}项` : ''}${trained.length ? `；参加培训${trained.length}次` : ''}。`,
  });
  blocks.push({ t: 'sign', lines: [`${school}`, formatDateZh(today(a))].filter(Boolean) });
  return {
    title: `${p.name} 科技辅导员指导工作记录`,
    fileBase: safeFile(`${p.name}_指导工作记录_${period.label}`),
    blocks,
  };
}
