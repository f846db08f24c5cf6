// 导入花名册 / 导入获奖名单: pick a file, check the preview (the header row and what each column
// means can be corrected, namesakes are answered), import, read the report of every skipped row.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  FIELDS_OF,
  type ImportPreview,
  type ImportReport,
  type NameChoice,
  type PreviewRow,
  type SheetField,
  type SheetKind,
} from '../../../shared/calls/sheets';
import { useT, type MessageKey } from '../../i18n';
import { useSheets } from '../../stores/sheets';
import './sheets.css';

const SHOWN_ROWS = 200;
const ATTENTION = new Set(['needs-choice', 'skip', 'update']);

export interface ImportDialogProps {
  kind: SheetKind;
  onClose(): void;
  /** Called after a successful import (e.g. to reload the page's list). */
  onImported?(report: ImportReport): void;
}

export function ImportDialog({ kind, onClose, onImported }: ImportDialogProps) {
  const t = useT();
  const { file, preview, report, busy, error, corrections, asked, remembered, start, pickFile, correct, commit } =
    useSheets();
  const dialog = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const titleKey: MessageKey = kind === 'roster' ? 'sheets.import.roster' : 'sheets.import.awards';

  useEffect(() => {
    start(kind);
  }, [kind, start]);
  useEffect(() => {
    picker.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && busy !== 'committing') {
        e.preventDefault();
        onClose();
      }
      if (e.key === 'Tab' && dialog.current) trapFocus(dialog.current, e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onClose]);

  const doCommit = async () => {
    const r = await commit();
    if (r) onImported?.(r);
  };

  return (
    <div className="sheets-overlay" role="presentation">
      <div ref={dialog} className="sheets-dialog" role="dialog" aria-modal="true" aria-labelledby="sheets-dialog-title">
        <header className="sheets-dialog-header">
          <h2 id="sheets-dialog-title">{t(titleKey)}</h2>
          <button type="button" onClick={onClose} disabled={busy === 'committing'}>
            {t('sheets.import.close')}
          </button>
        </header>

        {!report && (
          <div className="sheets-picker">
            <label className="sheets-file-label">
              <span className="button-like primary">{t('sheets.import.pick')}</span>
              <input
                ref={picker}
                type="file"
                accept=".xlsx,.xls,.csv,.txt"
                aria-label={t('sheets.import.pick')}
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void pickFile(f);
                  e.target.value = '';
                }}
              />
            </label>
            <span className="muted">{file ? file.name : t('sheets.import.hint')}</span>
          </div>
        )}

        {error && (
          <div role="alert" className="banner error">
            {error}
          </div>
        )}
        {busy === 'reading' && (
          <p className="muted" aria-live="polite">
            {t('sheets.import.reading')}
          </p>
        )}
        {busy === 'committing' && (
          <p className="muted" aria-live="polite">
            {t('sheets.import.committing')}
          </p>
        )}

        {report ? (
          <ReportView report={report} onAgain={() => start(kind)} onClose={onClose} />
        ) : (
          preview && (
            <PreviewView
              preview={preview}
              asked={asked}
              choices={corrections.choices}
              dates={corrections.dates ?? {}}
              remembered={remembered}
              busy={!!busy}
              onCorrect={(p) => void correct(p)}
              onCommit={() => void doCommit()}
              onCancel={onClose}
            />
          )
        )}
      </div>
    </div>
  );
}

function PreviewView({
  preview,
  asked,
  choices,
  dates,
  remembered,
  busy,
  onCorrect,
  onCommit,
  onCancel,
}: {
  preview: ImportPreview;
  asked: readonly NameChoice[];
  choices: Record<string, string>;
  dates: Record<string, string>;
  remembered: (SheetField | null)[] | null;
  busy: boolean;
  onCorrect(p: Parameters<ReturnType<typeof useSheets.getState>['correct']>[0]): void;
  onCommit(): void;
  onCancel(): void;
}) {
  const t = useT();
  const [onlyAttention, setOnlyAttention] = useState(false);
  const fields = FIELDS_OF[preview.kind];
  const rows = useMemo(
    () => preview.rows.filter((r) => !onlyAttention || ATTENTION.has(r.status)),
    [preview.rows, onlyAttention],
  );
  // Every name asked about since the file was picked: an answered one stays, so it can be changed.
  const open = asked;
  const pending = open.filter((c) => !choices[c.key]).length;
  const setField = (index: number, field: SheetField | null) => {
    const mapping = preview.columns.map((c) => c.field);
    mapping[index] = field;
    onCorrect({ mapping });
  };
  const r = preview.report;
  // Rows of the shown worksheet still waiting for a date (every row may carry its own year).
  const shownUndated = preview.sheetList.find((x) => x.name === preview.sheet)?.outcome?.undated ?? preview.undated;

  return (
    <div className="sheets-preview">
      <div className="sheets-settings">
        <label className="inline-field">
          <span>{t('sheets.import.headerRow')}</span>
          <input
            type="number"
            min={1}
            className="sheets-narrow"
            defaultValue={preview.headerRow}
            key={`${preview.sheet}-${preview.headerRow}`}
            onBlur={(e) => {
              const n = Number(e.target.value);
              if (n >= 1 && n !== preview.headerRow) onCorrect({ headerRow: n });
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
          />
        </label>
        <label className="inline-field" title={t('sheets.import.asOfHint')}>
          <span>{t('sheets.import.asOf')}</span>
          <input
            type="date"
            value={preview.asOfSource === 'awardDate' ? '' : preview.asOf}
            onChange={(e) => onCorrect({ asOf: e.target.value || undefined })}
            disabled={busy}
          />
          {preview.asOfSource === 'title' && <span className="muted">{t('sheets.import.asOf.title')}</span>}
          {preview.asOfSource === 'awardDate' && <span className="muted">{t('sheets.import.asOf.awardDate')}</span>}
        </label>
        {preview.kind === 'roster' && (
          <label className="inline-field" title={t('sheets.import.sheetClassHint')}>
            <span>{t('sheets.import.sheetClass')}</span>
            <input
              type="text"
              className="sheets-narrow-text"
              placeholder={t('sheets.import.sheetClassHint')}
              defaultValue={preview.sheetClass ?? ''}
              key={preview.sheetClass ?? ''}
              disabled={busy}
              onBlur={(e) => {
                const v = e.target.value.trim();
                if (v !== (preview.sheetClass ?? '')) onCorrect({ className: v || undefined });
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              }}
            />
          </label>
        )}
        {preview.kind === 'awards' && (
          <label className="inline-field sheets-assumption">
            <span>{t('sheets.import.defaultDate')}</span>
            <input
              type="date"
              aria-label={t('sheets.import.defaultDate')}
              min="1990-01-01"
              value={preview.defaultDate ?? ''}
              disabled={busy}
              onChange={(e) =>
                e.target.value &&
                e.target.value >= '1990-01-01' &&
                onCorrect({ dates: { ...dates, [preview.sheet]: e.target.value } })
              }
            />
            <span className={preview.dateSource || !shownUndated ? 'muted' : 'sheets-warn'}>
              {preview.dateSource
                ? t(`sheets.import.dateFrom.${preview.dateSource}`, { clue: preview.dateClue ?? '' })
                : t(shownUndated ? 'sheets.import.dateFrom.none' : 'sheets.import.dateFrom.rows')}
            </span>
          </label>
        )}
        {preview.kind === 'awards' && (
          <label className="inline-field" title={t('sheets.import.schoolHint')}>
            <span>{t('sheets.import.schoolName')}</span>
            <input
              type="text"
              className="sheets-school"
              defaultValue={preview.school.names.join('、')}
              key={preview.school.names.join('、')}
              disabled={busy}
              onBlur={(e) => {
                const v = e.target.value.trim();
                if (v !== preview.school.names.join('、')) onCorrect({ schoolName: v });
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              }}
            />
            {preview.school.source === 'settings' && (
              <span className="muted">{t('sheets.import.school.settings')}</span>
            )}
          </label>
        )}
        {preview.encoding && (
          <span className="muted">{t('sheets.import.encoding', { encoding: preview.encoding })}</span>
        )}
      </div>
      {preview.sheetList.length > 1 && (
        <fieldset className="sheets-sheet-list">
          <legend>{t('sheets.import.sheets')}</legend>
          <div className="sheets-sheet-items">
            {preview.sheetList.map((sh) => (
              <div key={sh.name} className={`sheets-sheet${sh.name === preview.sheet ? ' shown' : ''}`}>
                <label className="inline-field">
                  <input
                    type="checkbox"
                    checked={sh.selected}
                    disabled={busy}
                    onChange={(e) =>
                      onCorrect({
                        sheets: preview.sheetList
                          .filter((x) => (x.name === sh.name ? e.target.checked : x.selected))
                          .map((x) => x.name),
                      })
                    }
                  />
                  <span>{sh.name}</span>
                </label>
                <span className={`chip sheets-look-${sh.look}`}>{t(`sheets.look.${sh.look}`)}</span>
                <span className="muted">
                  {sh.outcome
                    ? [
                        t('sheets.import.sheetOutcome', {
                          created: sh.outcome.created,
                          updated: sh.outcome.updated,
                          unchanged: sh.outcome.unchanged,
                          skipped: sh.outcome.skipped,
                        }),
                        sh.outcome.undated ? t('sheets.import.undated', { n: sh.outcome.undated }) : '',
                        sh.outcome.problem ?? '',
                      ]
                        .filter(Boolean)
                        .join('；')
                    : t('sheets.import.sheetRows', { n: sh.rows })}
                </span>
                {sh.name !== preview.sheet && sh.look !== 'empty' && (
                  <button type="button" disabled={busy} onClick={() => onCorrect({ sheet: sh.name })}>
                    {t('sheets.import.sheetShow')}
                  </button>
                )}
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {preview.title && <p className="muted sheets-title">{t('sheets.import.titleRows', { title: preview.title })}</p>}
      {preview.problem && (
        <div role="alert" className="banner error">
          {preview.problem}
        </div>
      )}
      {!preview.problem && preview.undated > 0 && (
        <div className="banner warn sheets-undated" aria-live="polite">
          {t('sheets.import.undated', { n: preview.undated })}
        </div>
      )}

      {open.length > 0 && (
        <fieldset className="sheets-choices">
          <legend>{t('sheets.import.choices')}</legend>
          {open.map((c) => (
            <label key={c.key} className="sheets-choice">
              <span>{c.label}</span>
              <select
                value={choices[c.key] ?? ''}
                onChange={(e) => onCorrect({ choices: { ...choices, [c.key]: e.target.value } })}
                disabled={busy}
              >
                <option value="">{t('sheets.import.choose')}</option>
                {c.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {pending > 0 && <p className="muted">{t('sheets.import.pending', { n: pending })}</p>}
        </fieldset>
      )}

      <div className="sheets-table-bar">
        <span className="muted">{t('sheets.import.mapping')}</span>
        {remembered && (
          <button type="button" disabled={busy} onClick={() => onCorrect({ mapping: remembered })}>
            {t('sheets.import.useRemembered')}
          </button>
        )}
        <label className="inline-field">
          <input type="checkbox" checked={onlyAttention} onChange={(e) => setOnlyAttention(e.target.checked)} />
          <span>{t('sheets.import.filter.attention')}</span>
        </label>
      </div>
      <div className="sheets-table-wrap">
        <table className="sheets-table">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t('sheets.import.rowNo')}
              </th>
              <th scope="col" rowSpan={2}>
                {t('sheets.import.statusCol')}
              </th>
              <th scope="col" rowSpan={2} className="sheets-notes-col">
                {t('sheets.import.notes')}
              </th>
              {preview.columns.map((c) => (
                <th scope="col" key={c.index} className={c.field ? 'mapped' : 'unmapped'}>
                  <select
                    aria-label={`${t('sheets.import.column', { n: c.index + 1 })} ${c.header}`}
                    value={c.field ?? ''}
                    disabled={busy}
                    onChange={(e) => setField(c.index, (e.target.value || null) as SheetField | null)}
                  >
                    <option value="">{t('sheets.import.ignore')}</option>
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {t(`sheets.col.${f}`)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
            <tr>
              {preview.columns.map((c) => (
                <th scope="col" key={c.index} className="sheets-source-header">
                  {c.header || t('sheets.import.column', { n: c.index + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN_ROWS).map((row) => (
              <PreviewTableRow key={row.row} row={row} columns={preview.columns.length} />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN_ROWS && <p className="muted">{t('sheets.import.more', { n: rows.length - SHOWN_ROWS })}</p>}

      <p className="sheets-summary" aria-live="polite">
        {t('sheets.import.summary', {
          created: r.created,
          updated: r.updated,
          unchanged: r.unchanged,
          skipped: r.skipped.length,
        })}
      </p>
      <div className="form-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" onClick={onCommit} disabled={busy || !!preview.problem}>
          {t('sheets.import.commit')}
        </button>
      </div>
    </div>
  );
}

function PreviewTableRow({ row, columns }: { row: PreviewRow; columns: number }) {
  const t = useT();
  const note = [row.reason, ...row.actions].filter(Boolean).join('；');
  return (
    <tr className={`status-row-${row.status}`}>
      <td className="num">{row.row}</td>
      <td>
        <span className={`chip sheets-status-${row.status}`}>{t(`sheets.import.status.${row.status}`)}</span>
      </td>
      <td className="sheets-note">{note}</td>
      {Array.from({ length: columns }, (_, i) => (
        <td key={i} title={row.cells[i]}>
          {row.cells[i]}
        </td>
      ))}
    </tr>
  );
}

function ReportView({ report, onAgain, onClose }: { report: ImportReport; onAgain(): void; onClose(): void }) {
  const t = useT();
  const kinds = (Object.keys(report.counts) as (keyof ImportReport['counts'])[]).filter(
    (k) => report.counts[k].created || report.counts[k].updated,
  );
  return (
    <section className="sheets-report" aria-labelledby="sheets-report-title">
      <h3 id="sheets-report-title">{t('sheets.import.done')}</h3>
      <p role="status">
        {t('sheets.import.report', {
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          skipped: report.skipped.length,
        })}
      </p>
      {report.sheets.length > 1 && (
        <ul className="sheets-kind-counts">
          {report.sheets.map((x) => (
            <li key={x.name}>
              {x.name}：{t('sheets.import.sheetOutcome', x)}
            </li>
          ))}
        </ul>
      )}
      {kinds.length > 0 && (
        <ul className="sheets-kind-counts">
          {kinds.map((k) => (
            <li key={k}>{t('sheets.import.kindCounts', { kind: t(`sheets.kind.${k}`), ...report.counts[k] })}</li>
          ))}
        </ul>
      )}
      {report.skipped.length > 0 && (
        <>
          <h4>{t('sheets.import.skipped')}</h4>
          <ul className="sheets-skipped">
            {report.skipped.map((s) => (
              <li key={`${s.sheet ?? ''}-${s.row}`}>
                <strong>
                  {s.sheet
                    ? t('sheets.import.sheetSkipped', { sheet: s.sheet, row: s.row })
                    : t('sheets.import.row', { row: s.row })}
                </strong>
                ：{s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="form-actions">
        <button type="button" onClick={onAgain}>
          {t('sheets.import.again')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('sheets.import.close')}
        </button>
      </div>
    </section>
  );
}

function trapFocus(root: HTMLElement, e: KeyboardEvent) {
  const items = [
    ...root.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex]:not([tabindex="-1"])'),
  ].filter((el) => !(el as HTMLButtonElement).disabled);
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
