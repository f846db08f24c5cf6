// The new-activity form. Ctrl+S saves, Esc cancels; Enter during IME composition never submits.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../shared/domain/vocab';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { useActivities } from '../../stores/activities';

interface Draft { title: string; type: string; status: ActivityStatus; startDate: string; endDate: string; location: string; headCount: string; content: string }

export function ActivityForm({ onClose }: { onClose(): void }) {
  const t = useT();
  const client = useApp((s) => s.client);
  const create = useActivities((s) => s.create);
  const [types, setTypes] = useState<string[]>([]);
  const [draft, setDraft] = useState<Draft>({ title: '', type: '', status: 'done', startDate: new Date().toISOString().slice(0, 10), endDate: '', location: '', headCount: '', content: '' });
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty = useRef(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    first.current?.focus();
    void client?.call('vocab.list', { kind: 'activityType' }).then((list) => {
      setTypes(list);
      setDraft((d) => (d.type ? d : { ...d, type: list[0] ?? '' }));
    });
  }, [client]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => { dirty.current = true; setDraft((d) => ({ ...d, [k]: v })); };

  async function save() {
    if (saving) return;
    setSaving(true);
    const r = await create({
      title: draft.title, type: draft.type, status: draft.status, startDate: draft.startDate, endDate: draft.endDate || null,
      location: draft.location || null, headCount: draft.headCount ? Number(draft.headCount) : null,
      headCountNote: draft.headCount ? '全校学生' : null, content: draft.content || null,
    });
    setSaving(false);
    if (r.ok) { dirty.current = false; onClose(); } else setError(r);
  }
  function cancel() {
    if (dirty.current && !window.confirm(t('common.unsaved'))) return;
    onClose();
  }
  function onKeyDown(e: KeyboardEvent) {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Escape') { e.preventDefault(); cancel(); }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); void save(); }
  }
  const fieldError = (f: string) => (error?.field === f ? <span className="field-error" role="alert">{error.message}</span> : null);

  return (
    <form className="card form" aria-label={t('activity.new')} onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{t('activity.new')}</h2>
      <div className="form-grid">
        <label className="wide"><span>{t('activity.field.title')}</span>
          <input ref={first} name="title" value={draft.title} onChange={(e) => set('title', e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && e.nativeEvent.isComposing) e.preventDefault(); }} />
          {fieldError('title')}
        </label>
        <label><span>{t('activity.field.type')}</span>
          <select name="type" value={draft.type} onChange={(e) => set('type', e.target.value)}>
            {types.map((x) => <option key={x}>{x}</option>)}
          </select>
        </label>
        <label><span>{t('activity.field.status')}</span>
          <select name="status" value={draft.status} onChange={(e) => set('status', e.target.value as ActivityStatus)}>
            {ACTIVITY_STATUSES.map((s) => <option key={s} value={s}>{t(`activity.status.${s}`)}</option>)}
          </select>
        </label>
        <label><span>{t('activity.field.startDate')}</span>
          <input type="date" name="startDate" value={draft.startDate} onChange={(e) => set('startDate', e.target.value)} />{fieldError('startDate')}
        </label>
        <label><span>{t('activity.field.endDate')}</span>
          <input type="date" name="endDate" value={draft.endDate} onChange={(e) => set('endDate', e.target.value)} />{fieldError('endDate')}
        </label>
        <label><span>{t('activity.field.location')}</span>
          <input name="location" value={draft.location} onChange={(e) => set('location', e.target.value)} />
        </label>
        <label><span>{t('activity.field.headCount')}</span>
          <input type="number" min={0} name="headCount" value={draft.headCount} onChange={(e) => set('headCount', e.target.value)} />{fieldError('headCount')}
        </label>
        <label className="wide"><span>{t('activity.field.content')}</span>
          <textarea name="content" rows={3} value={draft.content} onChange={(e) => set('content', e.target.value)} />
        </label>
      </div>
      {error && !error.field && <div role="alert" className="banner error">{error.message}</div>}
      <div className="form-actions">
        <button type="button" onClick={cancel} title="Esc">{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={saving} title="Ctrl+S">{t('common.save')}</button>
      </div>
    </form>
  );
}
