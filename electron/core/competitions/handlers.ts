// Handlers of the competitions.* calls.
import type { Api } from '../../../shared/contract';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export type CompetitionsCall = 'competitions.list' | 'competitions.create';

export function competitionsHandlers(a: Archive, _ctx: HandlerContext): Pick<Api, CompetitionsCall> {
  return {
    'competitions.list': () => q.listCompetitions(a),
    'competitions.create': (i) => q.createCompetition(a, i),
  };
}
