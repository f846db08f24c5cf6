// 相册 in Chromium: import a folder with progress, open the lightbox and move with the arrow
// keys, upload picked files, a windowed grid at 20,000 items, and the certificate wall.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createActivity } from '../../electron/core/activities/queries';
import { createAward } from '../../electron/core/awards/queries';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { createPerson } from '../../electron/core/people/queries';
import { createWork } from '../../electron/core/works/queries';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { exportPackage } from '../../electron/core/package/export';
import { heicOf, jpeg } from '../unit/media-fixtures';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await closeThumbWorker();
});

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

describe('相册 in Chromium', () => {
  it('imports a folder with progress, then browses it in the lightbox with the arrow keys', async () => {
    const src = tmp('keji-usb-');
    for (let i = 0; i < 36; i++) {
      const day = String(10 + (i % 3)).padStart(2, '0');
      fs.writeFileSync(
        path.join(src, `IMG_${String(i + 1).padStart(4, '0')}.jpg`),
        await jpeg(i, { width: 2400, height: 1800, taken: `2025:05:${day} 09:${String(i).padStart(2, '0')}:00` }),
      );
    }
    fs.writeFileSync(path.join(src, '坏文件.jpg'), '不是图片');
    const s = await openApp(browser, (a) => {
      createActivity(a, {
        title: '防震减灾应急疏散演练',
        type: '防震减灾演练',
        status: 'done',
        startDate: '2025-05-12',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await page.getByText('还没有照片').waitFor();
      await page.getByRole('button', { name: '从U盘导入' }).click();
      await page.getByLabel(/文件夹或文件路径/).fill(src);
      await page.getByRole('combobox', { name: '关联到活动' }).fill('防震');
      await page.getByRole('option', { name: /防震减灾应急疏散演练/ }).click();
      await page.getByRole('button', { name: '开始导入' }).click();
      // Progress: a bar, the count, the file being read, a cancel button.
      await page.locator('.import-progress').waitFor();
      await expect.poll(() => page.locator('.import-count').textContent()).toMatch(/已处理 \d+\/37/);
      expect(await page.getByRole('button', { name: '取消导入' }).isVisible()).toBe(true);
      await screenshot(page, 'gallery-import-progress');
      await page.locator('.import-result').waitFor({ timeout: 120_000 });
      expect(await page.locator('.import-result [role=status]').textContent()).toBe(
        '导入完成：新增 36 项，已存在 0 项，失败 1 项',
      );
      expect(await page.locator('.import-failed').textContent()).toContain('文件内容不是图片');
      await screenshot(page, 'gallery-import-done');
      await page.getByRole('button', { name: '关闭' }).click();

      // The grid: grouped by month, thumbnails loaded through /media/<id>?size=thumb.
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 36 项');
      expect(await page.locator('.vgrid-title').first().textContent()).toContain('2025年5月');
      await expect
        .poll(() =>
          page
            .locator('.tile img')
            .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
        )
        .toBeGreaterThan(10);
      await screenshot(page, 'gallery-grid');

      // Lightbox: open the first photo, → → ← and the position follows; R turns it for display.
      await page.locator('.tile').first().click();
      const pos = page.locator('.lb-pos');
      await expect.poll(() => pos.textContent()).toBe('第 1 / 36 项');
      await expect.poll(() => page.locator('.lb-name').textContent()).toBe('IMG_0001.jpg');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => pos.textContent()).toBe('第 3 / 36 项');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => pos.textContent()).toBe('第 2 / 36 项');
      await expect.poll(() => page.locator('.lb-name').textContent()).toBe('IMG_0004.jpg'); // same time order as the grid: 10th, then 11th…
      await expect
        .poll(() => page.locator('.lb-photo').evaluate((i) => (i as HTMLImageElement).naturalWidth))
        .toBe(1024);
      await page.keyboard.press('+');
      await expect.poll(() => page.locator('.lb-zoom').textContent()).toBe('150%');
      await page.keyboard.press('0');
      await page.keyboard.press('r');
      await expect
        .poll(() => page.locator('.lb-photo').evaluate((i) => (i as HTMLElement).style.transform))
        .toContain('rotate(90deg)');
      await page.getByLabel('说明').fill('同学们有序撤离到操场');
      await page.getByRole('button', { name: '保存说明' }).click();
      await expect.poll(() => page.locator('.lb-side [role=status]').textContent()).toBe('已保存');
      expect(await page.locator('.lb-links').textContent()).toContain('防震减灾应急疏散演练');
      await screenshot(page, 'gallery-lightbox');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.lightbox').count()).toBe(0);
      // The turn and the caption were saved in the archive.
      const row = s.host.archive.db
        .prepare("SELECT rotation, caption FROM media WHERE original_name='IMG_0004.jpg'")
        .get();
      expect(row).toEqual({ rotation: 90, caption: '同学们有序撤离到操场' });
      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);
    } finally {
      await s.close();
      fs.rmSync(src, { recursive: true, force: true });
    }
  });

  it('uploads files picked in the browser and imports them', async () => {
    const pick = tmp('keji-pick-');
    const files = [];
    for (let i = 0; i < 3; i++) {
      const f = path.join(pick, `科技节${i + 1}.jpg`);
      fs.writeFileSync(f, await jpeg(100 + i, { taken: '2025:10:10 10:00:00' }));
      files.push(f);
    }
    const s = await openApp(browser);
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await page.getByRole('button', { name: '从U盘导入' }).click();
      await page.locator('.import-pick input[type=file]:not([webkitdirectory])').setInputFiles(files);
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.locator('.import-result').waitFor({ timeout: 60_000 });
      expect(await page.locator('.import-result [role=status]').textContent()).toBe(
        '导入完成：新增 3 项，已存在 0 项，失败 0 项',
      );
      await page.getByRole('button', { name: '关闭' }).click();
      await expect.poll(() => page.locator('.tile').count()).toBe(3);
      const names = s.host.archive.db.prepare('SELECT original_name FROM media ORDER BY original_name').pluck().all();
      expect(names).toEqual(['科技节1.jpg', '科技节2.jpg', '科技节3.jpg']);
      expect(
        fs.existsSync(path.join(s.dir, '.incoming'))
          ? fs.readdirSync(path.join(s.dir, '.incoming'), { recursive: true }).filter((f) => String(f).endsWith('.jpg'))
          : [],
      ).toEqual([]);
    } finally {
      await s.close();
      fs.rmSync(pick, { recursive: true, force: true });
    }
  });

  it('keeps only the visible tiles in the page with 20,000 items, and scrolls to the last one', async () => {
    const s = await openApp(browser, (a) => {
      // Rows only (no files): the grid's layout and paging are what is measured here.
      const ins = a.db
        .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at)
        VALUES (?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', ?, 'jpg', 'photo', 'image/jpeg', 1, ?, ?)`);
      a.db.transaction(() => {
        for (let i = 0; i < 20_000; i++) {
          const d = new Date(Date.UTC(2020, 8, 1) + i * 3 * 3600_000).toISOString().slice(0, 19);
          ins.run(a.clock.newId(), i.toString(16).padStart(64, '0'), `IMG_${i}.jpg`, d);
        }
      })();
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 20000 项');
      const tiles = () => page.locator('.vgrid-cell').count();
      expect(await tiles()).toBeLessThan(200);
      // Jump to the end: the oldest month's last tile is loaded (its page fetched on demand), still few tiles in the DOM.
      await page.locator('.vgrid').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await expect.poll(() => page.locator('.tile[data-index="19999"]').count()).toBe(1);
      expect(await tiles()).toBeLessThan(200);
      await page.locator('.tile[data-index="19999"]').click();
      await expect.poll(() => page.locator('.lb-pos').textContent()).toBe('第 20000 / 20000 项');
      await expect.poll(() => page.locator('.lb-name').textContent()).toBe('IMG_239.jpg'); // 30 September 2020, 21:00: the last of the oldest month
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => page.locator('.lb-pos').textContent()).toBe('第 19999 / 20000 项');
      // Scrolling up from the end reaches the oldest month's heading.
      await page.keyboard.press('Escape');
      // Steps smaller than the visible height, each given two frames to render, so the heading cannot
      // be skipped: the teacher scrolls up until the heading is on screen.
      const heading = page.locator('.vgrid-title', { hasText: '2020年9月' });
      await expect
        .poll(
          async () => {
            if (await heading.count()) return true;
            await page.locator('.vgrid').evaluate(async (el) => {
              el.scrollTop -= Math.floor(el.clientHeight / 2);
              await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            });
            return (await heading.count()) > 0;
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      await heading.first().waitFor();
      expect(await tiles()).toBeLessThan(200);
    } finally {
      await s.close();
    }
  });

  it('lays out a month of portrait and landscape photos without any tile covering another, and the next month heading shows', async () => {
    const s = await openApp(browser, async (a) => {
      // A phone's month: portrait (3:4, 9:16) and landscape (4:3) photos mixed, then an older month.
      const shapes = [
        [1200, 1600],
        [1600, 1200],
        [900, 1600],
        [1200, 1600],
        [1600, 1200],
        [1200, 1600],
        [1600, 900],
        [1200, 1600],
        [900, 1600],
        [1600, 1200],
        [1200, 1600],
      ];
      for (const [i, [width, height]] of shapes.entries()) {
        const bytes = await jpeg(500 + i, { width, height });
        addMedia(a, bytes, {
          ext: 'jpg',
          kind: 'photo',
          mime: 'image/jpeg',
          originalName: `竖拍${i}.jpg`,
          width,
          height,
          takenAt: `2025-11-${String(10 + i).padStart(2, '0')}T09:00:00`,
        });
      }
      for (let i = 0; i < 3; i++) {
        addMedia(a, await jpeg(600 + i, { width: 1200, height: 1600 }), {
          ext: 'jpg',
          kind: 'photo',
          mime: 'image/jpeg',
          originalName: `十月${i}.jpg`,
          width: 1200,
          height: 1600,
          takenAt: `2025-10-0${i + 1}T09:00:00`,
        });
      }
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await expect.poll(() => page.locator('.gallery-count').textContent()).toBe('共 14 项');
      // Every thumbnail (portrait ones are 192×256) has loaded: that is when a row could grow.
      await expect
        .poll(
          () =>
            page
              .locator('.tile img')
              .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
          { timeout: 30_000 },
        )
        .toBe(14);
      await expect
        .poll(
          () =>
            page
              .locator('.tile img')
              .evaluateAll(
                (imgs) =>
                  imgs.filter((i) => (i as HTMLImageElement).naturalHeight > (i as HTMLImageElement).naturalWidth)
                    .length,
              ),
          { timeout: 30_000 },
        )
        .toBe(10);
      const boxes = await page.locator('.vgrid-cell, .vgrid-header').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          const inner = e.querySelector('.tile, .vgrid-title')?.getBoundingClientRect();
          return {
            kind: e.className,
            text: e.textContent ?? '',
            x: r.x,
            y: r.y,
            w: r.width,
            h: r.height,
            innerH: inner?.height ?? 0,
            innerW: inner?.width ?? 0,
          };
        }),
      );
      const cells = boxes.filter((b) => b.kind.includes('vgrid-cell'));
      expect(cells).toHaveLength(14);
      // Square tiles: what is drawn is the cell, whatever the photo's shape.
      for (const c of cells) {
        expect(Math.abs(c.w - c.h)).toBeLessThan(1);
        expect(c.innerH).toBeLessThanOrEqual(c.h + 0.5);
      }
      const overlap = (p: (typeof boxes)[number], q: (typeof boxes)[number]) =>
        p.x < q.x + q.w - 0.5 && q.x < p.x + p.w - 0.5 && p.y < q.y + q.h - 0.5 && q.y < p.y + p.h - 0.5;
      const clashes: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          if (overlap(boxes[i], boxes[j])) clashes.push(`${boxes[i].text} × ${boxes[j].text}`);
      expect(clashes).toEqual([]);
      // The October heading is on screen and on top: the element drawn at its centre is the heading.
      const october = page.locator('.vgrid-header', { hasText: '2025年10月' });
      expect(await october.count()).toBe(1);
      const onTop = await october.evaluate((h) => {
        const r = h.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + 40, r.y + r.height / 2);
        return { inView: r.bottom <= window.innerHeight && r.top >= 0, hit: !!hit && h.contains(hit) };
      });
      expect(onTop).toEqual({ inView: true, hit: true });
      await screenshot(page, 'gallery-portrait-grid');
    } finally {
      await s.close();
    }
  });

  it('imports an iPhone HEIC and shows it in the lightbox (zoomed: the display JPEG) and in the offline viewer of the USB package', async () => {
    const src = tmp('keji-usb-heic-');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><rect width="100%" height="100%" fill="#2f7d5b"/>
      <rect y="0" width="900" height="300" fill="#c0392b"/><text x="50%" y="55%" font-size="90" text-anchor="middle" fill="#fff" font-family="Noto Sans CJK SC">苹果手机 HEIC</text></svg>`;
    const bytes = heicOf(
      await sharp(Buffer.from(svg))
        .withExif({ IFD0: { Make: 'Apple', Model: 'iPhone 13' }, IFD2: { DateTimeOriginal: '2025:11:20 14:05:06' } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    fs.writeFileSync(path.join(src, 'IMG_4521.HEIC'), bytes);
    const s = await openApp(browser, (a) => {
      createActivity(a, {
        title: '校园植物观察',
        type: '科学探究',
        status: 'done',
        startDate: '2025-11-20',
        teacherIds: [],
        participantIds: [],
        tags: [],
      });
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await page.getByRole('button', { name: '从U盘导入' }).click();
      await page.getByLabel(/文件夹或文件路径/).fill(src);
      await page.getByRole('combobox', { name: '关联到活动' }).fill('zwgc'); // 校园植物观察 by its pinyin
      await page.getByRole('option', { name: /校园植物观察/ }).click();
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.locator('.import-result').waitFor({ timeout: 120_000 });
      expect(await page.locator('.import-result [role=status]').textContent()).toBe(
        '导入完成：新增 1 项，已存在 0 项，失败 0 项',
      );
      await page.getByRole('button', { name: '关闭' }).click();
      await expect
        .poll(() => page.locator('.tile img').evaluate((i) => (i as HTMLImageElement).naturalHeight))
        .toBe(256);
      await page.locator('.tile').first().click();
      await expect.poll(() => page.locator('.lb-name').textContent()).toBe('IMG_4521.HEIC');
      await expect
        .poll(() =>
          page
            .locator('.lb-photo')
            .evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]),
        )
        .toEqual([768, 1024]);
      expect(await page.locator('.lb-facts').textContent()).toContain('照片自带的拍摄时间（EXIF）');
      // Zoomed in: the full picture, which for a HEIC is its display JPEG.
      await page.keyboard.press('+');
      await expect
        .poll(() =>
          page
            .locator('.lb-photo')
            .evaluate((i) => [(i as HTMLImageElement).currentSrc.split('?')[1], (i as HTMLImageElement).naturalWidth]),
        )
        .toEqual(['size=display', 900]);
      await page.keyboard.press('0');
      await screenshot(page, 'gallery-heic-lightbox');
      await page.keyboard.press('Escape');

      const usb = tmp('keji-usb-pkg-');
      const r = await exportPackage(s.host.archive, {
        target: usb,
        scope: { kind: 'all' },
        maskNames: false,
        includeSensitive: false,
      });
      const viewer = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: 'zh-CN',
        offline: true,
      });
      try {
        const vp = await viewer.newPage();
        await vp.goto(`${pathToFileURL(r.path).href}/index.html`);
        await vp.getByRole('link', { name: /校园植物观察/ }).click();
        await vp.locator('.tile.photo button').first().click();
        const img = vp.locator('#lightbox img.lb-media');
        await img.waitFor();
        await expect
          .poll(() =>
            img.evaluate((el) => [(el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight]),
          )
          .toEqual([900, 1200]);
        expect(await img.getAttribute('src')).toMatch(/-display\.jpg$/);
        await screenshot(vp, 'package-viewer-heic');
      } finally {
        await viewer.close();
      }
    } finally {
      await s.close();
    }
  });

  it('shows award certificates on the certificate wall', async () => {
    const s = await openApp(browser, async (a) => {
      const p = createPerson(a, { kind: 'student', name: '张树茂', stage: '小学', entryYear: 2021 });
      const w = createWork(a, {
        title: '教室空气质量监测仪',
        category: '青少年科技创新成果',
        authorIds: [p.id],
        advisorIds: [],
      });
      const aw = createAward(a, {
        recipientKind: 'work',
        workId: w.id,
        level: '省级',
        grade: '一等奖',
        awardedOn: '2025-04-22',
      });
      const bytes = await jpeg(300, { width: 800, height: 600 });
      const { id } = addMedia(a, bytes, {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: '证书.jpg',
        takenAt: '2025-04-22T09:00:00',
      });
      linkMedia(a, id, 'award', aw.id);
      a.db.prepare('UPDATE awards SET certificate_media_id=? WHERE id=?').run(id, aw.id);
    });
    try {
      const { page } = s;
      await page.getByRole('button', { name: '相册' }).click();
      await page.getByRole('tab', { name: '证书墙' }).click();
      const card = page.locator('.cert-card').first();
      await card.waitFor();
      expect(await card.textContent()).toContain('《教室空气质量监测仪》');
      expect(await card.textContent()).toContain('一等奖');
      await expect
        .poll(() => card.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
      await screenshot(page, 'gallery-certificates');
    } finally {
      await s.close();
    }
  });
});
