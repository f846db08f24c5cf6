// A date the teacher can type (2025-3-5, 2025/3/5, 2025年3月5日) or pick from the calendar button.
// A text box, not <input type="date">: the browser's date box turns 2024-02-30 into an empty value,
// so the message could only ever say "格式…"; here the day typed reaches the check and the message
// names it ("2024年2月没有30日").
import { useRef, type InputHTMLAttributes } from 'react';
import { isRealDate, normalizeDate } from '../../shared/domain/format';
import { useT } from '../i18n';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  name: string;
  value: string;
  onChange(value: string): void;
};

export function DateInput({ value, onChange, name, min, max, ...rest }: Props) {
  const t = useT();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <span className="date-input">
      <input
        {...rest}
        type="text"
        name={name}
        value={value}
        inputMode="numeric"
        autoComplete="off"
        placeholder={rest.placeholder ?? t('date.placeholder')}
        onChange={(e) => onChange(e.target.value)}
        onBlur={(e) => {
          const n = normalizeDate(e.target.value);
          if (n !== e.target.value) onChange(n);
          rest.onBlur?.(e);
        }}
      />
      <button
        type="button"
        className="date-pick"
        aria-label={t('date.pick')}
        title={t('date.pick')}
        tabIndex={-1}
        onClick={() => {
          const p = picker.current;
          if (!p) return;
          try {
            p.showPicker();
          } catch {
            p.focus();
          }
        }}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.3" />
          <rect x="4" y="8.5" width="2.5" height="2" fill="currentColor" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="date-picker-native"
        tabIndex={-1}
        aria-hidden="true"
        min={min}
        max={max}
        value={isRealDate(value) ? value : ''}
        onChange={(e) => {
          if (e.target.value) onChange(e.target.value);
        }}
      />
    </span>
  );
}
