// A long job's bar: what is done, time left, the file at hand, and 取消.
import type { Running } from '../../stores/package';
import { useT } from '../../i18n';

export function Progress({
  running,
  label,
  eta,
  onCancel,
}: {
  running: Running;
  label: string;
  eta: string;
  onCancel?: () => void;
}) {
  const t = useT();
  const pct = running.total ? Math.min(100, Math.floor((running.done / running.total) * 100)) : 0;
  return (
    <div className="card job-progress" role="status" aria-live="polite">
      <progress max={100} value={pct} aria-label={label} />
      <div className="job-line">
        <span>
          {pct}% · {label}
        </span>
        {eta && <span className="muted">{eta}</span>}
        {onCancel && (
          <button type="button" disabled={running.cancelling} onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      {running.current && <div className="muted job-current">{running.current}</div>}
    </div>
  );
}
