import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDemoArchive } from '../../electron/core/demo/generate';
import { launch, openApp, screenshot } from './harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('活动 page in Chromium', () => {
  it('creates an activity, reloads, and still sees it', async () => {
    const s = await openApp(browser);
    try {
      const { page } = s;
      await page.getByRole('button', { name: '新建活动' }).click();
      await page.getByLabel('活动名称').fill('防震减灾应急疏散演练');
      await page.getByLabel('类型').selectOption('防震减灾演练');
      await page.getByLabel('开始日期').fill('2025-05-12');
      await page.getByLabel('地点').fill('学校操场');
      await page.getByLabel('参与人数').fill('620');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.locator('.activity-row').count()).toBe(1);
      await page.reload();
      const row = page.locator('.activity-row').first();
      await expect.poll(() => row.textContent()).toContain('防震减灾应急疏散演练');
      expect(await row.textContent()).toContain('2025年5月12日');
      expect(await row.textContent()).toContain('620');
      expect(await page.locator('.year-group h2').first().textContent()).toBe('2024—2025学年');
      await screenshot(page, 'activities-new');
      // Nothing left the machine: every request went to our own origin.
      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('shows a Chinese message next to the field and keeps the typed text when saving fails', async () => {
    const s = await openApp(browser);
    try {
      const { page } = s;
      await page.getByRole('heading', { name: '活动记录' }).waitFor();
      await page.keyboard.press('Control+n');
      await page.getByLabel('地点').fill('科学实验室');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('此项必填');
      expect(await page.getByLabel('地点').inputValue()).toBe('科学实验室');
      expect(await page.locator('.activity-row').count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('lists the demo archive by 学年 and 学期 with 改期 counts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-demo-'));
    await createDemoArchive(dir, { photos: false });
    const s = await openApp(browser, undefined, dir);
    try {
      const { page } = s;
      await expect.poll(() => page.locator('.activity-row').count()).toBe(60);
      const years = await page.locator('.year-group h2').allTextContents();
      expect(years).toEqual(['2026—2027学年', '2025—2026学年', '2024—2025学年']);
      expect(await page.getByText(/已改期 2 次/).count()).toBeGreaterThan(0);
      expect(await page.locator('.brand-school').textContent()).toBe('青山镇中心小学');
      await screenshot(page, 'activities-demo');
    } finally {
      await s.close();
    }
  });
});
