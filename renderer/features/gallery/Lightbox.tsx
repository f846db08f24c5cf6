// The lightbox: one photo (or video, or document) at a time. ← → move, + − 0 zoom, R turns the
// photo for display (saved; the original is never changed), Esc closes. The caption, covers,
// links and the trash are beside it. The item and its edits are the media store's (useMediaDetail);
// its parts live in ./lightbox/: zoom and drag (useZoom), a video's poster (useVideoPoster), the
// stage and the side.
import { useCallback, useEffect, useRef } from 'react';
import type { Rotation } from '../../../shared/calls/media';
import { useT } from '../../i18n';
import { useMediaDetail, useMediaItem } from '../../stores/media';
import { OpenOriginal } from './OpenOriginal';
import { LightboxSide } from './lightbox/LightboxSide';
import { LightboxStage } from './lightbox/LightboxStage';
import { useVideoPoster } from './lightbox/useVideoPoster';
import { useZoom } from './lightbox/useZoom';

interface Props {
  index: number;
  total: number;
  /** The id at a position, once its page is loaded. */
  idAt(i: number): string | undefined;
  ensure(i: number): void;
  onIndex(i: number): void;
  onClose(): void;
  /** After an edit that changes what the gallery shows (links, trash). */
  onChanged(): void;
  /** After a turn for display: the tile turns too. */
  onRotated(id: string, rotation: Rotation): void;
}

export function Lightbox({ index, total, idAt, ensure, onIndex, onClose, onChanged, onRotated }: Props) {
  const t = useT();
  const id = idAt(index);
  const { detail, error, note, edit, preview } = useMediaDetail(id);
  const zoom = useZoom(id);
  const poster = useVideoPoster(detail);
  const closeBtn = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    ensure(index);
    ensure(Math.min(total - 1, index + 1));
  }, [index, total, ensure]);
  useEffect(() => {
    closeBtn.current?.focus();
  }, []);

  const go = useCallback(
    (d: number) => {
      const next = index + d;
      if (next >= 0 && next < total) onIndex(next);
    },
    [index, total, onIndex],
  );

  const rotate = useCallback(async () => {
    if (!detail || detail.kind !== 'photo') return;
    const rotation = ((detail.rotation + 90) % 360) as Rotation;
    preview({ ...detail, rotation }); // turned at once; the core's answer follows
    if (await edit(() => useMediaItem.getState().rotate(detail.id, rotation))) onRotated(detail.id, rotation);
  }, [detail, edit, preview, onRotated]);

  const { zoomIn, zoomOut, reset } = zoom;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
        return;
      }
      if (typing) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') {
        e.preventDefault();
        go(1);
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        go(-1);
      } else if (e.key === 'Home') {
        e.preventDefault();
        onIndex(0);
      } else if (e.key === 'End') {
        e.preventDefault();
        onIndex(total - 1);
      } else if (e.key === '+' || e.key === '=') zoomIn();
      else if (e.key === '-') zoomOut();
      else if (e.key === '0') reset();
      else if (e.key.toLowerCase() === 'r') void rotate();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, onClose, onIndex, rotate, total, zoomIn, zoomOut, reset]);

  return (
    <div
      className="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={detail?.originalName ?? t('gallery.loadingTile')}
    >
      <div className="lb-main">
        <div className="lb-top">
          <span className="lb-pos">{t('lightbox.position', { i: index + 1, n: total })}</span>
          <span className="lb-name" title={detail?.originalName}>
            {detail?.originalName}
          </span>
          {detail?.kind === 'photo' && (
            <>
              <button onClick={zoomOut} title={t('lightbox.zoomOut')} aria-label={t('lightbox.zoomOut')}>
                −
              </button>
              <span className="lb-zoom">{Math.round(zoom.scale * 100)}%</span>
              <button onClick={zoomIn} title={t('lightbox.zoomIn')} aria-label={t('lightbox.zoomIn')}>
                +
              </button>
              <button onClick={() => void rotate()} title={t('lightbox.rotate')}>
                {t('lightbox.rotate')}
              </button>
            </>
          )}
          <button
            ref={closeBtn}
            className="lb-close"
            onClick={onClose}
            title={t('lightbox.close')}
            aria-label={t('lightbox.close')}
          >
            ✕
          </button>
        </div>
        <LightboxStage
          detail={detail}
          loading={!detail && !error}
          zoom={zoom}
          posterSrc={poster.src}
          onVideoBroken={() => poster.setVideoBroken(true)}
          onWheel={(dy) => {
            if (detail?.kind === 'photo') {
              if (dy < 0) zoomIn();
              else zoomOut();
            }
          }}
          prev={{ disabled: index === 0, go: () => go(-1) }}
          next={{ disabled: index >= total - 1, go: () => go(1) }}
        />
      </div>
      <aside className="lb-side">
        {error && (
          <div role="alert" className="banner error">
            {error}
          </div>
        )}
        {note && (
          <div role="status" className="banner ok">
            {note}
          </div>
        )}
        {detail && (
          <>
            {detail.kind === 'video' && (poster.status === 'undecodable' || poster.videoBroken) && (
              <p role="status" className="banner warn small lb-poster-note">
                {t('lightbox.posterUndecodable')}
                <br />
                <OpenOriginal id={detail.id} name={detail.originalName} webLabel="lightbox.downloadVideo" />
              </p>
            )}
            {detail.kind === 'video' && poster.status === 'failed' && !poster.videoBroken && (
              <p role="status" className="muted small lb-poster-note">
                {t('lightbox.posterFailed')}
              </p>
            )}
            <LightboxSide key={detail.id} detail={detail} edit={edit} onChanged={onChanged} />
          </>
        )}
      </aside>
    </div>
  );
}
