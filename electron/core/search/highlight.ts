// Where a query matched inside the text shown, for <mark>: ranges in UTF-16 code units of the
// original string (the index matched on normalized text: full-width, case; we map back).
import type { Range } from '../../../shared/calls/search';
import { normalize, readingsOf, type QueryPart } from './terms';

interface Normalized {
  text: string;
  start: number[] | null;
  end: number[] | null;
}

/**
 * Normalizes, remembering where each normalized unit came from. Most text is unchanged in length
 * (Chinese, lower case, half-width), and then positions are the same: no map needed.
 */
function normalizeMapped(s: string): Normalized {
  const whole = normalize(s);
  if (whole.length === s.length) return { text: whole, start: null, end: null };
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const cp of s) {
    const n = normalize(cp);
    for (let k = 0; k < n.length; k++) {
      start.push(i);
      end.push(i + cp.length);
    }
    text += n;
    i += cp.length;
  }
  return { text, start, end };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern a part matches in text: its segments in order, anything but letters/digits between. */
export function partPattern(part: QueryPart): string {
  return part.segments.map((s) => escape(s.text)).join('[^\\p{L}\\p{N}]*');
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Finds every occurrence of the parts of one query (patterns compiled once per query). */
export function matcher(parts: readonly QueryPart[]): (text: string) => Range[] {
  const patterns = parts.map((p) => new RegExp(partPattern(p), 'gu'));
  return (text) => {
    if (!text || !patterns.length) return [];
    const n = normalizeMapped(text);
    const ranges: Range[] = [];
    for (const re of patterns) {
      for (const m of n.text.matchAll(re)) {
        if (!m[0].length) continue;
        const s = m.index!;
        const e = s + m[0].length;
        ranges.push(n.start ? [n.start[s], n.end![e - 1]] : [s, e]);
      }
    }
    return merge(ranges);
  };
}

/** Every occurrence of every part. */
export function textRanges(text: string, parts: readonly QueryPart[]): Range[] {
  return matcher(parts)(text);
}

/**
 * The characters whose pinyin spells `letters`: each character by its full reading or its initial,
 * the last one possibly cut short (zsm, zhangshumao, zhangsm, shum → 树茂). Null if none.
 */
export function pinyinRange(text: string, letters: string): Range | null {
  if (!text || !letters) return null;
  const chars = [...text];
  const readings = readingsOf(text, 'any');
  const offsets: number[] = [];
  let o = 0;
  for (const c of chars) {
    offsets.push(o);
    o += c.length;
  }
  offsets.push(o);
  const walk = (j: number, pos: number): number => {
    if (pos === letters.length) return j;
    if (j >= chars.length || !readings[j].length) return -1;
    const rest = letters.slice(pos);
    for (const r of readings[j]) {
      if (r.startsWith(rest)) return j + 1;
      if (rest.startsWith(r)) {
        const e = walk(j + 1, pos + r.length);
        if (e >= 0) return e;
      }
      if (r[0] === rest[0]) {
        const e = walk(j + 1, pos + 1);
        if (e >= 0) return e;
      }
    }
    return -1;
  };
  for (let i = 0; i < chars.length; i++) {
    if (!readings[i].length) continue;
    const e = walk(i, 0);
    if (e > i) return [offsets[i], offsets[e]];
  }
  return null;
}

const SNIPPET_BEFORE = 16;
const SNIPPET_LENGTH = 72;

/** A window of the body around its first match, on one line, with the ranges inside it. */
export function snippetOf(body: string, find: (text: string) => Range[]): { text: string; ranges: Range[] } | null {
  const ranges = find(body);
  if (!ranges.length) return null;
  let from = Math.max(0, ranges[0][0] - SNIPPET_BEFORE);
  let to = Math.min(body.length, from + SNIPPET_LENGTH);
  // never cut a surrogate pair in half
  if (from > 0 && /[\udc00-\udfff]/.test(body[from])) from--;
  if (to < body.length && /[\udc00-\udfff]/.test(body[to])) to++;
  const lead = from > 0 ? '…' : '';
  const text = lead + body.slice(from, to).replace(/\s/g, ' ') + (to < body.length ? '…' : '');
  const inside = ranges
    .filter((r) => r[0] < to && r[1] > from)
    .map((r): Range => [Math.max(r[0], from) - from + lead.length, Math.min(r[1], to) - from + lead.length]);
  return { text, ranges: inside };
}
