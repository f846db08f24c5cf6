// The records.* calls that belong to no one entity: pinyin initials for name search, and the media
// linked to a record (counts for a list, the files of one). A person's record, 毕业 and duplicates
// are in calls/people.ts, a group's edit in calls/groups.ts (their names stay records.*).
import { z } from 'zod';
import { Id } from '../schemas';

export const MediaTarget = z.enum(['activity', 'work', 'award', 'person']);

export const LinkedMedia = z.object({
  id: Id,
  kind: z.enum(['photo', 'video', 'document']),
  originalName: z.string(),
  caption: z.string().nullable(),
});
export type LinkedMedia = z.infer<typeof LinkedMedia>;

export const recordsCalls = {
  /** Pinyin initials of each text ('张树茂' → 'zsm'; 多音字 surnames read as surnames: 曾 → z, 单 → s). */
  'records.initials': {
    input: z.object({ texts: z.array(z.string().max(60)).max(20000) }),
    output: z.array(z.string()),
    effect: 'read',
    run: 'tx',
  },
  /** How many media are linked to each target (photos of an activity, the certificate scan of an award). */
  'records.mediaCounts': {
    input: z.object({ kind: MediaTarget, ids: z.array(Id).max(20000) }),
    output: z.record(z.string(), z.number()),
    effect: 'read',
    run: 'tx',
  },
  'records.mediaOf': {
    input: z.object({ kind: MediaTarget, id: Id }),
    output: z.array(LinkedMedia),
    effect: 'read',
    run: 'tx',
  },
} as const;
