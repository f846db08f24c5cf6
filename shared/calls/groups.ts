// The groups.* calls (小组 and their members over time), and a group's edit (records.updateGroup).
import { z } from 'zod';
import { ById, Group, GroupInput, Id, IsoDate, Membership, NoInput } from '../schemas';

export const groupsCalls = {
  'groups.list': { input: NoInput, output: z.array(Group), effect: 'read', run: 'tx' },
  'groups.create': { input: GroupInput, output: Group, effect: 'write', run: 'tx' },
  'groups.members': { input: ById, output: z.array(Membership), effect: 'read', run: 'tx' },
  'groups.join': {
    input: z.object({ groupId: Id, personIds: z.array(Id).min(1).max(5000), on: IsoDate }),
    output: z.array(Membership),
    effect: 'write',
    run: 'tx',
  },
  'groups.leave': {
    input: z.object({ groupId: Id, personId: Id, on: IsoDate }),
    output: z.array(Membership),
    effect: 'write',
    run: 'tx',
  },

  'records.updateGroup': { input: z.object({ id: Id, patch: GroupInput }), output: Group, effect: 'write', run: 'tx' },
} as const;
