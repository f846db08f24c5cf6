// How dates, names and counts are written for the teacher.
import { translate } from '../i18n/messages';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** What is wrong with a 'YYYY-MM-DD' date: 'format' (not that shape), 'month' (no such month),
 * 'day' (no such day in that month: 2024-02-30), or null for a real calendar day. */
export function dateProblemOf(date: string | null | undefined): 'format' | 'month' | 'day' | null {
  const m = ISO.exec(date ?? '');
  if (!m) return 'format';
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12) return 'month';
  if (d < 1 || d > daysIn(y, mo)) return 'day';
  return null;
}
export const isRealDate = (date: string | null | undefined): date is string => dateProblemOf(date) === null;

/** The teacher's message for a date that is not a real day ("2024年2月没有30日"), or null. */
export function dateMessage(date: string | null | undefined): string | null {
  const p = dateProblemOf(date);
  if (!p) return null;
  if (p === 'format') return translate('error.field.date');
  const m = ISO.exec(date!)!;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  return p === 'month' ? translate('date.noMonth', { y, m: mo }) : translate('date.noDay', { y, m: mo, d });
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/**
 * The calendar day of `d` where the teacher is ('YYYY-MM-DD'), never UTC's: in China a moment
 * before 08:00 UTC is already the next day. The one place this is written.
 */
export const localIsoDate = (d: Date) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
/** The wall-clock moment of `d` where the teacher is, 'YYYY-MM-DDTHH:MM:SS' (as her camera and PC show it). */
export const localIsoDateTime = (d: Date) =>
  `${localIsoDate(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;

// Made once, when first needed: building an Intl formatter loads ICU's calendar data (~20 ms),
// which a `keji --help` or a page that shows no moment should not pay.
let dateTimeZh: Intl.DateTimeFormat | null = null;
/** A stored moment as the teacher reads it, in her PC's time zone: '2025年3月5日 14:07'. */
export const formatDateTimeZh = (iso: string) => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateTimeZh ??= new Intl.DateTimeFormat('zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return dateTimeZh.format(d);
};

/** '2025-03-05' → '2025年3月5日'. A date that is no real day is shown as stored, marked, never
 * turned into another day and never thrown on. */
export function formatDateZh(date: string | null | undefined): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  if (!isRealDate(m[0])) return translate('date.invalidShown', { raw: date });
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

export function formatRangeZh(from: string, to?: string | null): string {
  if (!to || to === from) return formatDateZh(from);
  if (isRealDate(from) && isRealDate(to) && from.slice(0, 4) === to.slice(0, 4)) {
    const m = ISO.exec(to)!;
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
  return s
    .replace(/[\u3000\u00a0\t\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
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
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** What a teacher types for a date — '2024-2-3', '2024/2/3', '2024.2.3', '2024年2月3日' — as
 * 'YYYY-MM-DD' (the day is not checked here: 2024-2-30 becomes '2024-02-30' so the message can name it).
 * Anything else is returned trimmed, unchanged. */
export function normalizeDate(text: string): string {
  const s = text.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return s;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}
