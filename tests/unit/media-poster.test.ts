// media.savePoster: the page's frame of a
// video becomes that video's two cached WebP sizes; serve.ts answers them for ?size=thumb|medium,
// 404 while there is none (never the video itself), and the video with ranges for the original.
// Photos, non-images and bombs are refused in Chinese and write nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THUMB_PX } from '../../shared/calls/media';
import type { Archive } from '../../electron/core/db/open';
import { openMediaStream, resolveMediaVariant } from '../../electron/core/media/serve';
import { addMedia, thumbRelPath } from '../../electron/core/media/store';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { bombPng, filesUnder, jpeg, mp4 } from './media-fixtures';
import { caller, HAS_CHINESE, newArchive, tableCounts, type Caller } from './helpers';

let a: Archive;
let c: Caller;
let videoId: string;
let videoSha: string;
let photoId: string;
const videoBytes = mp4(3);

/** A 1280×720 frame: orange, the colour the checks look for. */
const frame = (fmt: 'jpeg' | 'png' | 'webp' = 'jpeg', w = 1280, h = 720) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 240, g: 120, b: 20 } } })
    [fmt]()
    .toBuffer();
const save = (id: string, image: Buffer | string) => ({
  jobId: crypto.randomUUID(),
  id,
  image: typeof image === 'string' ? image : image.toString('base64'),
});
const thumbFiles = () => filesUnder(path.join(a.dir, 'thumbs'));

async function body(r: Awaited<ReturnType<typeof resolveMediaVariant>>): Promise<Buffer> {
  if (!r.ok) throw new Error(`status ${r.status}`);
  const chunks: Buffer[] = [];
  for await (const x of openMediaStream(r) ?? []) chunks.push(x as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  a = newArchive();
  c = caller(a);
  const v = addMedia(a, videoBytes, { ext: 'mp4', kind: 'video', mime: 'video/mp4', originalName: '科技节.mp4' });
  videoId = v.id;
  videoSha = a.db.prepare('SELECT sha256 FROM media WHERE id=?').pluck().get(videoId) as string;
  photoId = addMedia(a, await jpeg(1), { ext: 'jpg', kind: 'photo', mime: 'image/jpeg', originalName: '合影.jpg' }).id;
});
afterAll(async () => {
  a.close();
  await closeThumbWorker();
});

describe('a video poster frame', () => {
  it('is 404 for thumb and medium until there is one, while the original plays with ranges', async () => {
    for (const size of ['thumb', 'medium'] as const) {
      const r = await resolveMediaVariant(a, `/media/${videoId}`, size, null);
      expect(r.status).toBe(404);
    }
    const range = await resolveMediaVariant(a, `/media/${videoId}`, 'original', 'bytes=0-7');
    expect(range.status).toBe(206);
    expect((await body(range)).subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(thumbFiles()).toEqual([]); // nobody tried to make a thumbnail of the video
  });

  it('refuses a photo, a non-image and a decompression bomb in Chinese, writing nothing', async () => {
    const before = tableCounts(a);
    const photo = await c.fail('media.savePoster', save(photoId, await frame()));
    expect(photo.message).toContain('只有视频可以保存预览画面');
    const text = await c.fail('media.savePoster', save(videoId, Buffer.from('这不是图片，只是一段文字而已')));
    expect(text.message).toContain('不是有效的图片');
    const svg = await c.fail(
      'media.savePoster',
      save(videoId, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')),
    );
    expect(svg.message).toContain('不是有效的图片');
    const good = await frame();
    const truncated = await c.fail('media.savePoster', save(videoId, good.subarray(0, 600))); // a JPEG head, then nothing
    expect(truncated.message).toContain('不是有效的图片');
    const bomb = await c.fail('media.savePoster', save(videoId, bombPng()));
    expect(bomb.message).toContain('超过 1 亿像素');
    const notBase64 = await c.fail('media.savePoster', save(videoId, '%%% not base64 %%%'));
    expect(notBase64.message).toMatch(HAS_CHINESE);
    const unknown = await c.fail('media.savePoster', save(crypto.randomUUID(), good));
    expect(unknown.code).toBe('NOT_FOUND');
    for (const e of [photo, text, svg, truncated, bomb])
      expect([e.code, e.message]).toEqual(['INVALID_INPUT', expect.stringMatching(HAS_CHINESE)]);
    expect(thumbFiles()).toEqual([]);
    expect(tableCounts(a)).toEqual(before);
  });

  it('is saved as both WebP sizes where photo thumbnails go, and served for thumb and medium', async () => {
    const before = tableCounts(a);
    expect(await c.ok('media.savePoster', save(videoId, await frame()))).toEqual({ ok: true });
    for (const [size, px] of Object.entries(THUMB_PX) as ['thumb' | 'medium', number][]) {
      const file = path.join(a.dir, thumbRelPath(videoSha, px));
      const meta = await sharp(file).metadata();
      expect([meta.format, Math.max(meta.width!, meta.height!), meta.width! / meta.height!]).toEqual([
        'webp',
        px,
        expect.closeTo(16 / 9, 1),
      ]);
      const { channels } = await sharp(file).stats();
      expect(channels.slice(0, 3).map((ch) => Math.round(ch.mean / 10))).toEqual([24, 12, 2]); // the orange frame
      const r = await resolveMediaVariant(a, `/media/${videoId}`, size, null);
      expect(r.ok && [r.status, r.headers['Content-Type'], r.filePath]).toEqual([200, 'image/webp', file]);
      expect((await body(r)).equals(fs.readFileSync(file))).toBe(true);
    }
    // The original is still the video, whole or by range.
    const whole = await resolveMediaVariant(a, `/media/${videoId}`, 'original', null);
    expect(whole.ok && whole.headers['Content-Type']).toBe('video/mp4');
    expect((await body(whole)).equals(videoBytes)).toBe(true);
    const part = await resolveMediaVariant(a, `/media/${videoId}`, null, 'bytes=100-199');
    expect([part.status, part.ok && part.headers['Content-Range']]).toEqual([
      206,
      `bytes 100-199/${videoBytes.length}`,
    ]);
    expect(tableCounts(a)).toEqual(before); // a cache, not a record
  });

  it('replaces an earlier poster; a small PNG frame is never enlarged; no partial file is left', async () => {
    await c.ok('media.savePoster', save(videoId, await frame('png', 480, 640)));
    const medium = await sharp(path.join(a.dir, thumbRelPath(videoSha, THUMB_PX.medium))).metadata();
    expect([medium.width, medium.height]).toEqual([480, 640]);
    const thumb = await sharp(path.join(a.dir, thumbRelPath(videoSha, THUMB_PX.thumb))).metadata();
    expect([thumb.width, thumb.height]).toEqual([192, 256]);
    await c.ok('media.savePoster', save(videoId, await frame('webp', 1024, 576)));
    expect(thumbFiles().sort()).toEqual(
      [thumbRelPath(videoSha, 256), thumbRelPath(videoSha, 1024)].map((p) => path.relative('thumbs', p)).sort(),
    );
  });

  it('is refused for a video in the trash', async () => {
    const v = addMedia(a, mp4(9), { ext: 'mp4', kind: 'video', mime: 'video/mp4', originalName: '旧.mp4' }).id;
    await c.ok('trash.delete', { kind: 'media', id: v });
    expect((await c.fail('media.savePoster', save(v, await frame()))).code).toBe('NOT_FOUND');
  });
});
