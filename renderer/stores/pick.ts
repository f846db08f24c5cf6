// The searchable pickers' questions (activities.pick / people.pick): one page of the records
// matching a text, with the count of every match and the chosen ones. Each picker keeps its own
// answer (components/Picker.tsx usePick); this is where it is asked.
import type { PickedActivity, PickedPerson } from '../../shared/calls/lists';
import { client } from './app';

export interface PickPage<T> {
  items: T[];
  total: number;
  chosen: T[];
}

/** The page of activities or people matching `text` from `offset`, and `ids` as chosen; throws the core's error. */
export function pickPage(
  kind: 'activity' | 'person',
  input: { text: string; offset: number; ids: string[] },
  personKind?: 'student' | 'teacher',
): Promise<PickPage<PickedActivity> | PickPage<PickedPerson>> {
  return kind === 'activity'
    ? client().call('activities.pick', input)
    : client().call('people.pick', { ...input, ...(personKind ? { kind: personKind } : {}) });
}
