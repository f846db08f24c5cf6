// The searchable picker: an activity or a person out of thousands, never a <select> of them all.
// Type to filter (text, or pinyin initials as the app's search takes them: zsm → 张树茂); the
// core answers one page (activities.pick / people.pick) with the count of every match, so the
// list says "还有 N 项" and shows more on request. Graduates are found like anyone, marked 已毕业.
// Keyboard: ↑↓ move, Enter chooses, Esc closes (a combobox with a listbox, as ARIA describes it).
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PickedActivity, PickedPerson } from '../../shared/calls/lists';
import { formatRangeZh } from '../../shared/domain/format';
import { useT } from '../i18n';
import { pickPage } from '../stores/pick';
import './picker.css';

export type PickKindName = 'activity' | 'person';
export type Picked<K extends PickKindName> = K extends 'activity' ? PickedActivity : PickedPerson;

export interface PickState<T> {
  items: T[];
  total: number;
  chosen: T[];
  loading: boolean;
  error: string | null;
}

/**
 * One picker's answers for `text`: the first page, then more with `more()`. A slow answer to an
 * older text never replaces a newer one.
 */
export function usePick<K extends PickKindName>(
  kind: K,
  text: string,
  opts: { enabled?: boolean; ids?: readonly string[]; personKind?: 'student' | 'teacher' } = {},
) {
  const { enabled = true, ids = [], personKind } = opts;
  const [state, setState] = useState<PickState<Picked<K>>>({
    items: [],
    total: 0,
    chosen: [],
    loading: false,
    error: null,
  });
  const seq = useRef(0);
  const idsKey = ids.join(',');
  const fetchPage = useCallback(
    async (offset: number) => {
      const input = { text, offset, ids: idsKey ? idsKey.split(',') : [] };
      const r = await pickPage(kind, input, personKind);
      return r as unknown as { items: Picked<K>[]; total: number; chosen: Picked<K>[] };
    },
    [kind, text, idsKey, personKind],
  );
  useEffect(() => {
    if (!enabled) return;
    const my = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    // Typing is not a query per key: a short pause first.
    const h = setTimeout(
      () => {
        fetchPage(0)
          .then((r) => {
            if (my === seq.current) setState({ ...r, loading: false, error: null });
          })
          .catch((e) => {
            if (my === seq.current) setState((s) => ({ ...s, loading: false, error: (e as Error).message }));
          });
      },
      text ? 120 : 0,
    );
    return () => clearTimeout(h);
  }, [enabled, fetchPage, text]);
  const shown = useRef(0);
  shown.current = state.items.length;
  const more = useCallback(() => {
    const my = seq.current;
    setState((s) => ({ ...s, loading: true }));
    fetchPage(shown.current)
      .then((r) => {
        if (my === seq.current)
          setState((x) => ({ ...x, items: [...x.items, ...r.items], total: r.total, loading: false }));
      })
      .catch((e) => {
        if (my === seq.current) setState((x) => ({ ...x, loading: false, error: (e as Error).message }));
      });
  }, [fetchPage]);
  return { ...state, more };
}

export function pickedLabel(kind: PickKindName, x: PickedActivity | PickedPerson): string {
  if (kind === 'activity') {
    const a = x as PickedActivity;
    return `${a.startDate} ${a.title}`;
  }
  const p = x as PickedPerson;
  return p.label ? `${p.name}（${p.label}）` : p.name;
}

/** One row of a picker's list: date and title, or name, class and 已毕业. */
export function PickRow({ kind, item }: { kind: PickKindName; item: PickedActivity | PickedPerson }) {
  const t = useT();
  if (kind === 'activity') {
    const a = item as PickedActivity;
    return (
      <>
        <span className="pick-date">{formatRangeZh(a.startDate, a.endDate)}</span>{' '}
        <span className="pick-title">{a.title}</span> <span className="pick-meta">{a.type}</span>
      </>
    );
  }
  const p = item as PickedPerson;
  return (
    <>
      <span className="pick-title">{p.name}</span> {p.label && <span className="pick-meta">{p.label}</span>}
      {p.graduated && !p.label.includes(t('picker.graduated')) && (
        <span className="chip pick-graduated">{t('picker.graduated')}</span>
      )}
    </>
  );
}

export interface PickerProps<K extends PickKindName> {
  kind: K;
  /** Chosen id ('' for none). */
  value: string;
  onChange(id: string, item: Picked<K> | null): void;
  /** Accessible name (the field's label). */
  label: string;
  /** Offer a first row that clears the choice, named so ('全部' for a filter). */
  emptyLabel?: string;
  personKind?: 'student' | 'teacher';
  /** Leave these out of the list (already linked). */
  exclude?: readonly string[];
  className?: string;
  disabled?: boolean;
  autoFocus?: boolean;
}

export function Picker<K extends PickKindName>({
  kind,
  value,
  onChange,
  label,
  emptyLabel,
  personKind,
  exclude,
  className,
  disabled,
  autoFocus,
}: PickerProps<K>) {
  const t = useT();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const pick = usePick(kind, open ? text : '', { enabled: open || !!value, ids: value ? [value] : [], personKind });
  const chosen = value ? (pick.chosen.find((x) => x.id === value) ?? null) : null;
  const items = exclude?.length ? pick.items.filter((x) => !exclude.includes(x.id)) : pick.items;
  const rows: (Picked<K> | null)[] = [...(emptyLabel !== undefined && !text ? [null] : []), ...items];
  const left = Math.max(0, pick.total - pick.items.length);

  useEffect(() => {
    setActive(0);
  }, [text]);
  useEffect(() => {
    list.current?.querySelector(`[data-row="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const choose = (x: Picked<K> | null) => {
    onChange(x?.id ?? '', x);
    setOpen(false);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(rows.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      if (rows[active] !== undefined) choose(rows[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setText('');
    }
  };
  const shown = open ? text : chosen ? pickedLabel(kind, chosen) : value ? '…' : (emptyLabel ?? '');
  const listId = `${id}-list`;
  return (
    <span className={`picker ${className ?? ''}`} data-open={open || undefined}>
      <input
        ref={input}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && rows.length ? `${id}-o${active}` : undefined}
        disabled={disabled}
        autoFocus={autoFocus}
        value={shown}
        placeholder={open ? t('picker.placeholder') : t('picker.none')}
        title={chosen ? pickedLabel(kind, chosen) : undefined}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={(e) => {
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node | null)) {
            setOpen(false);
            setText('');
          }
        }}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <div className="picker-pop">
          <ul id={listId} ref={list} role="listbox" aria-label={label}>
            {rows.map((x, i) => (
              <li
                key={x?.id ?? ''}
                id={`${id}-o${i}`}
                data-row={i}
                role="option"
                aria-selected={(x?.id ?? '') === value}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                // preventDefault: a picker inside a <label> must not have the click passed on to its input (reopening it)
                onClick={(e) => {
                  e.preventDefault();
                  choose(x);
                }}
              >
                {x ? <PickRow kind={kind} item={x} /> : <span className="pick-title">{emptyLabel}</span>}
              </li>
            ))}
          </ul>
          {pick.loading && !items.length && <p className="picker-note muted">{t('picker.loading')}</p>}
          {!pick.loading && !items.length && text && <p className="picker-note muted">{t('picker.empty', { text })}</p>}
          {pick.error && (
            <p className="picker-note field-error" role="alert">
              {pick.error}
            </p>
          )}
          {left > 0 && (
            <p className="picker-note picker-more" role="status">
              {t('picker.more', { n: left })} ·{' '}
              <button
                type="button"
                className="link-button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  pick.more();
                  input.current?.focus();
                }}
              >
                {t('picker.showMore')}
              </button>
            </p>
          )}
        </div>
      )}
    </span>
  );
}

/**
 * Many at once (the USB export's activities): a search box over a checklist of one page of
 * matches, "还有 N 项 · 显示更多" under it. The ticked ids are the caller's.
 */
export function PickChecklist<K extends PickKindName>({
  kind,
  picked,
  onToggle,
  label,
  className,
}: {
  kind: K;
  picked: ReadonlySet<string>;
  onToggle(id: string, on: boolean): void;
  label: string;
  className?: string;
}) {
  const t = useT();
  const [text, setText] = useState('');
  const pick = usePick(kind, text);
  const left = Math.max(0, pick.total - pick.items.length);
  return (
    <div className={`pick-checklist ${className ?? ''}`}>
      <input
        type="search"
        aria-label={label}
        placeholder={t('picker.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <ul aria-label={label}>
        {pick.items.map((x) => (
          <li key={x.id}>
            <label>
              <input type="checkbox" checked={picked.has(x.id)} onChange={(e) => onToggle(x.id, e.target.checked)} />
              <PickRow kind={kind} item={x} />
            </label>
          </li>
        ))}
      </ul>
      {!pick.loading && !pick.items.length && text && (
        <p className="picker-note muted">{t('picker.empty', { text })}</p>
      )}
      {pick.error && (
        <p className="picker-note field-error" role="alert">
          {pick.error}
        </p>
      )}
      <p className="picker-note muted" role="status">
        {t('picker.total', { n: pick.total })}
        {left > 0 && (
          <>
            {' '}
            · {t('picker.more', { n: left })} ·{' '}
            <button type="button" className="link-button" onClick={pick.more}>
              {t('picker.showMore')}
            </button>
          </>
        )}
      </p>
    </div>
  );
}
