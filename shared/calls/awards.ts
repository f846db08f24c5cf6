// The awards.* calls (获奖: a work's or a person's, at a level, on a date).
import { z } from 'zod';
import { Award, AwardInput, Id, IsoDate } from '../schemas';

export const awardsCalls = {
  'awards.list': {
    input: z
      .object({ from: IsoDate.optional(), to: IsoDate.optional(), workId: Id.optional(), personId: Id.optional() })
      .default({}),
    output: z.array(Award),
    effect: 'read',
    run: 'tx',
  },
  'awards.create': { input: AwardInput, output: Award, effect: 'write', run: 'tx' },
  'awards.update': { input: z.object({ id: Id, patch: AwardInput }), output: Award, effect: 'write', run: 'tx' },
} as const;
