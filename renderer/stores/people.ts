// 成员: what the 成员 page asks the core beyond everyone's list (stores/records.ts) — the 成长记录 of the
// person open, the members of the 小组 open, and every change made there (add, edit, 毕业, delete, join,
// leave). Each change answers its value or throws the core's error for the form or page to show, and
// reloads the shared list so every picker sees it at once.
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { CallInput } from '../../shared/contract';
import type { Duplicate, PersonRecord } from '../../shared/calls/people';
import type { Group, Membership, Person, PersonInput } from '../../shared/schemas';
import type { Client } from '../api/client';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';
import { useRecords } from './records';

const reloadEveryone = () => useRecords.getState().load();
/** Views whose record is being deleted from them. */
const closing = new WeakSet<Owner>();

/** Who asked: one view of one record in one archive. What a view is shown is what was fetched for it
 * — never what an earlier view of the same record held (a broken answer, another archive's). */
export interface Owner {
  c: Client;
  id: string;
}
interface Held<T> {
  owner: Owner;
  value: T;
}

interface PeopleState {
  /** The 成长记录 open on the page. */
  record: Held<PersonRecord> | null;
  /** Why the open record could not be fetched (the page says so where the record would be). */
  recordError: { owner: Owner; message: string } | null;
  loadRecord(owner: Owner): Promise<void>;
  /** The members (current and former) of the 小组 open. */
  members: Held<Membership[]> | null;
  loadMembers(owner: Owner): Promise<void>;

  /** One person, for the form editing them. Throws the core's error. */
  getPerson(id: string): Promise<Person>;
  /** Who the person about to be saved may already be. */
  duplicates(input: CallInput<'records.duplicates'>): Promise<Duplicate[]>;
  /** Adds (no id) or updates a person; the shared list is reloaded before it answers. */
  savePerson(id: string | undefined, input: PersonInput): Promise<Person>;
  /** 毕业 (archived) or back (not). */
  setArchived(id: string, archived: boolean): Promise<void>;
  /** Archives every student who has left their stage by `asOf`; answers how many. */
  archiveGraduated(asOf: string): Promise<number>;
  trashPerson(id: string): Promise<void>;

  saveGroup(
    id: string | null,
    input: { name: string; description: string | null; teacherId: string | null },
  ): Promise<Group>;
  join(groupId: string, personIds: string[], on: string): Promise<Membership[]>;
  leave(groupId: string, personId: string, on: string): Promise<Membership[]>;
  trashGroup(id: string): Promise<void>;
}

export const usePeople = create<PeopleState>((set, get) => ({
  record: null,
  recordError: null,
  async loadRecord(owner) {
    try {
      const value = await owner.c.call('records.personRecord', { id: owner.id });
      set((s) => ({ record: { owner, value }, recordError: s.recordError?.owner === owner ? null : s.recordError }));
    } catch (e) {
      if (!closing.has(owner)) set({ recordError: { owner, message: (e as Error).message } });
    }
  },
  members: null,
  async loadMembers(owner) {
    try {
      set({ members: { owner, value: await owner.c.call('groups.members', { id: owner.id }) } });
    } catch (e) {
      reportLoadError(e);
    }
  },

  getPerson: (id) => client().call('people.get', { id }),
  duplicates: (input) => client().call('records.duplicates', input),
  async savePerson(id, input) {
    const c = client();
    const p = id ? await c.call('people.update', { id, patch: input }) : await c.call('people.create', input);
    await reloadEveryone();
    return p;
  },
  async setArchived(id, archived) {
    await client().call('people.archive', { id, archived });
    const open = get().record?.owner;
    await Promise.all([open?.id === id ? get().loadRecord(open) : null, reloadEveryone()]);
  },
  async archiveGraduated(asOf) {
    const r = await client().call('records.archiveGraduated', { asOf });
    await reloadEveryone();
    return r.archived;
  },
  async trashPerson(id) {
    // The open record refreshed on this very change finds nobody: not an error to show as the page
    // goes back.
    const open = get().record?.owner;
    if (open?.id === id) closing.add(open);
    try {
      await client().call('trash.delete', { kind: 'person', id });
    } catch (e) {
      if (open) closing.delete(open);
      throw e;
    }
    await reloadEveryone();
  },

  async saveGroup(id, input) {
    const c = client();
    const g = id ? await c.call('records.updateGroup', { id, patch: input }) : await c.call('groups.create', input);
    await reloadEveryone();
    return g;
  },
  async join(groupId, personIds, on) {
    const c = client();
    const value = await c.call('groups.join', { groupId, personIds, on });
    showMembers(groupId, value);
    await reloadEveryone();
    return value;
  },
  async leave(groupId, personId, on) {
    const c = client();
    const value = await c.call('groups.leave', { groupId, personId, on });
    showMembers(groupId, value);
    await reloadEveryone();
    return value;
  },
  async trashGroup(id) {
    await client().call('trash.delete', { kind: 'group', id });
    await reloadEveryone();
  },
}));

/** A join or leave answers the group's members: shown at once if that group is open. */
function showMembers(groupId: string, value: Membership[]) {
  const open = usePeople.getState().members?.owner;
  if (open?.id === groupId) usePeople.setState({ members: { owner: open, value } });
}

/** The view of `id` in the archive shown: fetched when it opens (and for each archive shown), and
 * again on every change to the archive while it stays open (and when `again` moves). */
function useOpen(id: string, load: (owner: Owner) => Promise<void>, again?: unknown): Owner | null {
  const c = useApp((s) => s.client);
  const owner = useMemo(() => (c ? { c, id } : null), [c, id]);
  useEffect(() => {
    if (!owner) return;
    void load(owner);
    return refreshOnChange(() => load(owner));
  }, [owner, load, again]);
  return owner;
}

/** The 成长记录 of `id`: null while it is fetched; `error` when it could not be. */
export function usePersonRecord(id: string): { rec: PersonRecord | null; error: string | null } {
  const owner = useOpen(id, usePeople.getState().loadRecord);
  const rec = usePeople((s) => (owner && s.record?.owner === owner ? s.record.value : null));
  const error = usePeople((s) => (owner && s.recordError?.owner === owner ? s.recordError.message : null));
  return { rec, error };
}

/** The members of 小组 `groupId`, [] until fetched; fetched again when `memberCount` moves. */
export function useGroupMembers(groupId: string, memberCount: number): Membership[] {
  const owner = useOpen(groupId, usePeople.getState().loadMembers, memberCount);
  return usePeople((s) => (owner && s.members?.owner === owner ? s.members.value : NONE));
}
const NONE: Membership[] = [];

// ---- the 成员 page's state (survives switching pages, so the teacher comes back where they were) ----

export type PeopleTab = 'students' | 'teachers' | 'groups';
export type PeoplePane =
  | { mode: 'list' }
  | { mode: 'record'; id: string }
  | { mode: 'edit'; id: string }
  | { mode: 'new'; kind: 'student' | 'teacher' };

interface PeoplePageState {
  tab: PeopleTab;
  /** 学年 the 年级 are computed for; null = the current one. */
  schoolYear: number | null;
  showArchived: boolean;
  text: string;
  pane: PeoplePane;
  groupId: string | null;
  /** The row the list shows when it comes back: scrolled to, and marked when just saved. */
  focus?: { id: string; mark: boolean } | null;
  set(patch: Partial<Omit<PeoplePageState, 'set'>>): void;
}
/** How the 成员 page opens (and what a test resets it to). */
export const peoplePageStart = (): Omit<PeoplePageState, 'set'> => ({
  tab: 'students',
  schoolYear: null,
  showArchived: false,
  text: '',
  pane: { mode: 'list' },
  groupId: null,
  focus: null,
});
export const usePeoplePage = create<PeoplePageState>((set) => ({
  ...peoplePageStart(),
  set: (patch) => set(patch),
}));
