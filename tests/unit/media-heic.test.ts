// HEIC/HEIF photos, as iPhones (and Huawei, Samsung, Nokia) write them: decoded by libheif (wasm),
// EXIF date and orientation read, both WebP thumbnails and a display JPEG made, the original kept
// byte for byte; an undecodable one gets a reason that blames no phone maker. The HEICs are
// encoded here by the system's vips (libvips-tools, which the test setup installs), from JPEGs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createActivity } from '../../electron/core/activities/queries';
import { importMedia } from '../../electron/core/media/import';
import { resolveMediaVariant } from '../../electron/core/media/serve';
import { displayRelPath, mediaRelPath, thumbRelPath } from '../../electron/core/media/store';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { exportPackage } from '../../electron/core/package/export';
import { verifyPackage } from '../../electron/core/package/verify';
import { newArchive, tempDir } from './helpers';
import { heic, heicOf, write } from './media-fixtures';

afterAll(() => closeThumbWorker());

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('HEIC/HEIF photos', () => {
  it('imports a portrait iPhone HEIC: date and orientation from EXIF, thumbnails, a display JPEG, the original unchanged', async () => {
    const a = newArchive();
    const src = tempDir();
    const act = createActivity(a, {
      title: '校园植物观察',
      type: '科学探究',
      status: 'done',
      startDate: '2025-11-20',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    // A portrait picture: the top third red, the rest green, so "upright" can be checked.
    const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#2a8' } })
      .composite([{ input: { create: { width: 300, height: 130, channels: 3, background: '#d22' } }, left: 0, top: 0 }])
      .withExif({ IFD0: { Make: 'Apple', Model: 'iPhone 13' }, IFD2: { DateTimeOriginal: '2025:11:20 14:05:06' } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const bytes = await heicOf(jpeg);
    expect(bytes.subarray(4, 12).toString('latin1')).toBe('ftypheic');
    expect(bytes.length).toBeLessThan(200_000);
    write(src, 'IMG_4521.HEIC', bytes);
    const r = await importMedia(a, [src], { target: { kind: 'activity', id: act.id } });
    expect(r.failed).toEqual([]);
    expect(r.imported).toBe(1);
    const row = a.db
      .prepare('SELECT id, ext, mime, width, height, orientation, taken_at, taken_source, sha256 FROM media')
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({
      ext: 'heic',
      mime: 'image/heic',
      width: 300,
      height: 400,
      orientation: 6,
      taken_at: '2025-11-20T14:05:06',
      taken_source: 'original',
      sha256: sha(bytes),
    });
    // The original byte for byte.
    expect(fs.readFileSync(path.join(a.dir, mediaRelPath(sha(bytes), 'heic'))).equals(bytes)).toBe(true);
    // Both thumbnails, portrait; the display JPEG at full size. HEIF rotation comes from the file's
    // own boxes (libheif), not EXIF: the picture stays as stored, red band on top.
    const thumb = await sharp(path.join(a.dir, thumbRelPath(sha(bytes), 256))).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 192, 256]);
    const medium = await sharp(path.join(a.dir, thumbRelPath(sha(bytes), 1024))).metadata();
    expect([medium.width, medium.height]).toEqual([300, 400]);
    const display = path.join(a.dir, displayRelPath(sha(bytes)));
    const dm = await sharp(display).metadata();
    expect([dm.format, dm.width, dm.height]).toEqual(['jpeg', 300, 400]);
    const px = async (y: number) => {
      const { data } = await sharp(display)
        .extract({ left: 150, top: y, width: 1, height: 1 })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return [...data];
    };
    const [top, bottom] = [await px(20), await px(380)];
    expect(top[0]).toBeGreaterThan(150); // red
    expect(bottom[1]).toBeGreaterThan(100); // green
    expect(bottom[0]).toBeLessThan(100);
    // The lightbox's full-size view and the thumbnails are served as images a page can draw.
    const full = await resolveMediaVariant(a, `/media/${row.id}`, 'display');
    expect(full.ok && full.headers['Content-Type']).toBe('image/jpeg');
    const t = await resolveMediaVariant(a, `/media/${row.id}`, 'thumb');
    expect(t.ok && t.headers['Content-Type']).toBe('image/webp');
    // The download is still the HEIC itself.
    const orig = await resolveMediaVariant(a, `/media/${row.id}`, null);
    expect(orig.ok && orig.headers['Content-Type']).toBe('image/heic');
    // A deleted cache is made again from the original.
    fs.rmSync(display);
    fs.rmSync(path.join(a.dir, thumbRelPath(sha(bytes), 256)));
    const again = await resolveMediaVariant(a, `/media/${row.id}`, 'display');
    expect(again.ok && again.headers['Content-Type']).toBe('image/jpeg');
    expect(fs.existsSync(path.join(a.dir, thumbRelPath(sha(bytes), 256)))).toBe(true);
    a.close();
  });

  it('refuses an undecodable HEIC with a reason that names no phone maker, and imports the rest', async () => {
    const a = newArchive();
    const src = tempDir();
    write(src, 'Samsung_20250101.heic', heic()); // a HEIF header, then junk
    const good = await heicOf(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#36c' } })
        .jpeg()
        .toBuffer(),
    );
    write(src, 'nokia.heif', good);
    const r = await importMedia(a, [src]);
    expect(r.imported).toBe(1);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0].file).toContain('Samsung_20250101.heic');
    expect(r.failed[0].reason).toContain('HEIC/HEIF 照片无法读取');
    expect(r.failed[0].reason).not.toMatch(/苹果|iPhone|相机 → 格式/);
    expect(a.db.prepare('SELECT ext, width, height FROM media').get()).toEqual({ ext: 'heic', width: 64, height: 48 });
    a.close();
  });

  it('carries a HEIC into the USB package with its display JPEG, which the offline viewer shows', async () => {
    const a = newArchive({ start: '2026-05-20T08:00:00Z' });
    const act = createActivity(a, {
      title: '校园植物观察',
      type: '科学探究',
      status: 'done',
      startDate: '2025-11-20',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const src = tempDir();
    const bytes = await heicOf(
      await sharp({ create: { width: 120, height: 160, channels: 3, background: '#c63' } })
        .jpeg()
        .toBuffer(),
    );
    write(src, 'IMG_0007.HEIC', bytes);
    await importMedia(a, [src], { target: { kind: 'activity', id: act.id } });
    // The cache was lost on this PC: export makes the display JPEG again.
    fs.rmSync(path.join(a.dir, displayRelPath(sha(bytes))));
    const r = await exportPackage(a, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'all' },
      maskNames: false,
      includeSensitive: false,
    });
    expect(fs.readFileSync(path.join(r.path, mediaRelPath(sha(bytes), 'heic'))).equals(bytes)).toBe(true);
    const shown = await sharp(path.join(r.path, displayRelPath(sha(bytes)))).metadata();
    expect([shown.format, shown.width, shown.height]).toEqual(['jpeg', 120, 160]);
    const data = fs.readFileSync(path.join(r.path, 'viewer/data.js'), 'utf8');
    expect(data).toContain(`"src":"${displayRelPath(sha(bytes))}"`);
    expect(data).not.toContain(`"src":"${mediaRelPath(sha(bytes), 'heic')}"`);
    expect((await verifyPackage(r.path)).ok).toBe(true);
    a.close();
  });
});
