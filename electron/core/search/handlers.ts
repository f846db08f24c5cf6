// The search calls of the contract (shared/calls/search.ts).
import type { ApiPart } from '../../../shared/contract';
import type { searchCalls } from '../../../shared/calls/search';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { searchQuery } from './query';

export function searchHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof searchCalls> {
  return {
    'search.query': (i) => searchQuery(a, i),
  };
}
