// What a folder walk passes over without a word, in the core (从U盘导入) and in the browser (a
// folder dropped on the page): hidden files and what Windows and macOS leave behind.
export function isSystemFile(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || /^(thumbs\.db|desktop\.ini|ehthumbs\.db|icon\r)$/i.test(name);
}
