// 回收站: everything deleted, newest first; 恢复 puts it back. Permanent deletion asks twice,
// and only then sends trash.purge with the confirmation word the core requires.
import { useMemo, useState } from 'react';
import { formatDateTimeZh } from '../../../shared/domain/format';
import type { TrashItem } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useRecords } from '../../stores/records';
import { useTrash, useTrashList } from '../../stores/trash';
import { VirtualList } from '../../components/VirtualList';
import { ConfirmDialog, shortMessage } from '../../components/records/form';
import { Toast } from '../../components/records/Toast';

const when = formatDateTimeZh;

export function TrashPage() {
  const t = useT();
  const showToast = useRecords((s) => s.showToast);
  const items = useTrashList();
  const [kind, setKind] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [purging, setPurging] = useState<{ item: TrashItem; step: 1 | 2 } | null>(null);

  const shown = useMemo(() => (items ?? []).filter((i) => !kind || i.kind === kind), [items, kind]);
  const kinds = useMemo(() => [...new Set((items ?? []).map((i) => i.kind))], [items]);

  async function restore(i: TrashItem) {
    setError(null);
    try {
      await useTrash.getState().restore(i.kind, i.id);
      showToast(t('trash.restored', { title: i.title }));
    } catch (e) {
      setError(shortMessage((e as Error).message));
    }
  }
  async function purge(i: TrashItem) {
    setPurging(null);
    setError(null);
    try {
      await useTrash.getState().purge(i.kind, i.id);
      showToast(t('trash.purged', { title: i.title }));
    } catch (e) {
      setError(shortMessage((e as Error).message));
    }
  }

  return (
    <section className="page page-fill" aria-labelledby="trash-title">
      <header className="page-header">
        <h1 id="trash-title">{t('trash.title')}</h1>
        {items && <span className="muted">{t('records.count', { n: shown.length })}</span>}
      </header>
      <p className="muted">{t('trash.intro')}</p>
      {kinds.length > 1 && (
        <div className="filter-bar">
          <label className="inline-field">
            <span>{t('records.filter')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`trash.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {items && shown.length === 0 && <p className="muted">{t('trash.empty')}</p>}
      {shown.length > 0 && (
        <VirtualList
          className="list-box trash-list"
          label={t('trash.title')}
          items={shown}
          itemHeight={48}
          renderAllBelow={150}
          getKey={(i) => `${i.kind}:${i.id}`}
          renderItem={(i) => (
            <div className="list-row trash-row" data-id={i.id}>
              <span className="chip">{t(`trash.kind.${i.kind}`)}</span>
              <span className="name">{i.title}</span>
              <span className="muted small">{t('trash.deletedAt', { at: when(i.deletedAt) })}</span>
              <span className="row-actions">
                <button type="button" onClick={() => void restore(i)}>
                  {t('trash.restore')}
                  <span className="sr-only"> {i.title}</span>
                </button>
                <button type="button" className="danger-outline" onClick={() => setPurging({ item: i, step: 1 })}>
                  {t('trash.purge')}
                  <span className="sr-only"> {i.title}</span>
                </button>
              </span>
            </div>
          )}
        />
      )}
      {purging?.step === 1 && (
        <ConfirmDialog
          title={t('trash.confirm1', { title: purging.item.title })}
          body={t('trash.confirm1.body')}
          confirmLabel={t('trash.confirm1.go')}
          danger
          onCancel={() => setPurging(null)}
          onConfirm={() => setPurging({ item: purging.item, step: 2 })}
        />
      )}
      {purging?.step === 2 && (
        <ConfirmDialog
          key="second"
          title={t('trash.confirm2', { title: purging.item.title })}
          body={t('trash.confirm2.body')}
          confirmLabel={t('trash.purge')}
          danger
          onCancel={() => setPurging(null)}
          onConfirm={() => void purge(purging.item)}
        />
      )}
      <Toast />
    </section>
  );
}
