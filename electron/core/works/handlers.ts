// Handlers of the works.* calls.
import type { Api } from '../../../shared/contract';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export type WorksCall = 'works.list' | 'works.get' | 'works.create' | 'works.update';

export function worksHandlers(a: Archive, _ctx: HandlerContext): Pick<Api, WorksCall> {
  return {
    'works.list': (i) => q.listWorks(a, i.text),
    'works.get': (i) => q.getWork(a, i.id),
    'works.create': (i) => q.createWork(a, i),
    'works.update': (i) => q.updateWork(a, i.id, i.patch),
  };
}
