// A video's poster frame. There is no ffmpeg here and we ship none: the page's own Chromium
// decodes the video, draws one frame on a canvas and sends it (renderer/features/gallery/poster.ts).
// The core only checks the frame is a picture and keeps it where a photo's thumbnails go
// (thumbs/ab/<sha256>-<px>.webp), so `?size=thumb|medium` of the video serves it (serve.ts).
import { translate } from '../../../shared/i18n/messages';
import type { Archive } from '../db/open';
import { invalid, KejiError, notFound } from '../errors';
import { writePosterThumbs } from './thumbs';

/** Only what a canvas makes (toBlob): JPEG, PNG or WebP, by their first bytes. SVG and the rest are refused. */
export function isPosterImage(b: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length < 12) return false;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true;
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return true;
  return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
}

/** Saves `imageBase64` as the poster of video `id` (both cached sizes, replacing any earlier one). */
export async function savePoster(a: Archive, id: string, imageBase64: string): Promise<{ ok: true }> {
  if (a.readonly) throw new KejiError('REFUSED', translate('media.poster.readonly'));
  const row = a.db.prepare('SELECT sha256, kind FROM media WHERE id=? AND deleted_at IS NULL').get(id) as
    { sha256: string; kind: string } | undefined;
  if (!row || !/^[0-9a-f]{64}$/.test(row.sha256)) throw notFound(id);
  if (row.kind !== 'video') throw invalid(translate('media.poster.notVideo'), 'id');
  const bytes = Buffer.from(imageBase64, 'base64');
  if (!isPosterImage(bytes)) throw invalid(translate('media.poster.notImage'), 'image');
  const r = await writePosterThumbs(a, row.sha256, bytes);
  if (r.ok) return { ok: true };
  if (r.code === 'tooLarge') throw invalid(translate('media.fail.tooLarge'), 'image');
  if (r.code === 'corrupt' || r.code === 'notImage') throw invalid(translate('media.poster.notImage'), 'image');
  if (r.code === 'diskFull') throw new KejiError('INTERNAL', translate('media.fail.diskFull'));
  throw new KejiError('INTERNAL', r.detail || r.code);
}
