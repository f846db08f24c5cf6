// 从U盘导入: folders and files chosen in the system's dialog (desktop), typed or pasted (every
// host), or picked in the browser and uploaded (web host). Shows a progress bar, the count, the file being read, the time left and
// a cancel button; at the end, what was added and why any file was not.
import { useEffect, useRef, useState } from 'react';
import type { PickKind } from '../../../shared/desktop';
import { isDesktop, pickPaths } from '../../api/desktop';
import { Picker } from '../../components/Picker';
import { useT } from '../../i18n';
import { useGallery } from '../../stores/gallery';

interface Props {
  onClose(): void;
  defaultActivityId?: string;
}

export function ImportDialog({ onClose, defaultActivityId }: Props) {
  const t = useT();
  const { importing, importPaths, uploadAndImport, cancelImport, closeImport } = useGallery();
  const [paths, setPaths] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [activityId, setActivityId] = useState(defaultActivityId ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLTextAreaElement>(null);
  const inDesktop = isDesktop();

  useEffect(() => {
    first.current?.focus();
  }, []);

  const busy = importing.phase === 'uploading' || importing.phase === 'importing';
  const target = activityId ? { kind: 'activity' as const, id: activityId } : undefined;
  const start = () => {
    const list = paths
      .split(/\r?\n/)
      .map((p) => p.trim().replace(/^"(.*)"$/, '$1'))
      .filter(Boolean);
    if (!list.length && !files.length) {
      setProblem(t('gallery.import.needPaths'));
      return;
    }
    setProblem(null);
    if (files.length) void uploadAndImport(files, target);
    else void importPaths(list, target);
  };
  const choose = async (kind: PickKind) => {
    const chosen = await pickPaths(kind);
    if (chosen.length) setPaths((p) => [...p.split(/\r?\n/).filter((x) => x.trim()), ...chosen].join('\n'));
  };
  // While busy, closing only hides the dialog: the import goes on and the page shows its progress.
  const close = () => {
    if (!busy) closeImport();
    onClose();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const pct = importing.total ? Math.round((importing.done / importing.total) * 100) : 0;
  const r = importing.result;

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal card import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title">
        <h2 id="import-title">{t('gallery.import.title')}</h2>
        {importing.phase === 'idle' && (
          <>
            <label className="field">
              <span>{t('gallery.import.paths')}</span>
              <textarea
                ref={first}
                rows={3}
                value={paths}
                onChange={(e) => setPaths(e.target.value)}
                placeholder={'E:\\DCIM\n/media/U盘/活动照片'}
              />
            </label>
            <p className="muted small">{t('gallery.import.pathsHint')}</p>
            {inDesktop && (
              <div className="import-pick">
                <button type="button" onClick={() => void choose('mediaFolder')}>
                  {t('pick.folder')}
                </button>
                <button type="button" onClick={() => void choose('mediaFiles')}>
                  {t('pick.files')}
                </button>
              </div>
            )}
            {!inDesktop && (
              <div className="import-pick">
                <span>{t('gallery.import.pick')}</span>
                <label className="button-like">
                  {t('gallery.import.pickFiles')}
                  <input
                    type="file"
                    multiple
                    accept="image/*,video/*,.heic,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
                    onChange={(e) => setFiles([...(e.target.files ?? [])])}
                  />
                </label>
                <label className="button-like">
                  {t('gallery.import.pickFolder')}
                  <input
                    type="file"
                    multiple
                    {...{ webkitdirectory: '' }}
                    onChange={(e) => setFiles([...(e.target.files ?? [])])}
                  />
                </label>
                {files.length > 0 && <span className="muted">{t('gallery.count', { n: files.length })}</span>}
              </div>
            )}
            <label className="field">
              <span>{t('gallery.import.target')}</span>
              <Picker
                kind="activity"
                label={t('gallery.import.target')}
                emptyLabel={t('gallery.import.noTarget')}
                value={activityId}
                onChange={(id) => setActivityId(id)}
                className="import-picker"
              />
            </label>
            {problem && (
              <div role="alert" className="field-error">
                {problem}
              </div>
            )}
            <div className="form-actions">
              <button onClick={close}>{t('common.cancel')}</button>
              <button className="primary" onClick={start}>
                {t('gallery.import.start')}
              </button>
            </div>
          </>
        )}
        {busy && (
          <div className="import-progress" aria-live="polite">
            <progress
              max={Math.max(1, importing.total)}
              value={importing.done}
              aria-label={t('gallery.import.progress', { done: importing.done, total: importing.total })}
            />
            <div className="import-line">
              <strong className="import-count">
                {importing.phase === 'uploading'
                  ? t('gallery.import.uploading', {
                      done: importing.done,
                      total: importing.total,
                      name: importing.current ?? '',
                    })
                  : t('gallery.import.progress', { done: importing.done, total: importing.total })}
              </strong>
              <span className="muted">{pct}%</span>
              {importing.phase === 'importing' && importing.etaSeconds != null && importing.done > 0 && (
                <span className="import-eta">{t('gallery.import.eta', { t: formatEta(importing.etaSeconds, t) })}</span>
              )}
            </div>
            {importing.phase === 'importing' && importing.current && (
              <div className="import-current" title={importing.current}>
                {t('gallery.import.current', { name: importing.current })}
              </div>
            )}
            {importing.error && (
              <div role="alert" className="banner error">
                {importing.error}
              </div>
            )}
            <div className="form-actions">
              <button onClick={close}>{t('gallery.import.background')}</button>
              <button className="gallery-danger" onClick={() => void cancelImport()} disabled={importing.cancelling}>
                {importing.cancelling ? t('gallery.import.cancelling') : t('gallery.import.cancel')}
              </button>
            </div>
          </div>
        )}
        {importing.phase === 'done' && (
          <div className="import-result">
            {importing.error && (
              <div role="alert" className="banner error">
                {importing.error}
              </div>
            )}
            {r && (
              <p role="status" className={r.cancelled ? 'banner warn' : 'banner ok'}>
                {t(r.cancelled ? 'gallery.import.cancelled' : 'gallery.import.done', {
                  imported: r.imported,
                  duplicates: r.duplicates,
                  failed: r.failed.length,
                })}
              </p>
            )}
            {r && r.failed.length > 0 && (
              <>
                <h3>{t('gallery.import.failedList')}</h3>
                <ul className="import-failed">
                  {r.failed.map((f, i) => (
                    <li key={i}>
                      <span className="import-file" title={f.file}>
                        {f.file}
                      </span>
                      <span>{f.reason}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="form-actions">
              <button className="primary" onClick={close}>
                {t('gallery.import.close')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

export function formatEta(s: number, t: ReturnType<typeof useT>): string {
  if (s < 60) return t('gallery.import.etaSeconds', { n: Math.max(1, Math.round(s)) });
  return t('gallery.import.etaMinutes', { m: Math.floor(s / 60), s: Math.round(s % 60) });
}
