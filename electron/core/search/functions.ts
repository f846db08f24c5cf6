// SQL functions the search triggers call. Registered on every connection right after it opens
// (db/open.ts) and by migration 0002 itself, so a write to any indexed table can update the index
// in its own transaction. A connection without them cannot write indexed rows ("no such function").
import type Database from 'better-sqlite3';
import { pinyinTerms, textTerms } from './terms';

export function registerSearchFunctions(db: Database.Database): void {
  db.function('keji_terms', { deterministic: true }, (text: unknown) => textTerms(text == null ? null : String(text)));
  // A doc's pinyin goes into two FTS tables, one statement after the other: compute it once.
  let last = { key: '', terms: '' };
  db.function('keji_pinyin', { deterministic: true }, (text: unknown, isName: unknown) => {
    const key = `${Number(isName)}${text ?? ''}`;
    if (key !== last.key) last = { key, terms: pinyinTerms(text == null ? null : String(text), Number(isName) === 1) };
    return last.terms;
  });
}
