// The works.* calls (作品: title, authors, advisors).
import { z } from 'zod';
import { ById, Id, Work, WorkInput } from '../schemas';

export const worksCalls = {
  'works.list': {
    input: z.object({ text: z.string().max(100).optional() }).default({}),
    output: z.array(Work),
    effect: 'read',
    run: 'tx',
  },
  'works.get': { input: ById, output: Work, effect: 'read', run: 'tx' },
  'works.create': { input: WorkInput, output: Work, effect: 'write', run: 'tx' },
  'works.update': { input: z.object({ id: Id, patch: WorkInput }), output: Work, effect: 'write', run: 'tx' },
} as const;
