import { DEFAULT_CALENDAR, type CalendarSettings } from '../../shared/domain/calendar';
import type { Settings } from '../../shared/contract';
import type { Archive } from './db/open';
import { invalid } from './errors';

const DEFAULTS: Settings = { schoolName: '', calendar: DEFAULT_CALENDAR };

export function getSettings(a: Archive): Settings {
  const rows = a.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const s: Settings = structuredClone(DEFAULTS);
  for (const r of rows) {
    if (r.key === 'schoolName') s.schoolName = JSON.parse(r.value);
    if (r.key === 'calendar') s.calendar = { ...DEFAULT_CALENDAR, ...JSON.parse(r.value) };
  }
  return s;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Term dates the calendar can use: real days, and 第二学期 starting earlier in the year than 第一学期. */
function checkCalendar(c: CalendarSettings): void {
  for (const [field, md] of [['autumnStart', c.autumnStart], ['springStart', c.springStart]] as const) {
    const [m, d] = md.split('-').map(Number);
    if (!(m >= 1 && m <= 12 && d >= 1 && d <= DAYS_IN_MONTH[m - 1])) throw invalid(`没有 ${m} 月 ${d} 日这一天`, field);
  }
  if (c.springStart >= c.autumnStart) throw invalid('第二学期的开始日期必须早于第一学期（在同一年的上半年）', 'springStart');
}

export function setSettings(a: Archive, patch: Partial<Settings>): Settings {
  if (patch.calendar) checkCalendar(patch.calendar);
  const up = a.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value');
  a.db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) up.run(k, JSON.stringify(v));
  })();
  return getSettings(a);
}

export const calendarOf = (a: Archive): CalendarSettings => getSettings(a).calendar;
