// The report model as a Word file (opens in Word and WPS): A4, 黑体 title and headings, 仿宋 body,
// 宋体 tables that are real Word tables (header rows repeat on every page), photos with captions,
// and "第 X 页 共 Y 页" in the footer.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import { cellText, titleLines, type Block, type Cell, type ReportDoc } from './document';

const TNR = 'Times New Roman';
const font = (eastAsia: string) => ({ ascii: TNR, hAnsi: TNR, cs: TNR, eastAsia });
const HEI = font('黑体');
const FANG = font('仿宋');
const SONG = font('宋体');
const KAI = font('楷体');

// A4 in twips; margins as a Chinese Word template (2.54 cm top/bottom, 3.17 cm left/right).
const A4 = { w: 11906, h: 16838 };
const MARGIN = { top: 1440, bottom: 1440, left: 1800, right: 1800 };
const BODY_PT = 14;

const run = (text: string, o: Partial<IRunOptions> = {}) => new TextRun({ text, font: FANG, size: BODY_PT * 2, ...o });

function para(b: Extract<Block, { t: 'para' }>, keepNext = false): Paragraph {
  return new Paragraph({
    children: [run(b.text)],
    keepNext,
    alignment: AlignmentType.JUSTIFIED,
    indent: b.indent ? { firstLine: BODY_PT * 2 * 20 } : undefined,
    spacing: { line: 360, after: 0 },
  });
}

const cellParas = (c: Cell, small: boolean, header: boolean, left: boolean) => {
  const text = cellText(c);
  const bold = header || (typeof c !== 'string' && !!c.bold);
  const align = typeof c !== 'string' && c.align ? c.align : left ? 'left' : 'center';
  return text.split('\n').map(
    (line) =>
      new Paragraph({
        alignment:
          align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { before: 20, after: 20 },
        children: [
          new TextRun({ text: line, font: header ? HEI : SONG, size: small ? 18 : 21, bold: bold && !header }),
        ],
      }),
  );
};

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function table(b: Extract<Block, { t: 'table' }>, textWidth: number): (Paragraph | Table)[] {
  const total = b.widths.reduce((x, y) => x + y, 0);
  const cols = b.widths.map((w) => Math.floor((w / total) * textWidth));
  const small = !!b.small;
  const span = (c: Cell) => (typeof c === 'string' ? 1 : (c.colSpan ?? 1));
  const widthOf = (row: Cell[], i: number) => {
    let start = 0;
    for (let k = 0; k < i; k++) start += span(row[k]);
    return cols.slice(start, start + span(row[i])).reduce((x, y) => x + y, 0);
  };
  // Columns covered by a rowSpan from the row above start further right in this row.
  const rowsOf = (list: Cell[][], header: boolean) =>
    list.map(
      (row) =>
        new TableRow({
          tableHeader: header,
          cantSplit: true,
          children: row.map(
            (c, i) =>
              new TableCell({
                children: cellParas(c, small, header, !header && row.length === cols.length && !!b.left?.includes(i)),
                columnSpan: typeof c === 'string' ? undefined : c.colSpan,
                rowSpan: typeof c === 'string' ? undefined : c.rowSpan,
                verticalAlign: VerticalAlign.CENTER,
                width: { size: row.length === cols.length ? cols[i] : widthOf(row, i), type: WidthType.DXA },
                shading: header ? { fill: 'EDEDED' } : undefined,
              }),
          ),
        }),
    );
  const out: (Paragraph | Table)[] = [];
  if (b.caption) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 240, after: 80 },
        keepNext: true,
        children: [new TextRun({ text: b.caption, font: HEI, size: 24 })],
      }),
    );
  }
  out.push(
    new Table({
      rows: [...rowsOf(b.head, true), ...rowsOf(b.rows, false)],
      columnWidths: cols,
      width: { size: cols.reduce((x, y) => x + y, 0), type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
      // Borders and padding once for the table, not per cell: a 1,000-row list stays fast to write.
      borders: {
        top: BORDER,
        bottom: BORDER,
        left: BORDER,
        right: BORDER,
        insideHorizontal: BORDER,
        insideVertical: BORDER,
      },
      margins: { left: 60, right: 60 },
    }),
  );
  if (b.note)
    out.push(
      new Paragraph({
        spacing: { before: 40, after: 120 },
        children: [new TextRun({ text: `注：${b.note}`, font: SONG, size: 18 })],
      }),
    );
  else out.push(new Paragraph({ spacing: { after: 80 }, children: [] }));
  return out;
}

function photos(b: Extract<Block, { t: 'photos' }>, textWidth: number): Table {
  const colTw = Math.floor(textWidth / 2);
  const maxPx = Math.floor((colTw / 20) * (96 / 72)) - 16; // twips → pt → px, minus cell padding
  const cells = b.items.map((p) => {
    const scale = Math.min(maxPx / p.width, (maxPx * 0.8) / p.height);
    return new TableCell({
      width: { size: colTw, type: WidthType.DXA },
      borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
      margins: { left: 80, right: 80, top: 80, bottom: 80 },
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              type: 'jpg',
              data: p.data,
              transformation: { width: Math.round(p.width * scale), height: Math.round(p.height * scale) },
            }),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 40, after: 120 },
          children: [new TextRun({ text: p.caption, font: SONG, size: 20 })],
        }),
      ],
    });
  });
  const rows: TableRow[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const pair = cells.slice(i, i + 2);
    if (pair.length < 2)
      pair.push(
        new TableCell({
          width: { size: colTw, type: WidthType.DXA },
          borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
          children: [new Paragraph({})],
        }),
      );
    rows.push(new TableRow({ cantSplit: true, children: pair }));
  }
  return new Table({
    rows,
    columnWidths: [colTw, colTw],
    width: { size: colTw * 2, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
}

export async function toDocx(doc: ReportDoc): Promise<Buffer> {
  const landscape = !!doc.landscape;
  const margin = landscape ? { top: 1080, bottom: 1080, left: 1440, right: 1440 } : MARGIN;
  const textWidth = (landscape ? A4.h : A4.w) - margin.left - margin.right;
  const children: (Paragraph | Table)[] = [];
  let pageBreakNext = false;
  doc.blocks.forEach((b, i) => {
    switch (b.t) {
      case 'title':
        children.push(
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: titleLines(b.text).map(
              (line, k) => new TextRun({ text: line, font: HEI, size: 44, break: k ? 1 : undefined }),
            ),
          }),
        );
        break;
      case 'subtitle':
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 320 },
            children: [new TextRun({ text: b.text, font: KAI, size: 30 })],
          }),
        );
        break;
      case 'heading':
        children.push(
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            pageBreakBefore: pageBreakNext,
            keepNext: true,
            spacing: { before: 240, after: 120 },
            children: [new TextRun({ text: b.text, font: HEI, size: 32 })],
          }),
        );
        pageBreakNext = false;
        break;
      // The last paragraph travels with the 落款: no page holds the signature alone.
      case 'para':
        children.push(para(b, doc.blocks[i + 1]?.t === 'sign'));
        break;
      case 'table':
        children.push(...table(b, textWidth));
        break;
      case 'photos':
        children.push(photos(b, textWidth));
        break;
      case 'sign':
        children.push(new Paragraph({ spacing: { before: 240 }, keepNext: true, children: [] }));
        b.lines.forEach((l, k) =>
          children.push(
            new Paragraph({
              alignment: AlignmentType.RIGHT,
              keepNext: k < b.lines.length - 1,
              spacing: { line: 360 },
              children: [run(l)],
            }),
          ),
        );
        break;
      case 'pageBreak':
        pageBreakNext = true;
        break;
    }
  });
  const document = new Document({
    creator: '科技档案',
    title: doc.title,
    description: doc.title,
    styles: {
      default: { document: { run: { font: FANG, size: BODY_PT * 2 } } },
      // Real Title / Heading 1 styles (Word's navigation pane lists the sections), in 黑体, black.
      paragraphStyles: [
        {
          id: 'Title',
          name: 'Title',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: HEI, size: 44, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER },
        },
        {
          id: 'Heading1',
          name: 'heading 1',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: HEI, size: 32, color: '000000', bold: false },
          paragraph: { keepNext: true, outlineLevel: 0 },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: A4.w,
              height: A4.h,
              orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['第 ', PageNumber.CURRENT, ' 页  共 ', PageNumber.TOTAL_PAGES, ' 页'],
                    font: SONG,
                    size: 18,
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
