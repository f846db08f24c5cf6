// The state every record form keeps: the draft being typed, what was last saved (to know "unsaved"),
// the error shown, the unsaved-changes guard, and the focus on the first field once the record is
// there. Loading and saving stay with the form's store; this only holds what the teacher typed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorAfterEdit, focusField, snapshotOf, toFormError, useUnsavedGuard, type FormError } from './form';

export interface DraftState<D> {
  /** null while an existing record is still being fetched. */
  draft: D | null;
  /** Changes one field and clears that field's error. */
  set<K extends keyof D>(k: K, v: D[K]): void;
  /** Changes several fields at once (clearing their errors). */
  patch(p: Partial<D>): void;
  /** Puts a whole record in (fetched, or reset); `saved` (default true): it is what the archive holds. */
  reset(d: D, saved?: boolean): void;
  /** What is typed is now what the archive holds (after a save). */
  markSaved(): void;
  dirty: boolean;
  /** Asks before throwing edits away (Esc, switching rows); true when there is nothing to lose or she agreed. */
  confirmDiscard(): boolean;
  error: FormError | null;
  setError(e: FormError | null): void;
  /** Shows a failed call on the form (every field it names marked) and focuses the first such field. */
  fail(e: unknown): FormError;
  formRef: React.RefObject<HTMLFormElement | null>;
}

/** `initial`: the blank draft of a new record, or null for an existing one (then `reset` it once
 * fetched). `firstField`: the input named so gets the focus when the draft appears. */
export function useDraft<D extends object>(initial: D | null, firstField?: string): DraftState<D> {
  const [draft, setDraft] = useState<D | null>(initial);
  const [base, setBase] = useState(initial ? snapshotOf(initial) : '');
  const [error, setError] = useState<FormError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const current = useRef(draft);
  current.current = draft;

  const ready = draft !== null;
  useEffect(() => {
    if (ready && firstField) focusField(formRef.current, firstField);
  }, [ready, firstField]);

  const dirty = !!draft && snapshotOf(draft) !== base;
  const confirmDiscard = useUnsavedGuard(dirty);
  const set = useCallback(<K extends keyof D>(k: K, v: D[K]) => {
    setDraft((d) => (d ? { ...d, [k]: v } : d));
    setError((e) => errorAfterEdit(e, String(k), v));
  }, []);
  const patch = useCallback((p: Partial<D>) => {
    setDraft((d) => (d ? { ...d, ...p } : d));
    setError((e) => Object.entries(p).reduce<FormError | null>((acc, [k, v]) => errorAfterEdit(acc, k, v), e));
  }, []);
  const reset = useCallback((d: D, saved = true) => {
    setDraft(d);
    if (saved) setBase(snapshotOf(d));
  }, []);
  const markSaved = useCallback(() => setBase(snapshotOf(current.current)), []);
  const fail = useCallback((e: unknown) => {
    const err = toFormError(e);
    setError(err);
    setTimeout(() => focusField(formRef.current, err.field), 0);
    return err;
  }, []);
  return { draft, set, patch, reset, markSaved, dirty, confirmDiscard, error, setError, fail, formRef };
}
