// Handlers of the competitions.* calls.
import type { ApiPart } from '../../../shared/contract';
import type { competitionsCalls } from '../../../shared/calls/competitions';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export function competitionsHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof competitionsCalls> {
  return {
    'competitions.list': () => q.listCompetitions(a),
    'competitions.create': (i) => q.createCompetition(a, i),
  };
}
