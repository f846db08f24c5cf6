// The search box in Chromium: Ctrl+K from any page, typed text (the IME-free path of
// page.keyboard.type) answered with highlighted hits, pinyin initials, Enter opens the record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createActivity } from '../../electron/core/activities/queries';
import { createPerson } from '../../electron/core/people/queries';
import { createWork } from '../../electron/core/works/queries';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('search box in Chromium', () => {
  it('finds by Chinese and by pinyin initials, highlights the match, and Enter opens the record', async () => {
    const s = await openApp(browser, (a) => {
      const t = createPerson(a, { kind: 'teacher', name: '王丽华', subject: '科学' });
      const zhang = createPerson(a, { kind: 'student', name: '张树茂', entryYear: 2021, classNo: 2 });
      createPerson(a, { kind: 'student', name: '曾小红', entryYear: 2021, classNo: 1 });
      createActivity(a, {
        title: '航模训练',
        type: '模型',
        status: 'done',
        startDate: '2025-10-10',
        location: '学校操场',
        teacherIds: [t.id],
        participantIds: [zhang.id],
        tags: [],
      });
      createActivity(a, {
        title: '防震减灾应急疏散演练',
        type: '防震减灾演练',
        status: 'done',
        startDate: '2025-05-12',
        teacherIds: [t.id],
        participantIds: [],
        tags: [],
        reflection: '下次结合航模活动开展',
      });
      createWork(a, {
        title: '未来的航模城市',
        category: '少年儿童科学幻想绘画',
        authorIds: [zhang.id],
        advisorIds: [t.id],
      });
    });
    try {
      const { page } = s;
      await page.getByRole('heading', { name: '活动记录' }).waitFor();
      await page.keyboard.press('Control+k');
      const box = page.getByRole('combobox', { name: '搜索档案' });
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);

      await page.keyboard.type('航模');
      await expect.poll(() => page.locator('.searchbox-hit').count()).toBe(3);
      expect(await page.locator('.searchbox-group h3').allTextContents()).toEqual(['活动 2 条', '作品 1 条']);
      const first = page.locator('.searchbox-hit').first();
      // really on screen, inside the dialog (a stray style once collapsed the list to nothing)
      expect((await first.boundingBox())?.height).toBeGreaterThan(30);
      expect(await page.locator('.searchbox-hit mark').first().isVisible()).toBe(true);
      expect(await first.locator('mark').textContent()).toBe('航模');
      expect(await first.locator('.searchbox-hit-title').textContent()).toBe('航模训练');
      // the activity that only mentions 航模 shows the sentence, highlighted
      expect(await page.locator('.searchbox-hit-snippet mark').first().textContent()).toBe('航模');
      await screenshot(page, 'search-hanzi');

      await page.keyboard.press('Control+a');
      await page.keyboard.type('zsm');
      await expect
        .poll(() => page.locator('.searchbox-hit[data-kind="student"] mark').first().textContent())
        .toBe('张树茂');
      expect(await page.locator('.searchbox-hit').first().getAttribute('aria-selected')).toBe('true');
      await screenshot(page, 'search-pinyin');

      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.searchbox-dialog').count()).toBe(0);
      await expect
        .poll(() => page.getByRole('button', { name: '成员', exact: true }).getAttribute('aria-current'))
        .toBe('page');
      await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('张树茂');
      await screenshot(page, 'search-opened');

      // Nothing left the machine: every request went to our own origin.
      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('filters narrow the hits and the box says so when nothing matches', async () => {
    const s = await openApp(browser, (a) => {
      createActivity(a, {
        title: '航模训练',
        type: '模型',
        status: 'done',
        startDate: '2025-10-10',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
      createActivity(a, {
        title: '航模展示',
        type: '科技节/科技周',
        status: 'done',
        startDate: '2024-05-10',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
    });
    try {
      const { page } = s;
      await page.getByRole('heading', { name: '活动记录' }).waitFor();
      await page.locator('.searchbox-trigger').click();
      await page.keyboard.type('航模');
      await expect.poll(() => page.locator('.searchbox-hit').count()).toBe(2);
      await page.getByRole('button', { name: '筛选' }).click();
      await page.getByLabel('类型/类别').selectOption('模型');
      await expect.poll(() => page.locator('.searchbox-hit-title').allTextContents()).toEqual(['航模训练']);
      await screenshot(page, 'search-filters');
      await page.keyboard.press('Escape'); // focus is on the select: Esc still closes the box
      await expect.poll(() => page.locator('.searchbox-dialog').count()).toBe(0);
      await page.keyboard.press('Control+k');
      await page.keyboard.press('Control+a');
      await page.keyboard.type('火箭');
      await expect.poll(() => page.locator('.searchbox-empty').textContent()).toBe('没有找到“火箭”');
    } finally {
      await s.close();
    }
  });
});
