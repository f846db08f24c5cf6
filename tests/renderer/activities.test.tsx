// @vitest-environment happy-dom
// The renderer against the real core through an in-memory transport (no HTTP, no Electron).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createActivity } from '../../electron/core/activities/queries';
import { setSettings } from '../../electron/core/settings';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { useActivities } from '../../renderer/stores/activities';
import { screen, show, startCore, texts, waitFor, within } from './kit';

let archive: Archive;
beforeEach(() => {
  const core = startCore();
  archive = core.archive;
  useApp.setState({ client: core.client, page: 'activities', info: null, error: null });
  useActivities.setState({ items: [], schoolYear: null });
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
