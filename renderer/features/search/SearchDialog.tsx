// The search box: Ctrl+K from anywhere opens it over the page; results grouped by kind with the
// matched text in <mark>; ↑↓ select, Enter opens the record, Esc closes. While an input method is
// composing (typing pinyin for 航模), nothing is searched and Enter only confirms the characters.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import type { Range, SearchHit } from '../../../shared/calls/search';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { useRecords } from '../../stores/records';
import { flatHits, useSearch, type SearchFilters } from '../../stores/search';
import { useVocabList } from '../../stores/vocab';
import { openHit } from './open';
import './search.css';

/** Text with its ranges in <mark>. */
export function Marked({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  const out: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([s, e], i) => {
    if (s > at) out.push(text.slice(at, s));
    out.push(<mark key={i}>{text.slice(s, e)}</mark>);
    at = e;
  });
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
}

const DEBOUNCE_MS = 80;

export function SearchDialog() {
  const t = useT();
  const {
    open,
    text,
    filters,
    result,
    loading,
    error,
    active,
    show,
    hide,
    setText,
    setFilters,
    clearFilters,
    run,
    move,
    setActive,
  } = useSearch();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const composing = useRef(false);
  const [showFilters, setShowFilters] = useState(false);

  // Ctrl+K (⌘K) anywhere opens the box; again closes it.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (useSearch.getState().open) hide();
        else show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show, hide]);

  useEffect(() => {
    if (open) {
      input.current?.focus();
      input.current?.select();
    }
  }, [open]);

  // Search shortly after typing stops; never on half-composed pinyin.
  useEffect(() => {
    if (!open || composing.current) return;
    const timer = setTimeout(() => void run(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [open, text, filters, run]);

  const hits = useMemo(() => flatHits(result), [result]);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (!open) {
    return (
      <button type="button" className="searchbox-trigger" onClick={show} title={t('search.shortcut')}>
        <svg
          aria-hidden="true"
          width="14"
          height="14"
          viewBox="0 0 16 16"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="7" cy="7" r="5" />
          <path d="M11 11l4 4" strokeLinecap="round" />
        </svg>
        {t('search.open')} <kbd>{t('search.shortcut')}</kbd>
      </button>
    );
  }

  const choose = (h: SearchHit | undefined) => {
    if (h && openHit(h)) hide();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing || composing.current) return; // Enter confirms the input method's characters
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(hits[active]);
    }
  };
  const activeId = hits[active] ? `searchbox-hit-${active}` : undefined;
  let index = -1;

  return (
    <div
      className="searchbox-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) hide();
      }}
    >
      <div
        className="searchbox-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('search.dialog')}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
            e.preventDefault();
            hide();
          }
        }}
      >
        <div className="searchbox-bar">
          <input
            ref={input}
            className="searchbox-input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls="searchbox-results"
            aria-activedescendant={activeId}
            aria-label={t('search.dialog')}
            placeholder={t('search.placeholder')}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
            onCompositionStart={() => {
              composing.current = true;
            }}
            onCompositionEnd={(e) => {
              composing.current = false;
              setText(e.currentTarget.value);
              void run();
            }}
            onKeyDown={onKeyDown}
          />
          <button
            type="button"
            className={showFilters ? 'searchbox-filter-toggle on' : 'searchbox-filter-toggle'}
            aria-expanded={showFilters}
            onClick={() => setShowFilters(!showFilters)}
          >
            {t('search.filters')}
            {Object.keys(filters).filter((k) => k !== 'includeTrashed').length
              ? ` · ${Object.keys(filters).filter((k) => k !== 'includeTrashed').length}`
              : ''}
          </button>
          <button type="button" className="searchbox-close" aria-label={t('search.close')} onClick={hide}>
            ×
          </button>
        </div>
        {showFilters && <Filters filters={filters} setFilters={setFilters} clearFilters={clearFilters} />}
        <div
          className="searchbox-results"
          id="searchbox-results"
          role="listbox"
          aria-label={t('search.dialog')}
          ref={list}
          aria-busy={loading}
        >
          {error && (
            <div role="alert" className="banner error">
              {error}
            </div>
          )}
          {result && !hits.length && (
            <p className="searchbox-empty">
              {text.trim() ? t('search.empty', { text: text.trim() }) : t('search.emptyFilters')}
            </p>
          )}
          {result?.groups.map((g) => (
            <section key={g.kind} className="searchbox-group" aria-label={t(`search.kind.${g.kind}`)}>
              <h3>
                {t(`search.kind.${g.kind}`)} <span className="muted">{t('search.groupTotal', { n: g.total })}</span>
              </h3>
              {g.hits.map((h) => {
                const i = ++index;
                return (
                  <div
                    key={`${h.kind}-${h.id}`}
                    id={`searchbox-hit-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'searchbox-hit active' : 'searchbox-hit'}
                    data-kind={h.kind}
                    onMouseMove={() => {
                      if (i !== active) setActive(i);
                    }}
                    onClick={() => choose(h)}
                  >
                    <div className="searchbox-hit-title">
                      <span>
                        {h.kind === 'work' && '《'}
                        <Marked text={h.title} ranges={h.titleRanges} />
                        {h.kind === 'work' && '》'}
                      </span>
                      {h.via === 'pinyin' && <span className="chip">{t('search.viaPinyin')}</span>}
                      {h.deleted && <span className="chip warn">{t('search.trashed')}</span>}
                    </div>
                    {h.detail.length > 0 && <div className="searchbox-hit-detail">{h.detail.join(' · ')}</div>}
                    {h.snippet && (
                      <div className="searchbox-hit-snippet">
                        <Marked text={h.snippet} ranges={h.snippetRanges} />
                      </div>
                    )}
                  </div>
                );
              })}
            </section>
          ))}
        </div>
        <footer className="searchbox-footer">
          <span>{t('search.hint')}</span>
          {result && hits.length > 0 && (
            <span>
              {result.capped ? t('search.totalCapped', { n: result.total }) : t('search.total', { n: result.total })}
            </span>
          )}
        </footer>
      </div>
    </div>
  );
}

/** The filters that combine with the text. Choices come from the archive itself. */
function Filters({
  filters,
  setFilters,
  clearFilters,
}: {
  filters: SearchFilters;
  setFilters(p: Partial<SearchFilters>): void;
  clearFilters(): void;
}) {
  const t = useT();
  const info = useApp((s) => s.info);
  const everyone = useRecords((s) => s.people);
  const choices = {
    types: useVocabList('activityType'),
    categories: useVocabList('category'),
    levels: useVocabList('level'),
    grades: useVocabList('grade'),
    /** People past the records' limit: their classes and names are not among the choices. */
    leftOut: useRecords((s) => s.peopleLeftOut),
  };
  // Those at school and still teaching (the archive's list holds the graduated too), asked for afresh on opening.
  const students = useMemo(() => everyone.filter((p) => p.kind === 'student' && !p.archivedAt), [everyone]);
  const teachers = useMemo(() => everyone.filter((p) => p.kind === 'teacher' && !p.archivedAt), [everyone]);
  useEffect(() => {
    void useRecords.getState().load();
  }, []);
  // Classes as they are called today ('五年级(2)班'), each once.
  const classes = useMemo(() => {
    const m = new Map<string, { entryYear: number; classNo: number | null; label: string }>();
    for (const s of students)
      if (s.entryYear)
        m.set(`${s.entryYear}-${s.classNo ?? ''}`, { entryYear: s.entryYear, classNo: s.classNo, label: s.classLabel });
    return [...m.entries()].sort(
      (x, y) => y[1].entryYear - x[1].entryYear || (x[1].classNo ?? 0) - (y[1].classNo ?? 0),
    );
  }, [students]);
  const classKey = filters.classOf ? `${filters.classOf.entryYear}-${filters.classOf.classNo ?? ''}` : '';
  const str = (v: string) => (v ? v : undefined);
  const any = <option value="">{t('search.filter.any')}</option>;

  return (
    <div className="searchbox-filters">
      <label>
        <span>{t('search.filter.schoolYear')}</span>
        <select
          value={filters.schoolYear ?? ''}
          onChange={(e) => setFilters({ schoolYear: e.target.value ? Number(e.target.value) : undefined })}
        >
          {any}
          {info?.schoolYears.map((y) => (
            <option key={y} value={y}>
              {schoolYearLabel(y)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('search.filter.term')}</span>
        <select
          value={filters.term ?? ''}
          disabled={filters.schoolYear === undefined}
          onChange={(e) => setFilters({ term: e.target.value ? (Number(e.target.value) as 1 | 2) : undefined })}
        >
          {any}
          <option value="1">{t('term.1')}</option>
          <option value="2">{t('term.2')}</option>
        </select>
      </label>
      <label>
        <span>{t('search.filter.type')}</span>
        <select value={filters.type ?? ''} onChange={(e) => setFilters({ type: str(e.target.value) })}>
          {any}
          <optgroup label={t('search.kind.activity')}>
            {choices.types.map((x) => (
              <option key={`a-${x}`} value={x}>
                {x}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('search.kind.work')}>
            {choices.categories.map((x) => (
              <option key={`w-${x}`} value={x}>
                {x}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        <span>{t('search.filter.level')}</span>
        <select value={filters.level ?? ''} onChange={(e) => setFilters({ level: str(e.target.value) })}>
          {any}
          {choices.levels.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('search.filter.grade')}</span>
        <select value={filters.grade ?? ''} onChange={(e) => setFilters({ grade: str(e.target.value) })}>
          {any}
          {choices.grades.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('search.filter.class')}</span>
        <select
          value={classKey}
          onChange={(e) => {
            const c = classes.find(([k]) => k === e.target.value)?.[1];
            setFilters({
              classOf: c ? { entryYear: c.entryYear, ...(c.classNo ? { classNo: c.classNo } : {}) } : undefined,
            });
          }}
        >
          {any}
          {classes.map(([k, c]) => (
            <option key={k} value={k}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('search.filter.teacher')}</span>
        <select value={filters.teacherId ?? ''} onChange={(e) => setFilters({ teacherId: str(e.target.value) })}>
          {any}
          {teachers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {choices.leftOut > 0 && (
        <span className="muted" role="status">
          {t('list.more', { n: choices.leftOut })}
        </span>
      )}
      <label className="searchbox-check">
        <input
          type="checkbox"
          checked={!!filters.includeTrashed}
          onChange={(e) => setFilters({ includeTrashed: e.target.checked || undefined })}
        />
        <span>{t('search.includeTrashed')}</span>
      </label>
      <button type="button" onClick={clearFilters}>
        {t('search.filter.clear')}
      </button>
    </div>
  );
}
