// Pinyin initials for searching names the way teachers type them ('zsm' finds 张树茂).
// Names are read in surname mode so 多音字 surnames come out right (曾 → z, 单 → s).
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

export function initialsOf(text: string): string {
  let v = cache.get(text);
  if (v === undefined) {
    v = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
      .map((s) => s.toLowerCase())
      .join('')
      .replace(/[^a-z0-9]/g, '');
    if (cache.size > 50_000) cache.clear();
    cache.set(text, v);
  }
  return v;
}
