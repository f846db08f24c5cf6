// The files of a drop. In the browser a dropped folder arrives as one empty File, so folders are
// walked through their entries (name order, hidden and system files left out, as 从U盘导入 does).
import { isSystemFile } from '../../../shared/domain/folders';

export function droppedFiles(dt: DataTransfer): Promise<File[]> {
  // Entries must be taken while the drop event runs; reading them may go on afterwards.
  const items = [...(dt.items ?? [])].filter((i) => i.kind === 'file');
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  const files = [...dt.files];
  if (!entries.length || entries.some((e) => !e)) return Promise.resolve(files.filter((f) => !isSystemFile(f.name)));
  return Promise.all(entries.map((e) => walk(e!, 0))).then((lists) => lists.flat());
}

const byName = (x: FileSystemEntry, y: FileSystemEntry) => x.name.localeCompare(y.name, 'zh-CN', { numeric: true });

async function walk(entry: FileSystemEntry, depth: number): Promise<File[]> {
  if (isSystemFile(entry.name)) return [];
  if (entry.isFile)
    return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  if (!entry.isDirectory || depth > 32) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches (100 at a time in Chromium) until it answers none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  const out: File[] = [];
  for (const c of children.sort(byName)) out.push(...(await walk(c, depth + 1)));
  return out;
}
