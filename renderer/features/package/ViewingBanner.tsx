// Says, on every page, that the app shows a package read-only and not this PC's archive, with
// the way back — or that this PC's own archive is read-only because its disk is full.
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { usePackage } from '../../stores/package';

export function ViewingBanner() {
  const t = useT();
  const info = useApp((s) => s.info);
  const closeReadonly = usePackage((s) => s.closeReadonly);
  if (!info?.readonly) return null;
  if (info.diskFull)
    return (
      <div role="alert" className="banner warn viewing-banner">
        <span>{t('viewing.diskFull')}</span>
      </div>
    );
  return (
    <div role="status" className="banner warn viewing-banner">
      <span>{t('viewing.banner', { dir: info.dir, school: info.schoolName || '—' })}</span>
      {info.canReturn && (
        <button type="button" className="primary" onClick={() => void closeReadonly()}>
          {t('viewing.return')}
        </button>
      )}
    </div>
  );
}
