// A video in the 相册 gets a poster frame drawn by the page's own Chromium (no ffmpeg): a real
// WebM recorded in the browser (canvas.captureStream + MediaRecorder, one recognisable colour) is
// imported; its tile ends up showing that colour, the saved thumbnail has it, the lightbox's
// <video> has the poster. A "video" the browser cannot decode keeps its ▶ icon and the lightbox
// says so in Chinese.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { THUMB_PX } from '../../shared/calls/media';
import { createActivity } from '../../electron/core/activities/queries';
import { importMedia } from '../../electron/core/media/import';
import { exportPackage } from '../../electron/core/package/export';
import { thumbRelPath } from '../../electron/core/media/store';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { jpeg, mp4 } from '../unit/media-fixtures';
import { launch, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await closeThumbWorker();
});

/** The colour of every frame of the recording: a green no photo fixture uses. */
const GREEN = [30, 200, 60] as const;

/** Records ~2.5 s of a 640×360 canvas in Chromium (WebM/VP8): a green field, a white square moving. */
async function recordWebm(): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent('<title>recorder</title>');
    const b64 = await page.evaluate(async ([r, g, b]) => {
      const c = document.createElement('canvas');
      c.width = 640;
      c.height = 360;
      const ctx = c.getContext('2d')!;
      const rec = new MediaRecorder(c.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
      const chunks: Blob[] = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      let n = 0;
      const draw = () => {
        ctx.fillStyle = `rgb(${r},${g},${b})`;
        ctx.fillRect(0, 0, 640, 360);
        ctx.fillStyle = '#fff';
        ctx.fillRect(20 + (n++ % 40) * 5, 20, 24, 24);
      };
      draw();
      const timer = setInterval(draw, 40);
      rec.start();
      await new Promise((res) => setTimeout(res, 2500));
      const stopped = new Promise((res) => {
        rec.onstop = res;
      });
      rec.stop();
      await stopped;
      clearInterval(timer);
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    }, GREEN);
    return Buffer.from(b64, 'base64');
  } finally {
    await page.close();
  }
}

let recorded: Promise<Buffer> | null = null;
const webmOnce = () => (recorded ??= recordWebm());

describe('video poster frames in Chromium', () => {
  it('draws a recorded video’s frame into its tile and the lightbox; an undecodable one keeps its ▶ and says why', async () => {
    const webm = await webmOnce();
    expect(webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML: a real WebM
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-video-'));
    fs.writeFileSync(path.join(src, '科技节开幕式.webm'), webm);
    // An iPhone .mov as far as the import's sniffing goes, but nothing a browser can decode.
    fs.writeFileSync(path.join(src, 'IMG_0042.MOV'), mp4(5));
    for (let i = 0; i < 3; i++)
      fs.writeFileSync(path.join(src, `IMG_00${i + 1}.jpg`), await jpeg(i, { width: 1200, height: 900 }));

    let activityId = '';
    const s = await openApp(browser, async (a) => {
      activityId = createActivity(a, {
        title: '科技节开幕式',
        type: '科技节',
        status: 'done',
        startDate: '2025-10-10',
        teacherIds: [],
        participantIds: [],
        tags: [],
      }).id;
      const r = await importMedia(a, [src], { target: { kind: 'activity', id: activityId } });
      expect([r.imported, r.failed]).toEqual([5, []]);
    });
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-usb-'));
    try {
      const { page } = s;
      const db = s.host.archive.db;
      const video = db.prepare("SELECT id, sha256, mime FROM media WHERE original_name='科技节开幕式.webm'").get() as {
        id: string;
        sha256: string;
        mime: string;
      };
      const mov = db.prepare("SELECT id, sha256, mime FROM media WHERE original_name='IMG_0042.MOV'").get() as {
        id: string;
        sha256: string;
        mime: string;
      };
      expect([video.mime, mov.mime]).toEqual(['video/webm', 'video/quicktime']);
      const thumb = path.join(s.dir, thumbRelPath(video.sha256, THUMB_PX.thumb));
      expect(fs.existsSync(thumb)).toBe(false); // no poster until the page draws one

      await page.getByRole('button', { name: '相册' }).click();
      const tile = page.locator(`.tile[data-id="${video.id}"]`);
      await tile.waitFor();
      // The tile asked for its thumbnail (404), the page drew a frame, saved it, and shows it.
      await expect
        .poll(
          () =>
            tile
              .locator('img.poster:not(.pending)')
              .evaluate((i) => (i as HTMLImageElement).naturalWidth)
              .catch(() => 0),
          { timeout: 20_000 },
        )
        .toBe(256);
      expect(await tile.locator('.play').isVisible()).toBe(true); // the ▶ mark over the poster
      expect(fs.existsSync(thumb)).toBe(true);
      const { channels } = await sharp(thumb).stats();
      const meta = await sharp(thumb).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 144]);
      channels.slice(0, 3).forEach((ch, i) => expect(Math.abs(ch.mean - GREEN[i]), `channel ${i}`).toBeLessThan(25));
      // The medium size too, never enlarged past the 640×360 frame.
      expect((await sharp(path.join(s.dir, thumbRelPath(video.sha256, THUMB_PX.medium))).metadata()).width).toBe(640);
      // What the tile shows is that frame: its pixels are green.
      const shown = await tile.locator('img.poster').evaluate((i) => {
        const img = i as HTMLImageElement;
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return [...ctx.getImageData(200, 120, 1, 1).data.slice(0, 3)];
      });
      shown.forEach((v, i) => expect(Math.abs(v - GREEN[i])).toBeLessThan(25));

      // The undecodable one: given up on, the ▶ icon and the word 视频 stay, no thumbnail written.
      const movTile = page.locator(`.tile[data-id="${mov.id}"]`);
      await expect
        .poll(() => movTile.locator('.tile-icon').getAttribute('data-poster'), { timeout: 20_000 })
        .toBe('undecodable');
      expect(await movTile.locator('img').count()).toBe(0);
      expect(await movTile.locator('.tile-kind').textContent()).toBe('视频');
      expect(fs.existsSync(path.join(s.dir, thumbRelPath(mov.sha256, THUMB_PX.thumb)))).toBe(false);
      await screenshot(page, 'gallery-video-poster');

      // The lightbox: the <video> has the poster (medium size), served as WebP; no warning.
      await tile.click();
      const v = page.locator('video.lb-video');
      await v.waitFor();
      await expect.poll(() => v.getAttribute('poster')).toContain('size=medium');
      const posterAnswer = await page.evaluate(
        async (u) => {
          const r = await fetch(u);
          return [r.status, r.headers.get('content-type')];
        },
        (await v.getAttribute('poster'))!,
      );
      expect(posterAnswer).toEqual([200, 'image/webp']);
      expect(await page.locator('.lb-poster-note').count()).toBe(0);
      await screenshot(page, 'gallery-video-lightbox');

      // Move to the .mov in the lightbox: a Chinese message says the format cannot be decoded.
      const order = await page.locator('.tile').evaluateAll((ts) => ts.map((t) => (t as HTMLElement).dataset.id));
      const step = order.indexOf(mov.id) - order.indexOf(video.id);
      for (let i = 0; i < Math.abs(step); i++) await page.keyboard.press(step > 0 ? 'ArrowRight' : 'ArrowLeft');
      await expect.poll(() => page.locator('.lb-name').textContent()).toBe('IMG_0042.MOV');
      await expect
        .poll(() => page.locator('.lb-poster-note').textContent(), { timeout: 20_000 })
        .toContain('无法解码这个视频的格式');
      expect(await page.locator('video.lb-video').getAttribute('poster')).toBeNull();
      await screenshot(page, 'gallery-video-undecodable');

      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);

      // 导出到U盘 copies the poster with the other thumbnails: the offline viewer shows it under a ▶.
      const pkg = await exportPackage(s.host.archive, {
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
        // As its reader gets there: the list, then the activity.
        await vp.goto(`${pathToFileURL(pkg.path).href}/index.html`);
        await vp.locator(`a[href$="/${activityId}"]`).first().click();
        const withPoster = vp.locator('.tile.video.has-poster');
        await withPoster.waitFor();
        expect(await withPoster.locator('button').getAttribute('title')).toBe('科技节开幕式.webm');
        await expect
          .poll(() => withPoster.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth))
          .toBe(256);
        expect(await withPoster.locator('.icon').textContent()).toBe('▶');
        expect(await withPoster.locator('.icon').isVisible()).toBe(true);
        // The undecodable one has no thumbnail: the plain ▶ tile, as before.
        expect(await vp.locator('.tile.video:not(.has-poster)').count()).toBe(1);
        await screenshot(vp, 'package-viewer-video-poster');
      } finally {
        await viewer.close();
      }
    } finally {
      await s.close();
      fs.rmSync(src, { recursive: true, force: true });
      fs.rmSync(usb, { recursive: true, force: true });
    }
  });

  it('gives up after the time limit when the video never arrives: ▶ stays, the lightbox says so', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-video-'));
    fs.writeFileSync(path.join(src, '实验过程.webm'), await webmOnce());
    const s = await openApp(browser, async (a) => {
      await importMedia(a, [src]);
    });
    try {
      const { page } = s;
      const row = s.host.archive.db.prepare('SELECT id, sha256 FROM media').get() as { id: string; sha256: string };
      // The original stalls (a USB stick gone to sleep, say): the request is held and never answered.
      const held: unknown[] = [];
      await page.route(
        (u) => u.pathname === `/media/${row.id}` && !u.search.includes('size='),
        (r) => {
          held.push(r);
        },
      );
      await page.getByRole('button', { name: '相册' }).click();
      const tile = page.locator(`.tile[data-id="${row.id}"]`);
      await expect
        .poll(() => tile.locator('.tile-icon').getAttribute('data-poster'), { timeout: 20_000 })
        .toBe('failed');
      expect(held.length).toBeGreaterThan(0); // nothing answered: only the time limit can have ended the capture
      expect(await tile.locator('img').count()).toBe(0);
      expect(await tile.locator('.play').isVisible()).toBe(true);
      expect(fs.existsSync(path.join(s.dir, thumbRelPath(row.sha256, THUMB_PX.thumb)))).toBe(false);
      await tile.click();
      await expect.poll(() => page.locator('.lb-poster-note').textContent()).toContain('未能生成这个视频的预览画面');
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    } finally {
      await s.close();
      fs.rmSync(src, { recursive: true, force: true });
    }
  });
});
