import { DEFAULT_CALENDAR, type CalendarSettings } from '../../shared/domain/calendar';
import type { Settings } from '../../shared/contract';
import type { Archive } from './db/open';
import { invalid } from './errors';
import { translate } from '../../shared/i18n/messages';

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
  for (const [field, md] of [
    ['autumnStart', c.autumnStart],
    ['springStart', c.springStart],
  ] as const) {
    const [m, d] = md.split('-').map(Number);
    if (!(m >= 1 && m <= 12 && d >= 1 && d <= DAYS_IN_MONTH[m - 1]))
      throw invalid(translate('core.settings.noSuchDay', { m, d }), field);
  }
  if (c.springStart >= c.autumnStart) throw invalid(translate('core.settings.springAfterAutumn'), 'springStart');
}

export function setSettings(a: Archive, patch: Partial<Settings>): Settings {
  if (patch.calendar) checkCalendar(patch.calendar);
  const up = a.db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value',
  );
  a.db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) up.run(k, JSON.stringify(v));
  })();
  return getSettings(a);
}

export const calendarOf = (a: Archive): CalendarSettings => getSettings(a).calendar;

// ---- what the 工作总结 needs to know that no record says ------------------------------------
/** 在校学生人数 per 学年 (start year → count), and the 科技教育工作领导小组. Kept apart from Settings. */
export interface ReportSettings {
  enrolment: Record<string, number>;
  leadership: { principal: string; deputy: string; members: string };
}
const REPORT_DEFAULTS: ReportSettings = { enrolment: {}, leadership: { principal: '', deputy: '', members: '' } };

export function getReportSettings(a: Archive): ReportSettings {
  const s: ReportSettings = structuredClone(REPORT_DEFAULTS);
  const rows = a.db.prepare("SELECT key, value FROM settings WHERE key IN ('enrolment', 'leadership')").all() as {
    key: string;
    value: string;
  }[];
  for (const r of rows) {
    try {
      const v = JSON.parse(r.value);
      if (r.key === 'enrolment' && v && typeof v === 'object') {
        for (const [y, n] of Object.entries(v))
          if (/^\d{4}$/.test(y) && Number.isInteger(n) && (n as number) > 0) s.enrolment[y] = n as number;
      }
      if (r.key === 'leadership' && v && typeof v === 'object') s.leadership = { ...s.leadership, ...v };
    } catch {
      /* a damaged value reads as not set */
    }
  }
  return s;
}

export function setReportSettings(
  a: Archive,
  patch: { enrolment?: Record<string, number | null>; leadership?: Partial<ReportSettings['leadership']> },
): ReportSettings {
  const cur = getReportSettings(a);
  const up = a.db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value',
  );
  a.db.transaction(() => {
    if (patch.enrolment) {
      const e = { ...cur.enrolment };
      for (const [y, n] of Object.entries(patch.enrolment)) {
        if (!/^\d{4}$/.test(y)) throw invalid(translate('core.settings.badYear', { year: y }), 'enrolment');
        if (n === null || n === 0) delete e[y];
        else if (!Number.isInteger(n) || n < 0 || n > 100000)
          throw invalid(translate('core.settings.badEnrolment'), 'enrolment');
        else e[y] = n;
      }
      up.run('enrolment', JSON.stringify(e));
    }
    if (patch.leadership) up.run('leadership', JSON.stringify({ ...cur.leadership, ...patch.leadership }));
  })();
  return getReportSettings(a);
}
