// 0007: names are also found by their first syllable in full and the rest as initials
// (zhangsm → 张树茂); the search index is rebuilt so existing names get those terms.
// Frozen SQL as of v7: it empties the index and fills it the way v2 did.
import type { Migration } from './migration';
import { FILL_V2 } from './0002_search';

export const m0007: Migration = {
  version: 7,
  name: 'pinyin_mixed',
  up: (db) => {
    db.exec(`INSERT INTO search_fts (search_fts) VALUES ('delete-all'); INSERT INTO search_titles (search_titles) VALUES ('delete-all');
      DELETE FROM search_docs;`);
    db.exec(FILL_V2);
  },
};
