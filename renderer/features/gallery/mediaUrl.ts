// Media reach the page by id only: archive://media/<id> in the desktop app, /media/<id> in the browser.
import type { MediaSize } from '../../../shared/calls/media';

export function mediaUrl(id: string, size: MediaSize = 'original'): string {
  const base = typeof window !== 'undefined' && window.keji ? `archive://media/${id}` : `/media/${id}`;
  return size === 'original' ? base : `${base}?size=${size}`;
}

/** Whether the browser can show this original itself (HEIC cannot; its WebP is used instead). */
export const browserShows = (mime: string) => /^image\/(jpeg|png|webp|gif|avif)$/.test(mime);
