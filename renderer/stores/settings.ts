// 设置 slice: the archive's settings (school name, term dates) and the 关于 facts.
import { create } from 'zustand';
import type { Settings } from '../../shared/contract';
import type { AboutInfo } from '../../shared/calls/app';
import { client, useApp } from './app';

interface SettingsState {
  settings: Settings | null;
  about: AboutInfo | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Saves and refreshes the shell (the school name in the sidebar); throws the call's error. */
  save(patch: Partial<Settings>): Promise<Settings>;
}

export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  about: null,
  loading: false,
  error: null,
  async load() {
    set({ loading: true, error: null });
    try {
      const [settings, about] = await Promise.all([client().call('settings.get', {}), client().call('app.about', {})]);
      set({ settings, about, loading: false });
    } catch (e) {
      set({ error: (e as Error).message, loading: false });
    }
  },
  async save(patch) {
    const settings = await client().call('settings.set', patch);
    set({ settings });
    void useApp.getState().loadInfo();
    return settings;
  },
}));
