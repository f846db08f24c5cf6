// CSV files as Excel in China saves them: UTF-8 with or without BOM, GBK (GB18030), or UTF-16
// ("Unicode text"). The encoding is detected, never asked: valid UTF-8 is UTF-8, else GB18030.
import iconv from 'iconv-lite';

export type TextEncoding = 'UTF-8' | 'GBK' | 'UTF-16LE' | 'UTF-16BE';

export function decodeText(buf: Buffer): { text: string; encoding: TextEncoding } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.toString('utf8', 3), encoding: 'UTF-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf16le'), encoding: 'UTF-16LE' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf16be'), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    // GB18030 is a superset of GBK and GB2312: every byte sequence Excel writes decodes.
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'GBK' };
  }
}

/** Thrown by parseCsv when the text holds more rows than asked for (the reading stops there). */
export class RowLimit extends Error {}

/**
 * RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes); the delimiter is guessed from the
 * first lines. Stops with RowLimit as soon as a row beyond `maxRows` starts.
 */
export function parseCsv(text: string, maxRows = Infinity): string[][] {
  const delim = guessDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      i++;
      continue;
    }
    if (c === delim) {
      row.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (rows.length > maxRows) throw new RowLimit();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += c;
    i++;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  if (rows.length > maxRows) throw new RowLimit();
  return rows;
}

function guessDelimiter(text: string): string {
  const head = text.split(/\r?\n/, 10).join('\n');
  const score = (d: string) => head.split(d).length;
  return [',', '\t', ';'].reduce((best, d) => (score(d) > score(best) ? d : best), ',');
}
