// @vitest-environment happy-dom
// The renderer against the real core through an in-memory transport (no HTTP, no Electron).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createActivity } from '../../electron/core/activities/queries';
import { setSettings } from '../../electron/core/settings';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { activitiesStart, NO_FILTERS, useActivities } from '../../renderer/stores/activities';
import { useVocab } from '../../renderer/stores/vocab';
import { fireEvent, screen, show, startCore, texts, waitFor, within } from './kit';

let archive: Archive;
beforeEach(() => {
  const core = startCore();
  archive = core.archive;
  useApp.setState({ client: core.client, page: 'activities', info: null, error: null });
  useActivities.setState({ pages: {}, total: 0, groups: [], located: null, schoolYear: null });
});
afterEach(() => archive.close());

describe('renderer shell', () => {
  it('shows the navigation in Chinese and activities grouped by 学年 and 学期', async () => {
    setSettings(archive, { schoolName: '青山镇中心小学' });
    createActivity(archive, {
      title: '科技节开幕式',
      type: '科技节/科技周',
      status: 'done',
      startDate: '2025-10-10',
      teacherIds: [],
      participantIds: [],
      tags: [],
      headCount: 600,
      headCountNote: '全校学生',
    });
    createActivity(archive, {
      title: '航模训练',
      type: '模型',
      status: 'planned',
      startDate: '2026-03-05',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    createActivity(archive, {
      title: '科普讲座',
      type: '科普讲座',
      status: 'done',
      startDate: '2024-11-05',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const { user } = show(<App />);
    expect(texts('.nav-item')).toEqual([
      '活动',
      '成员',
      '作品与获奖',
      '相册',
      '总结导出',
      '数据与U盘',
      '设置',
      '回收站',
    ]);
    await waitFor(() => expect(document.querySelector('.brand-school')?.textContent).toBe('青山镇中心小学'));
    // Headers in reading order: each 学年, then its 学期 (spring before autumn, newest first).
    await waitFor(() =>
      expect(texts('.year-group h2, .term-group h3')).toEqual([
        '2025—2026学年',
        '第二学期 （1）',
        '第一学期 （1）',
        '2024—2025学年',
        '第一学期 （1）',
      ]),
    );
    expect(texts('.year-group h2')).toEqual(['2025—2026学年', '2024—2025学年']);
    expect(await screen.findByText(/全校学生 600 人/)).toBeTruthy();
    expect(document.body.textContent).toContain('计划中');
    // Filtering by 学年 asks the core again and shows only that year.
    await user.selectOptions(document.querySelector('select')!, '2024');
    await waitFor(() => expect(texts('.activity-title')).toEqual(['科普讲座']));
  });

  it('navigates to another page', async () => {
    const { user } = show(<App />);
    const people = within(document.querySelector('nav, .sidebar') as HTMLElement).getByRole('button', { name: '成员' });
    await user.click(people);
    expect(await screen.findByRole('heading', { level: 1, name: '成员' })).toBeTruthy();
    expect(people.getAttribute('aria-current')).toBe('page');
  });
});

describe('the 活动 list of 1,000 activities, a page at a time', () => {
  /** 1,000 activities, one every third day from 2017-01-01 (例会 0000, the oldest … 例会 0999, the newest);
   * every tenth one is planned. */
  function thousand(count = 1000): void {
    const ins = archive.db.prepare(
      `INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?,?,?,?,?,?,?)`,
    );
    archive.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const d = new Date(Date.UTC(2017, 0, 1) + i * 3 * 86_400_000).toISOString().slice(0, 10);
        const n = String(i).padStart(4, '0');
        ins.run(
          `0193${n}-0000-7000-8000-000000000000`,
          '2025-01-01',
          '2025-01-01',
          `例会 ${n}`,
          '兴趣小组例会',
          i % 10 ? 'done' : 'planned',
          d,
        );
      }
    })();
  }
  const rowsInDom = () => document.querySelectorAll('.activity-list [data-row]').length;
  const pageCalls = () => core.calls.filter((c) => c === 'activities.page').length;
  let core: ReturnType<typeof startCore>;
  beforeEach(() => {
    archive.close();
    core = startCore({ events: true });
    archive = core.archive;
    useApp.setState({ client: core.client, page: 'activities', info: null, error: null });
    useActivities.setState({ focus: null, view: 'list', pane: { mode: 'list' }, filters: NO_FILTERS });
  });

  it('shows the total, only the rows near the screen, the oldest at the end (a later page), and a filter narrows it', async () => {
    thousand();
    const { user } = show(<App />);
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('共 1000 项活动'));
    await screen.findByText('例会 0999'); // newest first
    // The list lays out every row (1,000 activities and their 学年/学期 headings) but draws a screenful.
    const list = document.querySelector<HTMLElement>('.activity-list')!;
    expect(Number(list.dataset.rows)).toBeGreaterThan(1000);
    expect(rowsInDom()).toBeGreaterThan(5);
    expect(rowsInDom()).toBeLessThan(40);
    expect(core.calls).not.toContain('activities.list');
    const before = pageCalls();
    expect(screen.queryByText('例会 0000')).toBeNull();
    // End: the last activity, from a page asked for when it came into view.
    list.focus();
    await user.keyboard('{End}');
    expect(await screen.findByText('例会 0000')).toBeTruthy();
    expect(pageCalls()).toBeGreaterThan(before);
    expect(document.activeElement?.textContent).toContain('例会 0000');
    expect(rowsInDom()).toBeLessThan(40);
    // 状态 = 计划中: every tenth, counted by the core.
    await user.selectOptions(screen.getByLabelText('状态'), '计划中');
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('共 100 项活动'));
    await waitFor(() => {
      const shown = texts('.activity-row .activity-title');
      expect(shown.length).toBeGreaterThan(5);
      expect(shown.every((x) => /0$/.test(x ?? ''))).toBe(true);
      expect(shown[0]).toBe('例会 0990'); // another list, from its top
    });
    expect(rowsInDom()).toBeLessThan(40);
  });

  it('scrolled through 2,000, holds a few pages at a time and asks again for a page let go when scrolled back to it', async () => {
    thousand(2000); // 10 pages of 200
    show(<App />);
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('共 2000 项活动'));
    await screen.findByText('例会 1999');
    const list = document.querySelector<HTMLElement>('.activity-list')!;
    const loading = () => list.querySelectorAll('.activity-row-loading').length;
    let most = 0;
    for (let px = 0; px <= 2100 * 64; px += 150 * 64) {
      list.scrollTop = px;
      fireEvent.scroll(list);
      await waitFor(() => {
        expect(loading()).toBe(0);
        expect(list.querySelectorAll('.activity-row').length).toBeGreaterThan(5);
      });
      most = Math.max(most, Object.keys(useActivities.getState().pages).length);
    }
    expect(await screen.findByText('例会 0001')).toBeTruthy();
    expect(most).toBeLessThanOrEqual(8); // not all 10 pages: the far ones were let go
    // Back up to the second page (let go on the way down): asked for again, not left grey.
    list.scrollTop = 300 * 64;
    fireEvent.scroll(list);
    await waitFor(() => {
      expect(loading()).toBe(0);
      expect(texts('.activity-row .activity-title', list)).toContain('例会 1700');
    });
  });

  it('refetches the count and the rows on screen when the archive changes', async () => {
    thousand();
    show(<App />);
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('共 1000 项活动'));
    await core.client.call('activities.create', {
      title: '新学期第一次例会',
      type: '兴趣小组例会',
      status: 'planned',
      startDate: '2026-03-02',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('共 1001 项活动'));
    expect(await screen.findByText('新学期第一次例会')).toBeTruthy();
  });

  it('the calendar asks the core for the month it shows, under the filter', async () => {
    thousand();
    useActivities.setState({ view: 'calendar', month: '2017-01-01' });
    const { user } = show(<App />);
    const grid = await screen.findByRole('table', { name: '2017年1月' });
    // 2017-01-01 … 2017-02-05 is on screen (Monday 2016-12-26 to Sunday 2017-02-05): 例会 0000 … 0011.
    await waitFor(() => expect(within(grid).getAllByRole('button', { name: /^例会/ })).toHaveLength(12));
    expect(core.calls).toContain('activities.range');
    await user.selectOptions(screen.getByLabelText('状态'), '计划中');
    await waitFor(() =>
      expect(
        within(grid)
          .getAllByRole('button', { name: /^例会/ })
          .map((b) => b.textContent),
      ).toEqual(['例会 0000', '例会 0010']),
    );
    // The next month is another question to the core: 2017-01-30 … 2017-03-05.
    await user.click(screen.getByRole('button', { name: '下个月' }));
    const feb = await screen.findByRole('table', { name: '2017年2月' });
    await waitFor(() =>
      expect(
        within(feb)
          .getAllByRole('button', { name: /^例会/ })
          .map((b) => b.textContent),
      ).toEqual(['例会 0010', '例会 0020']),
    );
    expect(core.calls).not.toContain('activities.list');
  });
});

describe('the 活动 page follows the archive', () => {
  let core: ReturnType<typeof startCore>;
  beforeEach(() => {
    archive.close();
    core = startCore({ events: true });
    archive = core.archive;
    useApp.setState({ client: core.client, page: 'activities', info: null, error: null });
    useActivities.setState(activitiesStart());
    useVocab.setState({ lists: {} });
  });

  it('the activity being viewed shows a change made elsewhere (title, status) without reopening it', async () => {
    const input = {
      title: '航模训练',
      type: '模型',
      status: 'planned' as const,
      startDate: '2026-03-05',
      teacherIds: [],
      participantIds: [],
      tags: [],
    };
    const a = createActivity(archive, input);
    useActivities.setState({ pane: { mode: 'view', id: a.id } });
    show(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: '航模训练' })).toBeTruthy();
    await core.client.call('activities.update', { id: a.id, patch: { ...input, title: '航模集训' } });
    await core.client.call('activities.setStatus', { id: a.id, status: 'done' });
    expect(await screen.findByRole('heading', { level: 1, name: '航模集训' })).toBeTruthy();
    await waitFor(() => expect(document.querySelector('.detail-head')?.textContent).toContain('已完成'));
  });

  it('the 类型 filter offers a 活动类型 added elsewhere', async () => {
    show(<App />);
    const type = await screen.findByLabelText('类型');
    await waitFor(() => expect(within(type).getAllByRole('option').length).toBeGreaterThan(1));
    expect(within(type).queryByRole('option', { name: '无人机编程' })).toBeNull();
    await core.client.call('vocab.add', { kind: 'activityType', label: '无人机编程' });
    expect(await within(type).findByRole('option', { name: '无人机编程' })).toBeTruthy();
  });

  it('the sidebar follows a school name changed elsewhere', async () => {
    show(<App />);
    await screen.findByRole('heading', { level: 1, name: '活动记录' });
    await core.client.call('settings.set', { schoolName: '青山镇中心小学' });
    await waitFor(() => expect(document.querySelector('.brand-school')?.textContent).toBe('青山镇中心小学'));
  });

  it('an activity that cannot be fetched says why in Chinese, not an endless 加载中', async () => {
    useActivities.setState({ pane: { mode: 'view', id: '01940000-0000-7000-8000-00000000dead' } });
    show(<App />);
    expect(await screen.findByText('找不到这条记录，可能已被删除。')).toBeTruthy();
    expect(screen.queryByText('正在加载…')).toBeNull();
  });
});
