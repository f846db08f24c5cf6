// Choosing people: a search box that finds by name, pinyin initials or 学号 (keyboard: ↑ ↓ Enter),
// and an ordered list of chosen people (authors, advisors, organising teachers) with ↑ ↓ ×.
import { localIsoDate } from '../../../shared/domain/format';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Person } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { classOn, matchesPerson, useRecords } from '../../stores/records';

export function PersonSearch(props: {
  candidates: readonly Person[];
  onPick(p: Person): void;
  label: string;
  placeholder?: string;
  required?: boolean;
  exclude?: ReadonlySet<string>;
  date?: string;
  name?: string;
  disabled?: boolean;
  limit?: number;
}) {
  const { initials, calendar } = useRecords();
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => {
    if (!q.trim()) return [];
    const out: Person[] = [];
    for (const p of props.candidates) {
      if (props.exclude?.has(p.id) || !matchesPerson(p, q, initials)) continue;
      out.push(p);
      if (out.length >= (props.limit ?? 20)) break;
    }
    return out;
  }, [q, props.candidates, props.exclude, initials, props.limit]);

  const pick = (p: Person) => {
    props.onPick(p);
    setQ('');
    setActive(0);
  };
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.nativeEvent.isComposing || e.keyCode === 229) return; // the IME owns Enter and arrows while composing
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (matches[active]) pick(matches[active]);
    } else if (e.key === 'Escape' && q) {
      e.preventDefault();
      e.stopPropagation();
      setQ('');
    }
  }
  const label = (p: Person) =>
    p.kind === 'student' ? classOn(p, props.date ?? localIsoDate(new Date()), calendar) : p.classLabel;
  return (
    <div className="person-search">
      <input
        type="search"
        aria-label={props.label}
        placeholder={props.placeholder ?? props.label}
        value={q}
        name={props.name}
        disabled={props.disabled}
        aria-required={props.required || undefined}
        role="combobox"
        aria-expanded={matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={matches[active] ? `${listId}-${matches[active].id}` : undefined}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {matches.length > 0 && (
        <ul className="search-results" role="listbox" id={listId} aria-label={props.label}>
          {matches.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${p.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <span className="name">{p.name}</span>{' '}
              <span className="muted">
                {label(p)}
                {p.studentNo ? ` · ${p.studentNo}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Ordered choice of people; the order is the order on certificates and forms. */
export function OrderedPeople(props: {
  label: string;
  ids: readonly string[];
  candidates: readonly Person[];
  onChange(ids: string[]): void;
  max?: number;
  fullMessage?: string;
  field: string;
  date?: string;
  required?: boolean;
}) {
  const t = useT();
  const people = useRecords((s) => s.people);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const ids = props.ids;
  const move = (i: number, d: number) => {
    const next = [...ids];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    props.onChange(next);
  };
  const full = props.max !== undefined && ids.length >= props.max;
  return (
    <div className="ordered-people" data-field={props.field}>
      <ol className="ordered-list" aria-label={props.label}>
        {ids.map((id, i) => (
          <li key={id}>
            <span className="order-no">{i + 1}</span>
            <span className="name">{byId.get(id)?.name ?? '？'}</span>
            <button
              type="button"
              className="icon"
              aria-label={`${t('records.moveUp')} ${byId.get(id)?.name ?? ''}`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`${t('records.moveDown')} ${byId.get(id)?.name ?? ''}`}
              disabled={i === ids.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`${t('records.remove')} ${byId.get(id)?.name ?? ''}`}
              onClick={() => props.onChange(ids.filter((x) => x !== id))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      {full ? (
        props.fullMessage && <span className="muted small">{props.fullMessage}</span>
      ) : (
        <PersonSearch
          label={`${props.label}：${t('records.add')}`}
          placeholder={t('records.searchPlaceholder')}
          candidates={props.candidates}
          exclude={new Set(ids)}
          date={props.date}
          required={props.required && ids.length === 0}
          onPick={(p) => props.onChange([...ids, p.id])}
        />
      )}
    </div>
  );
}
