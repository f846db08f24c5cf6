// The item itself: a photo (turned, zoomed and moved), a video with its poster, or a document.
import { useEffect, useRef, useState } from 'react';
import type { MediaDetail } from '../../../../shared/calls/media';
import { useT } from '../../../i18n';
import { browserShows, mediaUrl } from '../mediaUrl';
import { cannotDecode } from '../poster';
import { OpenOriginal } from '../OpenOriginal';
import type { useZoom } from './useZoom';

interface Props {
  detail: MediaDetail | null;
  loading: boolean;
  zoom: ReturnType<typeof useZoom>;
  posterSrc: string | undefined;
  onVideoBroken(): void;
  onWheel(deltaY: number): void;
  prev: { disabled: boolean; go(): void };
  next: { disabled: boolean; go(): void };
}

export function LightboxStage({ detail, loading, zoom, posterSrc, onVideoBroken, onWheel, prev, next }: Props) {
  const t = useT();
  const stage = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 900, h: 600 });
  useEffect(() => {
    const measure = () => {
      const el = stage.current;
      if (el && el.clientWidth) setSize({ w: el.clientWidth, h: el.clientHeight });
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [detail]);
  const { scale, pan } = zoom;
  const quarter = detail ? detail.rotation % 180 !== 0 : false;
  // Zoomed in: the full picture (a HEIC's display JPEG, made from the original).
  const showOriginal = detail && scale > 1 && (browserShows(detail.mime) || detail.ext === 'heic');
  return (
    <div
      className={`lb-stage${scale > 1 ? ' zoomed' : ''}`}
      ref={stage}
      onWheel={(e) => onWheel(e.deltaY)}
      {...zoom.dragHandlers}
    >
      <button
        className="lb-nav prev"
        onClick={prev.go}
        disabled={prev.disabled}
        title={t('lightbox.prev')}
        aria-label={t('lightbox.prev')}
      >
        ‹
      </button>
      {loading && <div className="lb-loading">{t('common.loading')}</div>}
      {detail?.kind === 'photo' && (
        <img
          key={detail.id + (showOriginal ? ':o' : ':m')}
          className="lb-photo"
          src={mediaUrl(detail.id, showOriginal ? 'display' : 'medium')}
          alt={detail.caption ?? detail.originalName}
          draggable={false}
          style={{
            maxWidth: quarter ? size.h : size.w,
            maxHeight: quarter ? size.w : size.h,
            transform: `translate(${pan.x}px, ${pan.y}px) rotate(${detail.rotation}deg) scale(${scale})`,
          }}
        />
      )}
      {detail?.kind === 'video' && (
        <video
          key={detail.id}
          className="lb-video"
          src={mediaUrl(detail.id)}
          poster={posterSrc}
          controls
          preload="metadata"
          aria-label={detail.originalName}
          onError={(e) => {
            if (cannotDecode(e.currentTarget.error)) onVideoBroken();
          }}
        />
      )}
      {detail?.kind === 'document' && (
        <div className="lb-document">
          <div className="doc-icon big" aria-hidden="true">
            {detail.ext.toUpperCase()}
          </div>
          <div>{detail.originalName}</div>
          <OpenOriginal id={detail.id} name={detail.originalName} webLabel="lightbox.openDocument" />
        </div>
      )}
      <button
        className="lb-nav next"
        onClick={next.go}
        disabled={next.disabled}
        title={t('lightbox.next')}
        aria-label={t('lightbox.next')}
      >
        ›
      </button>
    </div>
  );
}
