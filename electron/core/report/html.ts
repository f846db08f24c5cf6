// The report model as one self-contained HTML page (photos inlined, no request leaves it):
// what the PDF is printed from, and a preview a browser can open. A4 print CSS with the same
// fonts as the Word file, falling back to the Noto CJK fonts Linux machines have.
import { cellText, titleLines, type Block, type Cell, type ReportDoc } from './document';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const FONTS = {
  hei: '"SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif',
  fang: '"FangSong", "仿宋", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif',
  song: '"SimSun", "宋体", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", serif',
  kai: '"KaiTi", "楷体", "楷体_GB2312", "STKaiti", "Noto Serif CJK SC", serif',
};

function cell(c: Cell, tag: 'td' | 'th', left: boolean): string {
  const text = cellText(c);
  const attrs: string[] = [];
  if (typeof c !== 'string') {
    if (c.colSpan && c.colSpan > 1) attrs.push(`colspan="${c.colSpan}"`);
    if (c.rowSpan && c.rowSpan > 1) attrs.push(`rowspan="${c.rowSpan}"`);
  }
  const align = typeof c !== 'string' && c.align ? c.align : left ? 'left' : 'center';
  const cls = [
    tag === 'td' && align === 'left' ? 'l' : '',
    tag === 'td' && align === 'right' ? 'r' : '',
    typeof c !== 'string' && c.bold ? 'b' : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (cls) attrs.push(`class="${cls}"`);
  return `<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${esc(text).replace(/\n/g, '<br>')}</${tag}>`;
}

function block(b: Block): string {
  switch (b.t) {
    case 'title':
      return `<h1>${titleLines(b.text).map(esc).join('<br>')}</h1>`;
    case 'subtitle':
      return `<p class="subtitle">${esc(b.text)}</p>`;
    case 'heading':
      return `<h2>${esc(b.text)}</h2>`;
    case 'para':
      return `<p${b.indent ? ' class="indent"' : ''}>${esc(b.text)}</p>`;
    case 'table': {
      const total = b.widths.reduce((x, y) => x + y, 0);
      const cols = b.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('');
      return (
        `<figure class="table${b.small ? ' small' : ''}">${b.caption ? `<figcaption>${esc(b.caption)}</figcaption>` : ''}<table><colgroup>${cols}</colgroup>` +
        `${b.head.length ? `<thead>${b.head.map((r) => `<tr>${r.map((c) => cell(c, 'th', false)).join('')}</tr>`).join('')}</thead>` : ''}` +
        `<tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => cell(c, 'td', r.length === b.widths.length && !!b.left?.includes(i))).join('')}</tr>`).join('')}</tbody></table>` +
        `${b.note ? `<p class="note">注：${esc(b.note)}</p>` : ''}</figure>`
      );
    }
    case 'photos':
      return `<div class="photos">${b.items.map((p) => `<figure class="photo"><img src="data:image/jpeg;base64,${p.data.toString('base64')}" width="${p.width}" height="${p.height}" alt="${esc(p.caption)}"><figcaption>${esc(p.caption)}</figcaption></figure>`).join('')}</div>`;
    case 'sign':
      return `<div class="sign">${b.lines.map((l) => `<p>${esc(l)}</p>`).join('')}</div>`;
    case 'pageBreak':
      return '<div class="break"></div>';
  }
}

export function toHtml(doc: ReportDoc): string {
  const size = doc.landscape ? 'A4 landscape' : 'A4';
  const margin = doc.landscape ? '19mm 25mm 22mm' : '25mm 28mm 25mm';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(doc.title)}</title>
<style>
@page { size: ${size}; margin: ${margin}; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONTS.fang}; font-size: 14pt; line-height: 1.6; color: #000; }
@media screen { body { max-width: ${doc.landscape ? '250mm' : '160mm'}; margin: 24px auto; padding: 0 16px; } }
h1 { font-family: ${FONTS.hei}; font-weight: normal; font-size: 22pt; text-align: center; margin: 0 0 8pt; line-height: 1.35; }
.subtitle { font-family: ${FONTS.kai}; font-size: 15pt; text-align: center; margin: 0 0 18pt; }
h2 { font-family: ${FONTS.hei}; font-weight: normal; font-size: 16pt; margin: 14pt 0 6pt; break-after: avoid; page-break-after: avoid; }
p { margin: 0; text-align: justify; }
p.indent { text-indent: 2em; }
.sign { margin-top: 18pt; text-align: right; break-before: avoid; page-break-before: avoid; break-inside: avoid; }
.sign p { text-align: right; }
.break { break-after: page; page-break-after: always; }
figure { margin: 0; }
figure.table { margin: 12pt 0 10pt; }
figure.table figcaption { font-family: ${FONTS.hei}; font-size: 12pt; text-align: center; margin-bottom: 4pt; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-family: ${FONTS.song}; font-size: 10.5pt; line-height: 1.35; }
.small table { font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; overflow-wrap: anywhere; }
th { font-family: ${FONTS.hei}; font-weight: normal; background: #ededed; }
td.l { text-align: left; }
td.r { text-align: right; }
td.b { font-weight: bold; }
.note { font-family: ${FONTS.song}; font-size: 9pt; margin-top: 3pt; }
.photos { display: grid; grid-template-columns: 1fr 1fr; gap: 10pt 14pt; }
.photo { break-inside: avoid; page-break-inside: avoid; text-align: center; }
.photo img { display: block; margin: 0 auto; width: 100%; height: 62mm; object-fit: contain; }
.photo figcaption { font-family: ${FONTS.song}; font-size: 10pt; margin-top: 3pt; }
</style></head>
<body>
${doc.blocks.map(block).join('\n')}
</body></html>`;
}
