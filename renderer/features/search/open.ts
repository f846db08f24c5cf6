// Opening a search hit: the page of its kind, with the record itself open where that page can show one.
import type { SearchHit } from '../../../shared/calls/search';
import { useActivities } from '../../stores/activities';
import { useApp, type Page } from '../../stores/app';
import { useWorksPage } from '../../stores/works';
import { usePeoplePage } from '../../stores/people';

const PAGE: Record<SearchHit['kind'], Page> = {
  activity: 'activities',
  student: 'people',
  teacher: 'people',
  group: 'people',
  work: 'works',
  award: 'works',
  competition: 'works',
  media: 'gallery',
};

/** Returns false when the page did not change (a form with unsaved changes said no). */
export function openHit(hit: SearchHit): boolean {
  const target: Page = hit.deleted ? 'trash' : PAGE[hit.kind];
  useApp.getState().go(target);
  if (useApp.getState().page !== target) return false;
  if (hit.deleted) return true;
  switch (hit.kind) {
    case 'activity':
      useActivities.getState().open({ mode: 'view', id: hit.id });
      break;
    case 'student':
      usePeoplePage.getState().set({ tab: 'students', pane: { mode: 'record', id: hit.id } });
      break;
    case 'teacher':
      usePeoplePage.getState().set({ tab: 'teachers', pane: { mode: 'record', id: hit.id } });
      break;
    case 'group':
      usePeoplePage.getState().set({ tab: 'groups', groupId: hit.id });
      break;
    case 'work':
      useWorksPage.getState().set({ tab: 'works', pane: { mode: 'work', id: hit.id } });
      break;
    case 'award':
      useWorksPage.getState().set({ tab: 'awards', pane: { mode: 'award', id: hit.id } });
      break;
    case 'competition':
      useWorksPage.getState().set({ tab: 'awards', pane: { mode: 'list' } });
      break;
    case 'media':
      break;
  }
  return true;
}
