import { DEFAULT_CALENDAR, type CalendarSettings } from '../../shared/domain/calendar';
import type { Settings } from '../../shared/contract';
import type { Archive } from './db/open';

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

export function setSettings(a: Archive, patch: Partial<Settings>): Settings {
  const up = a.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value');
  a.db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) up.run(k, JSON.stringify(v));
  })();
  return getSettings(a);
}

export const calendarOf = (a: Archive): CalendarSettings => getSettings(a).calendar;
