// 0007: names are also found by their first syllable in full and the rest as initials
// (zhangsm → 张树茂); the search index is rebuilt so existing names get those terms.
import type { Migration } from './index';
import { reindex } from '../../search/reindex';

export const m0007: Migration = {
  version: 7,
  name: 'pinyin_mixed',
  up: (db) => { reindex(db); },
};
