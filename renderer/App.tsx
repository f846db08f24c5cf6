import { useEffect } from 'react';
import { PAGES, useApp, type Page } from './stores/app';
import { useT, type MessageKey } from './i18n';
import { ActivitiesPage } from './features/activities/ActivitiesPage';
import { GalleryPage } from './features/gallery/GalleryPage';
import { Placeholder } from './components/Placeholder';
import { PeoplePage } from './features/people/PeoplePage';
import { WorksPage } from './features/works/WorksPage';
import { TrashPage } from './features/trash/TrashPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { SearchDialog } from './features/search/SearchDialog';
import { SummaryPage } from './features/summary/SummaryPage';
import { PackagePage } from './features/package/PackagePage';
import { ViewingBanner } from './features/package/ViewingBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { useActivities } from './stores/activities';
import './stores/live';
import { useWorksPage } from './stores/works';
import { usePeoplePage } from './stores/people';
import { useSearch } from './stores/search';

const NAV: Record<Page, MessageKey> = {
  activities: 'nav.activities',
  people: 'nav.people',
  works: 'nav.works',
  gallery: 'nav.gallery',
  summary: 'nav.summary',
  package: 'nav.package',
  settings: 'nav.settings',
  trash: 'nav.trash',
};

/** 返回 after a page failed: the page's own list, where the teacher can pick again. */
function backToList(page: Page) {
  if (page === 'activities') useActivities.getState().open({ mode: 'list' });
  if (page === 'people') usePeoplePage.getState().set({ pane: { mode: 'list' } });
  if (page === 'works') useWorksPage.getState().set({ pane: { mode: 'list' } });
}

function PageView({ page }: { page: Page }) {
  const t = useT();
  switch (page) {
    case 'activities':
      return <ActivitiesPage />;
    case 'settings':
      return <SettingsPage />;
    case 'people':
      return <PeoplePage />;
    case 'works':
      return <WorksPage />;
    case 'trash':
      return <TrashPage />;
    case 'gallery':
      return <GalleryPage />;
    case 'summary':
      return <SummaryPage />;
    case 'package':
      return <PackagePage />;
    default:
      return <Placeholder title={t(NAV[page])} />;
  }
}

export function App() {
  const t = useT();
  const { page, go, info, loadInfo, error, locale } = useApp();
  const hasClient = useApp((s) => s.client !== null);
  // A different record on the same page gets a fresh chance (the boundary resets with the pane).
  const pane = JSON.stringify([
    usePeoplePage((s) => s.pane),
    useWorksPage((s) => s.pane),
    useActivities((s) => s.pane),
  ]);
  // Again after every change to the archive: stores/live.ts.
  useEffect(() => {
    if (hasClient) void loadInfo();
  }, [hasClient, loadInfo]);

  // The sidebar always opens a section's list (never the form left open there last time);
  // unsaved changes are asked about first, as when leaving the page.
  const openSection = (p: Page) => {
    if (p !== page) {
      go(p);
      if (useApp.getState().page === p) backToList(p);
      return;
    }
    const guard = useApp.getState().leaveGuard;
    if (guard && !guard()) return;
    backToList(p);
  };
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('app.title')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            科
          </span>
          <div>
            <div className="brand-title">{t('app.title')}</div>
            <div className="brand-school">{info?.schoolName}</div>
          </div>
        </div>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <button
                className={p === page ? 'nav-item active' : 'nav-item'}
                aria-current={p === page ? 'page' : undefined}
                onClick={() => openSection(p)}
              >
                {t(NAV[p])}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <ViewingBanner />
        {error && (
          <div role="alert" className="banner error">
            {error}
          </div>
        )}
        <ErrorBoundary
          where={t(NAV[page])}
          locale={locale}
          resetKey={`${page}|${pane}`}
          onBack={() => backToList(page)}
        >
          <PageView page={page} />
        </ErrorBoundary>
      </main>
      <ErrorBoundary
        where={t('boundary.searchDialog')}
        locale={locale}
        dialog
        onBack={() => useSearch.getState().hide()}
      >
        <SearchDialog />
      </ErrorBoundary>
    </div>
  );
}
