// A video's poster frame, made by this page's own Chromium: no ffmpeg on the teacher's PC and we
// ship none. A detached muted <video> loads the video by id, seeks to min(1 s, duration/10), the
// frame is drawn on a canvas (long edge ≤ 1024 px) and sent to the core (media.savePoster), which
// keeps it where a photo's thumbnails go. One capture at a time, each given CAPTURE_TIMEOUT_MS;
// a format this browser cannot decode (an iPhone HEVC .mov, say) is given up on clearly.
import { useSyncExternalStore } from 'react';
import { THUMB_PX, type MediaSize } from '../../../shared/calls/media';
import { savePoster } from '../../stores/media';
import { mediaUrl } from './mediaUrl';

export const CAPTURE_TIMEOUT_MS = 8000;
/** Where the frame is taken: one second in, or a tenth of a very short clip. */
export const frameTime = (duration: number) => Math.min(1, duration / 10);

/**
 * queued/capturing: on its way. saved: `version` changes the image URLs, so the browser asks
 * again for what was 404. undecodable: this browser cannot decode the video. failed: anything
 * else (timed out, could not be saved). Remembered for this session only, so a video is tried
 * once per session, not once per time its tile scrolls into view.
 */
export type PosterStatus = 'queued' | 'capturing' | 'saved' | 'undecodable' | 'failed';
export interface PosterState {
  status: PosterStatus;
  version: number;
}

const states = new Map<string, PosterState>();
const listeners = new Set<() => void>();
const queue: string[] = [];
let running = false;
let version = 0;

function setState(id: string, status: PosterStatus): void {
  states.set(id, { status, version: ++version });
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
};

/** The capture state of a video (undefined: never asked this session). Re-renders on change. */
export function usePoster(id: string | undefined): PosterState | undefined {
  return useSyncExternalStore(subscribe, () => (id ? states.get(id) : undefined));
}

/** The poster's URL at `size`, made new once a capture was saved (that URL may have been a 404). */
export function posterUrl(id: string, size: Exclude<MediaSize, 'original'>, state: PosterState | undefined): string {
  const url = mediaUrl(id, size);
  return state?.status === 'saved' ? `${url}&v=${state.version}` : url;
}

/** Asks for a poster of video `id`, once per session; `first` puts it ahead of the tiles (the lightbox). */
export function requestPoster(id: string, first = false): void {
  const s = states.get(id);
  if (s?.status === 'queued') {
    if (first) {
      queue.splice(queue.indexOf(id), 1);
      queue.unshift(id);
    }
    return;
  }
  if (s) return;
  if (first) queue.unshift(id);
  else queue.push(id);
  setState(id, 'queued');
  void pump();
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let id = queue.shift(); id; id = queue.shift()) {
      setState(id, 'capturing');
      setState(id, await captureAndSave(id));
    }
  } finally {
    running = false;
  }
}

async function captureAndSave(id: string): Promise<PosterStatus> {
  try {
    const blob = await captureFrame(mediaUrl(id), CAPTURE_TIMEOUT_MS);
    await savePoster(id, await base64Of(blob));
    return 'saved';
  } catch (e) {
    return e instanceof Undecodable ? 'undecodable' : 'failed';
  }
}

/** The browser has no decoder for this video (its container or codec). */
export class Undecodable extends Error {}

/** Chromium's reasons that mean "this format", not "this delivery" (a 404 is only 'Format error'). */
const NO_DECODER =
  /NO_SUPPORTED_STREAMS|DECODER_ERROR_NOT_SUPPORTED|PIPELINE_ERROR_DECODE|DEMUXER_ERROR_COULD_NOT_(OPEN|PARSE)|no supported streams/i;
/** Whether a <video>'s error says the browser cannot decode this video. */
export const cannotDecode = (err: MediaError | null) =>
  !!err && (err.code === err.MEDIA_ERR_DECODE || NO_DECODER.test(err.message));

function whenEvent(v: HTMLVideoElement, name: 'loadedmetadata' | 'loadeddata' | 'seeked'): Promise<void> {
  return new Promise((resolve) => v.addEventListener(name, () => resolve(), { once: true }));
}

async function seek(v: HTMLVideoElement, t: number): Promise<void> {
  const done = whenEvent(v, 'seeked');
  v.currentTime = t;
  await done;
}

/**
 * One frame of the video at `src` as a WebP (JPEG where WebP cannot be encoded), long edge ≤ 1024.
 * Rejects with Undecodable when the browser cannot decode it, with an Error on timeout.
 */
export function captureFrame(src: string, timeoutMs = CAPTURE_TIMEOUT_MS): Promise<Blob> {
  const v = document.createElement('video');
  v.muted = true;
  v.preload = 'auto';
  v.playsInline = true;
  // archive:// from the desktop's page is another origin: without CORS the canvas could not be read.
  if (new URL(src, location.href).origin !== location.origin) v.crossOrigin = 'anonymous';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = new Promise<Blob>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    v.addEventListener(
      'error',
      () => {
        const why = `${v.error?.code ?? ''} ${v.error?.message ?? ''}`;
        reject(cannotDecode(v.error) ? new Undecodable(why) : new Error(why));
      },
      { once: true },
    );
    (async () => {
      await whenEvent(v, 'loadedmetadata');
      // Sound only, or a video track with no decoder here (Chromium then plays the sound alone).
      if (!v.videoWidth || !v.videoHeight) throw new Undecodable('no picture');
      let duration = v.duration;
      if (!Number.isFinite(duration)) {
        // A recording without its length in the header (MediaRecorder's WebM): seeking far past
        // the end makes Chromium read it to the end and learn the length.
        await seek(v, 1e9);
        duration = Number.isFinite(v.duration) ? v.duration : 0;
      }
      const at = frameTime(duration);
      if (at > 0 || v.currentTime !== 0) await seek(v, at);
      if (v.readyState < v.HAVE_CURRENT_DATA) await whenEvent(v, 'loadeddata');
      return await draw(v);
    })().then(resolve, reject);
  });
  v.src = src;
  return frame.finally(() => {
    clearTimeout(timer);
    // Let the decoder and the connection go at once.
    v.removeAttribute('src');
    v.load();
  });
}

async function draw(v: HTMLVideoElement): Promise<Blob> {
  const scale = Math.min(1, THUMB_PX.medium / Math.max(v.videoWidth, v.videoHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(v.videoWidth * scale));
  canvas.height = Math.max(1, Math.round(v.videoHeight * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
  const encode = (type: string, quality: number) => new Promise<Blob | null>((r) => canvas.toBlob(r, type, quality));
  const webp = await encode('image/webp', 0.85);
  if (webp && webp.type === 'image/webp') return webp;
  const jpeg = await encode('image/jpeg', 0.88);
  if (!jpeg) throw new Error('toBlob');
  return jpeg;
}

function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).slice(String(r.result).indexOf(',') + 1));
    r.onerror = () => reject(r.error ?? new Error('read'));
    r.readAsDataURL(blob);
  });
}
