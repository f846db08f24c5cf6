// A video's poster frame: the saved one, else this page draws it first (../poster.ts); and whether
// this browser cannot play the video at all.
import { useEffect, useState } from 'react';
import type { MediaDetail } from '../../../../shared/calls/media';
import { mediaUrl } from '../mediaUrl';
import { posterUrl, requestPoster, usePoster } from '../poster';

export function useVideoPoster(detail: MediaDetail | null) {
  const videoId = detail?.kind === 'video' ? detail.id : undefined;
  const poster = usePoster(videoId);
  const [posterSaved, setPosterSaved] = useState<string | null>(null);
  const [videoBroken, setVideoBroken] = useState(false);
  useEffect(() => {
    setPosterSaved(null);
    setVideoBroken(false);
    if (!videoId) return;
    let live = true;
    const probe = new Image();
    probe.onload = () => {
      if (live) setPosterSaved(videoId);
    };
    probe.onerror = () => {
      if (live) requestPoster(videoId, true);
    };
    probe.src = mediaUrl(videoId, 'medium');
    return () => {
      live = false;
    };
  }, [videoId]);
  const src =
    videoId && (poster?.status === 'saved' || posterSaved === videoId)
      ? posterUrl(videoId, 'medium', poster)
      : undefined;
  return { src, status: poster?.status, videoBroken, setVideoBroken };
}
