// Records slice: everyone in the archive (students incl. archived, teachers) with pinyin initials,
// the groups, the school calendar — what pickers and the 成员 page share — plus a small toast.
import { localIsoDate } from '../../shared/domain/format';
import { useEffect } from 'react';
import { create } from 'zustand';
import {
  classLabelOf,
  DEFAULT_CALENDAR,
  gradeNumberOf,
  schoolYearOf,
  schoolYearRange,
  stageYears,
  type CalendarSettings,
} from '../../shared/domain/calendar';
import type { Stage } from '../../shared/domain/vocab';
import type { Group, Person } from '../../shared/schemas';
import { client, useApp } from './app';
import { refreshOnChange, reportLoadError } from './live';

export interface Toast {
  id: number;
  text: string;
  undo?: () => void;
}

interface RecordsState {
  people: Person[];
  /** People past people.list's limit, not in `people` (the 成员 page says so). */
  peopleLeftOut: number;
  initials: Record<string, string>;
  groups: Group[];
  calendar: CalendarSettings;
  loaded: boolean;
  loading: boolean;
  toast: Toast | null;
  load(): Promise<void>;
  showToast(text: string, undo?: () => void): void;
  clearToast(): void;
}

let toastSeq = 0;
let pending: Promise<void> | null = null;
/** The archive changed while a load was on its way: its answer may be older than the change. */
let again = false;

export const useRecords = create<RecordsState>((set, get) => ({
  people: [],
  peopleLeftOut: 0,
  initials: {},
  groups: [],
  calendar: DEFAULT_CALENDAR,
  loaded: false,
  loading: false,
  toast: null,
  load() {
    // Several components ask at once when a page opens: one round trip serves them all.
    if (pending) return pending;
    again = false;
    pending = (async () => {
      set({ loading: true });
      try {
        const c = client();
        const [listed, groups, settings] = await Promise.all([
          c.call('people.list', { includeArchived: true, limit: 20000 }),
          c.call('groups.list', {}),
          c.call('settings.get', {}),
        ]);
        const people = listed.items;
        const known = get().initials;
        const missing = [...new Set(people.map((p) => p.name).filter((n) => !(n in known)))];
        const initials = { ...known };
        if (missing.length) {
          const got = await c.call('records.initials', { texts: missing });
          missing.forEach((n, i) => {
            initials[n] = got[i];
          });
        }
        set({
          people,
          peopleLeftOut: listed.total - people.length,
          groups,
          calendar: settings.calendar,
          initials,
          loaded: true,
          loading: false,
        });
      } catch (e) {
        set({ loading: false });
        reportLoadError(e);
      } finally {
        pending = null;
      }
      if (again) await get().load();
    })();
    return pending;
  },
  showToast(text, undo) {
    const id = ++toastSeq;
    set({ toast: { id, text, undo } });
    setTimeout(() => {
      if (get().toast?.id === id) set({ toast: null });
    }, 6000);
  },
  clearToast: () => set({ toast: null }),
}));

// Once anything has asked for the list, it follows the archive: an edit on another page, an import, a
// merge, a restore. A change during a load loads again once that load has answered.
refreshOnChange(() => {
  const s = useRecords.getState();
  if (!s.loaded && !pending) return;
  if (pending) again = true;
  else void s.load();
});

/** For a page that shows everyone: fetched when it opens (and for each archive shown); the store keeps
 * the list in step with the archive after. */
export function useEveryone(): void {
  const shown = useApp((s) => s.client);
  useEffect(() => {
    if (shown) void useRecords.getState().load();
  }, [shown]);
}

/** Name, pinyin initials or 学号: what a teacher types to find someone. */
export function matchesPerson(p: Person, query: string, initials: Record<string, string>): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (p.name.includes(query.trim())) return true;
  if (p.studentNo && p.studentNo.includes(q)) return true;
  const ini = initials[p.name];
  return !!ini && /^[a-z]+$/.test(q) && ini.startsWith(q);
}

/** The class label of a student on `date`, computed here so pickers need no extra round trip. */
export function classOn(p: Person, date: string, cal: CalendarSettings): string {
  if (p.kind !== 'student' || p.entryYear == null) return p.classLabel;
  return classLabelOf((p.stage ?? '小学') as Stage, p.entryYear, p.classNo, date, cal);
}

/** Sort key for class labels: stage, then 年级 (low first), then 班号; graduated last. */
export function classSortKey(p: Person, date: string, cal: CalendarSettings): number {
  if (p.entryYear == null) return 1e9;
  const stageNo = ({ 小学: 0, 初中: 1, 高中: 2 } as Record<string, number>)[p.stage ?? '小学'] ?? 0;
  const g = gradeNumberOf(p.entryYear, date, cal);
  const max = stageYears(p.stage);
  const grade = g < 1 ? 0 : g > max ? 100 + (3000 - p.entryYear) : g;
  return stageNo * 1e6 + grade * 1000 + (p.classNo ?? 999);
}

/** The first day of a 学年 under the school's calendar: the date grades are computed for. */
export const yearStart = (year: number, cal: CalendarSettings) => schoolYearRange(year, cal).from;
export const currentSchoolYear = (cal: CalendarSettings) => schoolYearOf(localIsoDate(new Date()), cal);
