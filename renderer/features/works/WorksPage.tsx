// 作品与获奖: works with ordered authors and advisors; awards with their competition, the
// promotion chain (县 → 市 → 省 → 国) and certificate slot; and the 级别 × 等级 table (项 and 人次).
import { TabPanel, Tabs } from '../../components/Tabs';
import { useMemo } from 'react';
import { formatDateZh } from '../../../shared/domain/format';
import { AWARD_LEVELS } from '../../../shared/domain/vocab';
import { useT } from '../../i18n';
import { useEveryone } from '../../stores/records';
import { useWorks, useWorksShown, useWorksPage, type WorksTab } from '../../stores/works';
import { VirtualList } from '../../components/VirtualList';
import { useHotkey } from '../../components/records/form';
import { AwardForm } from './AwardForm';
import { AwardTable } from './AwardTable';
import { ExportSlot, ImportSlot } from '../../components/records/SheetSlots';
import { Toast } from '../../components/records/Toast';
import { SavedHiddenNotice } from '../../components/records/SavedHidden';
import { WorkForm } from './WorkForm';
import { chainOf, promotionIndex } from './awardChain';

export function WorksPage() {
  const t = useT();
  const { tab, pane, set } = useWorksPage();
  // The works and awards for the lists and the forms alike; the people and 小组 for their pickers.
  useWorksShown();
  useEveryone();
  useHotkey('n', () => {
    const s = useWorksPage.getState();
    if (s.pane.mode !== 'list') return;
    set({ pane: s.tab === 'awards' ? { mode: 'award', id: null } : { mode: 'work', id: null } });
  });

  if (pane.mode === 'work') {
    return (
      <section className="page" aria-labelledby="work-form-title">
        <WorkForm
          key={pane.id ?? 'new'}
          id={pane.id}
          onClose={(savedId) =>
            set({
              pane: { mode: 'list' },
              ...(savedId ? { tab: 'works' as const, focus: { id: savedId, mark: true } } : {}),
            })
          }
          onAward={(workId, awardId) => set({ pane: { mode: 'award', id: awardId, workId } })}
        />
        <Toast />
      </section>
    );
  }
  if (pane.mode === 'award') {
    return (
      <section className="page" aria-labelledby="award-form-title">
        <AwardForm
          key={pane.id ?? 'new'}
          id={pane.id}
          workId={pane.workId}
          onClose={(savedId) =>
            set({
              pane: pane.workId ? { mode: 'work', id: pane.workId } : { mode: 'list' },
              ...(savedId && !pane.workId ? { tab: 'awards' as const, focus: { id: savedId, mark: true } } : {}),
            })
          }
        />
        <Toast />
      </section>
    );
  }
  const tabs: WorksTab[] = ['works', 'awards', 'table'];
  return (
    <section className="page page-fill" aria-labelledby="works-title">
      <header className="page-header">
        <h1 id="works-title">{t('works.title')}</h1>
        <Tabs className="tabs" label={t('works.title')} tabs={tabs} current={tab} onChange={(k) => set({ tab: k })}>
          {(k) => t(`works.tab.${k}`)}
        </Tabs>
      </header>
      <TabPanel current={tab} className="tab-panel">
        {tab === 'works' ? <WorksList /> : tab === 'awards' ? <AwardsList /> : <AwardTable />}
      </TabPanel>
      <Toast />
    </section>
  );
}

function WorksList() {
  const t = useT();
  const works = useWorks((s) => s.works);
  const { text, set, focus } = useWorksPage();
  const shown = useMemo(() => {
    const q = text.trim();
    return q
      ? works.filter(
          (w) =>
            w.title.includes(q) ||
            w.category.includes(q) ||
            w.authorNames.some((n) => n.includes(q)) ||
            w.advisorNames.some((n) => n.includes(q)),
        )
      : works;
  }, [works, text]);
  const focusIndex = focus ? shown.findIndex((w) => w.id === focus.id) : -1;
  const savedHidden = focus?.mark && focusIndex < 0 ? works.find((w) => w.id === focus.id) : undefined;
  return (
    <>
      <div className="filter-bar">
        <label className="inline-field grow">
          <span>{t('common.search')}</span>
          <input
            type="search"
            value={text}
            placeholder={`${t('work.field.title')}、${t('work.field.category')}、${t('people.tab.students')}、${t('people.tab.teachers')}`}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <span className="muted">{t('records.count', { n: shown.length })}</span>
        <button
          type="button"
          className="primary"
          title="Ctrl+N"
          onClick={() => set({ pane: { mode: 'work', id: null } })}
        >
          {t('work.new')}
        </button>
        <ImportSlot kind="awards" />
        <ExportSlot list="works" filter={text.trim() ? { text: text.trim() } : {}} />
      </div>
      {savedHidden && <SavedHiddenNotice title={savedHidden.title} onShowAll={() => set({ text: '' })} />}
      {shown.length === 0 ? (
        <p className="muted">{t('common.empty')}</p>
      ) : (
        <VirtualList
          className="list-box"
          label={t('works.tab.works')}
          items={shown}
          itemHeight={44}
          renderAllBelow={150}
          getKey={(w) => w.id}
          scrollAlign="center"
          scrollToIndex={focusIndex >= 0 ? focusIndex : null}
          renderItem={(w) => (
            <button
              type="button"
              className={`list-row work-row${focus?.mark && focus.id === w.id ? ' just-saved' : ''}`}
              data-id={w.id}
              onClick={() => set({ pane: { mode: 'work', id: w.id }, focus: { id: w.id, mark: false } })}
            >
              <span className="name">《{w.title}》</span>
              <span className="muted">{w.category}</span>
              <span>
                {w.authorNames.join('、')}
                {w.teamKind === '集体' ? <span className="chip">{w.teamKind}</span> : null}
              </span>
              <span className="muted">{w.advisorNames.join('、')}</span>
              <span>
                {w.awardCount > 0
                  ? `${t('work.awards', { n: w.awardCount })} · ${t('work.best', { level: w.bestLevel ?? '' })}`
                  : ''}
              </span>
            </button>
          )}
        />
      )}
    </>
  );
}

function AwardsList() {
  const t = useT();
  const awards = useWorks((s) => s.awards);
  const mediaCounts = useWorks((s) => s.mediaCounts);
  const { text, year, level, set, focus } = useWorksPage();
  const { byId, children } = useMemo(() => promotionIndex(awards), [awards]);
  const years = useMemo(() => [...new Set(awards.map((a) => a.awardedOn.slice(0, 4)))].sort().reverse(), [awards]);
  const levels = useMemo(() => [...new Set([...AWARD_LEVELS, ...awards.map((a) => a.level)])], [awards]);
  const shown = useMemo(() => {
    const q = text.trim();
    return awards.filter(
      (a) =>
        (!year || a.awardedOn.startsWith(year)) &&
        (!level || a.level === level) &&
        (!q ||
          [
            a.competitionName,
            a.workTitle,
            a.personName,
            a.certificateNo,
            a.grade,
            ...a.studentNames,
            ...a.advisorNames,
          ].some((s) => s?.includes(q))),
    );
  }, [awards, text, year, level]);
  const focusIndex = focus ? shown.findIndex((a) => a.id === focus.id) : -1;
  const savedHidden = focus?.mark && focusIndex < 0 ? awards.find((a) => a.id === focus.id) : undefined;
  return (
    <>
      <div className="filter-bar">
        <label className="inline-field">
          <span>{t('award.filter.year')}</span>
          <select value={year} onChange={(e) => set({ year: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {t('records.year', { y })}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('award.field.level')}</span>
          <select value={level} onChange={(e) => set({ level: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {levels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label className="inline-field grow">
          <span>{t('common.search')}</span>
          <input
            type="search"
            value={text}
            placeholder={t('award.searchPlaceholder')}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <span className="muted">{t('records.count', { n: shown.length })}</span>
        <button
          type="button"
          className="primary"
          title="Ctrl+N"
          onClick={() => set({ pane: { mode: 'award', id: null } })}
        >
          {t('award.new')}
        </button>
        <ImportSlot kind="awards" />
        <ExportSlot list="awards" filter={{ ...(year ? { from: `${year}-01-01`, to: `${year}-12-31` } : {}) }} />
      </div>
      {savedHidden && (
        <SavedHiddenNotice
          title={`${savedHidden.level}${savedHidden.grade}`}
          onShowAll={() => set({ text: '', year: '', level: '' })}
        />
      )}
      {shown.length === 0 ? (
        <p className="muted">{t('common.empty')}</p>
      ) : (
        <VirtualList
          className="list-box"
          label={t('works.tab.awards')}
          items={shown}
          itemHeight={58}
          renderAllBelow={150}
          getKey={(a) => a.id}
          scrollAlign="center"
          scrollToIndex={focusIndex >= 0 ? focusIndex : null}
          renderItem={(a) => {
            const chain = chainOf(a, byId, children);
            const recipient =
              a.recipientKind === 'work'
                ? `《${a.workTitle ?? ''}》${a.studentNames.length ? ` ${a.studentNames.join('、')}` : ''}`
                : a.recipientKind === 'person'
                  ? (a.personName ?? '')
                  : t('award.school');
            return (
              <button
                type="button"
                className={`list-row award-row${focus?.mark && focus.id === a.id ? ' just-saved' : ''}`}
                data-id={a.id}
                onClick={() =>
                  set({ pane: { mode: 'award', id: a.id, workId: undefined }, focus: { id: a.id, mark: false } })
                }
              >
                <span className="award-line">
                  <span className="award-grade">
                    {a.level}
                    {a.grade}
                  </span>
                  <span className="name">{recipient}</span>
                  {a.advisorNames.length > 0 && (
                    <span className="muted">
                      {t('people.record.asAdvisor')}：{a.advisorNames.join('、')}
                    </span>
                  )}
                </span>
                <span className="award-line muted small">
                  <span>{formatDateZh(a.awardedOn)}</span>
                  <span>
                    {a.competitionName ?? ''}
                    {a.competitionSession ? `（${a.competitionSession}）` : ''}
                  </span>
                  {a.certificateNo && (
                    <span>
                      {t('award.field.certificateNo')} {a.certificateNo}
                    </span>
                  )}
                  {chain.length > 1 && (
                    <span className="chain">
                      {t('award.chain')}：{chain.map((c) => `${c.level}${c.grade}`).join(' → ')}
                    </span>
                  )}
                  <span data-slot="award-media">
                    {mediaCounts[a.id] ? t('award.certificate.count', { n: mediaCounts[a.id] }) : ''}
                  </span>
                </span>
              </button>
            );
          }}
        />
      )}
    </>
  );
}
