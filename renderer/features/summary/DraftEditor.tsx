// The drafted 工作总结, section by section. What the teacher types saves itself a moment after the
// last keystroke (正在保存… → 已保存); a failed save keeps the text and offers 保存此节 again.
// A section the teacher typed in is theirs: new numbers
// never replace it; when the data changed since, the page says so and shows the new text, and
// "用新数据重新生成此节" replaces it only after the teacher confirms.
import { useState, type KeyboardEvent } from 'react';
import type { DraftSection } from '../../../shared/calls/summary';
import { useT } from '../../i18n';
import { useSummary } from '../../stores/summary';

function Section({ s }: { s: DraftSection }) {
  const t = useT();
  const { unsaved, saving, failed, savedAt, type, save, discard, regenerate } = useSummary();
  const [confirming, setConfirming] = useState(false);
  const [showNew, setShowNew] = useState(false);
  const dirty = unsaved[s.key] !== undefined;
  const value = unsaved[s.key] ?? s.text;
  const id = `sum-sec-${s.key}`;
  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save(s.key);
    }
  };
  const busy = dirty || !!saving[s.key];
  const status = failed[s.key] ? 'unsaved' : busy ? 'saving' : s.stale ? 'stale' : s.edited ? 'edited' : 'generated';
  const chip = (
    <span
      className={`chip sum-chip-${status}`}
      role={status === 'saving' || status === 'unsaved' ? 'status' : undefined}
    >
      {t(
        status === 'unsaved'
          ? 'summary.draft.unsaved'
          : status === 'saving'
            ? 'summary.draft.saving'
            : status === 'stale'
              ? 'summary.draft.stale'
              : status === 'edited'
                ? 'summary.draft.edited'
                : 'summary.draft.generated',
      )}
    </span>
  );
  return (
    <section
      className={`sum-section card ${s.key === 'title' ? 'sum-title-section' : ''}`}
      data-section={s.key}
      aria-labelledby={`${id}-h`}
    >
      <header className="sum-section-head">
        <h3 id={`${id}-h`}>{s.key === 'title' ? t('summary.draft.titleLabel') : s.heading}</h3>
        {chip}
        {!busy && savedAt[s.key] && (
          <span className="muted sum-saved" role="status">
            {t('summary.draft.saved')}
          </span>
        )}
        <span className="sum-actions">
          {failed[s.key] && (
            <button type="button" onClick={() => discard(s.key)}>
              {t('summary.draft.discard')}
            </button>
          )}
          {failed[s.key] && (
            <button type="button" className="primary" onClick={() => void save(s.key)}>
              {t('summary.draft.save')}
            </button>
          )}
          {!busy && s.edited && !confirming && (
            <button type="button" onClick={() => setConfirming(true)}>
              {t('summary.draft.regenerate')}
            </button>
          )}
        </span>
      </header>
      {confirming && (
        <div className="banner warn sum-confirm" role="alertdialog" aria-label={t('summary.draft.regenerate')}>
          <span>{t('summary.draft.confirmRegenerate')}</span>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setConfirming(false);
              void regenerate(s.key);
            }}
          >
            {t('summary.draft.confirmYes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {s.stale && !dirty && (
        <div className="sum-stale">
          <span>{t('summary.draft.staleHint')}</span>
          <button type="button" className="link" aria-expanded={showNew} onClick={() => setShowNew(!showNew)}>
            {t(showNew ? 'summary.draft.hideGenerated' : 'summary.draft.showGenerated')}
          </button>
          {showNew && <pre className="sum-generated">{s.generated}</pre>}
        </div>
      )}
      {s.key === 'title' ? (
        <input
          id={id}
          className="sum-title-input"
          aria-labelledby={`${id}-h`}
          value={value}
          onChange={(e) => type(s.key, e.target.value)}
          onBlur={() => {
            if (dirty) void save(s.key);
          }}
          onKeyDown={onKey}
        />
      ) : (
        <textarea
          id={id}
          aria-labelledby={`${id}-h`}
          value={value}
          rows={Math.min(
            24,
            Math.max(
              3,
              value.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 68)), 0),
            ),
          )}
          onChange={(e) => type(s.key, e.target.value)}
          onBlur={() => {
            if (dirty) void save(s.key);
          }}
          onKeyDown={onKey}
        />
      )}
    </section>
  );
}

export function DraftEditor() {
  const t = useT();
  const draft = useSummary((s) => s.draft);
  if (!draft) return null;
  return (
    <div className="sum-draft">
      <p className="muted sum-note">{t('summary.draft.hint')}</p>
      {draft.sections.map((s) => (
        <Section key={`${draft.period.key}-${s.key}`} s={s} />
      ))}
    </div>
  );
}
