// Vocabularies (活动类型, 作品类别, 学科, 级别, 等级): the built-in words plus the teacher's own, as
// the core lists them. Fetched once per kind when a page or form first asks, again when the
// archive changes; adding a word answers the new list for every form that shows it.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { VocabKind } from '../../shared/domain/vocab';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';

interface VocabState {
  lists: Partial<Record<VocabKind, string[]>>;
  /** Fetches `kind` unless it is held (`force`: again). */
  load(kind: VocabKind, force?: boolean): Promise<string[]>;
  /** Adds the teacher's own word; answers the kind's new list. Errors reach the caller's form. */
  add(kind: VocabKind, label: string): Promise<string[]>;
}

const pending = new Map<VocabKind, Promise<string[]>>();

export const useVocab = create<VocabState>((set, get) => ({
  lists: {},
  load(kind, force = false) {
    const held = get().lists[kind];
    if (held && !force) return Promise.resolve(held);
    let p = pending.get(kind);
    if (!p) {
      p = client()
        .call('vocab.list', { kind })
        .then((list) => {
          set((s) => ({ lists: { ...s.lists, [kind]: list } }));
          return list;
        })
        .catch((e: unknown) => {
          reportLoadError(e);
          return get().lists[kind] ?? [];
        })
        .finally(() => pending.delete(kind));
      pending.set(kind, p);
    }
    return p;
  },
  async add(kind, label) {
    const list = await client().call('vocab.add', { kind, label });
    set((s) => ({ lists: { ...s.lists, [kind]: list } }));
    return list;
  },
}));

/** The list of `kind` for a component: asks for it on first use, [] until it answers. */
export function useVocabList(kind: VocabKind): string[] {
  const list = useVocab((s) => s.lists[kind]);
  const hasClient = useApp((s) => s.client !== null);
  useEffect(() => {
    if (hasClient) void useVocab.getState().load(kind);
  }, [hasClient, kind]);
  return list ?? EMPTY;
}
const EMPTY: string[] = [];

refreshOnChange(() => {
  for (const kind of Object.keys(useVocab.getState().lists) as VocabKind[]) void useVocab.getState().load(kind, true);
});
