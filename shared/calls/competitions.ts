// The competitions.* calls (赛事: a name and a session).
import { z } from 'zod';
import { Competition, CompetitionInput, NoInput } from '../schemas';

export const competitionsCalls = {
  'competitions.list': { input: NoInput, output: z.array(Competition), effect: 'read', run: 'tx' },
  'competitions.create': { input: CompetitionInput, output: Competition, effect: 'write', run: 'tx' },
} as const;
