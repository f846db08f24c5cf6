// The offline viewer at scale: a 5,000-photo, 1,000-activity package made through the
// real core and the real export (small real JPEGs, tests/bench/viewer-archive.ts), opened from
// file:// in Chromium at 1366×768. At the top, the middle and the end of the activity list and of
// the gallery the page holds a bounded number of elements, the tiles on screen show their pictures
// (no grey placeholders left), tiles never overlap, and search answers with capped, windowed results.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScalePackage, scratch } from '../bench/viewer-archive';
import { launch, screenshot } from './harness';

const PHOTOS = 5000;
const ACTIVITIES = 1000;
const MAX_NODES = 3000;

let browser: Browser;
let dir: string;
let pkg: string;
beforeAll(async () => {
  browser = await launch();
  dir = scratch('keji-e2e-viewer-scale-');
  pkg = await makeScalePackage(path.join(dir, 'archive'), path.join(dir, 'usb'), {
    photos: PHOTOS,
    activities: ACTIVITIES,
    years: 5,
    awards: 60,
  });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const nodes = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

/** What is on screen (below the sticky header): tiles drawn, placeholders, pictures decoded, overlaps. */
function screenState(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('.top')!.getBoundingClientRect().bottom;
    const onScreen = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.bottom > header && r.top < innerHeight && r.height > 0;
    };
    const tiles = [...document.querySelectorAll('.tile')].filter(onScreen);
    const photos = tiles.filter((t) => t.classList.contains('photo'));
    const drawn = photos.filter((t) => {
      const img = t.querySelector('img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    const rects = tiles.map((t) => t.getBoundingClientRect());
    let overlaps = 0;
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          overlaps++;
      }
    }
    const rows = [...document.querySelectorAll('.row')].filter(onScreen);
    return {
      tiles: tiles.length,
      photos: photos.length,
      drawn: drawn.length,
      overlaps,
      placeholders:
        tiles.filter((t) => t.classList.contains('placeholder')).length +
        rows.filter((r) => r.classList.contains('placeholder')).length,
      rows: rows.length,
      heights: [...new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().height)))],
      months: [...document.querySelectorAll('.month h3')].filter(onScreen).map((h) => h.textContent),
    };
  });
}

async function scrollTo(page: Page, where: 'middle' | 'end') {
  await page.evaluate(
    (w) =>
      window.scrollTo(
        0,
        w === 'end'
          ? document.documentElement.scrollHeight
          : document.documentElement.scrollHeight / 2 - innerHeight / 2,
      ),
    where,
  );
}

describe('the offline viewer of a 5,000-photo package (file://)', () => {
  it('keeps the page small while scrolling lists and the gallery, draws the tiles on screen, and searches', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      offline: true,
    });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const root = pathToFileURL(pkg).href + '/';
    try {
      // The data is split: a small index, a file per 学年 and gallery slices, loaded when needed.
      expect(fs.statSync(path.join(pkg, 'viewer/data.js')).size).toBeLessThan(20_000);
      expect(fs.readdirSync(path.join(pkg, 'viewer/data'))).toEqual(
        expect.arrayContaining(['2025-2026.js', '2021-2022.js', 'search.js', 'works.js']),
      );
      await page.goto(`${root}index.html`);
      await page.getByRole('heading', { name: '青山镇中心小学' }).waitFor();
      await page.locator('.row a').first().waitFor();
      expect(await page.locator('.tabs').textContent()).toContain(`相册${PHOTOS}`);
      expect(await page.locator('.year h2').first().textContent()).toBe('2025—2026学年');
      expect(await nodes(page)).toBeLessThan(MAX_NODES);
      // Only the newest 学年 was read to show the first screen.
      // (data.js carries the first rows; the 学年's file follows at once.)
      await expect
        .poll(() => requests.filter((u) => u.includes('/viewer/data/')))
        .toEqual([`${root}viewer/data/2025-2026.js`]);
      await screenshot(page, 'viewer-scale-activities');

      await scrollTo(page, 'middle');
      await expect.poll(async () => (await screenState(page)).placeholders).toBe(0);
      expect((await screenState(page)).rows).toBeGreaterThan(10);
      expect(await nodes(page)).toBeLessThan(MAX_NODES);
      await scrollTo(page, 'end');
      await expect.poll(async () => (await screenState(page)).placeholders).toBe(0);
      expect(await page.locator('.row a').last().textContent()).toContain(`主题活动第${ACTIVITIES}次`);
      expect(await nodes(page)).toBeLessThan(MAX_NODES);

      // 相册: month headings, fixed tiles, pictures on screen after each jump.
      await page.getByRole('link', { name: /相册/ }).click();
      await expect.poll(async () => (await screenState(page)).drawn).toBeGreaterThan(20);
      let st = await screenState(page);
      expect(st.months[0]).toMatch(/^2026年\d+月（\d+）$/);
      expect(st.overlaps).toBe(0);
      expect(st.heights).toEqual([124]);
      expect(await nodes(page)).toBeLessThan(MAX_NODES);
      await screenshot(page, 'viewer-scale-gallery-top');

      for (const where of ['middle', 'end'] as const) {
        await scrollTo(page, where);
        await expect
          .poll(async () => {
            const s = await screenState(page);
            return s.placeholders === 0 && s.photos > 0 && s.drawn === s.photos;
          })
          .toBe(true);
        st = await screenState(page);
        expect(st.overlaps, where).toBe(0);
        expect(st.heights, where).toEqual([124]);
        expect(await nodes(page), where).toBeLessThan(MAX_NODES);
        await screenshot(page, `viewer-scale-gallery-${where}`);
      }
      // The oldest photo is last; it opens in the lightbox.
      await page.locator('.tile.photo button').last().click();
      const big = page.locator('#lightbox img.lb-media');
      await big.waitFor();
      await expect.poll(() => big.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      expect(await page.locator('#lightbox figcaption').textContent()).toContain(`（${PHOTOS} / ${PHOTOS}）`);
      await page.keyboard.press('Escape');

      // Search: answers from the search index, results windowed; a broad word is capped and says so.
      const box = page.getByRole('searchbox', { name: '查找' });
      await box.fill('航天');
      await expect
        .poll(() => page.locator('.search-results > p').textContent())
        .toContain(`找到 ${ACTIVITIES / 10} 项活动`);
      expect(await page.locator('.search-results').textContent()).toContain(`${ACTIVITIES / 10} 个照片/文件`);
      expect(await nodes(page)).toBeLessThan(MAX_NODES);
      await screenshot(page, 'viewer-scale-search');
      await box.fill('科学教室');
      await expect.poll(() => page.locator('.search-results > p').textContent()).toContain(`找到 ${ACTIVITIES} 项活动`);
      await box.fill('img_0');
      await expect.poll(() => page.locator('.search-results > p').textContent()).toContain('每类只列出前 1000 项');
      expect(await nodes(page)).toBeLessThan(MAX_NODES);
      await box.fill('主题活动第500次');
      await expect.poll(() => page.locator('.search-results > p').textContent()).toContain('找到 1 项活动');
      await page.getByRole('link', { name: /主题活动第500次/ }).click();
      await page.getByRole('heading', { name: /主题活动第500次/ }).waitFor();
      await expect.poll(() => page.locator('.gallery .tile.photo img').count()).toBe(PHOTOS / ACTIVITIES);

      // Everything came from the package folder; no error.
      const outside = requests.filter((u) => !decodeURI(u).startsWith(decodeURI(root)));
      expect(outside).toEqual([]);
      for (const u of requests) expect(fs.existsSync(fileURLToPath(u.split('#')[0]))).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
