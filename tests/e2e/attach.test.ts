// Files dropped on a work and on an award in Chromium (web host: the browser uploads them),
// then opened from the record straight into the lightbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, Locator } from 'playwright-core';
import { createAward } from '../../electron/core/awards/queries';
import { createCompetition } from '../../electron/core/competitions/queries';
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

const jpeg = async (color: string) =>
  (
    await sharp({ create: { width: 120, height: 90, channels: 3, background: color } })
      .jpeg()
      .toBuffer()
  ).toString('base64');

/** Drops files the way the browser does: a DataTransfer carrying File objects. */
async function drop(target: Locator, files: [name: string, base64: string][]) {
  await target.evaluate((el, list) => {
    const dt = new DataTransfer();
    for (const [name, b64] of list)
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/jpeg' }));
    for (const type of ['dragenter', 'dragover', 'drop'])
      el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

describe('作品与获奖: attaching files', () => {
  it('a photo dropped on a work and a certificate dropped on its award are linked to each, and open in the lightbox', async () => {
    let workId = '';
    let awardId = '';
    const s = await openApp(browser, (a) => {
      const p = createPerson(a, { kind: 'student', name: '李思雨', gender: '女', entryYear: 2021, classNo: 2 });
      const w = createWork(a, { title: '会浇水的花盆', category: '科技创新作品', authorIds: [p.id], advisorIds: [] });
      const c = createCompetition(a, {
        name: '青少年科技创新大赛',
        level: '县级',
        session: null,
        year: 2025,
        organizer: null,
      });
      workId = w.id;
      awardId = createAward(a, {
        competitionId: c.id,
        recipientKind: 'work',
        workId: w.id,
        level: '县级',
        grade: '一等奖',
        awardedOn: '2025-11-01',
      }).id;
    });
    const linked = (kind: string, id: string) =>
      s.host.archive.db
        .prepare(
          `SELECT m.original_name FROM media_links l JOIN media m ON m.id=l.media_id
      WHERE l.target_kind=? AND l.target_id=? ORDER BY l.position`,
        )
        .pluck()
        .all(kind, id);
    try {
      const { page } = s;
      await page.getByRole('button', { name: '作品与获奖', exact: true }).click();
      await page.locator('.work-row', { hasText: '会浇水的花盆' }).click();
      // Dropped anywhere on the work, not only on the zone.
      await drop(page.locator('.work-detail form'), [['花盆作品照.jpg', await jpeg('#2a6')]]);
      const workZone = page.locator('[data-slot="attach-work"]');
      await expect
        .poll(() => workZone.locator('[role="status"]').textContent(), { timeout: 30_000 })
        .toBe('已添加 1 个文件');
      expect(linked('work', workId)).toEqual(['花盆作品照.jpg']);
      await screenshot(page, 'work-attached');

      // The award: a certificate scan, counted on the awards list.
      await page.locator('.work-awards button').first().click();
      const certZone = page.locator('[data-slot="attach-award"]');
      await certZone.waitFor();
      await drop(certZone, [['县一等奖证书.jpg', await jpeg('#c33')]]);
      await expect
        .poll(() => certZone.locator('[role="status"]').textContent(), { timeout: 30_000 })
        .toBe('已添加 1 个文件');
      expect(linked('award', awardId)).toEqual(['县一等奖证书.jpg']);
      expect(linked('work', workId)).toEqual(['花盆作品照.jpg']);
      await screenshot(page, 'award-attached');

      // A thumbnail opens the 相册 on that file, in the lightbox.
      await certZone.locator('.attach-item').first().click();
      const lb = page.locator('.lightbox');
      await lb.waitFor();
      await expect.poll(() => lb.getAttribute('aria-label')).toBe('县一等奖证书.jpg');
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 1 项');
      await page.keyboard.press('Escape');
      const chip = page.locator('.gallery-target');
      await expect.poll(() => chip.textContent()).toContain('只看这条获奖记录的文件');
      await screenshot(page, 'gallery-award-files');
      await chip.getByRole('button').click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 2 项');

      // A student's own file, on her record; her photos are hers and her work's.
      await page.getByRole('button', { name: '成员', exact: true }).click();
      await page.locator('.person-row', { hasText: '李思雨' }).click();
      const personZone = page.locator('[data-slot="attach-person"]');
      await personZone.waitFor();
      await drop(personZone, [['李思雨小论文配图.jpg', await jpeg('#fa0')]]);
      await expect
        .poll(() => personZone.locator('[role="status"]').textContent(), { timeout: 30_000 })
        .toBe('已添加 1 个文件');
      await screenshot(page, 'person-attached');
      await personZone.getByRole('button', { name: '查看与他/她有关的全部照片' }).click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 3 项');
    } finally {
      await s.close();
    }
  });

  it('photos dropped on the 相册 are imported, the import dialog shows the outcome with reasons', async () => {
    const s = await openApp(browser);
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册', exact: true }).click();
      await page.getByText('还没有照片').waitFor();
      await drop(page.locator('.gallery-page'), [
        ['操场.jpg', await jpeg('#36c')],
        ['坏的.jpg', btoa('not a photo')],
      ]);
      const dialog = page.getByRole('dialog');
      await expect
        .poll(() => dialog.locator('[role="status"]').textContent(), { timeout: 30_000 })
        .toBe('导入完成：新增 1 项，已存在 0 项，失败 1 项');
      expect(await dialog.locator('.import-failed').textContent()).toContain('文件内容不是图片');
      await screenshot(page, 'gallery-dropped');
      await dialog.getByRole('button', { name: '关闭' }).click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 1 项');
    } finally {
      await s.close();
    }
  });
});
