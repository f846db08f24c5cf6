// Handlers of the works.* calls.
import type { ApiPart } from '../../../shared/contract';
import type { worksCalls } from '../../../shared/calls/works';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export function worksHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof worksCalls> {
  return {
    'works.list': (i) => q.listWorks(a, i.text),
    'works.get': (i) => q.getWork(a, i.id),
    'works.create': (i) => q.createWork(a, i),
    'works.update': (i) => q.updateWork(a, i.id, i.patch),
  };
}
