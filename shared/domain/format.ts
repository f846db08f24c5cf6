// How dates, names and counts are written for the teacher.

/** '2025-03-05' → '2025年3月5日'. */
export function formatDateZh(date: string | null | undefined): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

export function formatRangeZh(from: string, to?: string | null): string {
  if (!to || to === from) return formatDateZh(from);
  if (from.slice(0, 4) === to.slice(0, 4)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(to)!;
    return `${formatDateZh(from)}至${Number(m[2])}月${Number(m[3])}日`;
  }
  return `${formatDateZh(from)}至${formatDateZh(to)}`;
}

/** Mask a name for export: 张树茂 → 张*茂, 李明 → 李*, 欧阳晓明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** Normalise text a teacher typed or pasted: full-width spaces, runs of blanks. */
export function cleanText(s: string): string {
  return s.replace(/[\u3000\u00a0\t\r\n]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

const DIGITS = '零一二三四五六七八九';
/** 1..99 → 一..九十九 (for 届次 and section numbers). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? DIGITS[n % 10] : '');
  if (n < 100) return DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? DIGITS[n % 10] : '');
  return String(n);
}

/** '1.9 GB': a size the teacher reads (binary units, as Windows shows them). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}
