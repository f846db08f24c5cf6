// 备份与恢复: the snapshots in backups/, 立即备份, and 恢复 (the current state is backed up first).
import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../../shared/calls/package';
import { formatBytes, formatDateTimeZh } from '../../../shared/domain/format';
import { isMessageKey, type MessageKey } from '../../../shared/i18n/messages';
import { useT } from '../../i18n';
import { usePackage } from '../../stores/package';
import { ConfirmDialog } from '../../components/records/form';

function reasonKey(reason: string): MessageKey | null {
  const k = `package.backup.reason.${reason.startsWith('before-migration') ? 'before-migration' : reason}`;
  return isMessageKey(k) ? k : null;
}

export function BackupPanel() {
  const t = useT();
  const { backups, busy, error, loadBackups, backupNow, restore } = usePackage();
  const [asking, setAsking] = useState<BackupInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);

  const doRestore = async (b: BackupInfo) => {
    setAsking(null);
    const r = await restore(b.file);
    if (r) setNotice(t('package.backup.restored', { t: formatDateTimeZh(b.at), file: r.safetyBackup.file }));
  };

  return (
    <div className="package-panel">
      <div className="card">
        <p className="muted">{t('package.backup.hint')}</p>
        <button
          type="button"
          className="primary"
          disabled={busy !== null}
          onClick={async () => {
            const b = await backupNow();
            if (b) setNotice(t('package.backup.created', { file: b.file }));
          }}
        >
          {t('package.backup.now')}
        </button>
      </div>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {notice && (
        <div role="status" className="card result ok">
          {notice}
        </div>
      )}
      {backups.length === 0 ? (
        <p className="muted">{t('package.backup.none')}</p>
      ) : (
        <table className="backups card">
          <thead>
            <tr>
              <th>{t('package.backup.at')}</th>
              <th>{t('package.backup.reason')}</th>
              <th>{t('package.backup.size')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => {
              const k = reasonKey(b.reason);
              return (
                <tr key={b.file} data-file={b.file}>
                  <td>{formatDateTimeZh(b.at)}</td>
                  <td>{k ? t(k) : b.reason}</td>
                  <td>{formatBytes(b.size)}</td>
                  <td>
                    <button type="button" disabled={busy !== null} onClick={() => setAsking(b)}>
                      {t('package.backup.restore')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {asking && (
        <ConfirmDialog
          title={t('package.backup.restore')}
          body={t('package.backup.confirm', { t: formatDateTimeZh(asking.at) })}
          confirmLabel={t('package.backup.confirmButton')}
          onConfirm={() => void doRestore(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
