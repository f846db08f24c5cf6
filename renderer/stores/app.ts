// App-wide state: current page, locale, archive info, the client.
import { create } from 'zustand';
import type { ArchiveInfo } from '../../shared/contract';
import type { Locale } from '../../shared/i18n/messages';
import type { Client } from '../api/client';

export const PAGES = ['activities', 'people', 'works', 'gallery', 'summary', 'package', 'settings', 'trash'] as const;
export type Page = (typeof PAGES)[number];

interface AppState {
  client: Client | null;
  page: Page;
  locale: Locale;
  info: ArchiveInfo | null;
  error: string | null;
  /** A form with unsaved changes puts its question here; go() asks it before leaving the page. */
  leaveGuard: (() => boolean) | null;
  setLeaveGuard(g: (() => boolean) | null): void;
  setClient(c: Client): void;
  go(p: Page): void;
  setLocale(l: Locale): void;
  loadInfo(): Promise<void>;
  setError(e: string | null): void;
}

export const useApp = create<AppState>((set, get) => ({
  client: null,
  page: 'activities',
  locale: 'zh-CN',
  info: null,
  error: null,
  leaveGuard: null,
  setLeaveGuard: (leaveGuard) => set({ leaveGuard }),
  setClient: (client) => set({ client }),
  go: (page) => {
    const guard = get().leaveGuard;
    if (page !== get().page && guard && !guard()) return;
    set({ page, leaveGuard: null });
  },
  setLocale: (locale) => set({ locale }),
  async loadInfo() {
    try {
      set({ info: await get().client!.call('archive.info', {}) });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  setError: (error) => set({ error }),
}));

export const client = () => {
  const c = useApp.getState().client;
  if (!c) throw new Error('client not set');
  return c;
};
