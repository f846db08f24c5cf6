// The media engine, one per worker thread: hashes a file, checks what it really is, decodes a
// photo once into both WebP thumbnails, reads EXIF, and writes files where the main thread says.
// The main thread owns the archive layout and the database; this file owns no path rule.
// A task of the core's worker pool (workers/pool.ts): the default export, one file's session of
// messages (WorkerRequest / WorkerAnswer in workers.ts). From source it is loaded through
// import-worker.mjs (which registers the TypeScript loader); Electron's bundle and keji's get it
// built to import-worker.mjs by electron/build.mjs.
// The same file also runs as a HEIC decoder thread (workerData.role 'heic'): see decodeHeic.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import exifr from 'exifr';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { localIsoDateTime } from '../../../shared/domain/format';
import type { FailCode, Hashed, MediaSession, SessionMessage, Stored, ThumbTarget, WorkerRequest } from './workers';

type TakenSource = NonNullable<Stored['takenSource']>;
interface Dated {
  at: string;
  source: TakenSource;
}
/** A file between 'hash' and 'store': in memory (`buf`) when small enough, else read from `file`. */
interface Pending {
  file: string | null;
  buf: Buffer | null;
  sha?: string;
  size?: number;
  mtime?: Date;
  ext?: string;
  kind?: string;
}
interface Encoded {
  t: ThumbTarget;
  bytes: Buffer;
}
interface PhotoFacts {
  width: number | null;
  height: number | null;
  orientation: number | null;
  dated: Dated | null;
  thumbs: Encoded[];
}

// One libvips thread per worker: the pool size is the concurrency. No cache: each file is seen once.
sharp.cache(false);
sharp.concurrency(1);

/** Files up to this size are read once into memory (hash, decode and copy from one buffer). */
const IN_MEMORY_MAX = 256 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;
/** Set to 1 by the main thread to stop a long copy (cancel): the current session's. */
let abortFlag: Int32Array<ArrayBufferLike> = new Int32Array(1);
/** This worker's own file, which the HEIC decoder threads start from: the current session's. */
let heicEntry: string | undefined;

class Fail extends Error {
  constructor(
    readonly code: FailCode,
    readonly detail = '',
  ) {
    super(code);
  }
}

// What a file is (its first bytes against the allow-list) is decided on the main thread, by
// shared/domain/media.ts: this worker only hashes and returns the head.
const HEAD_BYTES = 64;
const READ_NOFOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);

const messageOf = (e: unknown) => String((e as Error)?.message ?? e);

function fsFail(e: unknown): Fail {
  if (e instanceof Fail) return e;
  const code = (e as { code?: string })?.code;
  if (code === 'ELOOP') return new Fail('link');
  if (code === 'ENOENT' || code === 'ENOTDIR') return new Fail('notFound');
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return new Fail('diskFull');
  if (code === 'EACCES' || code === 'EPERM') return new Fail('noAccess');
  if (code === 'EIO' || code === 'ENXIO' || code === 'ENODEV' || code === 'ESTALE' || code === 'EBADF')
    return new Fail('readError', code);
  return new Fail('internal', messageOf(e).slice(0, 160));
}

function imageFail(e: unknown, ext: string): Fail {
  if (e instanceof Fail) return e;
  const msg = messageOf(e);
  if (/pixel limit/i.test(msg)) return new Fail('tooLarge');
  if (ext === 'heic') return new Fail('heic');
  if ((e as { code?: string })?.code) return fsFail(e);
  return new Fail('corrupt', msg.slice(0, 120));
}

/**
 * EXIF '2025:05:12 10:30:00' or XMP '2025-05-12T10:30:00+08:00' → '2025-05-12T10:30:00': the
 * wall-clock time the camera showed (EXIF has no zone; an XMP zone is dropped the same way).
 * Some Android phones write CreateDate 2002:12:08 12:00:00 whatever the day: not a date.
 */
function exifStamp(v: unknown): string | null {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(String(v ?? '').trim());
  if (!m || Number(m[1]) < 1971 || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31)
    return null;
  const at = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
  return at === '2002-12-08T12:00:00' ? null : at;
}

/** The file's own date, best first (EXIF DateTimeOriginal → CreateDate → IFD0 DateTime → XMP), with where it came from. */
async function photoDate(input: Buffer | string): Promise<Dated | null> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- exifr's output is untyped
  let ex: any;
  try {
    ex = await exifr.parse(input, {
      ifd0: { pick: ['ModifyDate'] },
      exif: { pick: ['DateTimeOriginal', 'CreateDate'] },
      gps: false,
      interop: false,
      ifd1: false,
      xmp: true,
      mergeOutput: false,
      reviveValues: false,
      translateValues: false,
    });
  } catch {
    return null;
  } // no or broken metadata: dated by the caller
  const tries: [unknown, TakenSource][] = [
    [ex?.exif?.DateTimeOriginal, 'original'],
    [ex?.exif?.CreateDate, 'digitized'],
    [ex?.ifd0?.ModifyDate, 'ifd0'],
    [ex?.xmp?.DateTimeOriginal, 'xmp'],
    [ex?.xmp?.CreateDate, 'xmp'],
    [ex?.xmp?.DateCreated, 'xmp'],
  ];
  for (const [v, source] of tries) {
    const at = exifStamp(v);
    if (at) return { at, source };
  }
  return null;
}

/** Seconds between 1904-01-01 (QuickTime's epoch) and 1970-01-01. */
const MAC_EPOCH = 2082844800;

/**
 * A QuickTime/MP4 file's creation time: moov/mvhd, else the first moov/trak/tkhd (v0: 32-bit, v1:
 * 64-bit seconds since 1904, UTC), as local wall-clock time. `read(pos, len)` returns the bytes
 * there (fewer at the end). Walks at most a few thousand boxes: a hostile file cannot loop it.
 */
export function videoDate(read: (pos: number, len: number) => Buffer, size: number): Dated | null {
  let budget = 4000;
  const boxes = function* (start: number, end: number): Generator<{ type: string; body: number; end: number }> {
    let pos = start;
    while (pos + 8 <= end && budget-- > 0) {
      const h = read(pos, 16);
      if (h.length < 8) return;
      let len = h.readUInt32BE(0);
      const type = h.toString('latin1', 4, 8);
      let header = 8;
      if (len === 1) {
        if (h.length < 16) return;
        len = Number(h.readBigUInt64BE(8));
        header = 16;
      } else if (len === 0) len = end - pos;
      if (len < header || pos + len > end) return;
      yield { type, body: pos + header, end: pos + len };
      pos += len;
    }
  };
  const created = (box: { body: number }): string | null => {
    const b = read(box.body, 12);
    if (b.length < 8) return null;
    const secs = b[0] === 1 ? (b.length >= 12 ? Number(b.readBigUInt64BE(4)) : 0) : b.readUInt32BE(4);
    const unix = secs - MAC_EPOCH;
    // 0 (never set) is 1904; a date before 1971 or in the future is a wrong clock, not a date.
    if (unix < 365 * 86400 || unix * 1000 > Date.now() + 2 * 86400_000) return null;
    return localIsoDateTime(new Date(unix * 1000));
  };
  for (const top of boxes(0, size)) {
    if (top.type !== 'moov') continue;
    let fromTrack: string | null = null;
    for (const b of boxes(top.body, top.end)) {
      if (b.type === 'mvhd') {
        const at = created(b);
        if (at) return { at, source: 'video' };
      } else if (b.type === 'trak' && !fromTrack) {
        for (const t of boxes(b.body, b.end))
          if (t.type === 'tkhd') {
            fromTrack = created(t);
            break;
          }
      }
    }
    if (fromTrack) return { at: fromTrack, source: 'video' };
    return null;
  }
  return null;
}

/** videoDate over a file in memory or on disk (never read whole: moov may sit at the end of 2 GB). */
function videoDateOf(p: Pending): Dated | null {
  const buf = p.buf;
  if (buf) return videoDate((pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len)), buf.length);
  const fd = fs.openSync(p.file!, READ_NOFOLLOW);
  try {
    const size = fs.fstatSync(fd).size;
    return videoDate((pos, len) => {
      const b = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      const n = b.length ? fs.readSync(fd, b, 0, b.length, pos) : 0;
      return b.subarray(0, n);
    }, size);
  } finally {
    fs.closeSync(fd);
  }
}

const rmQuiet = (f: string) => {
  try {
    fs.rmSync(f, { force: true });
  } catch {
    /* nothing to remove */
  }
};

// One read buffer per worker, grown when needed and reused for every file: reading each photo
// into a fresh Buffer leaves hundreds of MB of dead external memory between garbage collections.
let scratch = Buffer.allocUnsafe(0);
function readIntoScratch(file: string, size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, Math.min(scratch.length * 2, IN_MEMORY_MAX)));
  const fd = fs.openSync(file, READ_NOFOLLOW);
  let n = 0;
  try {
    // Read what is there (the file may have shrunk since stat: then it is what we hash and store).
    for (let r; n < size && (r = fs.readSync(fd, scratch, n, size - n, n)) > 0;) n += r;
  } finally {
    fs.closeSync(fd);
  }
  return scratch.subarray(0, n);
}

/** A whole file (a large HEIC), never through a link. */
function readWhole(file: string): Buffer {
  const fd = fs.openSync(file, READ_NOFOLLOW);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Pending files of this worker, between 'hash' and 'store'. */
const pending = new Map<number, Pending>();

function hashFile(msg: Extract<WorkerRequest, { type: 'hash' }>): Hashed {
  // Never a link: a symlink or hard link on a stick may point at any file of this PC.
  const st = fs.lstatSync(msg.file);
  if (st.isSymbolicLink() || (st.isFile() && st.nlink > 1)) throw new Fail('link');
  if (!st.isFile()) throw new Fail('notFound');
  if (st.size === 0) throw new Fail('empty');
  let buf: Buffer | null = null;
  let sha: string;
  let head: Buffer;
  if (st.size <= IN_MEMORY_MAX) {
    buf = readIntoScratch(msg.file, st.size);
    if (buf.length === 0) throw new Fail('empty');
    sha = crypto.createHash('sha256').update(buf).digest('hex');
    head = Buffer.from(buf.subarray(0, HEAD_BYTES));
  } else {
    const h = crypto.createHash('sha256');
    const fd = fs.openSync(msg.file, READ_NOFOLLOW);
    const chunk = Buffer.allocUnsafe(CHUNK);
    try {
      head = Buffer.alloc(HEAD_BYTES);
      fs.readSync(fd, head, 0, HEAD_BYTES, 0);
      for (let n; (n = fs.readSync(fd, chunk, 0, CHUNK, null)) > 0;) {
        if (Atomics.load(abortFlag, 0)) throw new Fail('cancelled');
        h.update(chunk.subarray(0, n));
      }
    } finally {
      fs.closeSync(fd);
    }
    sha = h.digest('hex');
  }
  pending.set(msg.id, { file: msg.file, buf, sha, size: buf ? buf.length : st.size, mtime: st.mtime });
  return { sha, size: buf ? buf.length : st.size, head: new Uint8Array(head) };
}

// HEIC/HEIF (iPhone, Huawei, Samsung, Nokia): this PC's libvips has no HEVC decoder, so these are
// decoded by libheif compiled to WebAssembly (libheif-js, LGPL-3.0, loaded unmodified from its
// own package in node_modules). Memory, measured (npm run bench:import): a wasm heap never gives
// back its peak (~100 MB after a 12 MP picture), and libvips' buffers for a 48 MB picture leave
// this thread's malloc heap fragmented. So each HEIC is decoded, and made into its display JPEG
// and thumbnails, in a thread of its own (this same file, workerData.role 'heic') that is ended
// after the file: everything it grew goes back. The pixels never leave that thread (sharp reads
// them inside the wasm heap), and workers.ts lets one HEIC at a time through in the process.

/** What a HEIC decoder thread is asked (one file), and answers (encoded images in `targets` order). */
interface HeicRequest {
  bytes: Uint8Array;
  limitPixels: number;
  targets: { px: number; format?: 'jpeg' }[];
}
type HeicAnswer =
  { ok: true; width: number; height: number; outputs: Uint8Array[] } | { ok: false; code: FailCode; detail: string };

/** The part of libheif-js used here (its typings describe the raw module, not the wasm bundle's wrappers). */
interface HeifImageHandle {
  handle: number;
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  has_alpha_channel(): boolean;
  free(): void;
}
interface HeifPlane {
  id: unknown;
  width: number;
  height: number;
  stride: number;
  data: Uint8Array;
}
interface LibHeif {
  HeifDecoder: new () => { decoder: number | null; decode(bytes: Uint8Array): HeifImageHandle[] };
  heif_context_free(ctx: number): void;
  heif_js_decode_image2(
    handle: number,
    colorspace: number,
    chroma: number,
  ): Promise<{ code?: number; image: number; channels: HeifPlane[] } | null>;
  heif_image_release(image: number): void;
  heif_colorspace: { heif_colorspace_RGB: number };
  heif_chroma: { heif_chroma_interleaved_RGB: number; heif_chroma_interleaved_RGBA: number };
  heif_channel: { heif_channel_interleaved: unknown };
}

/** The display JPEG of a HEIC (beside the original, for pages, Word and the viewer that cannot show HEIC). */
const DISPLAY_JPEG = { px: 2560, quality: 85 };

/** A WebP thumbnail, the one recipe (effort 0: a cache is made once per photo on a slow PC; files come out a little larger). */
const webpOf = (img: Sharp, px: number) => img.webp({ quality: px <= 256 ? 72 : 80, effort: 0 }).toBuffer();

/** In a decoder thread: one HEIC into its targets. */
async function renderHeic(req: HeicRequest): Promise<HeicAnswer> {
  // A CommonJS module: its exports are the default export.
  const lib = (await import('libheif-js/wasm-bundle.js')).default as LibHeif;
  const decoder = new lib.HeifDecoder();
  let images: HeifImageHandle[] = [];
  let image: number | null = null;
  try {
    try {
      images = decoder.decode(req.bytes);
    } catch (e) {
      throw new Fail('heic', messageOf(e).slice(0, 120));
    }
    if (!images?.length) throw new Fail('heic');
    const img = images.find((i) => i.is_primary?.()) ?? images[0];
    const width = img.get_width();
    const height = img.get_height();
    if (!width || !height) throw new Fail('heic');
    if (width * height > req.limitPixels) throw new Fail('tooLarge');
    if (!req.targets.length) return { ok: true, width, height, outputs: [] };
    // RGB unless the picture has alpha: a quarter less heap than RGBA for a phone photo.
    const alpha = !!img.has_alpha_channel();
    const channels = alpha ? 4 : 3;
    const pic = await lib.heif_js_decode_image2(
      img.handle,
      lib.heif_colorspace.heif_colorspace_RGB,
      alpha ? lib.heif_chroma.heif_chroma_interleaved_RGBA : lib.heif_chroma.heif_chroma_interleaved_RGB,
    );
    if (!pic || pic.code) throw new Fail('heic');
    image = pic.image;
    const plane = pic.channels.find((c) => c.id === lib.heif_channel.heif_channel_interleaved);
    if (!plane || !plane.width || !plane.height) throw new Fail('heic');
    // sharp reads packed rows: close up any row padding in place (rows only move towards the start).
    const row = plane.width * channels;
    if (plane.stride !== row)
      for (let y = 1; y < plane.height; y++) plane.data.copyWithin(y * row, y * plane.stride, y * plane.stride + row);
    // The pixels are read where libheif left them, in the wasm heap (no 36 MB copy): nothing calls
    // into libheif until sharp is done, so the heap cannot grow and move under it.
    const pixels = Buffer.from(plane.data.buffer, plane.data.byteOffset, row * plane.height);
    const raw = { raw: { width: plane.width, height: plane.height, channels } } as const;
    const fit = (px: number) => [px, px, { fit: 'inside', withoutEnlargement: true }] as const;
    // One pass over the full picture makes the display JPEG; the thumbnails are made from that
    // JPEG (libjpeg shrinks while it decodes), or from the pixels when there is alpha to keep.
    const displayPx = req.targets.find((t) => t.format === 'jpeg')?.px ?? DISPLAY_JPEG.px;
    const display = await sharp(pixels, raw)
      .resize(...fit(displayPx))
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: DISPLAY_JPEG.quality, mozjpeg: false })
      .toBuffer();
    const outputs: Uint8Array[] = [];
    for (const t of req.targets) {
      if (t.format === 'jpeg') outputs.push(display);
      else outputs.push(await webpOf((alpha ? sharp(pixels, raw) : sharp(display)).resize(...fit(t.px)), t.px));
    }
    return { ok: true, width, height, outputs };
  } finally {
    if (image !== null) lib.heif_image_release(image);
    for (const i of images) i.free?.();
    // libheif-js frees a decoder's context only when it decodes again.
    if (decoder.decoder) lib.heif_context_free(decoder.decoder);
    decoder.decoder = null;
  }
}

/**
 * In an import worker: one HEIC decoded and encoded by a new decoder thread, which is ended (and
 * its memory with it) before this returns. A cancelled import ends it at once.
 */
function decodeHeic(
  bytes: Buffer,
  targets: ThumbTarget[],
  limitPixels: number,
): Promise<Extract<HeicAnswer, { ok: true }>> {
  const entry = heicEntry;
  if (!entry) return Promise.reject(new Fail('internal', 'no worker entry for the HEIC decoder'));
  return new Promise((resolve, reject) => {
    const w = new Worker(entry, { workerData: { role: 'heic' } });
    let settled = false;
    const finish = (then: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      void w.terminate().finally(then);
    };
    const watch = setInterval(() => {
      if (Atomics.load(abortFlag, 0)) finish(() => reject(new Fail('cancelled')));
    }, 200);
    w.once('message', (a: HeicAnswer) => finish(() => (a.ok ? resolve(a) : reject(new Fail(a.code, a.detail)))));
    w.once('error', (e) => finish(() => reject(new Fail('heic', messageOf(e).slice(0, 120)))));
    w.once('exit', (code) => finish(() => reject(new Fail('heic', `decoder exited (${code})`))));
    const request: HeicRequest = { bytes, limitPixels, targets: targets.map((t) => ({ px: t.px, format: t.format })) };
    w.postMessage(request);
  });
}

/** Decodes once: both thumbnails (and a HEIC's display JPEG) come from one decode of the original. */
async function photoFacts(
  p: Pending,
  thumbs: ThumbTarget[],
  limitPixels: number,
  wantMeta: boolean,
): Promise<PhotoFacts> {
  if (p.ext === 'heic') return heicFacts(p, thumbs, limitPixels, wantMeta);
  const input = p.buf ?? p.file!;
  const opts: SharpOptions = { limitInputPixels: limitPixels, failOn: 'error' };
  let meta: Metadata;
  try {
    meta = await sharp(input, opts).metadata();
  } catch (e) {
    throw imageFail(e, p.ext ?? '');
  }
  if (!meta.width || !meta.height) throw new Fail('corrupt');
  const out = thumbs.length
    ? await encodeThumbs(
        thumbs,
        (big) => sharp(input, opts).rotate().resize(big, big, { fit: 'inside', withoutEnlargement: true }),
        p.ext ?? '',
      )
    : [];
  const dated = wantMeta ? await photoDate(input) : null;
  return { width: meta.width, height: meta.height, orientation: meta.orientation ?? 1, dated, thumbs: out };
}

/** Every target from one shrunk decode: WebP thumbnails, and a JPEG for a `format: 'jpeg'` target. */
async function encodeThumbs(thumbs: ThumbTarget[], shrunk: (px: number) => Sharp, ext: string): Promise<Encoded[]> {
  const out: Encoded[] = [];
  try {
    const big = Math.max(...thumbs.map((t) => t.px));
    const { data, info } = await shrunk(big).raw().toBuffer({ resolveWithObject: true });
    for (const t of thumbs) {
      const img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      if (t.px < big) img.resize(t.px, t.px, { fit: 'inside', withoutEnlargement: true });
      if (t.format === 'jpeg')
        out.push({
          t,
          bytes: await img
            .flatten({ background: '#ffffff' })
            .jpeg({ quality: DISPLAY_JPEG.quality, mozjpeg: false })
            .toBuffer(),
        });
      else out.push({ t, bytes: await webpOf(img, t.px) });
    }
  } catch (e) {
    throw imageFail(e, ext);
  }
  return out;
}

async function heicFacts(
  p: Pending,
  thumbs: ThumbTarget[],
  limitPixels: number,
  wantMeta: boolean,
): Promise<PhotoFacts> {
  const bytes = p.buf ?? readWhole(p.file!);
  const pic = await decodeHeic(bytes, thumbs, limitPixels);
  let orientation = 1;
  let dated: Dated | null = null;
  if (wantMeta) {
    // The EXIF item as a TIFF block (exifr misreads some HEIF Exif items: it is read directly then).
    const tiff = heicExifTiff(bytes);
    for (const src of tiff ? [bytes, tiff] : [bytes]) {
      dated ??= await photoDate(src);
      try {
        orientation = (await exifr.orientation(src)) ?? orientation;
      } catch {
        /* no EXIF there */
      }
    }
  }
  const encoded = pic.outputs.map((b, i) => ({
    t: thumbs[i],
    bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  }));
  return { width: pic.width, height: pic.height, orientation, dated, thumbs: encoded };
}

/** A HEIF's EXIF item: 'Exif\0\0' then a TIFF header ('II*\0' / 'MM\0*'); that TIFF block, or null. */
function heicExifTiff(bytes: Buffer): Buffer | null {
  for (let at = 0, n = 0; n < 8 && (at = bytes.indexOf('Exif\0\0', at, 'latin1')) >= 0; at += 6, n++) {
    const h = bytes.toString('latin1', at + 6, at + 10);
    if (h === 'II*\0' || h === 'MM\0*') return bytes.subarray(at + 6);
  }
  return null;
}

/** Copies a large original chunk by chunk, checking that it still has the hash we decided on. */
function copyLarge(p: Pending, partial: string): void {
  const fdIn = fs.openSync(p.file!, READ_NOFOLLOW);
  const fdOut = fs.openSync(partial, 'wx');
  const h = crypto.createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHUNK);
  try {
    for (let n; (n = fs.readSync(fdIn, chunk, 0, CHUNK, null)) > 0;) {
      if (Atomics.load(abortFlag, 0)) throw new Fail('cancelled');
      h.update(chunk.subarray(0, n));
      let off = 0;
      while (off < n) off += fs.writeSync(fdOut, chunk, off, n - off);
    }
    fs.fsyncSync(fdOut);
  } finally {
    fs.closeSync(fdIn);
    fs.closeSync(fdOut);
  }
  if (h.digest('hex') !== p.sha) throw new Fail('changed');
}

/** Writes and fsyncs the in-memory original under its temporary name, off this thread (libuv pool). */
async function writeDurablyAsync(file: string, buf: Buffer): Promise<void> {
  const fh = await fs.promises.open(file, 'wx');
  try {
    await fh.writeFile(buf);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function store(msg: Extract<WorkerRequest, { type: 'store' }>): Promise<Stored> {
  const p = pending.get(msg.id);
  if (!p) throw new Fail('internal', 'no pending file');
  p.ext = msg.ext;
  p.kind = msg.kind;
  const written: string[] = [];
  try {
    // The original is written and fsynced while the photo is decoded (disk and CPU overlap);
    // it is renamed into place only once the photo proved good.
    let writing: Promise<void> | null = null;
    const original = msg.original;
    if (original) {
      fs.mkdirSync(original.dir, { recursive: true });
      written.push(original.partial);
      writing = p.buf
        ? writeDurablyAsync(original.partial, p.buf)
        : Promise.resolve().then(() => copyLarge(p, original.partial));
      writing.catch(() => {}); // awaited below; a decode failure must not leave it unhandled
    }
    let facts: PhotoFacts = { width: null, height: null, orientation: null, dated: null, thumbs: [] };
    try {
      if (p.kind === 'photo') facts = await photoFacts(p, msg.thumbs ?? [], msg.limitPixels, msg.wantMeta);
      else if (p.kind === 'video' && msg.wantMeta) {
        try {
          facts.dated = videoDateOf(p);
        } catch {
          /* unreadable header: dated by the caller */
        }
      }
    } finally {
      await writing?.catch(() => {});
    }
    if (writing && original) {
      await writing;
      fs.renameSync(original.partial, original.final);
      written.pop();
    }
    // Thumbnails are a cache: no fsync, but never a torn file under the final name.
    for (const { t, bytes } of facts.thumbs) {
      fs.mkdirSync(t.dir, { recursive: true });
      written.push(t.partial);
      fs.writeFileSync(t.partial, bytes, { flag: 'wx' });
      fs.renameSync(t.partial, t.final);
      written.pop();
    }
    // No date inside the file: the main thread uses the activity's date, else this file time (不确定).
    return {
      width: facts.width,
      height: facts.height,
      orientation: facts.orientation,
      takenAt: facts.dated?.at ?? null,
      takenSource: facts.dated?.source ?? null,
      fileTime: localIsoDateTime(p.mtime!),
    };
  } catch (e) {
    for (const f of written) rmQuiet(f);
    throw e instanceof Fail ? e : fsFail(e);
  }
}

/** Thumbnails of a stored original whose cache was deleted (no hashing, no copy). */
function regenerate(msg: Extract<WorkerRequest, { type: 'regenerate' }>): Promise<object> {
  return writeThumbsOf({ file: msg.file, buf: null, ext: msg.ext, kind: 'photo' }, msg);
}

/** A video's poster: a frame the page drew (JPEG/PNG/WebP bytes), made into the same two sizes. */
function poster(msg: Extract<WorkerRequest, { type: 'poster' }>): Promise<object> {
  const buf = Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength);
  return writeThumbsOf({ file: null, buf, ext: 'webp', kind: 'photo' }, msg);
}

/** Both sizes are encoded in memory first, so a bad image writes nothing. */
async function writeThumbsOf(p: Pending, msg: { thumbs: ThumbTarget[]; limitPixels: number }): Promise<object> {
  const facts = await photoFacts(p, msg.thumbs, msg.limitPixels, false);
  for (const { t, bytes } of facts.thumbs) {
    fs.mkdirSync(t.dir, { recursive: true });
    try {
      fs.writeFileSync(t.partial, bytes, { flag: 'wx' });
      fs.renameSync(t.partial, t.final);
    } catch (e) {
      rmQuiet(t.partial);
      throw fsFail(e);
    }
  }
  return {};
}

/**
 * One file's session (a task of the pool in workers/pool.ts): answers the requests that come over
 * `port` until `end`, then frees the thread for the next file. Failures are answers, never throws.
 */
export default function session(task: MediaSession): Promise<null> {
  abortFlag = new Int32Array(task.abort);
  heicEntry = task.entry;
  const { port } = task;
  return new Promise((resolve) => {
    port.on('message', async (msg: SessionMessage) => {
      if (msg.type === 'end') {
        pending.clear();
        port.close();
        resolve(null);
        return;
      }
      try {
        let value: unknown;
        if (msg.type === 'hash') value = hashFile(msg);
        else if (msg.type === 'store') value = await store(msg);
        else if (msg.type === 'regenerate') value = await regenerate(msg);
        else if (msg.type === 'poster') value = await poster(msg);
        else if (msg.type === 'forget') value = {};
        else throw new Fail('internal', `unknown message ${(msg as { type: string }).type}`);
        if (msg.type !== 'hash') pending.delete(msg.id);
        port.postMessage({ id: msg.id, ok: true, value });
      } catch (e) {
        pending.delete(msg.id);
        const f = e instanceof Fail ? e : msg.type === 'hash' ? fsFail(e) : imageFail(e, '');
        port.postMessage({ id: msg.id, ok: false, code: f.code, detail: f.detail ?? '' });
      }
    });
  });
}

/** A HEIC decoder thread (a plain worker thread, not the pool's) answers one file and is then ended by the import worker that started it. */
function serveHeic(): void {
  // libheif prints its own complaints with console.log: never onto keji's output.
  console.log = () => {};
  parentPort!.once('message', async (req: HeicRequest) => {
    let answer: HeicAnswer;
    try {
      answer = await renderHeic(req);
    } catch (e) {
      const f = imageFail(e, 'heic');
      answer = { ok: false, code: f.code, detail: f.detail };
    }
    parentPort!.postMessage(answer);
  });
}

if (workerData?.role === 'heic') serveHeic();
