import type { ActivityStatus } from '../../shared/domain/vocab';
import { useT } from '../i18n';

export function StatusChip({ status }: { status: ActivityStatus }) {
  const t = useT();
  return <span className={`chip status-${status}`}>{t(`activity.status.${status}`)}</span>;
}
