// Files a teacher's USB stick may hold, made in the test (nothing binary is checked in).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { pngBomb } from '../fixtures/hostile/make';

/** A small photo: a colour field with a band, so different `n` give different bytes. */
export async function jpeg(
  n: number,
  opts: { width?: number; height?: number; taken?: string; orientation?: number } = {},
): Promise<Buffer> {
  const w = opts.width ?? 320;
  const h = opts.height ?? 240;
  const img = sharp({
    create: { width: w, height: h, channels: 3, background: { r: (n * 53) % 256, g: (n * 97) % 256, b: 180 } },
  }).composite([
    {
      input: {
        create: {
          width: Math.max(1, Math.floor(w / 3)),
          height: h,
          channels: 3,
          background: { r: 250, g: 240, b: (n * 31) % 256 },
        },
      },
      left: 0,
      top: 0,
    },
  ]);
  if (opts.taken) img.withExif({ IFD0: { Make: 'Phone' }, IFD2: { DateTimeOriginal: opts.taken } });
  if (opts.orientation) img.withMetadata({ orientation: opts.orientation });
  return img.jpeg({ quality: 85 }).toBuffer();
}

export const png = (n: number) =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: { r: n % 256, g: 10, b: 10 } } })
    .png()
    .toBuffer();

/** A decompression bomb: a few hundred bytes whose header claims 20000×20000 pixels (400 MP). */
export const bombPng = (): Buffer => pngBomb(20000);

/** An iPhone HEIC as far as its first box goes (this PC's libvips has no HEVC decoder either way). */
export function heic(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(2000, 7)]);
}

/** An MP4 as far as the sniffing goes: ftyp isom, then bytes. */
export function mp4(n = 0): Buffer {
  const ftyp = Buffer.alloc(20);
  ftyp.writeUInt32BE(20, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.write('isomavc1', 12, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(5000, n % 256)]);
}

export const pdf = () =>
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function write(dir: string, name: string, bytes: Buffer | string): string {
  const f = path.join(dir, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, bytes);
  return f;
}

/** Every file under `dir` (relative paths), for "nothing half-written" checks. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** A real HEVC-coded HEIC of a JPEG (with its EXIF), encoded by the system's `vips heifsave` (libvips-tools). */
export function heicOf(jpegBytes: Buffer): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-heic-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.jpg'), jpegBytes);
    const env = { ...process.env };
    delete env.VIPSHOME; // set by sharp for its own libvips; the vips CLI must find the system's
    execFileSync(
      'vips',
      ['heifsave', path.join(dir, 'in.jpg'), path.join(dir, 'out.heic'), '--compression', 'hevc', '-Q', '60'],
      { env },
    );
    return fs.readFileSync(path.join(dir, 'out.heic'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
