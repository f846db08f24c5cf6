// The calls of shared/calls/lists.ts: searchable pickers and the paged 活动 list.
import type { ApiPart } from '../../../shared/contract';
import type { listsCalls } from '../../../shared/calls/lists';
import type { Archive } from '../db/open';
import { activityPage, activityRange } from './page';
import { pickActivities, pickPeople } from './pick';

export function listsHandlers(a: Archive): ApiPart<typeof listsCalls> {
  return {
    'activities.pick': (i) => pickActivities(a, i),
    'people.pick': (i) => pickPeople(a, i),
    'activities.page': (i) => activityPage(a, i),
    'activities.range': (i) => activityRange(a, i),
  };
}
