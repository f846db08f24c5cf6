// @vitest-environment happy-dom
// Record pages against the real core through an in-memory transport: long lists are windowed
// (10,000 activities, 5,000 students), Ctrl+S never saves while an IME is composing, a failed save
// keeps the draft, and leaving with unsaved changes asks first.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { App } from '../../renderer/App';
import { VirtualList } from '../../renderer/components/VirtualList';
import { useApp } from '../../renderer/stores/app';
import { activitiesStart, useActivities } from '../../renderer/stores/activities';
import { peoplePageStart, usePeoplePage } from '../../renderer/stores/people';
import { useRecords } from '../../renderer/stores/records';
import { fireEvent, screen, show, startCore, userEvent, waitFor } from './kit';

let archive: Archive;
beforeEach(() => {
  const core = startCore({ prefix: 'keji-r-rec-', validateOutput: false });
  archive = core.archive;
  useApp.setState({ client: core.client, page: 'activities', info: null, error: null, leaveGuard: null });
  useActivities.setState(activitiesStart());
  useRecords.setState({ people: [], groups: [], loaded: false, toast: null });
  usePeoplePage.setState(peoplePageStart());
});
afterEach(() => {
  archive.close();
  vi.restoreAllMocks();
});

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T | null;
const $$ = (sel: string) => [...document.querySelectorAll(sel)];
/** Puts text into a field as an input method commits it: one paste, not key by key. */
async function fill(user: ReturnType<typeof userEvent.setup>, el: Element, value: string) {
  await user.clear(el);
  await user.paste(value);
}
const count = (table: string) =>
  archive.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get() as number;

describe('VirtualList', () => {
  it('renders only a window of 10,000 rows, and moves the window when scrolled', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `第 ${i} 行`);
    show(
      <VirtualList
        items={items}
        itemHeight={40}
        fallbackHeight={600}
        overscan={5}
        label="测试列表"
        getKey={(x) => x}
        renderItem={(x) => <span className="row">{x}</span>}
      />,
    );
    const rows = () => $$('.row').map((r) => r.textContent);
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(40); // 600 px / 40 px + overscan, not 10,000
    expect(rows()[0]).toBe('第 0 行');
    expect($('[role="list"]')!.style.height).toBe('400000px'); // the scrollbar still spans every row
    expect($('[role="listitem"]')!.getAttribute('aria-setsize')).toBe('10000');

    const scroller = $('.vl')!;
    scroller.scrollTop = 40 * 5000;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rows()).toContain('第 5000 行'));
    expect(rows()).not.toContain('第 0 行');
    expect(rows().length).toBeLessThan(40);
    const first = $('[role="listitem"]')!;
    expect(Number(first.getAttribute('aria-posinset'))).toBeGreaterThan(4990);
  });

  it('places rows of different heights exactly (headers between rows)', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? `H${i}` : `r${i}`));
    show(
      <VirtualList
        items={items}
        itemHeight={(x) => (x.startsWith('H') ? 50 : 30)}
        fallbackHeight={300}
        label="测试"
        getKey={(x) => x}
        renderItem={(x) => <span className="row">{x}</span>}
      />,
    );
    // 100 headers × 50 + 900 rows × 30
    expect($('[role="list"]')!.style.height).toBe(`${100 * 50 + 900 * 30}px`);
    const tops = $$('[role="listitem"]')
      .slice(0, 3)
      .map((el) => (el as HTMLElement).style.top);
    expect(tops).toEqual(['0px', '50px', '80px']);
  });

  it('draws short lists whole', async () => {
    const items = Array.from({ length: 80 }, (_, i) => `x${i}`);
    show(
      <VirtualList
        items={items}
        itemHeight={40}
        fallbackHeight={200}
        renderAllBelow={100}
        label="短列表"
        getKey={(x) => x}
        renderItem={(x) => <span className="row">{x}</span>}
      />,
    );
    expect($$('.row')).toHaveLength(80);
  });
});

describe('long lists on the pages', () => {
  it('the 活动 page lists 10,000 activities with only a window of rows in the DOM', async () => {
    const ins = archive.db.prepare(
      `INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?,?,?,?,?,?,?)`,
    );
    archive.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const d = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000 * 0.9).toISOString().slice(0, 10);
        ins.run(
          `0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
          '2025-01-01',
          '2025-01-01',
          `活动 ${i}`,
          '科普讲座',
          'done',
          d,
        );
      }
    })();
    show(<App />);
    await waitFor(() => expect($('.page-header')!.textContent).toContain('共 10000 项活动'), { timeout: 10_000 });
    await waitFor(() => expect($$('.activity-row').length).toBeGreaterThan(3));
    const rows = $$('.activity-row').length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(60);
  });

  it('the 成员 page lists 5,000 students by class with only a window of rows in the DOM', async () => {
    const ins = archive.db.prepare(
      `INSERT INTO people (id, created_at, updated_at, kind, name, stage, entry_year, class_no) VALUES (?,?,?,?,?,?,?,?)`,
    );
    archive.db.transaction(() => {
      for (let i = 0; i < 5000; i++)
        ins.run(
          `0191${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
          '2025-01-01',
          '2025-01-01',
          'student',
          `学生${i}`,
          '小学',
          2020 + (i % 6),
          1 + (i % 8),
        );
    })();
    useApp.setState({ page: 'people' });
    show(<App />);
    await waitFor(() => expect($('.filter-bar')!.textContent).toContain('5000 名学生'), { timeout: 10_000 });
    await waitFor(() => expect($$('.person-row').length).toBeGreaterThan(3));
    const rows = $$('.person-row').length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(60);
  });
});

describe('the activity form', () => {
  async function openNewForm() {
    const { user } = show(<App />);
    await screen.findByRole('heading', { level: 1, name: '活动记录' });
    await user.keyboard('{Control>}n{/Control}');
    const form = await waitFor(() => {
      const f = $('form.activity-form') as HTMLFormElement;
      expect(f).not.toBeNull();
      return f;
    });
    return { user, form };
  }

  it('Ctrl+S and Enter do nothing while a Chinese name is being composed; Ctrl+S saves after', async () => {
    const { user, form } = await openNewForm();
    const title = form.querySelector('input[name="title"]') as HTMLInputElement;
    await fill(user, title, '科技节开幕');
    // The IME is still composing (e.g. "kaimushi" not yet turned into 开幕式)
    expect(fireEvent.keyDown(title, { key: 'Enter', isComposing: true, keyCode: 229 })).toBe(false); // default prevented: the form is not submitted
    fireEvent.keyDown(title, { key: 's', ctrlKey: true, isComposing: true });
    expect($('form.activity-form')).not.toBeNull();

    await fill(user, title, '科技节开幕式');
    fireEvent.keyDown(title, { key: 's', ctrlKey: true });
    await waitFor(() => expect($('form.activity-form')).toBeNull());
    expect((await screen.findByText('科技节开幕式')).closest('.activity-row')).not.toBeNull();
    // Exactly one save, the one after composing ended: the composing Ctrl+S saved nothing.
    expect(archive.db.prepare('SELECT title FROM activities WHERE deleted_at IS NULL').pluck().all()).toEqual([
      '科技节开幕式',
    ]);
  });

  it('a failed save shows the message next to the field and keeps every field', async () => {
    const { user, form } = await openNewForm();
    const set = (name: string, v: string) => fill(user, form.querySelector(`[name="${name}"]`)!, v);
    await set('title', '航模训练');
    await set('startDate', '2025-10-10');
    await set('endDate', '2025-10-01');
    await set('location', '操场');
    await set('content', '橡筋动力飞机');
    fireEvent.keyDown(form, { key: 's', ctrlKey: true });
    await waitFor(() =>
      expect(form.querySelector('label:has([name="endDate"]) .field-error')?.textContent).toBe(
        '结束日期不能早于开始日期',
      ),
    );
    expect(count('activities')).toBe(0);
    expect((form.querySelector('[name="title"]') as HTMLInputElement).value).toBe('航模训练');
    expect((form.querySelector('[name="content"]') as HTMLTextAreaElement).value).toBe('橡筋动力飞机');
  });

  it('leaving with unsaved changes asks; answering no keeps the draft', async () => {
    const { user, form } = await openNewForm();
    await fill(user, form.querySelector('[name="title"]')!, '未保存的活动');
    const confirm = vi.fn((_q?: string) => false);
    window.confirm = confirm;
    const people = screen.getByRole('button', { name: '成员' });
    await user.click(people);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: '活动' }).getAttribute('aria-current')).toBe('page'); // still on 活动
    expect(people.getAttribute('aria-current')).toBeNull();
    expect(($('[name="title"]') as HTMLInputElement).value).toBe('未保存的活动');
    // Esc asks too
    fireEvent.keyDown($('[name="title"]')!, { key: 'Escape' });
    expect(confirm).toHaveBeenCalledTimes(2);
    expect($('form.activity-form')).not.toBeNull();
    confirm.mockReturnValue(true);
    await user.click(people);
    expect(people.getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { level: 1, name: '成员' })).toBeTruthy();
  });
});
