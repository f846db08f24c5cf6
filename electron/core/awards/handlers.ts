// Handlers of the awards.* calls.
import type { Api } from '../../../shared/contract';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export type AwardsCall = 'awards.list' | 'awards.create' | 'awards.update';

export function awardsHandlers(a: Archive, _ctx: HandlerContext): Pick<Api, AwardsCall> {
  return {
    'awards.list': (i) => q.listAwards(a, i),
    'awards.create': (i) => q.createAward(a, i),
    'awards.update': (i) => q.updateAward(a, i.id, i.patch),
  };
}
