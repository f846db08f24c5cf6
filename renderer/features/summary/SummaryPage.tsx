// 总结导出: pick the period, see its statistics, edit the drafted 工作总结 section by section,
// pick photos, and export Word / PDF / Excel.
import { TabPanel, Tabs } from '../../components/Tabs';
import { localIsoDate } from '../../../shared/domain/format';
import { useEffect, useMemo } from 'react';
import { schoolYearOf } from '../../../shared/domain/calendar';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { useSummary, useSummaryShown, type SummaryTab } from '../../stores/summary';
import { DraftEditor } from './DraftEditor';
import { ExportPanel } from './ExportPanel';
import { PeriodPicker } from './PeriodPicker';
import { PhotoPicker } from './PhotoPicker';
import { StatsView } from './StatsView';
import './summary.css';

const TABS: SummaryTab[] = ['stats', 'draft', 'photos', 'export'];

export function SummaryPage() {
  const t = useT();
  const info = useApp((s) => s.info);
  const { spec, calendar, tab, setTab, setSpec, stats, draft, loading, error, unsaved, failed, flush } = useSummary();
  const setLeaveGuard = useApp((s) => s.setLeaveGuard);
  useSummaryShown();
  const years = useMemo(() => {
    const now = schoolYearOf(localIsoDate(new Date()), calendar);
    return [...new Set([now, ...(info?.schoolYears ?? []), ...(spec && 'year' in spec ? [spec.year] : [])])].sort(
      (x, y) => y - x,
    );
  }, [info, calendar, spec]);
  const dirty = Object.keys(unsaved).length > 0;
  const anyFailed = Object.keys(failed).length > 0;
  // Leaving the page: text still waiting for its save is saved on the way out (the store outlives
  // the page); text whose save failed makes the page ask first. Closing the window with either asks.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      void flush();
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    setLeaveGuard(() => {
      if (anyFailed) return window.confirm(t('summary.draft.leaveFailed'));
      void flush();
      return true;
    });
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
    };
  }, [dirty, anyFailed, flush, setLeaveGuard, t]);
  const changePeriod = async (next: Parameters<typeof setSpec>[0]) => {
    if ((await flush()) || window.confirm(t('summary.draft.leaveFailed'))) setSpec(next);
  };
  return (
    <section className="page sum-page" aria-labelledby="summary-title">
      <header className="page-header">
        <h1 id="summary-title">{t('summary.title')}</h1>
        {spec && <PeriodPicker spec={spec} years={years} onChange={(s) => void changePeriod(s)} />}
      </header>
      {draft && <p className="sum-doc-title">{draft.sections[0].text}</p>}
      {stats?.asOf && stats.period.key === draft?.period.key && (
        <p className="banner warn sum-asof" role="note">
          {t('summary.asOf', {
            date: `${Number(stats.asOf.slice(5, 7))}月${Number(stats.asOf.slice(8))}日`,
            n: stats.planned,
          })}
        </p>
      )}
      <Tabs
        className="sum-tabs"
        label={t('summary.title')}
        tabs={TABS}
        current={tab}
        onChange={setTab}
        idPrefix="sum-"
        tabClass={(on) => (on ? 'active' : '')}
      >
        {(k) => (
          <>
            {t(`summary.tab.${k}`)}
            {k === 'draft' && dirty && (
              <span className="sum-dot" aria-hidden="true">
                ●
              </span>
            )}
          </>
        )}
      </Tabs>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {loading && !stats && <p className="muted">{t('common.loading')}</p>}
      <TabPanel idPrefix="sum-" current={tab} className="sum-panel">
        {tab === 'stats' && stats && <StatsView data={stats} />}
        {tab === 'draft' && <DraftEditor />}
        {tab === 'photos' && <PhotoPicker />}
        {tab === 'export' && spec && <ExportPanel spec={spec} />}
      </TabPanel>
    </section>
  );
}
