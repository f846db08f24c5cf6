// The activities.* calls: the list (filtered), one activity, create, edit, 改期 and status. The
// paged list and the picker are in calls/lists.ts.
import { z } from 'zod';
import { Activity, ActivityInput, ActivityStatus, ActivitySummary, ById, listed, Id, IsoDate } from '../schemas';

export const ActivityFilter = z
  .object({
    schoolYear: z.number().int().optional(),
    term: z.union([z.literal(1), z.literal(2)]).optional(),
    type: z.string().max(40).optional(),
    status: ActivityStatus.optional(),
    teacherId: Id.optional(),
    groupId: Id.optional(),
    text: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(20000).default(5000),
  })
  .default({ limit: 5000 });

export const activitiesCalls = {
  /** At most `limit` rows, newest first; `total` counts every match (the 活动 page itself pages with activities.page). */
  'activities.list': { input: ActivityFilter, output: listed(ActivitySummary), effect: 'read', run: 'tx' },
  'activities.get': { input: ById, output: Activity, effect: 'read', run: 'tx' },
  'activities.create': { input: ActivityInput, output: Activity, effect: 'write', run: 'tx' },
  'activities.update': {
    input: z.object({ id: Id, patch: ActivityInput }),
    output: Activity,
    effect: 'write',
    run: 'tx',
  },
  'activities.reschedule': {
    input: z.object({
      id: Id,
      startDate: IsoDate,
      endDate: IsoDate.nullable().optional(),
      reason: z.string().max(200).nullable().optional(),
    }),
    output: Activity,
    effect: 'write',
    run: 'tx',
  },
  'activities.setStatus': {
    input: z.object({ id: Id, status: ActivityStatus }),
    output: Activity,
    effect: 'write',
    run: 'tx',
  },
} as const;
