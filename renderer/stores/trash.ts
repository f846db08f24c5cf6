// 回收站: what is deleted, newest first, fetched while the page is shown and again whenever the archive
// changes (a record deleted on another page, a merge); 恢复 and 永久删除. Restoring is also the 撤销
// of every "已移到回收站" toast.
import { useEffect } from 'react';
import { create } from 'zustand';
import { contract } from '../../shared/contract';
import type { TrashItem } from '../../shared/schemas';
import type { Client } from '../api/client';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';
import { useRecords } from './records';

type TrashKind = TrashItem['kind'];

interface TrashState {
  /** null until the first answer (then the page says 回收站是空的 only when it truly is). */
  items: TrashItem[] | null;
  /** The archive (its client) `items` came from: another archive's list is never shown. */
  from: Client | null;
  load(): Promise<void>;
  /** Puts a record back; everyone's lists follow. Throws the core's error. */
  restore(kind: TrashKind, id: string): Promise<void>;
  /** Deletes for good (the page has asked twice). Throws the core's error. */
  purge(kind: TrashKind, id: string): Promise<void>;
}

/** The word trash.purge insists on, as the contract spells it. */
const PURGE_WORD = contract['trash.purge'].input.shape.confirm.value;

export const useTrash = create<TrashState>((set, get) => ({
  items: null,
  from: null,
  async load() {
    try {
      const c = client();
      set({ items: await c.call('trash.list', {}), from: c });
    } catch (e) {
      reportLoadError(e);
    }
  },
  async restore(kind, id) {
    await client().call('trash.restore', { kind, id });
    await Promise.all([get().items ? get().load() : null, useRecords.getState().load()]);
  },
  async purge(kind, id) {
    await client().call('trash.purge', { kind, id, confirm: PURGE_WORD });
    await get().load();
  },
}));

/** 撤销 on a "已移到回收站" toast: restores, and a restore that fails says why in the banner. */
export function undoDelete(kind: TrashKind, id: string): void {
  useTrash
    .getState()
    .restore(kind, id)
    .catch((e: unknown) => useApp.getState().setError((e as Error).message));
}

/** The trash list for the page showing it: fetched when it opens (and for each archive shown),
 * refreshed on every change while it is open. */
export function useTrashList(): TrashItem[] | null {
  const c = useApp((s) => s.client);
  useEffect(() => {
    if (!c) return;
    void useTrash.getState().load();
    return refreshOnChange(() => useTrash.getState().load());
  }, [c]);
  return useTrash((s) => (s.from === c ? s.items : null));
}
