// 导出到U盘: where (a detected stick or a typed folder), what (everything, a period, chosen
// activities), privacy; then 检查 shows size, free space and file system, and 开始导出 runs the job
// with bytes and time left, cancellable.
import { useEffect, useMemo, useState } from 'react';
import type { ExportOptions, ExportScope } from '../../../shared/calls/package';
import { schoolYearLabel, schoolYearRange } from '../../../shared/domain/calendar';
import { formatBytes } from '../../../shared/domain/format';
import { isDesktop, pickPaths } from '../../api/desktop';
import { PickChecklist } from '../../components/Picker';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { usePackage } from '../../stores/package';
import { formatSeconds } from './time';
import { Progress } from './Progress';

type ScopeKind = ExportScope['kind'];

export function ExportPanel() {
  const t = useT();
  const info = useApp((s) => s.info);
  const {
    targets,
    plan,
    exportResult,
    running,
    error,
    busy,
    loadTargets,
    checkExport,
    runExport,
    cancel,
    clearExport,
  } = usePackage();
  /** A detected stick's path, 'custom' (the typed folder), or null until the teacher chooses. */
  const [chosen, setChosen] = useState<string | null>(null);
  const [custom, setCustom] = useState('');
  const [kind, setKind] = useState<ScopeKind>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [mask, setMask] = useState(false);
  const [sensitive, setSensitive] = useState(false);
  const [recheck, setRecheck] = useState(false);

  useEffect(() => {
    void loadTargets();
  }, [loadTargets]);

  const target = chosen ?? targets[0]?.path ?? 'custom';
  const folder = target === 'custom' ? custom.trim() : target;
  const scope: ExportScope | null = useMemo(() => {
    if (kind === 'all') return { kind };
    if (kind === 'period') return from && to ? { kind, from, to } : null;
    return picked.size ? { kind, ids: [...picked] } : null;
  }, [kind, from, to, picked]);
  const opts: ExportOptions | null =
    folder && scope ? { target: folder, scope, maskNames: mask, includeSensitive: sensitive, recheck } : null;
  // Any change of the choices makes an earlier check stale.
  useEffect(() => {
    clearExport();
  }, [folder, kind, from, to, picked, mask, sensitive, recheck, clearExport]);

  const pickYear = (y: string) => {
    if (!y) return;
    const r = schoolYearRange(Number(y));
    setFrom(r.from);
    setTo(r.to);
  };
  const exporting = busy === 'export';

  return (
    <div className="package-panel">
      <fieldset className="card" disabled={exporting}>
        <legend>{t('package.export.target')}</legend>
        {targets.length === 0 && <p className="muted">{t('package.export.noDrives')}</p>}
        <div className="choice-list">
          {targets.map((d) => (
            <label key={d.path}>
              <input type="radio" name="target" checked={target === d.path} onChange={() => setChosen(d.path)} />
              {t('package.export.drive', { path: d.path, fs: d.fsLabel ?? '?', free: formatBytes(d.free) })}
            </label>
          ))}
          <label className="custom-folder">
            <input type="radio" name="target" checked={target === 'custom'} onChange={() => setChosen('custom')} />
            {t('package.export.otherFolder')}
            <input
              type="text"
              value={custom}
              placeholder={t('package.export.folderPlaceholder')}
              aria-label={t('package.export.otherFolder')}
              onFocus={() => setChosen('custom')}
              onChange={(e) => {
                setChosen('custom');
                setCustom(e.target.value);
              }}
            />
            {isDesktop() && (
              <button
                type="button"
                onClick={() =>
                  void pickPaths('exportFolder').then(([p]) => {
                    if (p) {
                      setChosen('custom');
                      setCustom(p);
                    }
                  })
                }
              >
                {t('pick.browse')}
              </button>
            )}
          </label>
        </div>
        <button type="button" onClick={() => void loadTargets()}>
          {t('package.export.refresh')}
        </button>
      </fieldset>

      <fieldset className="card" disabled={exporting}>
        <legend>{t('package.export.scope')}</legend>
        <div className="choice-row">
          {(['all', 'period', 'activities'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="scope" checked={kind === k} onChange={() => setKind(k)} />
              {t(`package.export.scope.${k}`)}
            </label>
          ))}
        </div>
        {kind === 'period' && (
          <div className="choice-row">
            <label>
              {t('package.export.year')}
              <select defaultValue="" onChange={(e) => pickYear(e.target.value)}>
                <option value="">—</option>
                {info?.schoolYears.map((y) => (
                  <option key={y} value={y}>
                    {schoolYearLabel(y)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('package.export.from')}
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              {t('package.export.to')}
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
          </div>
        )}
        {kind === 'activities' && (
          <>
            <p className="muted">
              {t('package.export.activitiesHint')} <strong>{t('package.export.chosen', { n: picked.size })}</strong>
            </p>
            <PickChecklist
              kind="activity"
              label={t('package.export.activitiesHint')}
              className="activity-picker"
              picked={picked}
              onToggle={(id, on) =>
                setPicked((s) => {
                  const n = new Set(s);
                  if (on) n.add(id);
                  else n.delete(id);
                  return n;
                })
              }
            />
          </>
        )}
      </fieldset>

      <fieldset className="card" disabled={exporting}>
        <legend>{t('package.export.privacy')}</legend>
        <div className="choice-row">
          <label>
            <input type="checkbox" checked={mask} onChange={(e) => setMask(e.target.checked)} />
            {t('package.export.mask')}
          </label>
          <label>
            <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} />
            {t('package.export.sensitive')}
          </label>
        </div>
      </fieldset>

      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}

      {plan && !exporting && (
        <div className="card plan" aria-live="polite">
          <h2>{t('package.export.planTitle')}</h2>
          <dl className="facts">
            <dt>{t('package.export.name')}</dt>
            <dd>{plan.name}</dd>
            <dt>{t('package.export.where')}</dt>
            <dd>{plan.path}</dd>
            <dt>{t('package.export.contents')}</dt>
            <dd>{t('package.export.counts', plan.counts)}</dd>
            <dt>{t('package.export.sizeLabel')}</dt>
            <dd>{t('package.export.size', { files: plan.files, bytes: formatBytes(plan.bytes) })}</dd>
            <dt>{t('package.export.toWrite')}</dt>
            <dd>
              {t('package.export.toWriteValue', { files: plan.filesToWrite, bytes: formatBytes(plan.bytesToWrite) })}
            </dd>
            <dt>{t('package.export.free')}</dt>
            <dd>
              {formatBytes(plan.target.free)}
              {plan.target.fsLabel ? `（${plan.target.fsLabel}）` : ''}
            </dd>
          </dl>
          {plan.notes.length > 0 && (
            <ul className="notes">
              {plan.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {exporting && running && (
        <Progress
          running={running}
          onCancel={() => void cancel()}
          label={
            running.bytesTotal
              ? t('package.export.progress', {
                  done: formatBytes(running.bytesDone ?? 0),
                  total: formatBytes(running.bytesTotal),
                })
              : (running.current ?? '')
          }
          eta={
            running.etaSeconds !== undefined && running.bytesTotal
              ? t('package.export.eta', { t: formatSeconds(running.etaSeconds) })
              : ''
          }
        />
      )}

      {exportResult && (
        <div className="card result ok" role="status">
          <p>
            <strong>{t('package.export.done', { path: exportResult.path })}</strong>
          </p>
          <p>
            {t('package.export.doneDetail', {
              s: exportResult.seconds.toFixed(1),
              written: exportResult.writtenFiles,
              bytes: formatBytes(exportResult.writtenBytes),
              reused: exportResult.reusedFiles,
            })}
          </p>
          <p>
            {exportResult.keptUnread
              ? t('package.export.checkedSome', { n: exportResult.checkedFiles, unread: exportResult.keptUnread })
              : t('package.export.checkedAll', { n: exportResult.checkedFiles })}
          </p>
        </div>
      )}

      <div className="choice-row">
        <label>
          <input
            type="checkbox"
            checked={recheck}
            disabled={exporting}
            onChange={(e) => setRecheck(e.target.checked)}
          />
          {t('package.export.recheck')}
        </label>
      </div>
      <div className="form-actions">
        <button type="button" disabled={!opts || busy !== null} onClick={() => opts && void checkExport(opts)}>
          {t('package.export.check')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!opts || busy !== null}
          onClick={() => opts && void runExport(opts)}
        >
          {t('package.export.start')}
        </button>
      </div>
    </div>
  );
}
