// What every record form shares: Ctrl+S / Esc, IME-safe Enter, the unsaved-changes guard,
// Chinese field errors next to the field, and a modal confirmation dialog.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { translate } from '../../../shared/i18n/messages';
import { ApiError } from '../../api/client';
import './records.css';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { ErrorBoundary } from '../ErrorBoundary';
import { dateMessage, normalizeDate } from '../../../shared/domain/format';
import { idNumberMessage, phoneMessage } from '../../../shared/domain/idcheck';

export interface FormError {
  /** What the banner says when no field shown on the form is named (the first problem). */
  message: string;
  /** The first field named, which gets the focus. */
  field?: string;
  /** Every field with a problem and what is wrong with it (a form marks them all at once). */
  fields?: Record<string, string>;
}

/** A failed call as the form shows it: every field the check named, each with its message. */
export function toFormError(e: unknown): FormError {
  if (!(e instanceof ApiError)) return { message: (e as Error)?.message ?? String(e) };
  const fields: Record<string, string> = {};
  for (const i of e.issues) if (i.field && !(i.field in fields)) fields[i.field] = i.message;
  return { message: e.message, field: e.field, ...(Object.keys(fields).length ? { fields } : {}) };
}

/** '输入有误：活动名称：此项必填' next to the field reads '活动名称：此项必填'. */
const INVALID_PREFIX = translate('error.INVALID_INPUT', { detail: '' });
export const shortMessage = (m: string) => (m.startsWith(INVALID_PREFIX) ? m.slice(INVALID_PREFIX.length) : m);

/** What is wrong with `field`, if the error names it. */
export function fieldMessage(error: FormError | null, field: string): string | undefined {
  if (!error) return undefined;
  return error.fields?.[field] ?? (error.field === field ? shortMessage(error.message) : undefined);
}
/** For aria-invalid: whether the error names `field`. */
export const isInvalid = (error: FormError | null, field: string) => fieldMessage(error, field) !== undefined;

export function FieldError({ error, field }: { error: FormError | null; field: string | readonly string[] }) {
  const fields = typeof field === 'string' ? [field] : field;
  const message = fields.map((f) => fieldMessage(error, f)).find((m) => m !== undefined);
  if (message === undefined) return null;
  return (
    <span className="field-error" role="alert" id={`err-${fields[0]}`}>
      {message}
    </span>
  );
}

/** The banner for an error that names no field shown on the form. */
export function FormBanner({ error, shown }: { error: FormError | null; shown: readonly string[] }) {
  if (!error || shown.some((f) => isInvalid(error, f))) return null;
  return (
    <div role="alert" className="banner error">
      {shortMessage(error.message)}
    </div>
  );
}

const DATE_FIELDS = new Set(['startDate', 'endDate', 'awardedOn', 'on', 'joinedOn', 'leftOn']);
/** Checks what a field can be checked for on the spot (the same words the core answers with). */
function checkNow(field: string, value: unknown): string | null | undefined {
  const v = typeof value === 'string' ? value.trim() : value;
  if (DATE_FIELDS.has(field)) return v ? dateMessage(normalizeDate(v as string)) : undefined; // 2019-3-15 is fine
  if (field === 'idNumber') return v ? idNumberMessage(v as string) : null;
  if (field === 'guardianPhone' || field === 'phone') return v ? phoneMessage(v as string) : null;
  return undefined;
}
/** The error after the teacher changed `field`: its message goes away as soon as the value is right
 * (or is replaced by what is still wrong); other fields' messages stay. */
export function errorAfterEdit(error: FormError | null, field: string, value: unknown): FormError | null {
  if (!isInvalid(error, field)) return error;
  const now = checkNow(field, value); // undefined: not checkable here, the save will say
  const fields = { ...(error!.fields ?? (error!.field ? { [error!.field]: shortMessage(error!.message) } : {})) };
  if (now) fields[field] = now;
  else delete fields[field];
  const first = Object.keys(fields)[0];
  if (!first) return null;
  return { message: fields[first], field: first, fields };
}

/** Ctrl+S saves, Esc cancels — but never while an IME is composing (Esc there closes the candidate list). */
export function useFormKeys(onSave: () => void, onCancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing || e.key === 'Process') return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      e.stopPropagation();
      onSave();
    }
  };
}

/** For single-line inputs inside forms: Enter while composing a Chinese name only picks the candidate. */
export function imeSafeEnter(e: KeyboardEvent<HTMLInputElement>) {
  if (e.key === 'Enter' && (e.nativeEvent.isComposing || e.keyCode === 229)) e.preventDefault();
}

/** While `dirty`, leaving the page (sidebar) or closing the window asks first. */
export function useUnsavedGuard(dirty: boolean) {
  const t = useT();
  const question = useRef('');
  question.current = t('common.unsaved');
  const setGuard = useApp((s) => s.setLeaveGuard);
  useEffect(() => {
    if (!dirty) return;
    setGuard(() => window.confirm(question.current));
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setGuard(null);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty, setGuard]);
  /** Ask before throwing edits away inside the page (switching rows, Esc). */
  return () => !dirty || window.confirm(question.current);
}

/** Ctrl+<key> anywhere on the page (Ctrl+N 新建), unless a dialog is open or IME is composing. */
export function useHotkey(key: string, fn: () => void, enabled = true) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.isComposing || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== key) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, enabled]);
}

/** Focus the input named after the failing field, so the teacher lands where the message is. */
export function focusField(root: HTMLElement | null, field?: string) {
  if (!root || !field) return;
  const el = root.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"], [data-field="${CSS.escape(field)}"]`);
  el?.focus();
}

export function ConfirmDialog(props: ConfirmProps) {
  const t = useT();
  const locale = useApp((s) => s.locale);
  // A body that fails to draw (a bad row in it) shows the message in the dialog's place; 返回 closes it.
  return (
    <ErrorBoundary where={props.title || t('boundary.dialog')} locale={locale} dialog onBack={props.onCancel}>
      <ConfirmDialogBody {...props} />
    </ErrorBoundary>
  );
}
interface ConfirmProps {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  extra?: ReactNode;
  onConfirm(): void;
  onCancel(): void;
}
function ConfirmDialogBody(props: ConfirmProps) {
  const t = useT();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) props.onCancel();
      }}
    >
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
            e.preventDefault();
            e.stopPropagation();
            props.onCancel();
          }
        }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        {props.body && <div className="modal-body">{props.body}</div>}
        <div className="form-actions">
          <button ref={cancelRef} type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          {props.extra}
          <button type="button" className={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Stable JSON of a draft, to tell whether it differs from what was loaded. */
export const snapshotOf = (x: unknown) => JSON.stringify(x);

/** The footer every record form has: 移到回收站 (for a saved record), 取消 (Esc), 保存 (Ctrl+S). */
export function FormActions({
  onCancel,
  saving,
  onTrash,
}: {
  onCancel(): void;
  saving?: boolean;
  onTrash?: () => void;
}) {
  const t = useT();
  return (
    <div className="form-actions">
      {onTrash && (
        <button type="button" className="danger-outline" onClick={onTrash}>
          {t('records.toTrash')}
        </button>
      )}
      <button type="button" onClick={onCancel} title="Esc">
        {t('common.cancel')}
      </button>
      <button type="submit" className="primary" disabled={saving} title="Ctrl+S">
        {saving ? t('records.saving') : t('common.save')}
      </button>
    </div>
  );
}

/** The mark after a required field's label; the control itself carries aria-required. */
export function Req() {
  const t = useT();
  return (
    <span className="req" aria-hidden="true" title={t('required.mark')}>
      *
    </span>
  );
}
