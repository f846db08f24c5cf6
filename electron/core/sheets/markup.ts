// Tables saved as ".xls" by web systems: an HTML page with <table>, or SpreadsheetML 2003 XML
// (<Workbook><Worksheet><Table><Row><Cell><Data>). SheetJS reads these through scanners that
// go quadratic on hostile input (rowspans, many tables: a 900 KB file took 46 s in 0.18.5, and an
// 89 KB file of rowspans still takes 2 s in 0.20.3), so they are read here instead, in one pass:
// every character is looked at a bounded number of times, and every span is clamped to the
// sheet's limits. Only table structure and cell text are kept; scripts, styles and comments are
// skipped, never run.
import { SHEET_LIMITS } from '../../../shared/calls/sheets';
import { translate } from '../../../shared/i18n/messages';
import { invalid } from '../errors';

export interface Merge {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}
export interface RawSheet {
  name: string;
  rows: string[][];
  merges: Merge[];
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  middot: '·',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  times: '×',
  copy: '©',
  reg: '®',
};

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** name="v" / name='v' / name=v / name, in one tag's attribute text. */
function attributes(src: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) out.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

const int = (v: string | undefined, min: number, max: number, dflt: number) => {
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
};

class SheetBuilder {
  rows: string[][] = [];
  merges: Merge[] = [];
  /** Per column, the last row a rowspan above still covers. */
  private covered: number[] = [];
  r = -1;
  c = 0;
  private cellRow = -1;
  private cellCol = -1;
  private parts: string[] = [];
  private chars = 0;
  type = '';

  constructor(public name: string) {}

  newRow(at?: number) {
    this.endCell();
    this.r = at !== undefined ? Math.max(this.r + 1, at) : this.r + 1;
    if (this.r >= SHEET_LIMITS.sheetRows)
      throw invalid(translate('sheets.refuse.tooManyRows', { sheet: this.name, limit: SHEET_LIMITS.dataRows }));
    this.c = 0;
  }

  /** Opens a cell at the next free column (or `at`), spanning `across` × `down`. */
  newCell(across: number, down: number, at?: number) {
    this.endCell();
    if (this.r < 0) this.newRow();
    let c = at !== undefined ? Math.max(this.c, at) : this.c;
    while (c < SHEET_LIMITS.columns && (this.covered[c] ?? -1) >= this.r) c++;
    const last = Math.min(SHEET_LIMITS.columns - 1, c + across - 1);
    const bottom = Math.min(SHEET_LIMITS.sheetRows - 1, this.r + down - 1);
    if (c >= SHEET_LIMITS.columns) {
      this.c = c;
      this.cellRow = -1;
      return;
    } // beyond the columns read: text dropped
    if (bottom > this.r) for (let k = c; k <= last; k++) this.covered[k] = bottom;
    if (last > c || bottom > this.r) this.merges.push({ r0: this.r, c0: c, r1: bottom, c1: last });
    this.cellRow = this.r;
    this.cellCol = c;
    this.c = last + 1;
  }

  text(s: string) {
    if (this.cellRow < 0 || !s) return;
    this.parts.push(s);
    this.chars += s.length;
  }

  endCell() {
    if (this.cellRow < 0) return;
    let v = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    if (this.type === 'datetime' && /^\d{4}-\d{2}-\d{2}T/.test(v)) v = v.slice(0, 10);
    else if (this.type === 'number' && /^-?\d+\.\d{10,}$/.test(v.trim())) v = String(Number(Number(v).toPrecision(12)));
    (this.rows[this.cellRow] ??= [])[this.cellCol] = v;
    this.cellRow = -1;
    this.parts = [];
    this.chars = 0;
    this.type = '';
  }

  hasCells() {
    return this.rows.some((r) => r?.some((v) => v && v.trim()));
  }
}

/**
 * Reads the tables of an HTML page or a SpreadsheetML workbook. `baseName` names an HTML page's
 * only table (more tables get 表2, 表3…). Throws a Chinese message at the first limit crossed.
 */
export function readMarkup(text: string, baseName: string, fileName: string): RawSheet[] {
  const xml =
    /<(?:\w+:)?Workbook[\s>]/.test(text.slice(0, 64 * 1024)) &&
    /urn:schemas-microsoft-com:office:spreadsheet/.test(text.slice(0, 64 * 1024));
  const sheets: SheetBuilder[] = [];
  let cur = null as SheetBuilder | null;
  let tableDepth = 0;
  let inCell = false;
  let skipText = 0; // inside <Comment> of SpreadsheetML
  const n = text.length;
  let i = 0;

  const addSheet = (name: string) => {
    cur?.endCell();
    if (cur && cur.hasCells()) sheets.push(cur);
    if (sheets.length >= SHEET_LIMITS.sheets)
      throw invalid(
        translate('sheets.refuse.tooManySheets', {
          name: fileName,
          n: `${SHEET_LIMITS.sheets}+`,
          limit: SHEET_LIMITS.sheets,
        }),
      );
    cur = new SheetBuilder(name);
  };
  const addText = (raw: string) => {
    if (!cur || !inCell || skipText) return;
    const t = decodeEntities(xml ? raw : raw.replace(/[ \t\r\n\f]+/g, ' '));
    cur.text(t);
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(text.slice(i));
      break;
    }
    if (lt > i) addText(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (cur && inCell && !skipText) cur.text(text.slice(lt + 9, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    // A '<' not followed by a tag name is text ("成绩<60"): decided here, before looking for a
    // '>', so a run of such '<' never rescans the rest of the file.
    const next = text.charCodeAt(lt + 1);
    const isName = (ch: number) => (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
    if (!(
      isName(next) ||
      next === 33 /* ! */ ||
      next === 63 /* ? */ ||
      (next === 47 /* / */ && isName(text.charCodeAt(lt + 2)))
    )) {
      addText('<');
      i = lt + 1;
      continue;
    }
    // The tag's end: the first '>' outside quotes.
    let j = lt + 1;
    let quote = '';
    for (; j < n; j++) {
      const ch = text[j];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    if (j >= n) break; // an unfinished tag at the end: nothing more to read
    const tag = text.slice(lt + 1, j);
    i = j + 1;
    if (tag[0] === '!' || tag[0] === '?') continue;
    const closing = tag[0] === '/';
    const m = /^\/?\s*([A-Za-z][\w:.-]*)/.exec(tag);
    if (!m) continue;
    const full = m[1];
    const local = (full.includes(':') ? full.slice(full.lastIndexOf(':') + 1) : full).toLowerCase();
    const selfClosing = tag.endsWith('/');
    const attrs = () => attributes(tag.slice(m[0].length, selfClosing ? -1 : undefined));

    if (!xml && !closing && (local === 'script' || local === 'style' || local === 'textarea' || local === 'title')) {
      const re = new RegExp(`</${local}\\s*>`, 'gi');
      re.lastIndex = i;
      const end = re.exec(text);
      i = end ? end.index + end[0].length : n;
      continue;
    }

    if (xml) {
      if (local === 'worksheet' && !closing) {
        addSheet(attrs().get('ss:name') ?? attrs().get('name') ?? `Sheet${sheets.length + 1}`);
        continue;
      }
      if (!cur) continue;
      const c: SheetBuilder = cur;
      if (local === 'row') {
        if (closing) {
          c.endCell();
          inCell = false;
          continue;
        }
        const a = attrs();
        const idx = a.get('ss:index') ?? a.get('index');
        c.newRow(idx !== undefined ? int(idx, 1, SHEET_LIMITS.sheetRows + 1, 1) - 1 : undefined);
        continue;
      }
      if (local === 'cell') {
        if (closing) {
          c.endCell();
          inCell = false;
          continue;
        }
        const a = attrs();
        const idx = a.get('ss:index') ?? a.get('index');
        const across = int(a.get('ss:mergeacross') ?? a.get('mergeacross'), 0, SHEET_LIMITS.columns, 0) + 1;
        const down = int(a.get('ss:mergedown') ?? a.get('mergedown'), 0, SHEET_LIMITS.sheetRows, 0) + 1;
        c.newCell(across, down, idx !== undefined ? int(idx, 1, SHEET_LIMITS.columns + 1, 1) - 1 : undefined);
        inCell = !selfClosing;
        if (selfClosing) c.endCell();
        continue;
      }
      if (local === 'data' && !closing) {
        c.type = (attrs().get('ss:type') ?? attrs().get('type') ?? '').toLowerCase();
        continue;
      }
      if (local === 'comment') {
        if (closing) skipText = Math.max(0, skipText - 1);
        else if (!selfClosing) skipText++;
        continue;
      }
      if (local === 'br' && inCell) c.text('\n');
      continue;
    }

    // HTML
    if (local === 'table') {
      if (closing) {
        if (tableDepth === 1) {
          cur?.endCell();
          inCell = false;
        }
        tableDepth = Math.max(0, tableDepth - 1);
      } else if (!selfClosing) {
        tableDepth++;
        if (tableDepth === 1)
          addSheet(
            sheets.length === 0 && !cur
              ? baseName
              : translate('core.sheets.nthTable', { name: baseName, n: sheets.length + 2 }),
          );
      }
      continue;
    }
    if (tableDepth !== 1 || !cur) {
      if (local === 'br' && inCell && cur) (cur as SheetBuilder).text('\n');
      continue;
    }
    const c: SheetBuilder = cur;
    if (local === 'tr') {
      c.endCell();
      inCell = false;
      if (!closing) c.newRow();
      continue;
    }
    if (local === 'td' || local === 'th') {
      if (closing) {
        c.endCell();
        inCell = false;
        continue;
      }
      const a = attrs();
      c.newCell(int(a.get('colspan'), 1, SHEET_LIMITS.columns, 1), int(a.get('rowspan'), 1, SHEET_LIMITS.sheetRows, 1));
      inCell = !selfClosing;
      if (selfClosing) c.endCell();
      continue;
    }
    if (inCell && (local === 'br' || (closing && (local === 'p' || local === 'div' || local === 'li')))) c.text('\n');
  }
  const last = cur as SheetBuilder | null;
  last?.endCell();
  if (last && last.hasCells()) sheets.push(last);
  return sheets.map((s) => ({
    name: s.name,
    rows: Array.from(s.rows, (r) => (r ? Array.from(r, (v) => v ?? '') : [])),
    merges: s.merges,
  }));
}
