// Handlers of the people.* calls, and of a person's record, 毕业 and duplicates (records.*).
import type { ApiPart } from '../../../shared/contract';
import type { peopleCalls } from '../../../shared/calls/people';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { personRecord } from './record';
import { listedPeople } from '../lists/listed';
import * as q from './queries';

export function peopleHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof peopleCalls> {
  return {
    'people.list': (f) => listedPeople(a, f),
    'people.get': (i) => q.getPerson(a, i.id, i.asOf),
    'people.create': (i) => q.createPerson(a, i),
    'people.update': (i) => q.updatePerson(a, i.id, i.patch),
    'people.archive': (i) => q.setArchived(a, i.id, i.archived),
    'records.personRecord': (i) => personRecord(a, i.id, i.asOf),
    'records.archiveGraduated': (i) => q.archiveGraduated(a, i.asOf),
    'records.duplicates': (i) => q.duplicatesOf(a, i),
  };
}
