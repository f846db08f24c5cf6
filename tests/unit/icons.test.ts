// The app icons: made from resources/icons/icon.svg by make-icons.mjs and committed. Checks the
// committed files are what the source gives, that every size is there, and that the hand-written
// ICO is a well-formed container whose images are the same pictures.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers';

const dir = path.join(REPO_ROOT, 'resources', 'icons');
const make = await import(pathToFileURL(path.join(dir, 'make-icons.mjs')).href);

async function rgba(input: Buffer | string) {
  const { data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

interface IcoImage {
  size: number;
  bytes: Buffer;
}
function readIco(buf: Buffer): IcoImage[] {
  expect(buf.readUInt16LE(0)).toBe(0);
  expect(buf.readUInt16LE(2)).toBe(1); // icon
  const n = buf.readUInt16LE(4);
  const images: IcoImage[] = [];
  let end = 6 + 16 * n;
  for (let i = 0; i < n; i++) {
    const e = 6 + 16 * i;
    const size = buf[e] || 256;
    expect(buf[e + 1] || 256).toBe(size);
    expect(buf.readUInt16LE(e + 6)).toBe(32);
    const len = buf.readUInt32LE(e + 8);
    const off = buf.readUInt32LE(e + 12);
    expect(off).toBe(end); // images follow the directory back to back
    end = off + len;
    images.push({ size, bytes: buf.subarray(off, off + len) });
  }
  expect(end).toBe(buf.length);
  return images;
}

/** A 32-bit BMP icon image (bottom-up BGRA + AND mask) as top-down RGBA. */
function decodeBmp(img: IcoImage): Buffer {
  const b = img.bytes;
  expect(b.readUInt32LE(0)).toBe(40);
  expect([b.readInt32LE(4), b.readInt32LE(8), b.readUInt16LE(14)]).toEqual([img.size, img.size * 2, 32]);
  expect(b.length).toBe(40 + img.size * img.size * 4 + Math.ceil(img.size / 32) * 4 * img.size);
  const out = Buffer.alloc(img.size * img.size * 4);
  for (let y = 0; y < img.size; y++) {
    for (let x = 0; x < img.size; x++) {
      const s = 40 + ((img.size - 1 - y) * img.size + x) * 4;
      const d = (y * img.size + x) * 4;
      out.set([b[s + 2], b[s + 1], b[s], b[s + 3]], d);
    }
  }
  return out;
}

describe('icons', () => {
  it('every size is a square RGBA PNG, and Linux gets the hicolor sizes', async () => {
    for (const size of make.PNG_SIZES as number[]) {
      const meta = await sharp(path.join(dir, 'png', `${size}x${size}.png`)).metadata();
      expect([meta.width, meta.height, meta.channels], `${size}`).toEqual([size, size, 4]);
    }
    expect(make.PNG_SIZES[0]).toBe(16);
    expect(make.PNG_SIZES.at(-1)).toBe(1024);
    expect(fs.readdirSync(path.join(dir, 'linux')).sort()).toEqual(
      (make.LINUX_SIZES as number[]).map((s) => `${s}x${s}.png`).sort(),
    );
  });

  it('the committed icons are what icon.svg gives (regenerate with npm run icons)', async () => {
    for (const size of [16, 48, 256]) {
      const fresh = await rgba(await make.renderPng(size));
      const committed = await rgba(path.join(dir, 'png', `${size}x${size}.png`));
      expect(committed.data.equals(fresh.data), `${size}x${size}.png is stale`).toBe(true);
    }
  });

  it('draws the mark: navy rounded square, amber 科, transparent corners', async () => {
    const { data, width } = await rgba(path.join(dir, 'png', '256x256.png'));
    const px = (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    expect(px(1, 1)[3]).toBe(0); // corner outside the rounded square
    expect(px(20, 128)).toEqual([0x17, 0x32, 0x4d, 255]); // navy edge
    let amber = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 0xf0) < 8 && Math.abs(data[i + 1] - 0xb4) < 8 && Math.abs(data[i + 2] - 0x29) < 8) amber++;
    }
    const share = amber / (width * width);
    expect(share).toBeGreaterThan(0.08); // the glyph is there…
    expect(share).toBeLessThan(0.4); // …and is strokes, not a filled block
  });

  it('icon.ico holds the Windows sizes: BMP images below 256, PNG at 256, same pictures as the PNGs', async () => {
    const images = readIco(fs.readFileSync(path.join(dir, 'icon.ico')));
    expect(images.map((i) => i.size)).toEqual(make.ICO_SIZES);
    for (const img of images) {
      const png = await rgba(path.join(dir, 'png', `${img.size}x${img.size}.png`));
      if (img.size === 256) {
        expect(img.bytes.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
        expect((await rgba(img.bytes)).data.equals(png.data)).toBe(true);
      } else {
        expect(decodeBmp(img).equals(png.data), `${img.size}`).toBe(true);
      }
    }
  });

  it('buildIco writes the same container for the same images (the script is deterministic)', async () => {
    const images = await Promise.all(
      [16, 32, 256].map(async (size) => ({ size, png: fs.readFileSync(path.join(dir, 'png', `${size}x${size}.png`)) })),
    );
    const a: Buffer = await make.buildIco(images);
    const b: Buffer = await make.buildIco(images);
    expect(a.equals(b)).toBe(true);
    expect(readIco(a).map((i) => i.size)).toEqual([16, 32, 256]);
  });
});
