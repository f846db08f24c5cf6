// Handlers of the awards.* calls.
import type { ApiPart } from '../../../shared/contract';
import type { awardsCalls } from '../../../shared/calls/awards';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export function awardsHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof awardsCalls> {
  return {
    'awards.list': (i) => q.listAwards(a, i),
    'awards.create': (i) => q.createAward(a, i),
    'awards.update': (i) => q.updateAward(a, i.id, i.patch),
  };
}
