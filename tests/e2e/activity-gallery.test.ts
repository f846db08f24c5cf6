// An activity's own gallery, and photos dropped onto an activity, in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { createActivity } from '../../electron/core/activities/queries';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('活动 → 相册', () => {
  it('imports photos dropped on an activity, linked to it, shows them there and in its own gallery', async () => {
    const s = await openApp(browser, (a) => {
      createActivity(a, {
        title: '参观县科技馆',
        type: '参观考察',
        status: 'done',
        startDate: '2025-10-15',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
      createActivity(a, {
        title: '航模训练',
        type: '模型',
        status: 'done',
        startDate: '2025-11-02',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
    });
    try {
      const { page } = s;
      await page.getByText('参观县科技馆').click();
      await page.locator('#activity-detail-title').waitFor();
      const jpeg = (
        await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
          .jpeg()
          .toBuffer()
      ).toString('base64');
      const jpeg2 = (
        await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a37' } })
          .jpeg()
          .toBuffer()
      ).toString('base64');
      // Drop two files the way the browser does (a DataTransfer carrying File objects).
      await page.locator('.activity-detail').evaluate(
        (el, [b1, b2]) => {
          const dt = new DataTransfer();
          for (const [name, b64] of [
            ['科技馆1.jpg', b1],
            ['科技馆2.jpg', b2],
          ]) {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            dt.items.add(new File([bytes], name, { type: 'image/jpeg' }));
          }
          el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        [jpeg, jpeg2],
      );
      // The outcome shows on the activity itself, with both photos; its own gallery has them too.
      await expect
        .poll(() => page.locator('.attach-zone [role="status"]').textContent(), { timeout: 30_000 })
        .toBe('已添加 2 个文件');
      await expect.poll(() => page.locator('.attach-zone .attach-item img').count()).toBe(2);
      await expect.poll(() => page.locator('.attach-zone .field-label').textContent()).toBe('照片 2 张');
      await expect
        .poll(() =>
          page
            .locator('.attach-zone .attach-item img')
            .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
        )
        .toBe(true);
      await screenshot(page, 'activity-dropped');
      await page.getByRole('button', { name: '查看本活动相册' }).click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 2 项');
      await screenshot(page, 'activity-gallery-dropped');
      const linked = s.host.archive.db
        .prepare(
          `SELECT COUNT(*) FROM media_links l JOIN activities a ON a.id=l.target_id
        WHERE l.target_kind='activity' AND a.title='参观县科技馆'`,
        )
        .pluck()
        .get();
      expect(linked).toBe(2);
      // The other activity's own gallery is empty: the filter is by activity.
      await page.getByRole('button', { name: '活动', exact: true }).click();
      // 活动 comes back on the record it was showing; go back to the list.
      if (await page.locator('#activity-detail-title').isVisible())
        await page.locator('.activity-detail .detail-head button').first().click();
      await page.getByText('航模训练').click();
      await page.getByRole('button', { name: '查看本活动相册' }).click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 0 项');
    } finally {
      await s.close();
    }
  });
});
