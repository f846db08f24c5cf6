// Makes every icon the installers need from the one source image, icon.svg (the 科 mark).
//   png/<N>x<N>.png   every size from 16 to 1024 (the 1024 one is the master)
//   linux/<N>x<N>.png the hicolor sizes electron-builder installs for .deb and AppImage
//   icon.ico          Windows: exe, NSIS installer and uninstaller, shortcuts
// Usage: npm run icons   (then commit the results; they are small)
//
// The ICO is written here rather than by a tool: small sizes as classic 32-bit BMP entries
// (every Windows shell, NSIS and rcedit read them), 256 as a PNG entry (Vista and later).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE = path.join(here, 'icon.svg');
export const PNG_SIZES = [16, 20, 24, 32, 40, 48, 64, 96, 128, 256, 512, 1024];
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 256];

/** At 16–32 px a 72-unit stroke blurs into the background: draw the same mark bolder. */
function svgFor(size, svg) {
  if (size > 32) return svg;
  return svg.replace(/stroke-width="(\d+)"/, (_, w) => `stroke-width="${Math.round(Number(w) * 1.3)}"`);
}

/** Renders the source at `size`×`size` (RGBA PNG). */
export async function renderPng(size, svg = fs.readFileSync(SOURCE, 'utf8')) {
  // Render big and scale down: librsvg's own small renderings are less even than Lanczos.
  const density = Math.max(72, Math.ceil((72 * Math.max(size, 256)) / 1024) * 2);
  return sharp(Buffer.from(svgFor(size, svg)), { density })
    .resize(size, size, { kernel: 'lanczos3' })
    .png({ compressionLevel: 9, palette: false })
    .toBuffer();
}

/** One ICO image as a BITMAPINFOHEADER + bottom-up BGRA pixels + 1-bit AND mask. */
async function bmpEntry(size, png) {
  const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0); // biSize
  header.writeInt32LE(size, 4); // biWidth
  header.writeInt32LE(size * 2, 8); // biHeight: colour + mask
  header.writeUInt16LE(1, 12); // biPlanes
  header.writeUInt16LE(32, 14); // biBitCount
  header.writeUInt32LE(0, 16); // BI_RGB
  const pixels = Buffer.alloc(size * size * 4);
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size); // all 0: the alpha channel decides
  for (let y = 0; y < size; y++) {
    const src = y * size * 4;
    const dst = (size - 1 - y) * size * 4; // bottom-up
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = data.subarray(src + x * 4, src + x * 4 + 4);
      pixels.set([b, g, r, a], dst + x * 4);
      if (a === 0) mask[(size - 1 - y) * maskRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  header.writeUInt32LE(pixels.length + mask.length, 20); // biSizeImage
  return Buffer.concat([header, pixels, mask]);
}

/** The ICO container: ICONDIR, one ICONDIRENTRY per image, then the images. */
export async function buildIco(images) {
  const entries = [];
  for (const { size, png } of images) entries.push({ size, data: size >= 256 ? png : await bmpEntry(size, png) });
  const dir = Buffer.alloc(6 + 16 * entries.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(entries.length, 4);
  let offset = dir.length;
  entries.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    dir.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, e + 1);
    dir.writeUInt8(0, e + 2); // no palette
    dir.writeUInt8(0, e + 3);
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...entries.map((e) => e.data)]);
}

export async function makeIcons(outDir = here) {
  const svg = fs.readFileSync(SOURCE, 'utf8');
  const pngs = new Map();
  for (const size of PNG_SIZES) pngs.set(size, await renderPng(size, svg));
  const write = (rel, buf) => {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, buf);
    return file;
  };
  const written = [];
  for (const [size, png] of pngs) written.push(write(`png/${size}x${size}.png`, png));
  for (const size of LINUX_SIZES) written.push(write(`linux/${size}x${size}.png`, pngs.get(size)));
  written.push(write('icon.ico', await buildIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) })))));
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await makeIcons();
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`wrote ${files.length} icon files (${Math.round(bytes / 1024)} KB) to ${path.relative(process.cwd(), here) || '.'}`);
}
