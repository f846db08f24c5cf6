// Reading messy sheets: class labels, names, award cells, dates, headers, encodings, CSV quoting,
// and refusing zip bombs before exceljs ever sees them.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { classPartLabel, entryYearOf, parseClassLabel } from '../../shared/domain/classLabel';
import {
  competitionFromTitle,
  levelFromCompetition,
  normalizeCategory,
  normalizeSession,
  parseDate,
  splitAward,
  splitNames,
} from '../../electron/core/sheets/cells';
import { autoMapping, detectHeader, fieldOfHeader } from '../../electron/core/sheets/headers';
import { decodeText, parseCsv } from '../../electron/core/sheets/text';
import { readWorkbook } from '../../electron/core/sheets/workbook';
import { assertSafeXlsx } from '../../electron/core/sheets/zipGuard';
import { awardsXlsx, rosterXls, rosterXlsx, zipBomb } from '../fixtures/sheets/make';

describe('class labels', () => {
  it.each([
    ['五年级(2)班', '小学', 5, 2],
    ['五年级（2）班', '小学', 5, 2],
    ['五(2)', '小学', 5, 2],
    ['五（２）班', '小学', 5, 2],
    ['5.2', '小学', 5, 2],
    ['５．２', '小学', 5, 2],
    ['5-2', '小学', 5, 2],
    ['五年级二班', '小学', 5, 2],
    ['六年级十一班', '小学', 6, 11],
    ['初一(3)班', '初中', 1, 3],
    ['七年级3班', '初中', 1, 3],
    ['高二(1)班', '高中', 2, 1],
    ['五年级', '小学', 5, null],
  ])('%s → %s %s年级 %s班', (text, stage, gradeNo, classNo) => {
    expect(parseClassLabel(text)).toMatchObject({ stage, gradeNo, classNo });
  });

  it('does not guess when the label is unclear', () => {
    for (const t of ['52', '5', '2021届', '五年级甲班', '']) expect(parseClassLabel(t)).toBeNull();
  });

  it('gives the entry year for the date the sheet is about', () => {
    const p = parseClassLabel('五年级(2)班')!;
    expect(entryYearOf(p, '2025-10-15')).toBe(2021); // 2025—2026学年
    expect(entryYearOf(p, '2025-05-20')).toBe(2020); // still 2024—2025学年
    expect(entryYearOf(parseClassLabel('2021级(已毕业)')!, '2030-01-01')).toBe(2021);
    expect(parseClassLabel('2班')).toEqual({ stage: null, gradeNo: null, classNo: 2, entryYear: null });
  });

  it('reads a class column beside a 年级 column as the class part of one label', () => {
    for (const [cls, part] of [
      ['2', '(2)班'],
      ['2班', '(2)班'],
      ['(12)', '(12)班'],
      ['二', '(二)班'],
      ['甲班', '甲班'],
      ['123', '123'],
    ])
      expect(classPartLabel(cls)).toBe(part);
    expect(parseClassLabel(`五年级${classPartLabel('2班')}`)).toMatchObject({ gradeNo: 5, classNo: 2 });
  });
});

describe('cells', () => {
  it('splits several authors in one cell but keeps a padded name whole', () => {
    expect(splitNames('张三、李四，王五')).toEqual(['张三', '李四', '王五']);
    expect(splitNames('张三/李四; 王五')).toEqual(['张三', '李四', '王五']);
    expect(splitNames('张树茂 李明')).toEqual(['张树茂', '李明']);
    expect(splitNames('李　明')).toEqual(['李明']);
    expect(splitNames('欧阳晓明 李 明、王芳')).toEqual(['欧阳晓明', '李明', '王芳']);
    expect(splitNames('张 树茂')).toEqual(['张树茂']);
  });

  it('splits 级别 and 等级 written in one cell', () => {
    expect(splitAward('国家级一等奖')).toEqual({ level: '国家级', grade: '一等奖' });
    expect(splitAward('省 二等奖')).toEqual({ level: '省级', grade: '二等奖' });
    expect(splitAward('市级金奖')).toEqual({ level: '市级', grade: '金牌' });
    expect(splitAward('区三等')).toEqual({ level: '县级', grade: '三等奖' });
    expect(splitAward('一等奖')).toEqual({ level: '', grade: '一等奖' });
    expect(splitAward('最佳创意奖')).toEqual({ level: '', grade: '最佳创意奖' });
  });

  it('reads the level from a competition name only when it says one', () => {
    expect(levelFromCompetition('天水市青少年科技创新大赛')).toBe('市级');
    expect(levelFromCompetition('天水市秦州区青少年科技创新大赛')).toBe('县级');
    expect(levelFromCompetition('甘肃省青少年科技创新大赛')).toBe('省级');
    expect(levelFromCompetition('全国青少年科技创新大赛')).toBe('国家级');
    expect(levelFromCompetition('广西壮族自治区青少年科技创新大赛')).toBe('省级');
    expect(levelFromCompetition('科技创新大赛')).toBeNull();
  });

  it('reads dates the way teachers write them', () => {
    for (const t of [
      '2025-05-20',
      '2025/5/20',
      '2025.5.20',
      '2025年5月20日',
      '20250520',
      '２０２５年５月２０日',
      '45797',
    ])
      expect(parseDate(t)).toBe('2025-05-20');
    expect(parseDate('2025年5月')).toBe('2025-05-01');
    expect(parseDate('2025-02-30')).toBeNull();
    expect(parseDate('五月')).toBeNull();
  });

  it('writes 届次 one way and finds the competition in a title', () => {
    expect(normalizeSession('23')).toBe('第二十三届');
    expect(normalizeSession('第39届')).toBe('第三十九届');
    expect(competitionFromTitle('2025年第二十三届天水市青少年科技创新大赛获奖名单')).toEqual({
      name: '天水市青少年科技创新大赛',
      session: '第二十三届',
      year: 2025,
    });
    expect(competitionFromTitle('青山镇中心小学学生花名册')).toBeNull();
    expect(normalizeCategory('科幻画')).toBe('少年儿童科学幻想绘画');
    expect(normalizeCategory('航模')).toBe('航模');
  });
});

describe('headers', () => {
  it('knows the synonyms teachers use', () => {
    const field = (h: string, kind: 'roster' | 'awards' = 'awards') => fieldOfHeader(kind, h)?.field ?? null;
    expect(field('学生姓名', 'roster')).toBe('name');
    expect(field('姓　名', 'roster')).toBe('name');
    expect(field('学生姓名（必填）', 'roster')).toBe('name');
    expect(field('姓名')).toBe('students');
    expect(field('获奖学生姓名')).toBe('students');
    for (const h of ['作品名称', '作品', '项目名称']) expect(field(h)).toBe('title');
    for (const h of ['指导教师', '辅导教师', '指导老师', '指导教师2', '第一指导教师'])
      expect(field(h)).toBe('advisors');
    for (const h of ['等级', '奖项', '获奖等级']) expect(field(h)).toBe('award');
    for (const h of ['级别', '获奖级别']) expect(field(h)).toBe('level');
    for (const h of ['类别', '项目类别']) expect(field(h)).toBe('category');
    expect(field('获奖时间')).toBe('awardedOn');
    expect(field('证书编号')).toBe('certificateNo');
    expect(field('序号')).toBeNull();
  });

  it('finds the header below merged title rows and blank rows', () => {
    const rows = [
      ['2025年第二十三届天水市青少年科技创新大赛获奖名单', '', '', ''],
      ['', '', '', ''],
      ['序号', '作品名称', '作者', '奖项'],
      ['1', '会唱歌的雨伞', '张树茂', '一等奖'],
    ];
    expect(detectHeader('awards', rows)).toMatchObject({ row: 2 });
    expect(autoMapping('awards', rows[2])).toEqual([null, 'title', 'students', 'award']);
    expect(detectHeader('roster', [['编号', '成绩']]).score).toBe(0);
  });
});

describe('text files', () => {
  it('detects UTF-8 with and without BOM, GBK and UTF-16', () => {
    const text = '姓名,班级\r\n张树茂,五(2)\r\n';
    expect(decodeText(Buffer.from('\ufeff' + text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'GBK' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]))).toEqual({
      text,
      encoding: 'UTF-16LE',
    });
  });

  it('parses quoted CSV cells with commas, quotes and line breaks; tabs too', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"x\ny",z\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['x\ny', 'z'],
    ]);
    expect(parseCsv('姓名\t班级\n张三\t五(2)')).toEqual([
      ['姓名', '班级'],
      ['张三', '五(2)'],
    ]);
  });
});

describe('workbooks', () => {
  it('reads .xlsx: merged title kept once, a vertical merge filled down and remembered, dates as days', async () => {
    const wb = await readWorkbook(await awardsXlsx(), '获奖名单.xlsx');
    expect(wb.format).toBe('xlsx');
    const g = wb.sheets[0];
    expect(g.rows[0].filter(Boolean)).toEqual(['2025年第二十三届天水市青少年科技创新大赛获奖名单']);
    expect(g.rows[4][1]).toBe('校园雨水收集系统');
    expect(g.rows[5][1]).toBe('校园雨水收集系统');
    expect(g.mergedFrom.get('5,1')).toBe(4);
    expect(g.rows[2][8]).toBe('2025-05-20');
  });

  it('reads .xls (BIFF8) with every worksheet', async () => {
    const wb = await readWorkbook(rosterXls(), '花名册.xls');
    expect(wb.format).toBe('xls');
    expect(wb.sheets.map((s) => s.name)).toEqual(['说明', '四(3)班']);
    expect(wb.sheets[1].rows[2]).toEqual(['刘小红', '女', '四年级', '3班', '2022031']);
  });

  it('trusts the bytes, not the file name', async () => {
    const wb = await readWorkbook(await rosterXlsx(), '花名册.xls');
    expect(wb.format).toBe('xlsx');
  });

  it('refuses a zip bomb from the directory sizes, and one whose directory lies, before parsing', async () => {
    await expect(readWorkbook(zipBomb(80 * 1024 * 1024), 'a.xlsx')).rejects.toThrow(/不能安全打开.*超过 64 MB/);
    // 12 MB of zeros behind a directory that claims 1 KB, against an 8 MB cap: stopped while inflating.
    expect(() => assertSafeXlsx(zipBomb(12 * 1024 * 1024, 1024), 8 * 1024 * 1024)).toThrow(/超过 8 MB/);
    expect(() => assertSafeXlsx(zipBomb(1024, 1024))).not.toThrow();
    expect(assertSafeXlsx(await rosterXlsx())).toBeLessThan(100_000);
  });

  it('gives a Chinese message for a file that is no sheet at all', async () => {
    await expect(readWorkbook(Buffer.from([0, 1, 2, 3, 0, 0]), '照片.xlsx')).rejects.toThrow(/无法识别/);
    await expect(readWorkbook(Buffer.alloc(0), '空.csv')).rejects.toThrow(/空的/);
    await expect(readWorkbook(Buffer.from('PK\u0003\u0004broken'), '坏.xlsx')).rejects.toThrow(/不能安全打开/);
  });
});

describe('web-page tables saved as .xls (our one-pass reader)', () => {
  it('keeps cell text only: entities, <br>, nested tables inside a cell; scripts, styles and comments dropped', async () => {
    const html = `<html><head><title>导出</title><style>td { color: red }</style><script>document.write('<table><tr><td>假</td></tr></table>')</script></head>
<body><!-- <table><tr><td>注释</td></tr></table> -->
<table><tr><th>姓名</th><th>备注</th></tr>
<tr><td>张&#x4E09;</td><td>成绩&lt;60 &amp; 需补考<br>第二行<table><tr><td>内嵌</td></tr></table></td></tr>
<tr><td colspan="99999">很宽</td></tr>
<tr><td rowspan="999999999">很高</td><td>李四</td></tr>
<tr><td>王五</td></tr>
</table></body></html>`;
    const wb = await readWorkbook(Buffer.from(html), '名单.xls');
    expect(wb.format).toBe('xls');
    expect(wb.sheets).toHaveLength(1);
    const g = wb.sheets[0];
    expect(g.name).toBe('名单');
    expect(g.rows[0].slice(0, 2)).toEqual(['姓名', '备注']);
    expect(g.rows[1].slice(0, 2)).toEqual(['张三', '成绩<60 & 需补考\n第二行内嵌']);
    expect(g.rows[2].slice(0, 2)).toEqual(['很宽', '']); // a colspan of 99999 is clamped to the 200 columns read
    // a rowspan is clamped to the rows there are: it covers 王五's first column, which moves right
    expect(g.rows[3].slice(0, 2)).toEqual(['很高', '李四']);
    expect(g.rows[4].slice(0, 2)).toEqual(['很高', '王五']);
    expect(g.rows.flat().join('')).not.toMatch(/假|注释|color|导出/);
  });

  it('a file of 2 million "<" is read in one pass: the cell is kept, cut at 1,000 characters', async () => {
    // Each '<' could be the start of a tag; a reader that looks for its '>' every time rescans the
    // whole file 2 million times (and would be stopped by the worker's time limit).
    const soup = Buffer.from(`<table><tr><td>成绩<60${'<'.repeat(2_000_000)}</td></tr></table>`);
    const g = (await readWorkbook(soup, '坏.xls')).sheets[0];
    expect(g.rows[0][0]).toHaveLength(1000);
    expect(g.rows[0][0].startsWith('成绩<60<<<')).toBe(true);
    expect(g.longCells.get('0,0')).toBe(2_000_005);
  });

  it('an unfinished tag or quote at the end stops the reading; what came before is kept', async () => {
    const g = (await readWorkbook(Buffer.from('<table><tr><td>张三</td><td a="'.padEnd(50_000, 'x')), '坏.xls'))
      .sheets[0];
    expect(g.rows).toEqual([['张三']]);
  });
});
