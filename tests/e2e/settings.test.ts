// 设置 in Chromium against the web host: term dates saved and reloaded, 关于 filled in, a screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { setSettings } from '../../electron/core/settings';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('设置 page in Chromium', () => {
  it('saves the school name and term dates, and shows 关于', async () => {
    const s = await openApp(browser, (a) => {
      setSettings(a, { schoolName: '青山镇中心小学' });
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '设置', exact: true }).click();
      await page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
      await page.locator('input[name="schoolName"]').fill('青山镇第二小学');
      await page.getByLabel('第一学期开始 月').selectOption('8');
      await page.getByLabel('第一学期开始 日').selectOption('28');
      await page.getByLabel('第二学期开始 日').selectOption('17');
      // The school's own form (设置 also holds the 工作总结 information, with its own 保存).
      await page
        .locator('form', { has: page.locator('input[name="schoolName"]') })
        .getByRole('button', { name: '保存' })
        .click();
      await expect.poll(() => page.locator('.brand-school').textContent()).toBe('青山镇第二小学');
      await page.reload();
      await page.getByRole('button', { name: '设置', exact: true }).click();
      await expect.poll(() => page.locator('input[name="schoolName"]').inputValue()).toBe('青山镇第二小学');
      expect(await page.getByLabel('第一学期开始 日').inputValue()).toBe('28');
      const about = page.locator('.about');
      expect(await about.textContent()).toContain(s.dir);
      expect(await about.textContent()).toContain('浏览器版');
      await screenshot(page, 'settings');
      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);
    } finally {
      await s.close();
    }
  });
});
