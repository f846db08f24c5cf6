import { useEffect } from 'react';
import { PAGES, useApp, type Page } from './stores/app';
import { useT, type MessageKey } from './i18n';
import { ActivitiesPage } from './features/activities/ActivitiesPage';
import { GalleryPage } from './features/gallery/GalleryPage';
import { Placeholder } from './components/Placeholder';
import { PeoplePage } from './features/records/PeoplePage';
import { WorksPage } from './features/records/WorksPage';
import { TrashPage } from './features/records/TrashPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { SearchDialog } from './features/search/SearchDialog';
import { SummaryPage } from './features/summary/SummaryPage';
import { PackagePage } from './features/package/PackagePage';
import { ViewingBanner } from './features/package/ViewingBanner';

const NAV: Record<Page, MessageKey> = {
  activities: 'nav.activities', people: 'nav.people', works: 'nav.works', gallery: 'nav.gallery',
  summary: 'nav.summary', package: 'nav.package', settings: 'nav.settings', trash: 'nav.trash',
};

export function App() {
  const t = useT();
  const { page, go, info, loadInfo, error, client } = useApp();
  useEffect(() => {
    void loadInfo();
    return client?.on('archive.changed', () => void loadInfo());
  }, [client, loadInfo]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('app.title')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">科</span>
          <div>
            <div className="brand-title">{t('app.title')}</div>
            <div className="brand-school">{info?.schoolName}</div>
          </div>
        </div>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <button className={p === page ? 'nav-item active' : 'nav-item'} aria-current={p === page ? 'page' : undefined} onClick={() => go(p)}>
                {t(NAV[p])}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <ViewingBanner />
        {error && <div role="alert" className="banner error">{error}</div>}
        {page === 'activities' ? <ActivitiesPage /> : page === 'settings' ? <SettingsPage /> : page === 'people' ? <PeoplePage /> : page === 'works' ? <WorksPage /> : page === 'trash' ? <TrashPage /> : page === 'gallery' ? <GalleryPage /> : page === 'summary' ? <SummaryPage /> : page === 'package' ? <PackagePage /> : <Placeholder title={t(NAV[page])} />}
      </main>
      <SearchDialog />
    </div>
  );
}
