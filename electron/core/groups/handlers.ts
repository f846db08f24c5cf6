// Handlers of the groups.* calls and of a group's edit (records.updateGroup).
import type { ApiPart } from '../../../shared/contract';
import type { groupsCalls } from '../../../shared/calls/groups';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import * as q from './queries';

export function groupsHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof groupsCalls> {
  return {
    'groups.list': () => q.listGroups(a),
    'groups.create': (i) => q.createGroup(a, i),
    'groups.members': (i) => q.members(a, i.id),
    'groups.join': (i) => q.join(a, i.groupId, i.personIds, i.on),
    'groups.leave': (i) => q.leave(a, i.groupId, i.personId, i.on),
    'records.updateGroup': (i) => q.updateGroup(a, i.id, i.patch),
  };
}
