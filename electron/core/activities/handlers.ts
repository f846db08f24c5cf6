// Handlers of the activities.* calls (the paged list and the picker are lists/).
import type { ApiPart } from '../../../shared/contract';
import type { activitiesCalls } from '../../../shared/calls/activities';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { listedActivities } from '../lists/listed';
import * as q from './queries';

export function activitiesHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof activitiesCalls> {
  return {
    'activities.list': (f) => listedActivities(a, f),
    'activities.get': (i) => q.getActivity(a, i.id),
    'activities.create': (i) => q.createActivity(a, i),
    'activities.update': (i) => q.updateActivity(a, i.id, i.patch),
    'activities.reschedule': (i) => q.rescheduleActivity(a, i.id, i.startDate, i.endDate ?? null, i.reason ?? null),
    'activities.setStatus': (i) => q.setActivityStatus(a, i.id, i.status),
  };
}
