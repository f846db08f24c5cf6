// Offline, provably: every page of the demo archive, an activity, the lightbox and Ctrl+K search,
// with every request, websocket and worker recorded. None may go anywhere but the app's own
// origin (http://127.0.0.1:<port>) or data:/blob:.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDemoArchive } from '../../electron/core/demo/generate';
import { launch, openApp } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('offline', () => {
  it('visits every page, an activity, the lightbox and search without one request off the app origin', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-offline-'));
    await createDemoArchive(dir, { photos: true });
    const s = await openApp(browser, undefined, dir);
    const seen: string[] = [...s.requests];
    const { page } = s;
    page.context().on('request', (r) => seen.push(r.url()));
    page.on('websocket', (w) => seen.push(w.url()));
    page.on('worker', (w) => seen.push(w.url()));
    try {
      await page.getByRole('heading', { name: '活动记录' }).waitFor();
      await page.locator('.activity-row').first().click();
      await page.waitForLoadState('networkidle');
      const visited: string[] = [];
      for (const name of ['活动', '成员', '作品与获奖', '相册', '总结导出', '数据与U盘', '设置', '回收站']) {
        const nav = page.locator('nav').getByRole('button', { name, exact: true });
        if ((await nav.count()) === 0) continue; // 数据与U盘 only where that feature has landed
        await nav.first().click();
        await page.waitForLoadState('networkidle');
        visited.push(name);
        if (name === '相册') {
          await page.locator('.tile').first().click();
          await page.locator('.lightbox').waitFor();
          await expect
            .poll(() => page.locator('.lb-photo').evaluate((i) => (i as HTMLImageElement).naturalWidth))
            .toBeGreaterThan(0);
          await page.keyboard.press('ArrowRight');
          await page.keyboard.press('Escape');
        }
      }
      expect(visited).toEqual(expect.arrayContaining(['活动', '成员', '作品与获奖', '相册', '设置', '回收站']));
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: '搜索档案' }).waitFor();
      await page.keyboard.type('航模');
      await expect.poll(() => page.locator('.searchbox-hit').count()).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');

      const own = s.host.origin;
      expect(seen.length).toBeGreaterThan(10);
      expect(seen.some((u) => u.startsWith(`${own}/media/`))).toBe(true); // the photos really loaded through the app
      const foreign = [...new Set(seen)].filter(
        (u) => !(u === own || u.startsWith(`${own}/`) || u.startsWith('data:') || u.startsWith('blob:')),
      );
      expect(foreign).toEqual([]);
    } finally {
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
