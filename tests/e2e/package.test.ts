// The USB package in Chromium: the offline viewer opened from file:// (no app, no network) and
// browsed down to a photo, recording every request; and the 数据与U盘 page exporting to a folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/db/open';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { mergePackage } from '../../electron/core/package/merge';
import { createActivity, getActivity, updateActivity } from '../../electron/core/activities/queries';
import { makeSchool } from '../unit/package-fixtures';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
const made: string[] = [];
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  made.push(d);
  return d;
};

async function jpeg(hue: number, label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="640"><rect width="100%" height="100%" fill="hsl(${hue},55%,55%)"/>
    <text x="50%" y="55%" font-size="90" text-anchor="middle" fill="#fff" font-family="Noto Sans CJK SC">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

describe('the offline viewer (file://, no app, no network)', () => {
  it('shows activities by 学年, opens a photo in the lightbox, lists works and awards, searches; no request leaves the folder', async () => {
    const a = openArchive(path.join(tmp('keji-e2e-'), '科技档案'), { create: true });
    const s = makeSchool(a);
    for (const [i, label] of ['讲座现场', '学生提问', '合影'].entries()) {
      const m = addMedia(a, await jpeg(20 + i * 90, label), {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: `${label}.jpg`,
        caption: label,
        width: 960,
        height: 640,
      });
      linkMedia(a, m.id, 'activity', s.lecture, 10 + i);
    }
    const usb = tmp('keji-usb-');
    const r = await exportPackage(a, { target: usb, scope: { kind: 'all' }, maskNames: true, includeSensitive: false });
    a.close();

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
    const root = pathToFileURL(r.path).href + '/';
    try {
      await page.goto(`${root}index.html`);
      await page.getByRole('heading', { name: '青山镇中心小学' }).waitFor();
      expect(await page.locator('.year h2').allTextContents()).toEqual(['2025—2026学年', '2024—2025学年']);
      expect(await page.locator('.brand p').textContent()).toContain('学生姓名已隐去');
      await screenshot(page, 'package-viewer-activities');

      await page.getByRole('link', { name: /科普讲座：走进中国航天/ }).click();
      await page.getByRole('heading', { name: '科普讲座：走进中国航天' }).waitFor();
      expect(await page.locator('.meta').textContent()).toContain('张*茂、李*');
      expect(await page.locator('.gallery .tile').count()).toBe(5); // two fixture files and three photos
      await page.locator('.tile.photo button[title="学生提问"]').click();
      const img = page.locator('#lightbox img.lb-media');
      await img.waitFor();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(960);
      expect(await page.locator('#lightbox figcaption').textContent()).toContain('学生提问');
      await screenshot(page, 'package-viewer-lightbox');
      await page.keyboard.press('ArrowRight');
      expect(await page.locator('#lightbox figcaption').textContent()).toContain('合影');
      await page.keyboard.press('Escape');
      expect(await page.locator('#lightbox').count()).toBe(0);

      await page.getByRole('link', { name: /作品/ }).click();
      expect(await page.locator('table.grid').textContent()).toContain('《教室空气质量监测仪》');
      await page.getByRole('link', { name: /获奖/ }).click();
      const awards = await page.locator('table.grid tbody tr').allTextContents();
      expect(awards).toHaveLength(2);
      expect(awards[0]).toContain('第二十三届天水市青少年科技创新大赛');
      await screenshot(page, 'package-viewer-awards');
      await page.getByRole('searchbox', { name: '查找' }).fill('航模');
      await expect.poll(() => page.locator('.search-results').textContent()).toContain('找到 1 项活动');
      await screenshot(page, 'package-viewer-search');

      // Every request stayed inside the package folder; nothing else was asked for, no error, no CSP complaint.
      expect(requests.length).toBeGreaterThan(5);
      const outside = requests.filter((u) => !decodeURI(u).startsWith(decodeURI(root)));
      expect(outside).toEqual([]);
      for (const u of requests) expect(fs.existsSync(fileURLToPath(u.split('#')[0]))).toBe(true);
      expect(problems).toEqual([]);
      // (axe reads stylesheets with XHR, which the viewer's CSP blocks: checked last, its complaint ignored.)
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('数据与U盘 page', () => {
  it('exports to a typed folder with a check first, then shows what was written and read back', async () => {
    const usb = tmp('keji-usb-');
    const s = await openApp(browser, (a) => {
      makeSchool(a);
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '数据与U盘' }).click();
      await page.getByRole('tab', { name: '导出到U盘' }).waitFor();
      await page.getByLabel('其他文件夹：').last().fill(usb);
      await page.getByLabel('隐去学生姓名（如 张*茂）').check();
      await page.getByRole('button', { name: '检查' }).click();
      await page.locator('.plan').waitFor();
      await screenshot(page, 'package-export-plan');
      await page.getByRole('button', { name: '开始导出' }).click();
      await page.getByText(/导出完成：/).waitFor({ timeout: 30_000 });
      // A first export reads back every file it wrote, and says so.
      await page.getByText(/全部 \d+ 个文件已逐个读回核对/).waitFor();
      await screenshot(page, 'package-export-done');
      expect(fs.readdirSync(usb)).toHaveLength(1);

      await page.getByRole('tab', { name: '合并数据包' }).click();
      await page.getByLabel('数据包文件夹').fill(path.join(usb, fs.readdirSync(usb)[0]));
      await page.getByRole('button', { name: '预览合并' }).click();
      await page.getByText('不需要合并').waitFor({ timeout: 30_000 });
      await screenshot(page, 'package-merge-nothing');
      await page.getByRole('tab', { name: '备份与恢复' }).click();
      await page.getByRole('button', { name: '立即备份' }).click();
      await page.locator('table.backups tbody tr').first().waitFor();
      await screenshot(page, 'package-backups');
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('opens a package read-only: a banner on every page, its records shown, changes refused, then back home', async () => {
    const other = openArchive(path.join(tmp('keji-e2e-'), 'B'), { create: true });
    makeSchool(other);
    const pkg = (
      await exportPackage(other, {
        target: tmp('keji-usb-'),
        scope: { kind: 'all' },
        maskNames: false,
        includeSensitive: false,
      })
    ).path;
    other.close();
    const s = await openApp(browser, (a) => {
      createActivity(a, {
        title: '本校植树节',
        type: '科技实践',
        status: 'done',
        startDate: '2026-03-12',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '数据与U盘' }).click();
      await page.getByRole('tab', { name: '合并数据包' }).click();
      await page.getByLabel('数据包文件夹').fill(pkg);
      await page.getByRole('button', { name: '只读打开' }).click();
      const banner = page.locator('.viewing-banner');
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toContain('正在只读查看数据包');
      expect(await banner.textContent()).toContain('青山镇中心小学');
      await page.getByText('科普讲座：走进中国航天').waitFor();
      expect(await page.getByText('本校植树节').count()).toBe(0);
      await screenshot(page, 'package-viewing');
      // A change is refused with the reason, and the banner stays on the next page too.
      await page.getByRole('button', { name: '设置' }).click();
      await expect.poll(() => banner.isVisible()).toBe(true);
      await page.getByRole('button', { name: '作品与获奖' }).click();
      await page.locator('.work-row').first().click();
      await page.getByRole('button', { name: '保存' }).click();
      await expect
        .poll(() => page.locator('[role="alert"]').allTextContents())
        .toContainEqual(expect.stringContaining('只读打开的数据包'));
      await banner.getByRole('button', { name: '返回我的档案' }).click();
      await page.getByText('本校植树节').waitFor({ timeout: 30_000 });
      expect(await banner.count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("shows a conflict side by side, takes the teacher's pick, and reports the merge", async () => {
    const other = openArchive(path.join(tmp('keji-e2e-'), 'A'), { create: true });
    const sch = makeSchool(other);
    const first = (
      await exportPackage(other, {
        target: tmp('keji-usb-'),
        scope: { kind: 'all' },
        maskNames: false,
        includeSensitive: false,
      })
    ).path;
    const edit = (a: Parameters<typeof getActivity>[0], patch: Record<string, string>) => {
      const x = getActivity(a, sch.lecture);
      updateActivity(a, sch.lecture, { ...x, ...patch } as never);
    };
    edit(other, { location: '学校报告厅（二楼）', reflection: '学生提问踊跃，下次请航天科普志愿者再来。' });
    const pkg = (
      await exportPackage(other, {
        target: tmp('keji-usb-'),
        scope: { kind: 'all' },
        maskNames: false,
        includeSensitive: false,
      })
    ).path;
    other.close();
    const s = await openApp(browser, async (a) => {
      await mergePackage(a, first);
      edit(a, { location: '礼堂' });
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '数据与U盘' }).click();
      await page.getByRole('tab', { name: '合并数据包' }).click();
      await page.getByLabel('数据包文件夹').fill(pkg);
      await page.getByRole('button', { name: '预览合并' }).click();
      const card = page.locator('.conflict').first();
      await card.waitFor({ timeout: 30_000 });
      expect(await card.locator('tbody tr').first().textContent()).toContain('礼堂');
      await screenshot(page, 'package-merge-conflict');
      await card.getByLabel('采用数据包').check();
      await page.getByRole('button', { name: '开始合并' }).click();
      await page.getByText('合并完成').waitFor({ timeout: 30_000 });
      await screenshot(page, 'package-merge-done');
      expect(getActivity(s.host.archive, sch.lecture).location).toBe('学校报告厅（二楼）');
    } finally {
      await s.close();
    }
  });
});
