// 合并数据包: verify a package, preview what a merge would add and update, pick ours/theirs for
// each record both PCs changed, merge (a backup is taken first), read the report.
import { useState } from 'react';
import type { MergeConflict, MergePreview, MergeTableCount } from '../../../shared/calls/package';
import { formatBytes, formatDateTimeZh, formatDateZh } from '../../../shared/domain/format';
import { isDesktop, pickPaths } from '../../api/desktop';
import { useT } from '../../i18n';
import { usePackage } from '../../stores/package';
import { Progress } from './Progress';

function Counts({ title, list }: { title: string; list: MergeTableCount[] }) {
  if (!list.length) return null;
  return (
    <div className="merge-counts">
      <h3>{title}</h3>
      <ul>
        {list.map((c) => (
          <li key={c.table}>
            <strong>
              {c.label} {c.count}
            </strong>{' '}
            <span className="muted">
              {c.titles.slice(0, 6).join('、')}
              {c.count > 6 ? '…' : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConflictCard({ c }: { c: MergeConflict }) {
  const t = useT();
  const { choices, pick } = usePackage();
  const chosen = choices[c.key];
  return (
    <li className="card conflict" data-key={c.key}>
      <h4>
        {c.label}：{c.title}
      </h4>
      <p className="conflict-what">{c.description}</p>
      <p className="muted small">{t('package.merge.conflictReason', { reason: c.reason })}</p>
      <table className="diff">
        <thead>
          <tr>
            <th>{t('package.merge.field')}</th>
            <th>
              {t('package.merge.ours')}{' '}
              <span className="muted">
                {t('package.merge.editedAt', { t: formatDateTimeZh(c.ours.updatedAt) })}
                {c.ours.trashed ? t('package.merge.trashed') : ''}
              </span>
            </th>
            <th>
              {t('package.merge.theirs')}{' '}
              <span className="muted">
                {t('package.merge.editedAt', { t: formatDateTimeZh(c.theirs.updatedAt) })}
                {c.theirs.trashed ? t('package.merge.trashed') : ''}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {c.fields.map((f) => (
            <tr key={f.column}>
              <th scope="row">{f.label}</th>
              <td>{f.ours ?? '—'}</td>
              <td>{f.theirs ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="choice-row" role="radiogroup" aria-label={c.title}>
        <label>
          <input type="radio" name={c.key} checked={chosen === 'ours'} onChange={() => pick(c.key, 'ours')} />
          {t('package.merge.keepOurs')}
        </label>
        <label>
          <input type="radio" name={c.key} checked={chosen === 'theirs'} onChange={() => pick(c.key, 'theirs')} />
          {t('package.merge.takeTheirs')}
        </label>
      </div>
    </li>
  );
}

/** Conflicts still without a choice (those beyond the listed ones are decided only by 全部…). */
export function unpickedOf(p: MergePreview, choices: Record<string, unknown>, prefer: unknown): number {
  if (prefer) return 0;
  return p.conflictsTotal - p.conflicts.filter((c) => choices[c.key]).length;
}

function PreviewView({ p }: { p: MergePreview }) {
  const t = useT();
  const { choices, prefer, pickAll, confirmTrash, setConfirmTrash } = usePackage();
  const unpicked = unpickedOf(p, choices, prefer);
  return (
    <div className="card merge-preview">
      <p>
        {t('package.merge.summary', {
          school: p.package.school,
          date: formatDateZh(p.package.createdAt.slice(0, 10)),
          scope: p.package.scopeLabel,
        })}
        {p.package.maskedNames && <span className="chip warn">{t('package.merge.masked')}</span>}
      </p>
      {p.nothingToDo && !p.conflictsTotal && !p.held && <p className="ok-text">{t('package.merge.nothing')}</p>}
      <Counts title={t('package.merge.added')} list={p.added} />
      <Counts title={t('package.merge.updated')} list={p.updated} />
      <Counts title={t('package.merge.trashedTitle')} list={p.trashed} />
      {p.held > 0 && (
        <div className="banner warn trash-confirm">
          <p>{t('package.merge.trashNeedsConfirm', { n: p.held })}</p>
          <label>
            <input type="checkbox" checked={confirmTrash} onChange={(e) => setConfirmTrash(e.target.checked)} />
            {t('package.merge.confirmTrash', { n: p.held })}
          </label>
        </div>
      )}
      <p className="muted">{t('package.merge.unchanged', { n: p.unchanged })}</p>
      {(p.media.toCopy > 0 || p.media.duplicates > 0) && (
        <p className="muted">
          {t('package.merge.media', { n: p.media.toCopy, bytes: formatBytes(p.media.bytes), dup: p.media.duplicates })}
        </p>
      )}
      {p.skipped.length > 0 && <p className="muted">{t('package.merge.skipped', { n: p.skipped.length })}</p>}
      {p.conflictsTotal > 0 && (
        <>
          <h3>{t('package.merge.conflicts', { n: p.conflictsTotal })}</h3>
          {!p.sharedHistory && <p className="banner warn">{t('package.merge.noHistory')}</p>}
          <div className="choice-row">
            <button type="button" onClick={() => pickAll('ours')}>
              {t('package.merge.allOurs')}
            </button>
            <button type="button" onClick={() => pickAll('theirs')}>
              {t('package.merge.allTheirs')}
            </button>
            {unpicked > 0 && <span className="muted">{t('package.merge.unpicked', { n: unpicked })}</span>}
          </div>
          <ul className="conflicts">
            {p.conflicts.map((c) => (
              <ConflictCard key={c.key} c={c} />
            ))}
          </ul>
          {p.conflictsTotal > p.conflicts.length && (
            <p className="muted">{t('package.merge.moreConflicts', { n: p.conflictsTotal - p.conflicts.length })}</p>
          )}
        </>
      )}
    </div>
  );
}

export function MergePanel() {
  const t = useT();
  const {
    verifyReport,
    preview,
    mergeReport,
    running,
    error,
    busy,
    choices,
    prefer,
    verify,
    previewMerge,
    merge,
    openReadonly,
  } = usePackage();
  const [path, setPath] = useState('');
  const dir = path.trim();
  const unpicked = preview ? unpickedOf(preview, choices, prefer) : 0;
  const added = (r: { added: MergeTableCount[] }) => r.added.reduce((s, c) => s + c.count, 0);
  const updated = (r: { updated: MergeTableCount[] }) => r.updated.reduce((s, c) => s + c.count, 0);

  return (
    <div className="package-panel">
      <div className="card">
        <label className="path-field">
          {t('package.merge.path')}
          <input
            type="text"
            value={path}
            placeholder={t('package.merge.pathPlaceholder')}
            onChange={(e) => setPath(e.target.value)}
          />
          {isDesktop() && (
            <button
              type="button"
              onClick={() =>
                void pickPaths('packageFolder').then(([p]) => {
                  if (p) setPath(p);
                })
              }
            >
              {t('pick.browse')}
            </button>
          )}
        </label>
        <div className="form-actions">
          <button type="button" disabled={!dir || busy !== null} onClick={() => void verify(dir)}>
            {t('package.merge.verify')}
          </button>
          <button
            type="button"
            disabled={!dir || busy !== null}
            title={t('viewing.openHint')}
            onClick={() => void openReadonly(dir)}
          >
            {t('viewing.open')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!dir || busy !== null}
            onClick={() => void previewMerge(dir)}
          >
            {t('package.merge.preview')}
          </button>
        </div>
        <p className="muted small">{t('viewing.openHint')}</p>
      </div>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {running && busy !== null && <Progress running={running} label={running.current ?? ''} eta="" />}

      {verifyReport &&
        (verifyReport.ok ? (
          <div className="card result ok" role="status">
            {t('package.merge.ok', {
              name: verifyReport.summary!.name,
              school: verifyReport.summary!.school,
              date: formatDateZh(verifyReport.summary!.createdAt.slice(0, 10)),
              files: verifyReport.summary!.files,
              bytes: formatBytes(verifyReport.summary!.bytes),
            })}
            {verifyReport.warnings.length > 0 && (
              <ul className="notes">
                {verifyReport.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <div className="card result bad" role="alert">
            <strong>{verifyReport.complete ? t('package.merge.bad') : t('package.merge.incomplete')}</strong>
            <ul className="problems">
              {verifyReport.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </div>
        ))}

      {preview && (
        <>
          <PreviewView p={preview} />
          {!(preview.nothingToDo && !preview.conflictsTotal && !preview.held) && (
            <div className="form-actions">
              {unpicked > 0 && <span className="muted">{t('package.merge.unpicked', { n: unpicked })}</span>}
              <button
                type="button"
                className="primary"
                disabled={busy !== null || unpicked > 0}
                onClick={() => void merge(dir)}
              >
                {t('package.merge.start')}
              </button>
            </div>
          )}
        </>
      )}

      {mergeReport && (
        <div className="card result ok" role="status">
          <p>
            <strong>
              {mergeReport.applied
                ? t('package.merge.done', { added: added(mergeReport), updated: updated(mergeReport) })
                : mergeReport.held
                  ? null
                  : t('package.merge.nothing')}
            </strong>
          </p>
          {mergeReport.backup && <p>{t('package.merge.backup', { file: mergeReport.backup })}</p>}
          {mergeReport.warnings.length > 0 && (
            <ul className="notes">
              {mergeReport.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
