// 设置: the school name and term start dates (the 学年/学期 every list and summary uses), and
// 关于 — version, where the archive and the logs are, portable or installed — which a teacher
// reads out or copies when asking for help.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/contract';
import type { AboutInfo } from '../../../shared/calls/app';
import { useT } from '../../i18n';
import { useSettings } from '../../stores/settings';
import {
  FieldError,
  FormBanner,
  imeSafeEnter,
  toFormError,
  useFormKeys,
  useUnsavedGuard,
  type FormError,
} from '../../components/records/form';
import { BackupPanel } from '../package/BackupPanel';
import { ReportSettingsForm } from '../summary/ReportSettingsForm';
import './settings.css';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number) => String(n).padStart(2, '0');
const split = (md: string) => md.split('-').map(Number) as [number, number];
const SHOWN = ['schoolName', 'autumnStart', 'springStart'];

export function SettingsPage() {
  const t = useT();
  const { settings, about, error, load } = useSettings();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="page settings-page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {!settings && !error && <p className="muted">{t('common.loading')}</p>}
      {settings && <SchoolForm saved={settings} />}
      {settings && <ReportSettingsForm />}
      <BackupPanel />
      {about && <AboutSection about={about} />}
    </section>
  );
}

function MonthDay({
  name,
  label,
  hint,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  hint: string;
  value: string;
  onChange(v: string): void;
  error: FormError | null;
}) {
  const t = useT();
  const [m, d] = split(value);
  const days = DAYS_IN_MONTH[m - 1] ?? 31;
  return (
    <fieldset className="month-day" data-field={name}>
      <legend>{label}</legend>
      <select
        name={name}
        aria-label={`${label} ${t('settings.monthLabel')}`}
        value={m}
        onChange={(e) => {
          const nm = Number(e.target.value);
          onChange(`${pad(nm)}-${pad(Math.min(d, DAYS_IN_MONTH[nm - 1]))}`);
        }}
      >
        {DAYS_IN_MONTH.map((_, i) => (
          <option key={i} value={i + 1}>
            {t('settings.month', { n: i + 1 })}
          </option>
        ))}
      </select>
      <select
        aria-label={`${label} ${t('settings.dayLabel')}`}
        value={d}
        onChange={(e) => onChange(`${pad(m)}-${pad(Number(e.target.value))}`)}
      >
        {Array.from({ length: days }, (_, i) => (
          <option key={i} value={i + 1}>
            {t('settings.day', { n: i + 1 })}
          </option>
        ))}
      </select>
      <span className="hint">{hint}</span>
      <FieldError error={error} field={name} />
    </fieldset>
  );
}

function SchoolForm({ saved }: { saved: Settings }) {
  const t = useT();
  const save = useSettings((s) => s.save);
  const [draft, setDraft] = useState<Settings>(saved);
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved), [draft, saved]);
  useUnsavedGuard(dirty);
  useEffect(() => setDraft(saved), [saved]); // saved here or on another page: show what is stored

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    // The same rule the core enforces, said before the round trip.
    if (draft.calendar.springStart >= draft.calendar.autumnStart) {
      setError({ message: t('settings.termOrder'), field: 'springStart' });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await save({ schoolName: draft.schoolName.trim(), calendar: draft.calendar });
      setDone(true);
    } catch (err) {
      setError(toFormError(err));
    } finally {
      setSaving(false);
    }
  };
  const keys = useFormKeys(
    () => void submit(),
    () => {
      setDraft(saved);
      setError(null);
    },
  );
  const setCal = (patch: Partial<Settings['calendar']>) => {
    setDone(false);
    setDraft((d) => ({ ...d, calendar: { ...d.calendar, ...patch } }));
  };

  return (
    <form className="card form settings-form" onSubmit={submit} onKeyDown={keys} noValidate>
      <h2>{t('settings.school.title')}</h2>
      <FormBanner error={error} shown={SHOWN} />
      <label className="settings-row">
        <span>{t('settings.field.schoolName')}</span>
        <input
          name="schoolName"
          value={draft.schoolName}
          maxLength={60}
          onKeyDown={imeSafeEnter}
          onChange={(e) => {
            setDone(false);
            setDraft((d) => ({ ...d, schoolName: e.target.value }));
          }}
        />
        <span className="hint">{t('settings.schoolName.hint')}</span>
        <FieldError error={error} field="schoolName" />
      </label>
      <MonthDay
        name="autumnStart"
        label={t('settings.field.autumnStart')}
        hint={t('settings.autumnStart.hint')}
        value={draft.calendar.autumnStart}
        onChange={(v) => setCal({ autumnStart: v })}
        error={error}
      />
      <MonthDay
        name="springStart"
        label={t('settings.field.springStart')}
        hint={t('settings.springStart.hint')}
        value={draft.calendar.springStart}
        onChange={(v) => setCal({ springStart: v })}
        error={error}
      />
      <div className="form-actions">
        {done && !dirty && (
          <span className="saved-note" role="status">
            {t('settings.saved')}
          </span>
        )}
        <button
          type="button"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(saved);
            setError(null);
          }}
        >
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!dirty || saving} title="Ctrl+S">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

function modeText(a: AboutInfo, t: ReturnType<typeof useT>): string {
  if (a.host === 'web') return t('about.mode.web');
  if (a.host === 'cli') return t('about.mode.cli');
  return a.portable ? t('about.mode.portable') : t('about.mode.desktop');
}

interface AboutLine {
  label: string;
  value: string;
  path?: true;
}

/** The 关于 facts as lines: shown as a list, and what the copy button puts on the clipboard. */
export function aboutLines(a: AboutInfo, t: ReturnType<typeof useT>): AboutLine[] {
  return [
    { label: t('about.version'), value: a.appVersion },
    { label: t('about.archiveDir'), value: a.archiveDir, path: true },
    { label: t('about.schemaVersion'), value: String(a.schemaVersion) },
    { label: t('about.mode'), value: modeText(a, t) },
    a.logDir
      ? { label: t('about.logDir'), value: a.logDir, path: true }
      : { label: t('about.logDir'), value: t('about.logDir.none') },
    { label: t('about.system'), value: `${a.platform} · ${a.runtime}` },
  ];
}

function AboutSection({ about }: { about: AboutInfo }) {
  const t = useT();
  const [copy, setCopy] = useState<'idle' | 'done' | 'failed'>('idle');
  const lines = aboutLines(about, t);
  const doCopy = async () => {
    const text = [t('about.title'), ...lines.map((l) => `${l.label}：${l.value}`)].join('\n');
    try {
      await navigator.clipboard.writeText(text);
      setCopy('done');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <section className="card about" aria-labelledby="about-title">
      <h2 id="about-title">{t('about.title')}</h2>
      <dl className="about-list">
        {lines.map((l) => (
          <div key={l.label} className="about-row">
            <dt>{l.label}</dt>
            <dd className={l.path ? 'path' : undefined}>{l.value}</dd>
          </div>
        ))}
      </dl>
      {about.logDir && <p className="hint">{t('about.logHint')}</p>}
      <div className="form-actions">
        {copy === 'done' && (
          <span className="saved-note" role="status">
            {t('about.copied')}
          </span>
        )}
        {copy === 'failed' && (
          <span className="field-error" role="alert">
            {t('about.copyFailed')}
          </span>
        )}
        <button type="button" onClick={() => void doCopy()}>
          {t('about.copy')}
        </button>
      </div>
    </section>
  );
}
