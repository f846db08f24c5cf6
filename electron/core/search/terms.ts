// How text becomes index terms, and a query becomes an FTS5 expression. One place for both sides,
// so the index and the queries can never disagree.
//
// Chinese has no spaces and FTS5 `trigram` finds nothing under three characters, so a run of Han
// characters is indexed as overlapping bigrams, one term per character position (the last character
// of a run alone): 西湖边 → 西湖 湖边 边. Any substring of two or more characters is then a phrase of
// consecutive bigrams ("湖边" → 湖边), and a single character is a prefix term (湖*). Words in other
// scripts and numbers are one term each (3D打印 → 3d 打印 印; DV → dv). Pinyin of names and titles goes
// in its own column: full and initials, from every character position (张树茂 → zhangshumao zsm shumao sm mao m).
import { pinyin, polyphonic } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

export interface Segment {
  han: boolean;
  text: string;
}

/** Full-width → half-width, lower case; the same on both sides of the index. */
export function normalize(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** Runs of Han characters and runs of other letters/digits; everything else separates. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let cur: Segment | null = null;
  for (const ch of normalize(text)) {
    const han = HAN.test(ch);
    if (!han && !WORD_CHAR.test(ch)) {
      cur = null;
      continue;
    }
    if (cur && cur.han === han) cur.text += ch;
    else out.push((cur = { han, text: ch }));
  }
  return out;
}

/** Index terms of a text, space separated (the FTS5 `ascii` tokenizer splits on the spaces). */
export function textTerms(text: string | null | undefined): string {
  if (!text) return '';
  const terms: string[] = [];
  for (const seg of segments(text)) {
    if (!seg.han) {
      terms.push(seg.text);
      continue;
    }
    const cs = [...seg.text];
    for (let i = 0; i < cs.length; i++) terms.push(i + 1 < cs.length ? cs[i] + cs[i + 1] : cs[i]);
  }
  return terms.join(' ');
}

// ---- pinyin -------------------------------------------------------------------------

/** Longest stretch of characters a pinyin term covers (a pinyin query rarely spans more). */
const PINYIN_WINDOW = 8;
/** Name readings multiply (曾 zeng/ceng × 单 shan/dan/chan…): keep at most this many per start. */
const MAX_COMBOS = 64;

/** ü is typed as v by most input methods, as u by some: accept both. */
function withU(readings: string[]): string[] {
  const out = new Set<string>();
  for (const r of readings) {
    const v = r.replace(/ü/g, 'v');
    if (/^[a-z]+$/.test(v)) out.add(v);
    if (v.includes('v')) out.add(v.replace(/v/g, 'u'));
  }
  return [...out];
}

const allReadings = new Map<string, string[]>();
/** Every reading of one Han character (cached: the archive has a few thousand distinct ones). */
function readingsOfChar(ch: string): string[] {
  let r = allReadings.get(ch);
  if (!r) allReadings.set(ch, (r = withU(polyphonic(ch, { toneType: 'none', type: 'array', v: true })[0] ?? [])));
  return r;
}

/**
 * Readings of each character, one entry per code point of `text` (so ranges map back to it);
 * non-Han characters get none.
 * - 'title': the reading in context (行 in 银行 is hang).
 * - 'name': every reading of every character (曾 zeng and ceng, 单 shan, dan and chan), the
 *   surname reading first, so no name is unreachable.
 * - 'any': every reading, without context (cheap; for highlighting what the index already matched).
 */
export function readingsOf(text: string, mode: 'title' | 'name' | 'any'): string[][] {
  const chars = [...text].map((c) => c.normalize('NFKC'));
  const context =
    mode === 'any'
      ? []
      : pinyin(chars.join(''), { toneType: 'none', type: 'array', v: true, surname: mode === 'name' ? 'head' : 'off' });
  const aligned = context.length === chars.length;
  return chars.map((ch, i) => {
    if ([...ch].length !== 1 || !HAN.test(ch)) return [];
    if (mode === 'any') return readingsOfChar(ch);
    const first = withU([aligned ? context[i] : pinyin(ch, { toneType: 'none', v: true })]);
    return mode === 'name' ? [...new Set([...first, ...readingsOfChar(ch)])] : first;
  });
}

/**
 * Pinyin terms of a name or title: full and initials of every window starting at each Han
 * character. Names also get the way teachers often type them, the first syllable in full and the
 * rest as initials (张树茂 → zhangsm, and shum from 树).
 */
export function pinyinTerms(text: string | null | undefined, isName: boolean): string {
  if (!text) return '';
  const readings = readingsOf(text, isName ? 'name' : 'title');
  const terms = new Set<string>();
  for (let i = 0; i < readings.length; i++) {
    if (!readings[i].length) continue;
    const end = Math.min(readings.length, i + PINYIN_WINDOW);
    let full: string[] = [''];
    let initials: string[] = [''];
    let mixed: string[] = [''];
    for (let j = i; j < end && readings[j].length; j++) {
      const rs = readings[j];
      const head = j === i;
      if (rs.length === 1 && full.length === 1 && initials.length === 1 && mixed.length === 1) {
        full[0] += rs[0];
        initials[0] += rs[0][0];
        mixed[0] += head ? rs[0] : rs[0][0];
        continue;
      }
      full = full.flatMap((f) => rs.map((r) => f + r)).slice(0, MAX_COMBOS);
      initials = [...new Set(initials.flatMap((f) => rs.map((r) => f + r[0])))].slice(0, MAX_COMBOS);
      mixed = [...new Set(mixed.flatMap((f) => rs.map((r) => f + (head ? r : r[0]))))].slice(0, MAX_COMBOS);
    }
    for (const t of full) terms.add(t);
    for (const t of initials) terms.add(t);
    if (isName) for (const t of mixed) terms.add(t);
  }
  return [...terms].join(' ');
}

// ---- queries --------------------------------------------------------------------------

export interface QueryPart {
  /** Segments of one whitespace-separated part of the query. */
  segments: Segment[];
  /** The FTS5 phrase for the text columns. */
  phrase: string;
  /** Letters only (2+): also tried as pinyin. */
  pinyin: string | null;
}

const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

/**
 * The phrase a part becomes. A Han run of m characters is its m-1 bigrams; its last character
 * is a term of its own only when something follows it in the query (then the run must end there
 * in the record too). The query's last term is a prefix: 航 finds 航模, "robo" finds robot.
 */
function phraseOf(segs: Segment[]): string {
  const terms: string[] = [];
  let prefix = false;
  segs.forEach((seg, k) => {
    const last = k === segs.length - 1;
    if (!seg.han) {
      terms.push(seg.text);
      prefix = last;
      return;
    }
    const cs = [...seg.text];
    for (let i = 0; i + 1 < cs.length; i++) terms.push(cs[i] + cs[i + 1]);
    if (!last || cs.length === 1) terms.push(cs[cs.length - 1]);
    prefix = last && cs.length === 1;
  });
  return `${quote(terms.join(' '))}${prefix ? ' *' : ''}`;
}

export function parseQuery(text: string): QueryPart[] {
  return text
    .split(/\s+/)
    .map((raw) => {
      const segs = segments(raw);
      if (!segs.length) return null;
      const letters = normalize(raw).replace(/['’]/g, '');
      return { segments: segs, phrase: phraseOf(segs), pinyin: /^[a-z]{2,}$/.test(letters) ? letters : null };
    })
    .filter((p): p is QueryPart => p !== null);
}

/** Which columns a query looks in: everywhere, or only titles (names) and their pinyin. */
export type Scope = 'all' | 'title' | 'titleStart';

/**
 * The FTS5 MATCH expression: every part must match (AND); a part matches the text columns of the
 * scope, or, when it is letters only, the pinyin. "zhang shu mao" typed with spaces is also tried
 * joined. 'titleStart': the first part begins the title (^), the others are in the title.
 */
export function matchExpression(parts: readonly QueryPart[], scope: Scope = 'all'): string {
  const cols = scope === 'all' ? '{title body}' : '{title}';
  const one = (p: QueryPart, k: number) => {
    if (scope === 'titleStart' && k === 0) return `(${cols} : ^ ${p.phrase})`;
    const text = `${cols} : ${p.phrase}`;
    return p.pinyin ? `(${text} OR {pinyin} : ${quote(p.pinyin)} *)` : `(${text})`;
  };
  const all = parts.map(one).join(' AND ');
  if (scope !== 'titleStart' && parts.length > 1 && parts.every((p) => p.pinyin)) {
    return `(${all}) OR {pinyin} : ${quote(parts.map((p) => p.pinyin).join(''))} *`;
  }
  return all;
}
