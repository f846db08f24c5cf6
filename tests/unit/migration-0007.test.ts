// Migration 0007_pinyin_mixed: names already in an archive become findable as surname in full +
// initials (zhangsm), without anyone running `keji reindex`.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { createPerson } from '../../electron/core/people/queries';
import { searchQuery } from '../../electron/core/search/query';
import { pinyinTerms } from '../../electron/core/search/terms';
import { SearchInput } from '../../shared/calls/search';
import { staleDocs } from '../../electron/core/search/reindex';
import { tempDir, testClock } from './helpers';

describe('migration 0007_pinyin_mixed', () => {
  it('rebuilds the index of a v6 archive so old names answer the mixed spelling', () => {
    const dir = path.join(tempDir(), 'a');
    const v6 = openArchive(dir, { create: true, targetVersion: 6, clock: testClock() });
    // Index the way v6 did: every reading in full and as initials, no mixed spelling.
    v6.db.function('keji_pinyin', { deterministic: true }, (text: unknown, _isName: unknown) =>
      pinyinTerms(text == null ? null : String(text), false),
    );
    createPerson(v6, { kind: 'student', name: '张树茂', entryYear: 2021, classNo: 2 });
    createPerson(v6, { kind: 'student', name: '曾小红', entryYear: 2021, classNo: 1 });
    const names = (x: typeof v6, q: string) =>
      searchQuery(x, SearchInput.parse({ text: q })).groups.flatMap((g) => g.hits.map((h) => h.title));
    expect(names(v6, 'zhangsm')).toEqual([]);
    expect(names(v6, 'zsm')).toEqual(['张树茂']);
    v6.close();

    const a = openArchive(dir, { targetVersion: 7, clock: testClock() });
    expect(a.db.pragma('user_version', { simple: true })).toBe(7);
    expect(names(a, 'zhangsm')).toEqual(['张树茂']);
    expect(names(a, 'zengxh')).toEqual(['曾小红']);
    expect(names(a, 'cengxh')).toEqual(['曾小红']);
    expect(names(a, 'zsm')).toEqual(['张树茂']);
    expect(staleDocs(a.db)).toEqual([]);
    a.close();
  });
});
