// Picks the period a summary covers: a 学期, a 学年, a calendar year, several 学年 or any range.
import { useState } from 'react';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import type { PeriodSpec } from '../../../shared/domain/periods';
import { useT } from '../../i18n';

const KINDS: PeriodSpec['kind'][] = ['term', 'year', 'calendar', 'years', 'range'];

export function PeriodPicker({
  spec,
  years,
  onChange,
}: {
  spec: PeriodSpec;
  years: number[];
  onChange(s: PeriodSpec): void;
}) {
  const t = useT();
  const [range, setRange] = useState(spec.kind === 'range' ? { from: spec.from, to: spec.to } : { from: '', to: '' });
  const year = 'year' in spec ? spec.year : spec.kind === 'years' ? spec.to : years[0];
  const yearSelect = (value: number, set: (y: number) => void, label: string) => (
    <label className="inline-field">
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => set(Number(e.target.value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {schoolYearLabel(y)}
          </option>
        ))}
      </select>
    </label>
  );
  const switchKind = (kind: PeriodSpec['kind']) => {
    if (kind === 'term') onChange({ kind, year, term: 1 });
    else if (kind === 'year') onChange({ kind, year });
    else if (kind === 'calendar') onChange({ kind, year: year + 1 });
    else if (kind === 'years')
      onChange({ kind, from: Math.min(...years.filter((y) => y >= year - 3), year), to: year });
    else {
      const r = { from: `${year}-09-01`, to: `${year + 1}-01-31` };
      setRange(r);
      onChange({ kind, ...r });
    }
  };
  const badRange = spec.kind === 'range' && range.from && range.to && range.from > range.to;
  return (
    <div className="sum-period" role="group" aria-label={t('summary.periodGroup')}>
      <label className="inline-field">
        <span>{t('summary.period')}</span>
        <select
          aria-label={t('summary.period')}
          value={spec.kind}
          onChange={(e) => switchKind(e.target.value as PeriodSpec['kind'])}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`summary.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {spec.kind === 'term' && (
        <>
          {yearSelect(spec.year, (y) => onChange({ ...spec, year: y }), t('summary.schoolYear'))}
          <label className="inline-field">
            <span>{t('summary.term')}</span>
            <select
              aria-label={t('summary.term')}
              value={spec.term}
              onChange={(e) => onChange({ ...spec, term: Number(e.target.value) as 1 | 2 })}
            >
              <option value={1}>{t('term.1')}</option>
              <option value={2}>{t('term.2')}</option>
            </select>
          </label>
        </>
      )}
      {spec.kind === 'year' &&
        yearSelect(spec.year, (y) => onChange({ kind: 'year', year: y }), t('summary.schoolYear'))}
      {spec.kind === 'calendar' && (
        <label className="inline-field">
          <span>{t('summary.kind.calendar')}</span>
          <select
            aria-label={t('summary.kind.calendar')}
            value={spec.year}
            onChange={(e) => onChange({ kind: 'calendar', year: Number(e.target.value) })}
          >
            {[...new Set([years[0] + 1, ...years])].map((y) => (
              <option key={y} value={y}>
                {t('summary.yearLabel', { y })}
              </option>
            ))}
          </select>
        </label>
      )}
      {spec.kind === 'years' && (
        <>
          {yearSelect(
            spec.from,
            (y) => onChange({ kind: 'years', from: Math.min(y, spec.to), to: Math.max(y, spec.to) }),
            t('summary.fromYear'),
          )}
          {yearSelect(
            spec.to,
            (y) => onChange({ kind: 'years', from: Math.min(y, spec.from), to: Math.max(y, spec.from) }),
            t('summary.toYear'),
          )}
        </>
      )}
      {spec.kind === 'range' && (
        <>
          <label className="inline-field">
            <span>{t('summary.fromDate')}</span>
            <input
              type="date"
              aria-label={t('summary.fromDate')}
              value={range.from}
              onChange={(e) => {
                const r = { ...range, from: e.target.value };
                setRange(r);
                if (r.from && r.to && r.from <= r.to) onChange({ kind: 'range', ...r });
              }}
            />
          </label>
          <label className="inline-field">
            <span>{t('summary.toDate')}</span>
            <input
              type="date"
              aria-label={t('summary.toDate')}
              value={range.to}
              onChange={(e) => {
                const r = { ...range, to: e.target.value };
                setRange(r);
                if (r.from && r.to && r.from <= r.to) onChange({ kind: 'range', ...r });
              }}
            />
          </label>
          {badRange && (
            <span className="field-error" role="alert">
              {t('summary.badRange')}
            </span>
          )}
        </>
      )}
    </div>
  );
}
