// @vitest-environment happy-dom
// The renderer against the real core through an in-memory transport (no HTTP, no Electron).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { createActivity } from '../../electron/core/activities';
import { setSettings } from '../../electron/core/settings';
import { createClient, type Transport } from '../../renderer/api/client';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { useActivities } from '../../renderer/stores/activities';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let container: HTMLElement;
beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-r-')), { create: true });
  const dispatch = createDispatcher(archive, { validateOutput: true });
  const transport: Transport = { invoke: (n, i) => dispatch(n, JSON.parse(JSON.stringify(i ?? {}))), on: () => () => {} };
  useApp.setState({ client: createClient(transport), page: 'activities', info: null, error: null });
  useActivities.setState({ items: [], schoolYear: null });
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => { archive.close(); container.remove(); });

const flush = async () => { for (let i = 0; i < 5; i++) await act(async () => { await new Promise((r) => setTimeout(r, 10)); }); };

describe('renderer shell', () => {
  it('shows the navigation in Chinese and activities grouped by 学年 and 学期', async () => {
    setSettings(archive, { schoolName: '青山镇中心小学' });
    createActivity(archive, { title: '科技节开幕式', type: '科技节/科技周', status: 'done', startDate: '2025-10-10', teacherIds: [], participantIds: [], tags: [], headCount: 600, headCountNote: '全校学生' });
    createActivity(archive, { title: '航模训练', type: '模型', status: 'planned', startDate: '2026-03-05', teacherIds: [], participantIds: [], tags: [] });
    createActivity(archive, { title: '科普讲座', type: '科普讲座', status: 'done', startDate: '2024-11-05', teacherIds: [], participantIds: [], tags: [] });
    const root = createRoot(container);
    await act(async () => root.render(<App />));
    await flush();
    const nav = [...container.querySelectorAll('.nav-item')].map((b) => b.textContent);
    expect(nav).toEqual(['活动', '成员', '作品与获奖', '相册', '总结导出', '数据与U盘', '设置', '回收站']);
    expect(container.querySelector('.brand-school')?.textContent).toBe('青山镇中心小学');
    expect([...container.querySelectorAll('.year-group h2')].map((h) => h.textContent)).toEqual(['2025—2026学年', '2024—2025学年']);
    // Headers in reading order: each 学年, then its 学期 (spring before autumn, newest first).
    const headers = [...container.querySelectorAll('.year-group h2, .term-group h3')].map((h) => h.textContent);
    expect(headers).toEqual(['2025—2026学年', '第二学期 （1）', '第一学期 （1）', '2024—2025学年', '第一学期 （1）']);
    expect(container.textContent).toContain('全校学生 600 人');
    expect(container.textContent).toContain('计划中');
    // Filtering by 学年 asks the core again and shows only that year.
    const select = container.querySelector('select') as HTMLSelectElement;
    await act(async () => { select.value = '2024'; select.dispatchEvent(new Event('change', { bubbles: true })); });
    await flush();
    expect([...container.querySelectorAll('.activity-title')].map((x) => x.textContent)).toEqual(['科普讲座']);
    act(() => root.unmount());
  });

  it('navigates to another page', async () => {
    const root = createRoot(container);
    await act(async () => root.render(<App />));
    await flush();
    const people = [...container.querySelectorAll('.nav-item')].find((b) => b.textContent === '成员') as HTMLButtonElement;
    await act(async () => people.click());
    expect(container.querySelector('h1')?.textContent).toBe('成员');
    expect(people.getAttribute('aria-current')).toBe('page');
    act(() => root.unmount());
  });
});
