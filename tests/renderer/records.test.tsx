// @vitest-environment happy-dom
// Record pages against the real core through an in-memory transport: long lists are windowed
// (10,000 activities, 5,000 students), Ctrl+S never saves while an IME is composing, a failed save
// keeps the draft, and leaving with unsaved changes asks first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { createClient, type Transport } from '../../renderer/api/client';
import { App } from '../../renderer/App';
import { VirtualList } from '../../renderer/components/VirtualList';
import { useApp } from '../../renderer/stores/app';
import { NO_FILTERS, useActivities } from '../../renderer/stores/activities';
import { usePeoplePage, useRecords } from '../../renderer/stores/records';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let container: HTMLElement;
let root: Root;
beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-r-rec-')), { create: true });
  const dispatch = createDispatcher(archive, { validateOutput: false });
  const transport: Transport = { invoke: (n, i) => dispatch(n, JSON.parse(JSON.stringify(i ?? {}))), on: () => () => {} };
  useApp.setState({ client: createClient(transport), page: 'activities', info: null, error: null, leaveGuard: null });
  useActivities.setState({ items: [], filters: NO_FILTERS, schoolYear: null, pane: { mode: 'list' }, view: 'list' });
  useRecords.setState({ people: [], groups: [], loaded: false, toast: null });
  usePeoplePage.setState({ tab: 'students', schoolYear: null, showArchived: false, text: '', pane: { mode: 'list' }, groupId: null });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => { act(() => root.unmount()); archive.close(); container.remove(); vi.restoreAllMocks(); });

const flush = async (n = 6) => { for (let i = 0; i < n; i++) await act(async () => { await new Promise((r) => setTimeout(r, 10)); }); };
const $ = <T extends Element = HTMLElement>(sel: string) => container.querySelector(sel) as T | null;
const $$ = (sel: string) => [...container.querySelectorAll(sel)];
function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
const key = (el: Element, init: KeyboardEventInit) => {
  const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  el.dispatchEvent(e);
  return e;
};
const count = (table: string) => archive.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get() as number;

describe('VirtualList', () => {
  it('renders only a window of 10,000 rows, and moves the window when scrolled', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `第 ${i} 行`);
    await act(async () => root.render(
      <VirtualList items={items} itemHeight={40} fallbackHeight={600} overscan={5} label="测试列表" getKey={(x) => x} renderItem={(x) => <span className="row">{x}</span>} />,
    ));
    const rows = () => $$('.row').map((r) => r.textContent);
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(40); // 600 px / 40 px + overscan, not 10,000
    expect(rows()[0]).toBe('第 0 行');
    expect($('[role="list"]')!.style.height).toBe('400000px'); // the scrollbar still spans every row
    expect($('[role="listitem"]')!.getAttribute('aria-setsize')).toBe('10000');

    const scroller = $('.vl')!;
    await act(async () => { scroller.scrollTop = 40 * 5000; scroller.dispatchEvent(new Event('scroll')); });
    expect(rows()).toContain('第 5000 行');
    expect(rows()).not.toContain('第 0 行');
    expect(rows().length).toBeLessThan(40);
    const first = $('[role="listitem"]')!;
    expect(Number(first.getAttribute('aria-posinset'))).toBeGreaterThan(4990);
  });

  it('places rows of different heights exactly (headers between rows)', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? `H${i}` : `r${i}`));
    await act(async () => root.render(
      <VirtualList items={items} itemHeight={(x) => (x.startsWith('H') ? 50 : 30)} fallbackHeight={300} label="测试" getKey={(x) => x} renderItem={(x) => <span className="row">{x}</span>} />,
    ));
    // 100 headers × 50 + 900 rows × 30
    expect($('[role="list"]')!.style.height).toBe(`${100 * 50 + 900 * 30}px`);
    const tops = $$('[role="listitem"]').slice(0, 3).map((el) => (el as HTMLElement).style.top);
    expect(tops).toEqual(['0px', '50px', '80px']);
  });

  it('draws short lists whole', async () => {
    const items = Array.from({ length: 80 }, (_, i) => `x${i}`);
    await act(async () => root.render(
      <VirtualList items={items} itemHeight={40} fallbackHeight={200} renderAllBelow={100} label="短列表" getKey={(x) => x} renderItem={(x) => <span className="row">{x}</span>} />,
    ));
    expect($$('.row')).toHaveLength(80);
  });
});

describe('long lists on the pages', () => {
  it('the 活动 page lists 10,000 activities with only a window of rows in the DOM', async () => {
    const ins = archive.db.prepare(`INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?,?,?,?,?,?,?)`);
    archive.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const d = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000 * 0.9).toISOString().slice(0, 10);
        ins.run(`0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`, '2025-01-01', '2025-01-01', `活动 ${i}`, '科普讲座', 'done', d);
      }
    })();
    await act(async () => root.render(<App />));
    await flush(10);
    expect($('.page-header')!.textContent).toContain('共 10000 项活动');
    const rows = $$('.activity-row').length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(60);
  });

  it('the 成员 page lists 5,000 students by class with only a window of rows in the DOM', async () => {
    const ins = archive.db.prepare(`INSERT INTO people (id, created_at, updated_at, kind, name, stage, entry_year, class_no) VALUES (?,?,?,?,?,?,?,?)`);
    archive.db.transaction(() => {
      for (let i = 0; i < 5000; i++) ins.run(`0191${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`, '2025-01-01', '2025-01-01', 'student', `学生${i}`, '小学', 2020 + (i % 6), 1 + (i % 8));
    })();
    useApp.setState({ page: 'people' });
    await act(async () => root.render(<App />));
    await flush(10);
    expect($('.filter-bar')!.textContent).toContain('5000 名学生');
    const rows = $$('.person-row').length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(60);
  });
});

describe('the activity form', () => {
  async function openNewForm() {
    await act(async () => root.render(<App />));
    await flush();
    await act(async () => { key(window.document.body, { key: 'n', ctrlKey: true }); });
    await flush();
    return $('form.activity-form') as HTMLFormElement;
  }

  it('Ctrl+S and Enter do nothing while a Chinese name is being composed; Ctrl+S saves after', async () => {
    const form = await openNewForm();
    expect(form).not.toBeNull();
    const title = form.querySelector('input[name="title"]') as HTMLInputElement;
    await act(async () => typeInto(title, '科技节开幕'));
    // The IME is still composing (e.g. "kaimushi" not yet turned into 开幕式)
    const enter = key(title, { key: 'Enter', isComposing: true, keyCode: 229 });
    expect(enter.defaultPrevented).toBe(true); // the form is not submitted
    await act(async () => { key(title, { key: 's', ctrlKey: true, isComposing: true }); });
    await flush();
    expect(count('activities')).toBe(0);
    expect($('form.activity-form')).not.toBeNull();

    await act(async () => typeInto(title, '科技节开幕式'));
    await act(async () => { key(title, { key: 's', ctrlKey: true }); });
    await flush();
    expect(count('activities')).toBe(1);
    expect($('form.activity-form')).toBeNull();
    expect($('.activity-row')!.textContent).toContain('科技节开幕式');
  });

  it('a failed save shows the message next to the field and keeps every field', async () => {
    const form = await openNewForm();
    const set = (name: string, v: string) => typeInto(form.querySelector(`[name="${name}"]`) as HTMLInputElement, v);
    await act(async () => { set('title', '航模训练'); set('startDate', '2025-10-10'); set('endDate', '2025-10-01'); set('location', '操场'); set('content', '橡筋动力飞机'); });
    await act(async () => { key(form, { key: 's', ctrlKey: true }); });
    await flush();
    expect(count('activities')).toBe(0);
    const err = form.querySelector('label:has([name="endDate"]) .field-error');
    expect(err?.textContent).toBe('结束日期不能早于开始日期');
    expect((form.querySelector('[name="title"]') as HTMLInputElement).value).toBe('航模训练');
    expect((form.querySelector('[name="content"]') as HTMLTextAreaElement).value).toBe('橡筋动力飞机');
  });

  it('leaving with unsaved changes asks; answering no keeps the draft', async () => {
    const form = await openNewForm();
    await act(async () => typeInto(form.querySelector('[name="title"]') as HTMLInputElement, '未保存的活动'));
    const confirm = vi.fn((_q?: string) => false);
    window.confirm = confirm;
    const people = $$('.nav-item').find((b) => b.textContent === '成员') as HTMLButtonElement;
    await act(async () => people.click());
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(useApp.getState().page).toBe('activities');
    expect(($('[name="title"]') as HTMLInputElement).value).toBe('未保存的活动');
    // Esc asks too
    await act(async () => { key($('[name="title"]')!, { key: 'Escape' }); });
    expect(confirm).toHaveBeenCalledTimes(2);
    expect($('form.activity-form')).not.toBeNull();
    confirm.mockReturnValue(true);
    await act(async () => people.click());
    expect(useApp.getState().page).toBe('people');
  });
});
