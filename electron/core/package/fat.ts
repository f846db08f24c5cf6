// Rules that keep a package readable on FAT32, exFAT and NTFS sticks and on Windows PCs.
import path from 'node:path';
import { localIsoDate } from '../../../shared/domain/format';
import { translate } from '../../../shared/i18n/messages';

/** FAT32 cannot hold a file of 4 GiB or more. */
export const FAT32_MAX_FILE = 4 * 1024 ** 3 - 1;
/** Windows' MAX_PATH is 260; stay well under it so the folder can be copied one level deeper. */
export const MAX_WINDOWS_PATH = 240;

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A name legal on FAT32/exFAT/NTFS: no `<>:"/\|?*` or control characters, no trailing dot or
 * space, not a DOS device name, at most `max` characters.
 */
export function safeFileName(name: string, max = 80): string {
  let s = name
    .normalize('NFC')
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  s = [...s].slice(0, max).join('');
  s = s.replace(/[. ]+$/, '');
  if (!s) s = '_';
  if (RESERVED.test(s)) s = `_${s}`;
  return s;
}

/** `科技档案_<学校>_<YYYYMMDD>`, safe on every file system. */
export function packageName(school: string, date: Date): string {
  const d = localIsoDate(date).replace(/-/g, '');
  return translate('package.folderName', {
    school: safeFileName(school || translate('package.folderName.noSchool'), 30),
    date: d,
  });
}

/** The longest path a package will create under `target`, as the OS sees it. */
export function longestPath(
  target: string,
  name: string,
  relPaths: Iterable<string>,
): { path: string; length: number } {
  // Every path shares the folder's prefix and a rel's parts are plain names ('/' becomes one
  // separator), so the longest rel makes the longest path: one join, not one per file.
  let best = '';
  for (const rel of relPaths) if (rel.length > best.length) best = rel;
  if (!best) return { path: '', length: 0 };
  const p = path.join(target, `${name}.partial`, ...best.split('/'));
  return { path: p, length: p.length }; // UTF-16 code units, as Windows counts them
}
