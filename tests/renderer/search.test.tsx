// @vitest-environment happy-dom
// The Ctrl+K search box against the real core through an in-memory transport: it opens from any
// page, shows hits grouped by kind with <mark>, moves with the arrow keys, opens the record on
// Enter — and neither searches nor opens anything while an input method is still composing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { createActivity } from '../../electron/core/activities';
import { createPerson } from '../../electron/core/people';
import { createClient, type Transport } from '../../renderer/api/client';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { NO_FILTERS, useActivities } from '../../renderer/stores/activities';
import { usePeoplePage } from '../../renderer/stores/records';
import { useSearch } from '../../renderer/stores/search';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let container: HTMLElement;
let root: Root;
let searches: unknown[];
beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-r-search-')), { create: true });
  const dispatch = createDispatcher(archive, { validateOutput: true });
  searches = [];
  const transport: Transport = {
    invoke: (n, i) => { if (n === 'search.query') searches.push(i); return dispatch(n, JSON.parse(JSON.stringify(i ?? {}))); },
    on: () => () => {},
  };
  useApp.setState({ client: createClient(transport), page: 'activities', info: null, error: null, leaveGuard: null });
  useActivities.setState({ items: [], filters: NO_FILTERS, schoolYear: null, pane: { mode: 'list' }, view: 'list' });
  usePeoplePage.setState({ tab: 'students', pane: { mode: 'list' } });
  useSearch.setState({ open: false, text: '', filters: {}, result: null, active: 0, error: null });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => { act(() => root.unmount()); archive.close(); container.remove(); });

const flush = async (n = 12) => { for (let i = 0; i < n; i++) await act(async () => { await new Promise((r) => setTimeout(r, 10)); }); };
const $ = <T extends Element = HTMLElement>(sel: string) => container.querySelector(sel) as T | null;
const $$ = (sel: string) => [...container.querySelectorAll(sel)];
function typeInto(el: HTMLInputElement, value: string) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
const key = (el: Element | Window, init: KeyboardEventInit & { isComposing?: boolean }) => {
  el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
};

async function openBox() {
  await act(async () => root.render(<App />));
  await flush(3);
  await act(async () => key(window, { key: 'k', ctrlKey: true }));
  await flush(2);
  const input = $<HTMLInputElement>('.searchbox-input');
  expect(input).not.toBeNull();
  return input!;
}

describe('the search box', () => {
  it('opens with Ctrl+K, shows grouped hits with the match in <mark>, and Enter opens the record', async () => {
    const p = createPerson(archive, { kind: 'student', name: '张树茂', entryYear: 2021, classNo: 2 });
    createActivity(archive, { title: '航模训练', type: '模型', status: 'done', startDate: '2025-10-10', teacherIds: [], participantIds: [], tags: [] });
    const input = await openBox();
    expect(document.activeElement).toBe(input);

    await act(async () => typeInto(input, 'zsm'));
    await flush();
    expect($$('.searchbox-group h3').map((h) => h.textContent)).toEqual(['学生 1 条']);
    expect($('.searchbox-hit mark')?.textContent).toBe('张树茂');
    expect($('.searchbox-hit')?.textContent).toContain('拼音');

    await act(async () => key(input, { key: 'Enter' }));
    await flush(2);
    expect($('.searchbox-dialog')).toBeNull();
    expect(useApp.getState().page).toBe('people');
    expect(usePeoplePage.getState().pane).toEqual({ mode: 'record', id: p.id });
  });

  it('arrow keys move the selection across groups; Esc closes', async () => {
    createPerson(archive, { kind: 'student', name: '航航', entryYear: 2021, classNo: 2 });
    createActivity(archive, { title: '航模训练', type: '模型', status: 'done', startDate: '2025-10-10', teacherIds: [], participantIds: [], tags: [] });
    const input = await openBox();
    await act(async () => typeInto(input, '航'));
    await flush();
    const selected = () => $$('.searchbox-hit').findIndex((h) => h.getAttribute('aria-selected') === 'true');
    expect($$('.searchbox-hit')).toHaveLength(2);
    expect(selected()).toBe(0);
    await act(async () => key(input, { key: 'ArrowDown' }));
    expect(selected()).toBe(1);
    await act(async () => key(input, { key: 'ArrowDown' }));
    expect(selected()).toBe(0); // wraps around
    await act(async () => key(input, { key: 'ArrowUp' }));
    expect(selected()).toBe(1);
    expect(input.getAttribute('aria-activedescendant')).toBe('searchbox-hit-1');
    await act(async () => key(input, { key: 'Escape' }));
    expect($('.searchbox-dialog')).toBeNull();
    expect(useApp.getState().page).toBe('activities');
  });

  it('does not search half-composed pinyin, and Enter while composing opens nothing', async () => {
    createActivity(archive, { title: '航模训练', type: '模型', status: 'done', startDate: '2025-10-10', teacherIds: [], participantIds: [], tags: [] });
    const input = await openBox();
    await act(async () => typeInto(input, '航模'));
    await flush();
    expect($('.searchbox-hit mark')?.textContent).toBe('航模');
    const before = searches.length;
    // the input method shows the letters typed so far in the box
    await act(async () => { input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true })); typeInto(input, '航模xunl'); });
    await flush();
    expect(searches.length).toBe(before);
    // Enter picks the characters in the input method: it must not open the selected hit
    await act(async () => key(input, { key: 'Enter', isComposing: true }));
    expect($('.searchbox-dialog')).not.toBeNull();
    expect(useApp.getState().page).toBe('activities');
    await act(async () => { typeInto(input, '航模训练'); input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '训练' })); });
    await flush();
    expect(searches.slice(before).map((s) => (s as { text: string }).text)).toContain('航模训练');
    expect(searches.slice(before).map((s) => (s as { text: string }).text)).not.toContain('航模xunl');
    expect($('.searchbox-hit mark')?.textContent).toBe('航模训练');
  });

  it('filters combine with the text, and say so when nothing matches', async () => {
    createActivity(archive, { title: '航模训练', type: '模型', status: 'done', startDate: '2025-10-10', teacherIds: [], participantIds: [], tags: [] });
    createActivity(archive, { title: '航模展示', type: '科技节/科技周', status: 'done', startDate: '2024-05-10', teacherIds: [], participantIds: [], tags: [] });
    const input = await openBox();
    await act(async () => typeInto(input, '航模'));
    await flush();
    expect($$('.searchbox-hit')).toHaveLength(2);
    await act(async () => ($('.searchbox-filter-toggle') as HTMLButtonElement).click());
    await flush(4);
    const year = $$('.searchbox-filters select')[0] as HTMLSelectElement;
    expect([...year.options].map((o) => o.textContent)).toContain('2025—2026学年');
    await act(async () => { year.value = '2025'; year.dispatchEvent(new Event('change', { bubbles: true })); });
    await flush();
    expect($$('.searchbox-hit-title').map((h) => h.textContent)).toEqual(['航模训练']);
    await act(async () => typeInto(input, '火箭'));
    await flush();
    expect($('.searchbox-empty')?.textContent).toBe('没有找到“火箭”');
  });
});
