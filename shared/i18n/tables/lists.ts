// Searchable pickers and paged lists: what they say about the rows they do not show. Part of the
// one i18n table (../messages.ts).

export const lists = {
  'picker.placeholder': ['输入文字或拼音首字母查找', 'Type text or pinyin initials'],
  'picker.all': ['全部', 'All'],
  'picker.none': ['请选择', 'Choose'],
  'picker.empty': ['没有找到“{text}”', 'Nothing found for “{text}”'],
  'picker.loading': ['正在查找…', 'Searching…'],
  'picker.more': ['还有 {n} 项', '{n} more'],
  'picker.showMore': ['显示更多', 'Show more'],
  'picker.graduated': ['已毕业', 'Graduated'],
  'picker.clear': ['清除', 'Clear'],
  'picker.total': ['共 {n} 项', '{n} in all'],
  'list.more': ['还有 {n} 项未显示', '{n} more not shown'],
  'list.loadingRows': ['正在载入…', 'Loading…'],
  'list.keys': ['↑↓←→ 移动 · Enter 打开 · Home/End 到首尾', 'Arrows move · Enter opens · Home/End'],
} as const;
