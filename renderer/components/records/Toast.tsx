// One line of feedback after an action ("已移到回收站 … 撤销"), announced politely to screen readers.
import { useT } from '../../i18n';
import { useRecords } from '../../stores/records';

export function Toast() {
  const t = useT();
  const { toast, clearToast } = useRecords();
  return (
    <div className="toast-area" role="status" aria-live="polite">
      {toast && (
        <div className="toast">
          <span>{toast.text}</span>
          {toast.undo && (
            <button
              type="button"
              onClick={() => {
                toast.undo!();
                clearToast();
              }}
            >
              {t('records.undo')}
            </button>
          )}
          <button type="button" className="icon" aria-label={t('records.close')} onClick={clearToast}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
