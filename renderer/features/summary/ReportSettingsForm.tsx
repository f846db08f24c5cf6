// 设置 → 工作总结用: what no record says but the 工作总结 needs — the 科技教育工作领导小组
// (组长 校长, 副组长 分管副校长, 成员 科技辅导员) and 在校学生人数 per 学年 (a share of students is
// written only for a 学年 that has it).
import { localIsoDate } from '../../../shared/domain/format';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ReportSettings } from '../../../shared/calls/summary';
import { schoolYearLabel, schoolYearOf } from '../../../shared/domain/calendar';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { fetchReportSettings, saveReportSettings } from '../../stores/summary';

export function ReportSettingsForm() {
  const t = useT();
  const info = useApp((s) => s.info);
  const [saved, setSaved] = useState<ReportSettings | null>(null);
  const [draft, setDraft] = useState<{
    principal: string;
    deputy: string;
    members: string;
    enrolment: Record<string, string>;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const load = (s: ReportSettings) => {
    setSaved(s);
    setDraft({
      ...s.leadership,
      enrolment: Object.fromEntries(Object.entries(s.enrolment).map(([y, n]) => [y, String(n)])),
    });
  };
  useEffect(() => {
    fetchReportSettings().then(load, (e: Error) => setError(e.message));
  }, []);
  const years = useMemo(() => {
    const now = schoolYearOf(localIsoDate(new Date()));
    return [...new Set([now, ...(info?.schoolYears ?? []), ...Object.keys(saved?.enrolment ?? {}).map(Number)])]
      .sort((x, y) => y - x)
      .slice(0, 8);
  }, [info, saved]);
  if (!draft)
    return error ? (
      <div role="alert" className="banner error">
        {error}
      </div>
    ) : null;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const enrolment: Record<string, number | null> = {};
    for (const y of years) {
      const v = (draft.enrolment[y] ?? '').trim();
      if (v && !/^\d{1,6}$/.test(v)) {
        setError(t('summary.settings.badCount'));
        return;
      }
      enrolment[String(y)] = v ? Number(v) : null;
    }
    setError(null);
    try {
      load(
        await saveReportSettings({
          enrolment,
          leadership: { principal: draft.principal, deputy: draft.deputy, members: draft.members },
        }),
      );
      setDone(true);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const set = (patch: Partial<typeof draft>) => {
    setDone(false);
    setDraft({ ...draft, ...patch });
  };
  return (
    <form
      className="card form settings-form report-settings"
      onSubmit={submit}
      noValidate
      aria-labelledby="report-settings-title"
    >
      <h2 id="report-settings-title">{t('summary.settings.title')}</h2>
      <p className="hint">{t('summary.settings.hint')}</p>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      <label className="settings-row">
        <span>{t('summary.settings.principal')}</span>
        <input
          name="principal"
          value={draft.principal}
          maxLength={40}
          onChange={(e) => set({ principal: e.target.value })}
        />
      </label>
      <label className="settings-row">
        <span>{t('summary.settings.deputy')}</span>
        <input name="deputy" value={draft.deputy} maxLength={40} onChange={(e) => set({ deputy: e.target.value })} />
      </label>
      <label className="settings-row">
        <span>{t('summary.settings.members')}</span>
        <input
          name="members"
          value={draft.members}
          maxLength={200}
          onChange={(e) => set({ members: e.target.value })}
        />
        <span className="hint">{t('summary.settings.membersHint')}</span>
      </label>
      <h3>{t('summary.settings.enrolment')}</h3>
      {years.map((y) => (
        <label key={y} className="settings-row">
          <span>{schoolYearLabel(y)}</span>
          <input
            name={`enrolment-${y}`}
            inputMode="numeric"
            value={draft.enrolment[y] ?? ''}
            onChange={(e) => set({ enrolment: { ...draft.enrolment, [y]: e.target.value } })}
          />
        </label>
      ))}
      <p className="hint">{t('summary.settings.enrolmentHint')}</p>
      <div className="form-actions">
        {done && (
          <span className="saved-note" role="status">
            {t('summary.settings.saved')}
          </span>
        )}
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
