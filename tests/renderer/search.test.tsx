// @vitest-environment happy-dom
// The Ctrl+K search box against the real core through an in-memory transport: it opens from any
// page, shows hits grouped by kind with <mark>, moves with the arrow keys, opens the record on
// Enter — and neither searches nor opens anything while an input method is still composing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createActivity } from '../../electron/core/activities/queries';
import { createPerson } from '../../electron/core/people/queries';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { activitiesStart, useActivities } from '../../renderer/stores/activities';
import { usePeoplePage } from '../../renderer/stores/people';
import { useSearch } from '../../renderer/stores/search';
import { act, fireEvent, screen, show, startCore, texts, userEvent, waitFor, within } from './kit';

let archive: Archive;
let searches: unknown[];
beforeEach(() => {
  const core = startCore({ prefix: 'keji-r-search-' });
  archive = core.archive;
  searches = [];
  const invoke = core.transport.invoke;
  core.transport.invoke = (n, i) => {
    if (n === 'search.query') searches.push(i);
    return invoke(n, i);
  };
  useApp.setState({ client: core.client, page: 'activities', info: null, error: null, leaveGuard: null });
  useActivities.setState(activitiesStart());
  usePeoplePage.setState({ tab: 'students', pane: { mode: 'list' } });
  useSearch.setState({ open: false, text: '', filters: {}, result: null, active: 0, error: null });
});
afterEach(() => {
  vi.useRealTimers();
  archive.close();
});

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T | null;
const $$ = (sel: string) => [...document.querySelectorAll(sel)];
let user: ReturnType<typeof userEvent.setup>;

async function openBox() {
  ({ user } = show(<App />));
  await screen.findByRole('heading', { level: 1, name: '活动记录' });
  await user.keyboard('{Control>}k{/Control}');
  const input = await waitFor(() => {
    const el = $<HTMLInputElement>('.searchbox-input');
    expect(el).not.toBeNull();
    return el!;
  });
  return input;
}
/** Types a whole word into the box as an input method commits it. */
async function typeWord(input: HTMLInputElement, text: string) {
  await user.clear(input);
  await user.paste(text);
}

describe('the search box', () => {
  it('opens with Ctrl+K, shows grouped hits with the match in <mark>, and Enter opens the record', async () => {
    const p = createPerson(archive, { kind: 'student', name: '张树茂', entryYear: 2021, classNo: 2 });
    createActivity(archive, {
      title: '航模训练',
      type: '模型',
      status: 'done',
      startDate: '2025-10-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const input = await openBox();
    expect(document.activeElement).toBe(input);

    await user.type(input, 'zsm');
    await waitFor(() => expect(texts('.searchbox-group h3')).toEqual(['学生 1 条']));
    expect($('.searchbox-hit mark')?.textContent).toBe('张树茂');
    expect($('.searchbox-hit')?.textContent).toContain('拼音');

    await user.keyboard('{Enter}');
    await waitFor(() => expect($('.searchbox-dialog')).toBeNull());
    // The student's record is open on 成员.
    expect(await screen.findByRole('heading', { level: 1, name: '张树茂' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '成员' }).getAttribute('aria-current')).toBe('page');
    expect(usePeoplePage.getState().pane).toEqual({ mode: 'record', id: p.id });
  });

  it('arrow keys move the selection across groups; Esc closes', async () => {
    createPerson(archive, { kind: 'student', name: '航航', entryYear: 2021, classNo: 2 });
    createActivity(archive, {
      title: '航模训练',
      type: '模型',
      status: 'done',
      startDate: '2025-10-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const input = await openBox();
    await typeWord(input, '航');
    const selected = () => $$('.searchbox-hit').findIndex((h) => h.getAttribute('aria-selected') === 'true');
    await waitFor(() => expect($$('.searchbox-hit')).toHaveLength(2));
    expect(selected()).toBe(0);
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe(1);
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe(0); // wraps around
    await user.keyboard('{ArrowUp}');
    expect(selected()).toBe(1);
    expect(input.getAttribute('aria-activedescendant')).toBe('searchbox-hit-1');
    await user.keyboard('{Escape}');
    expect($('.searchbox-dialog')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('活动记录');
  });

  it('does not search half-composed pinyin, and Enter while composing opens nothing', async () => {
    createActivity(archive, {
      title: '航模训练',
      type: '模型',
      status: 'done',
      startDate: '2025-10-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const input = await openBox();
    await typeWord(input, '航模');
    await waitFor(() => expect($('.searchbox-hit mark')?.textContent).toBe('航模'));
    const before = searches.length;
    // The input method shows the letters typed so far in the box. The clock is stopped here so that
    // "no search" is checked after the search delay has surely passed, not after some guessed time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.compositionStart(input);
    fireEvent.input(input, { target: { value: '航模xunl' } });
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(searches.length).toBe(before);
    // Enter picks the characters in the input method: it must not open the selected hit
    fireEvent.keyDown(input, { key: 'Enter', isComposing: true });
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect($('.searchbox-dialog')).not.toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('活动记录');
    expect(searches.length).toBe(before);
    vi.useRealTimers();
    fireEvent.input(input, { target: { value: '航模训练' } });
    fireEvent.compositionEnd(input, { data: '训练' });
    await waitFor(() => expect($('.searchbox-hit mark')?.textContent).toBe('航模训练'));
    expect(searches.slice(before).map((s) => (s as { text: string }).text)).toContain('航模训练');
    expect(searches.slice(before).map((s) => (s as { text: string }).text)).not.toContain('航模xunl');
  });

  it('filters combine with the text, and say so when nothing matches', async () => {
    createActivity(archive, {
      title: '航模训练',
      type: '模型',
      status: 'done',
      startDate: '2025-10-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    createActivity(archive, {
      title: '航模展示',
      type: '科技节/科技周',
      status: 'done',
      startDate: '2024-05-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const input = await openBox();
    await typeWord(input, '航模');
    await waitFor(() => expect($$('.searchbox-hit')).toHaveLength(2));
    await user.click($('.searchbox-filter-toggle')!);
    const year = await waitFor(() => {
      const el = $$('.searchbox-filters select')[0] as HTMLSelectElement;
      expect([...el.options].map((o) => o.textContent)).toContain('2025—2026学年');
      return el;
    });
    await user.selectOptions(year, '2025');
    await waitFor(() => expect(texts('.searchbox-hit-title')).toEqual(['航模训练']));
    await typeWord(input, '火箭');
    await waitFor(() => expect($('.searchbox-empty')?.textContent).toBe('没有找到“火箭”'));
  });
});

describe('the search box follows the archive', () => {
  it("an activity recorded elsewhere while the box is open joins the hits; the 教师 filter names the archive's teachers", async () => {
    archive.close();
    const core = startCore({ prefix: 'keji-r-search-', events: true });
    archive = core.archive;
    useApp.setState({ client: core.client });
    createActivity(archive, {
      title: '航模训练',
      type: '模型',
      status: 'done',
      startDate: '2025-10-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const input = await openBox();
    await typeWord(input, '航模');
    await waitFor(() => expect(texts('.searchbox-hit-title')).toEqual(['航模训练']));
    await core.client.call('activities.create', {
      title: '航模比赛',
      type: '模型',
      status: 'done',
      startDate: '2025-11-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    await waitFor(() => expect(texts('.searchbox-hit-title').sort()).toEqual(['航模比赛', '航模训练']));
    await core.client.call('people.create', { kind: 'teacher', name: '王建国' });
    await user.click($('.searchbox-filter-toggle')!);
    const teacher = await waitFor(() => within($('.searchbox-filters')!).getByLabelText('教师'));
    await waitFor(() => expect(texts('option', teacher)).toContain('王建国'));
  });
});
