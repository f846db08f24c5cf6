// One activity: everything recorded, its 改期 history, and what can be done to it
// (edit, 改期, complete, cancel, print the 活动记录表, delete to the trash).
import { useEffect, useMemo, useState } from 'react';
import type { LinkedMedia } from '../../../shared/calls/records';
import { formatDateZh, formatRangeZh, normalizeDate } from '../../../shared/domain/format';
import type { Activity } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useActivities, useViewedActivity } from '../../stores/activities';
import { reportLoadError } from '../../stores/live';
import { classOn, useRecords } from '../../stores/records';
import { StatusChip } from '../../components/StatusChip';
import {
  ConfirmDialog,
  errorAfterEdit,
  FieldError,
  imeSafeEnter,
  Req,
  shortMessage,
  toFormError,
  type FormError,
} from '../../components/records/form';
import { DateInput } from '../../components/DateInput';
import { PrintSheet } from './PrintSheet';
import { openActivityGallery } from '../../stores/gallery';
import { AttachZone, useAttachDrop } from '../gallery/AttachZone';

const EMPTY_MEDIA: LinkedMedia[] = [];

export function ActivityDetail({ id, onBack, onEdit }: { id: string; onBack(): void; onEdit(): void }) {
  const t = useT();
  const { reschedule, setStatus, remove, restore, loadViewed } = useActivities();
  const { people, calendar, showToast } = useRecords();
  const viewed = useViewedActivity(id);
  const a = viewed?.activity ?? null;
  const media = viewed?.media ?? EMPTY_MEDIA;
  /** What went wrong with the last thing done here (or the last fetch of the activity). */
  const [failed, setError] = useState<FormError | null>(null);
  const error = failed ?? (viewed?.error ? { message: viewed.error } : null);
  const [moving, setMoving] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  // Files dropped anywhere on the activity are imported and linked to it.
  const drop = useAttachDrop({ kind: 'activity', id });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        e.key === 'Escape' &&
        !e.isComposing &&
        !moving &&
        !confirmCancel &&
        !document.querySelector('[role="dialog"]')
      )
        onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack, moving, confirmCancel]);

  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const participantsByClass = useMemo(() => {
    const m = new Map<string, string[]>();
    if (!a) return [];
    for (const pid of a.participantIds) {
      const p = byId.get(pid);
      if (!p) continue;
      const label = classOn(p, a.startDate, calendar);
      (m.get(label) ?? m.set(label, []).get(label)!).push(p.name);
    }
    return [...m.entries()];
  }, [a, byId, calendar]);

  if (!a) return <p className="muted">{error ? error.message : t('common.loading')}</p>;

  async function changeStatus(status: Activity['status']) {
    try {
      await setStatus(a!.id, status);
    } catch (e) {
      setError(toFormError(e));
    }
  }
  async function toTrash() {
    const { id: gone, title } = a!;
    try {
      await remove(gone);
    } catch (e) {
      setError(toFormError(e));
      return;
    }
    // 撤销 after the page has moved on: a restore that fails says so in the app's banner.
    showToast(t('records.deleted', { title }), () => void restore(gone).catch(reportLoadError));
    onBack();
  }
  const who = a.headCount != null ? `${a.headCountNote ?? ''} ${a.headCount} ${t('common.people')}`.trim() : null;

  return (
    <article className={`card activity-detail attach-target${drop.over ? ' over' : ''}`} {...drop.props}>
      <div className="detail-head">
        <button type="button" onClick={onBack} title="Esc">
          ← {t('records.back')}
        </button>
        <h1 id="activity-detail-title">{a.title}</h1>
        <StatusChip status={a.status} />
        {a.rescheduleCount > 0 && (
          <span className="chip warn">{t('activity.rescheduled', { n: a.rescheduleCount })}</span>
        )}
      </div>
      <div className="detail-actions">
        <button type="button" className="primary" onClick={onEdit}>
          {t('common.edit')}
        </button>
        {a.status === 'planned' && (
          <button type="button" onClick={() => setMoving(true)}>
            {t('activity.reschedule')}
          </button>
        )}
        {a.status === 'planned' && (
          <button type="button" onClick={() => void changeStatus('done')}>
            {t('activity.markDone')}
          </button>
        )}
        {a.status !== 'cancelled' && (
          <button type="button" onClick={() => setConfirmCancel(true)}>
            {t('activity.markCancelled')}
          </button>
        )}
        {a.status === 'cancelled' && (
          <button type="button" onClick={() => void changeStatus('planned')}>
            {t('activity.markPlanned')}
          </button>
        )}
        <button type="button" onClick={() => window.print()}>
          {t('activity.print')}
        </button>
        <button type="button" className="danger-outline" onClick={() => void toTrash()}>
          {t('records.toTrash')}
        </button>
      </div>
      {error && !moving && (
        <div role="alert" className="banner error">
          {shortMessage(error.message)}
        </div>
      )}
      {moving && (
        <RescheduleForm
          a={a}
          onDone={(next) => {
            setMoving(false);
            if (next) {
              showToast(t('activity.rescheduled', { n: next.rescheduleCount }));
            }
          }}
          reschedule={reschedule}
        />
      )}

      <dl className="detail-grid">
        <dt>{t('activity.field.dates')}</dt>
        <dd>{formatRangeZh(a.startDate, a.endDate)}</dd>
        <dt>{t('activity.field.type')}</dt>
        <dd>{a.type}</dd>
        <dt>{t('activity.field.location')}</dt>
        <dd>{a.location || '—'}</dd>
        <dt>{t('activity.field.teachers')}</dt>
        <dd>{a.teacherNames.length ? a.teacherNames.join('、') : '—'}</dd>
        <dt>{t('activity.field.participants')}</dt>
        <dd>
          {who && <div>{who}</div>}
          {participantsByClass.length > 0 && <div>{t('activity.participants', { n: a.participantCount })}</div>}
          {participantsByClass.map(([label, names]) => (
            <div key={label} className="small">
              <span className="muted">{label}：</span>
              {names.join('、')}
            </div>
          ))}
          {!who && participantsByClass.length === 0 && '—'}
        </dd>
        <dt>{t('activity.field.tags')}</dt>
        <dd>
          {a.tags.length
            ? a.tags.map((x) => (
                <span key={x} className="chip">
                  {x}
                </span>
              ))
            : '—'}
        </dd>
        <dt>{t('activity.print.photos')}</dt>
        <dd data-slot="activity-media">
          <AttachZone
            target={{ kind: 'activity', id: a.id }}
            drop={drop}
            onChange={() => void loadViewed(a.id)}
            label={t('activity.photosSlot', { n: media.filter((m) => m.kind === 'photo').length })}
            open={{ label: t('gallery.activity.open'), go: () => openActivityGallery(a.id) }}
            hint={t('gallery.activity.drop')}
          />
        </dd>
      </dl>
      <section className="detail-text">
        <h2>{t('activity.field.content')}</h2>
        <p>{a.content || '—'}</p>
        <h2>{t('activity.field.process')}</h2>
        <p>{a.process || '—'}</p>
        <h2>{t('activity.field.reflection')}</h2>
        <p>{a.reflection || '—'}</p>
      </section>
      {a.reschedules.length > 0 && (
        <section className="reschedules">
          <h2>
            {t('activity.reschedule.history')}（{t('activity.rescheduled', { n: a.reschedules.length })}）
          </h2>
          <ol>
            {a.reschedules.map((r) => (
              <li key={r.id}>
                {t('activity.reschedule.entry', {
                  from: formatRangeZh(r.fromStart, r.fromEnd),
                  to: formatRangeZh(r.toStart, r.toEnd),
                })}
                {r.reason && <span className="muted">（{r.reason}）</span>}
                <span className="muted small"> · {formatDateZh(r.changedAt.slice(0, 10))}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      {confirmCancel && (
        <ConfirmDialog
          title={t('activity.markCancelled')}
          body={t('activity.confirmCancel', { title: a.title })}
          confirmLabel={t('activity.markCancelled')}
          danger
          onCancel={() => setConfirmCancel(false)}
          onConfirm={() => {
            setConfirmCancel(false);
            void changeStatus('cancelled');
          }}
        />
      )}
      <PrintSheet a={a} participantsByClass={participantsByClass} media={media} />
    </article>
  );
}

function RescheduleForm({
  a,
  onDone,
  reschedule,
}: {
  a: Activity;
  onDone(next: Activity | null): void;
  reschedule: (id: string, s: string, e: string | null, r: string | null) => Promise<Activity>;
}) {
  const t = useT();
  const [start, setStart] = useState(a.startDate);
  const [end, setEnd] = useState(a.endDate ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  // A message about a date goes as soon as the date is right (or says what is still wrong), as in every form.
  const edit = (field: 'startDate' | 'endDate', v: string, setter: (v: string) => void) => {
    setter(v);
    setError((e) => errorAfterEdit(e, field, v));
  };
  async function submit() {
    const s = normalizeDate(start),
      e = normalizeDate(end);
    try {
      onDone(await reschedule(a.id, s, e || null, reason || null));
    } catch (err) {
      setError(toFormError(err));
    }
  }
  return (
    <form
      className="reschedule-form"
      aria-label={t('activity.reschedule')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onDone(null);
        }
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <label>
        <span>
          {t('activity.reschedule.to')}（{t('activity.field.startDate')}）<Req />
        </span>
        <DateInput
          name="startDate"
          value={start}
          onChange={(v) => edit('startDate', v, setStart)}
          autoFocus
          aria-required="true"
          aria-invalid={error?.field === 'startDate'}
        />
        <FieldError error={error} field="startDate" />
      </label>
      <label>
        <span>{t('activity.field.endDate')}</span>
        <DateInput
          name="endDate"
          value={end}
          min={start}
          onChange={(v) => edit('endDate', v, setEnd)}
          aria-invalid={error?.field === 'endDate'}
        />
        <FieldError error={error} field="endDate" />
      </label>
      <label className="grow">
        <span>{t('activity.reschedule.reason')}</span>
        <input
          name="reason"
          value={reason}
          placeholder={t('activity.reschedule.reason.placeholder')}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={imeSafeEnter}
        />
      </label>
      <div className="form-actions">
        <button type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('activity.reschedule.do')}
        </button>
      </div>
      {error && !['startDate', 'endDate'].includes(error.field ?? '') && (
        <div role="alert" className="banner error">
          {shortMessage(error.message)}
        </div>
      )}
    </form>
  );
}
