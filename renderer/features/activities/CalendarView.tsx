// A month on one screen: each day lists its activities (multi-day ones on every day they run).
// Clicking an activity opens it; clicking the day's number starts a new activity on that date.
// The days shown are asked of the core (activities.range, under the list's filter), never the whole list.
import { useEffect, useMemo } from 'react';
import { formatDateZh, localIsoDate } from '../../../shared/domain/format';
import type { ActivitySummary } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useActivities } from '../../stores/activities';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400000));
const MAX_PER_DAY = 3;

/** The 6×7 (or 5×7) days shown for a month, Monday first. */
export function monthGrid(month: string): string[] {
  const first = `${month.slice(0, 7)}-01`;
  const dow = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
  const start = addDays(first, -dow);
  const next =
    month.slice(5, 7) === '12'
      ? `${Number(month.slice(0, 4)) + 1}-01-01`
      : `${month.slice(0, 4)}-${pad(Number(month.slice(5, 7)) + 1)}-01`;
  const days: string[] = [];
  for (let d = start; d < next || days.length % 7 !== 0; d = addDays(d, 1)) days.push(d);
  return days;
}

export function CalendarView() {
  const t = useT();
  const { month, setMonth, open, filters, version, range, rangeError: error, loadRange } = useActivities();
  const days = useMemo(() => monthGrid(month), [month]);
  // Again when the month or the filter changes, and after every load of the list (archive.changed).
  useEffect(() => {
    void loadRange(days[0], days[days.length - 1]);
  }, [loadRange, days, filters, version]);
  const items = range?.items;
  const byDay = useMemo(() => {
    const m = new Map<string, ActivitySummary[]>();
    const from = days[0],
      to = days[days.length - 1];
    for (const a of items ?? []) {
      const end = a.endDate && a.endDate > a.startDate ? a.endDate : a.startDate;
      if (end < from || a.startDate > to) continue;
      for (let d = a.startDate < from ? from : a.startDate; d <= end && d <= to; d = addDays(d, 1))
        (m.get(d) ?? m.set(d, []).get(d)!).push(a);
    }
    return m;
  }, [items, days]);
  const y = Number(month.slice(0, 4)),
    mo = Number(month.slice(5, 7));
  const shift = (n: number) => {
    const d = new Date(Date.UTC(y, mo - 1 + n, 1));
    setMonth(iso(d));
  };
  const today = localIsoDate(new Date());
  const weekdays = t('activity.weekday').split(',');
  return (
    <div className="calendar" aria-label={t('activity.calendar.month', { y, m: mo })}>
      <div className="calendar-head">
        <button type="button" onClick={() => shift(-1)} aria-label={t('activity.calendar.prev')}>
          ‹
        </button>
        <h2>{t('activity.calendar.month', { y, m: mo })}</h2>
        <button type="button" onClick={() => shift(1)} aria-label={t('activity.calendar.next')}>
          ›
        </button>
        <button type="button" onClick={() => setMonth(today.slice(0, 8) + '01')}>
          {t('activity.calendar.today')}
        </button>
      </div>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {range && range.total > range.items.length && (
        <p className="muted" role="status">
          {t('list.more', { n: range.total - range.items.length })}
        </p>
      )}
      <div className="calendar-grid" role="table" aria-label={t('activity.calendar.month', { y, m: mo })}>
        <div role="row" className="calendar-row calendar-weekdays">
          {weekdays.map((w) => (
            <div role="columnheader" key={w}>
              {w}
            </div>
          ))}
        </div>
        {Array.from({ length: days.length / 7 }, (_, w) => (
          <div role="row" className="calendar-row" key={w}>
            {days.slice(w * 7, w * 7 + 7).map((d) => {
              const list = byDay.get(d) ?? [];
              const other = d.slice(0, 7) !== month.slice(0, 7);
              return (
                <div
                  role="cell"
                  key={d}
                  className={`calendar-day${other ? ' other' : ''}${d === today ? ' today' : ''}`}
                >
                  <button
                    type="button"
                    className="day-no"
                    aria-label={`${t('activity.new')}：${formatDateZh(d)}`}
                    onClick={() => open({ mode: 'new', date: d })}
                  >
                    {Number(d.slice(8))}
                  </button>
                  {list.slice(0, MAX_PER_DAY).map((a) => (
                    <button
                      type="button"
                      key={a.id}
                      className={`cal-item status-${a.status}`}
                      title={a.title}
                      onClick={() => open({ mode: 'view', id: a.id })}
                    >
                      {a.title}
                    </button>
                  ))}
                  {list.length > MAX_PER_DAY && (
                    <span className="muted small">{t('activity.calendar.more', { n: list.length - MAX_PER_DAY })}</span>
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
