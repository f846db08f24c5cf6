// The one allow-list of media the archive keeps: a file is taken, stored, merged, served, opened
// and exported only when its extension, its kind and its first bytes agree. Every door (import,
// verify/merge, read-only open, serving, app.openMedia, export, the offline viewer) asks here.
// A row from another PC is distrusted like a file: `ext='exe', kind='document',
// original_name='活动总结.docx'` fails the stored-type check whatever the name says.

export type MediaKind = 'photo' | 'video' | 'document';

/** What the first bytes of a file say it is. */
export type Magic = 'jpg' | 'png' | 'gif' | 'webp' | 'heic' | 'avif' | 'mp4' | 'mov' | 'webm' | 'pdf' | 'zip' | 'ole';

interface StoredType {
  kind: MediaKind;
  mime: string;
  magic: readonly Magic[];
}

const PHOTO = (mime: string, magic: Magic): StoredType => ({ kind: 'photo', mime, magic: [magic] });
const VIDEO_ISO: readonly Magic[] = ['mp4', 'mov'];

/** Extensions a media row may carry (lower case, no dot) → kind, served mime type, allowed magic. */
export const STORED_TYPES: Readonly<Record<string, StoredType>> = {
  jpg: PHOTO('image/jpeg', 'jpg'),
  png: PHOTO('image/png', 'png'),
  gif: PHOTO('image/gif', 'gif'),
  webp: PHOTO('image/webp', 'webp'),
  heic: PHOTO('image/heic', 'heic'),
  avif: PHOTO('image/avif', 'avif'),
  mp4: { kind: 'video', mime: 'video/mp4', magic: VIDEO_ISO },
  mov: { kind: 'video', mime: 'video/quicktime', magic: VIDEO_ISO },
  webm: { kind: 'video', mime: 'video/webm', magic: ['webm'] },
  pdf: { kind: 'document', mime: 'application/pdf', magic: ['pdf'] },
  doc: { kind: 'document', mime: 'application/msword', magic: ['ole'] },
  xls: { kind: 'document', mime: 'application/vnd.ms-excel', magic: ['ole'] },
  ppt: { kind: 'document', mime: 'application/vnd.ms-powerpoint', magic: ['ole'] },
  docx: {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ['zip'],
  },
  xlsx: { kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ['zip'] },
  pptx: {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    magic: ['zip'],
  },
};

/** Extensions a file may have when the teacher imports it → the kind it should be. */
export const IMPORT_EXTS: Readonly<Record<string, MediaKind>> = {
  jpeg: 'photo',
  jpe: 'photo',
  jfif: 'photo',
  heif: 'photo',
  hif: 'photo',
  m4v: 'video',
  ...Object.fromEntries(Object.entries(STORED_TYPES).map(([ext, t]) => [ext, t.kind])),
};

/** Lower-case extension of a file name, without the dot ('' when none). */
export const extOf = (name: string): string => {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i + 1).toLowerCase() : '';
};

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** How many leading bytes sniffMagic needs. */
export const MAGIC_BYTES = 64;

/** What the first bytes are, or null for anything the archive does not keep. */
export function sniffMagic(head: Uint8Array): Magic | null {
  const s = (a: number, b: number) => String.fromCharCode(...head.subarray(a, Math.min(b, head.length)));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpg';
  if (head[0] === 0x89 && s(1, 4) === 'PNG') return 'png';
  if (s(0, 4) === 'GIF8') return 'gif';
  if (s(0, 4) === 'RIFF' && s(8, 12) === 'WEBP') return 'webp';
  if (s(4, 8) === 'ftyp') {
    const boxSize = ((head[0] << 24) >>> 0) + (head[1] << 16) + (head[2] << 8) + head[3];
    const size = Math.min(boxSize, head.length);
    const brands = [s(8, 12)];
    for (let o = 16; o + 4 <= size; o += 4) brands.push(s(o, o + 4));
    if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
    if (brands.includes('avif') || brands.includes('avis')) return 'avif';
    if (brands[0] === 'mif1' || brands[0] === 'msf1') return 'heic';
    if (brands[0] === 'qt  ') return 'mov';
    return 'mp4';
  }
  if (['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(s(4, 8))) return 'mov';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  if (s(0, 5) === '%PDF-') return 'pdf';
  if (s(0, 4) === 'PK\x03\x04') return 'zip';
  if (OLE.every((b, i) => head[i] === b)) return 'ole';
  return null;
}

export type MediaRefusal = 'unsupported' | 'notImage' | 'mismatch';

/**
 * A file the teacher imports: what to store it as, decided by its name and its first bytes.
 * A PNG named .jpg is still a photo (stored as .png); a program named .docx is refused.
 */
export function classifyImport(
  nameExt: string,
  head: Uint8Array,
): { ok: true; ext: string; kind: MediaKind } | { ok: false; code: MediaRefusal } {
  const want = IMPORT_EXTS[nameExt];
  if (!want) return { ok: false, code: 'unsupported' };
  const got = sniffMagic(head);
  if (want === 'photo') {
    return got && STORED_TYPES[got]?.kind === 'photo'
      ? { ok: true, ext: got, kind: 'photo' }
      : { ok: false, code: 'notImage' };
  }
  if (want === 'video') {
    if (got === 'webm') return { ok: true, ext: 'webm', kind: 'video' };
    // .m4v is mp4; a .mov with an ISO header stays .mov (QuickTime).
    if (got === 'mp4' || got === 'mov') return { ok: true, ext: nameExt === 'mov' ? 'mov' : 'mp4', kind: 'video' };
    return { ok: false, code: 'mismatch' };
  }
  return got && STORED_TYPES[nameExt].magic.includes(got)
    ? { ok: true, ext: nameExt, kind: 'document' }
    : { ok: false, code: 'mismatch' };
}

/** Why a stored media row (ours or a package's) is not one the archive keeps. */
export type StoredRefusal = 'ext' | 'kind' | 'hash' | 'content';

/**
 * The check every door makes on a row: a known extension, the kind that extension has, a real
 * sha256 (it names the file), and — when the first bytes are given — content of that type.
 */
export function storedTypeProblem(
  row: { ext: unknown; kind: unknown; sha256: unknown },
  head?: Uint8Array,
): StoredRefusal | null {
  const t = typeof row.ext === 'string' && Object.hasOwn(STORED_TYPES, row.ext) ? STORED_TYPES[row.ext] : null;
  if (!t) return 'ext';
  if (row.kind !== t.kind) return 'kind';
  if (typeof row.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(row.sha256)) return 'hash';
  if (head) {
    const got = sniffMagic(head);
    if (!got || !t.magic.includes(got)) return 'content';
  }
  return null;
}

/** Kinds the computer's own program may open (app.openMedia): never a photo decoder's job, never a program. */
export const OPENABLE_KINDS: readonly MediaKind[] = ['document', 'video'];

/** The mime type a stored extension is served as (never what a row says). */
export const mimeOfStored = (ext: string): string =>
  Object.hasOwn(STORED_TYPES, ext) ? STORED_TYPES[ext].mime : 'application/octet-stream';
