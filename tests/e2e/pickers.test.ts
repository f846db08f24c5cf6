// Pickers and lists at scale in Chromium at 1366×768: the 相册 活动 filter reaches an activity older
// than the 5,000 newest by pinyin initials and says how many it holds back; the 人员 filter finds
// a graduate, marked 已毕业; the keyboard cursor moves over the 相册 tiles and the 活动 list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Archive } from '../../electron/core/db/open';
import { createActivity } from '../../electron/core/activities/queries';
import { createPerson, setArchived } from '../../electron/core/people/queries';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** 5,100 activities a day apart back from mid-2026, the oldest (2008) 气象站参观, a graduate, 200 photos. */
function prepare(a: Archive): void {
  createActivity(a, {
    title: '气象站参观',
    type: '参观考察',
    status: 'done',
    startDate: '2008-03-01',
    teacherIds: [],
    participantIds: [],
    tags: [],
  });
  const act = a.db.prepare(
    "INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?, 't', 't', ?, '科普讲座', 'done', ?)",
  );
  const media = a.db
    .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at)
    VALUES (?, 't', 't', ?, 'jpg', 'photo', 'image/jpeg', 1, ?, ?)`);
  const day = Date.UTC(2026, 5, 30);
  a.db.transaction(() => {
    for (let i = 0; i < 5100; i++)
      act.run(a.clock.newId(), `讲座${i + 1}`, new Date(day - i * 86400_000).toISOString().slice(0, 10));
    for (let i = 0; i < 200; i++)
      media.run(
        a.clock.newId(),
        i.toString(16).padStart(64, '0'),
        `IMG_${i}.jpg`,
        `2025-10-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00`,
      );
  })();
  const grad = createPerson(a, { kind: 'student', name: '张树茂', entryYear: 2010, classNo: 2 });
  setArchived(a, grad.id, true);
  createPerson(a, { kind: 'student', name: '张小明', entryYear: 2023, classNo: 1 });
}

describe('pickers and lists at scale in Chromium', () => {
  it('the 相册 filters reach every activity and the graduates; arrow keys move over the tiles', async () => {
    const s = await openApp(browser, prepare);
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await page.locator('.tile').first().waitFor();
      // No <select> of thousands on the page.
      expect(await page.locator('.gallery-filters option').count()).toBeLessThan(60); // 分组, 学年, 类型

      const activity = page.getByRole('combobox', { name: '活动' });
      await activity.click();
      const more = page.locator('.picker-more');
      await expect.poll(() => more.textContent()).toContain('还有 5051 项');
      await screenshot(page, 'pickers-activity-open');
      await activity.fill('qxz');
      const option = page.getByRole('option', { name: /气象站参观/ });
      await option.waitFor();
      expect(await option.textContent()).toContain('2008年3月1日');
      await screenshot(page, 'pickers-activity-pinyin');
      await option.click();
      await expect.poll(() => activity.inputValue()).toBe('2008-03-01 气象站参观');
      await page.getByText(/没有符合条件的/).waitFor();
      await page.getByRole('button', { name: '清除筛选' }).click();

      const person = page.getByRole('combobox', { name: '人员' });
      await person.click();
      await person.fill('zsm');
      const grad = page.getByRole('option', { name: /张树茂/ });
      await grad.waitFor();
      await expect.poll(() => page.getByRole('option', { name: /张小明/ }).count()).toBe(0);
      expect(await grad.textContent()).toContain('已毕业');
      await screenshot(page, 'pickers-person-graduate');
      await page.keyboard.press('Escape');

      // The keyboard cursor over the tiles.
      await page.locator('.tile').first().waitFor();
      await page.locator('.vgrid').focus();
      const at = () => page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.item));
      const cols = await page
        .locator('.vgrid-row')
        .first()
        .evaluate((r) => getComputedStyle(r).gridTemplateColumns.split(' ').length);
      await page.keyboard.press('ArrowRight');
      expect(await at()).toBe(0);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      expect(await at()).toBe(1 + cols);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await at()).toBe(1 + 5 * cols);
      await screenshot(page, 'gallery-keyboard-cursor');
      await page.keyboard.press('End');
      await expect.poll(at).toBe(199);
      expect(await page.locator('.vgrid').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
      await page.keyboard.press('Home');
      await expect.poll(at).toBe(0);
      // the month heading stays above the first row, not under it
      const head = await page.locator('.vgrid-header').first().boundingBox();
      const tile = await page.locator('.tile').first().boundingBox();
      expect(head!.y + head!.height).toBeLessThanOrEqual(tile!.y + 1);
      await page.keyboard.press('Enter');
      await page.locator('.lightbox, [role=dialog]').first().waitFor();
    } finally {
      await s.close();
    }
  }, 180_000);

  it('the 活动 list: arrow keys move the cursor, End reaches the oldest of 5,101, Enter opens it', async () => {
    const s = await openApp(browser, prepare);
    try {
      const { page } = s;
      await page.getByRole('button', { name: '活动', exact: true }).first().click();
      const list = page.locator('.vl.activity-list');
      await page.locator('.activity-row').first().waitFor();
      // The core's count; only the rows near the screen in the page (asked for a page of 200 at a time).
      expect(await page.locator('.page-header').textContent()).toContain('共 5101 项活动');
      const inDom = await list.locator('[data-row]').count();
      expect(inDom).toBeLessThan(60);
      await list.focus();
      const focused = () =>
        page.evaluate(() => document.activeElement?.querySelector('.activity-title')?.textContent ?? '');
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('讲座1');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('讲座3');
      await screenshot(page, 'activities-keyboard-cursor');
      await page.keyboard.press('End');
      await expect.poll(focused).toBe('气象站参观');
      expect(await list.locator('[data-row]').count()).toBeLessThan(60);
      await screenshot(page, 'activities-keyboard-end');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: '气象站参观' }).waitFor();
    } finally {
      await s.close();
    }
  }, 180_000);
});
