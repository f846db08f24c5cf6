// The lightbox: one photo (or video, or document) at a time. ← → move, + − 0 zoom, R turns the
// photo for display (saved; the original is never changed), Esc closes. The caption, covers,
// links and the trash are beside it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaDetail, Rotation } from '../../../shared/calls/media';
import { formatDateZh } from '../../../shared/domain/format';
import { Picker } from '../../components/Picker';
import { useT } from '../../i18n';
import { client } from '../../stores/app';
import { browserShows, mediaUrl } from './mediaUrl';
import { cannotDecode, posterUrl, requestPoster, usePoster } from './poster';
import { OpenOriginal } from './OpenOriginal';

const ZOOMS = [1, 1.5, 2, 3, 4] as const;

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
  const [detail, setDetail] = useState<MediaDetail | null>(null);
  const [caption, setCaption] = useState('');
  const [zoom, setZoom] = useState(0);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [linkTo, setLinkTo] = useState('');
  const stage = useRef<HTMLDivElement>(null);
  const [stageSize, setStageSize] = useState({ w: 900, h: 600 });
  const closeBtn = useRef<HTMLButtonElement>(null);

  useEffect(() => { ensure(index); ensure(Math.min(total - 1, index + 1)); }, [index, total, ensure]);
  useEffect(() => {
    setZoom(0); setPan({ x: 0, y: 0 }); setNote(null); setError(null);
    if (!id) { setDetail(null); return; }
    let live = true;
    client().call('media.get', { id }).then((d) => { if (live) { setDetail(d); setCaption(d.caption ?? ''); } }).catch((e) => live && setError((e as Error).message));
    return () => { live = false; };
  }, [id]);
  useEffect(() => { closeBtn.current?.focus(); }, []);
  useEffect(() => {
    const measure = () => {
      const el = stage.current;
      if (el && el.clientWidth) setStageSize({ w: el.clientWidth, h: el.clientHeight });
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [detail]);

  const go = useCallback((d: number) => {
    const next = index + d;
    if (next >= 0 && next < total) onIndex(next);
  }, [index, total, onIndex]);

  const rotate = useCallback(async () => {
    if (!detail || detail.kind !== 'photo') return;
    const rotation = (((detail.rotation + 90) % 360) as Rotation);
    setDetail({ ...detail, rotation });
    try {
      setDetail(await client().call('media.update', { id: detail.id, rotation }));
      onRotated(detail.id, rotation);
    } catch (e) { setError((e as Error).message); }
  }, [detail, onRotated]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === 'Escape') { e.preventDefault(); onClose(); return; }
      if (typing) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); go(1); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(-1); }
      else if (e.key === 'Home') { e.preventDefault(); onIndex(0); }
      else if (e.key === 'End') { e.preventDefault(); onIndex(total - 1); }
      else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
      else if (e.key === '-') setZoom((z) => { if (z <= 1) setPan({ x: 0, y: 0 }); return Math.max(0, z - 1); });
      else if (e.key === '0') { setZoom(0); setPan({ x: 0, y: 0 }); }
      else if (e.key.toLowerCase() === 'r') void rotate();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, onClose, onIndex, rotate, total]);

  const saveCaption = async () => {
    if (!detail) return;
    try {
      setDetail(await client().call('media.update', { id: detail.id, caption: caption.trim() || null }));
      setNote(t('lightbox.saved'));
    } catch (e) { setError((e as Error).message); }
  };
  const setCover = async (kind: 'activity' | 'award', targetId: string) => {
    if (!detail) return;
    try { setDetail(await client().call('media.setCover', { id: detail.id, target: { kind, id: targetId } })); setNote(t('lightbox.saved')); }
    catch (e) { setError((e as Error).message); }
  };
  const unlink = async (kind: 'activity' | 'work' | 'award' | 'person', targetId: string) => {
    if (!detail) return;
    try { await client().call('media.unlink', { ids: [detail.id], target: { kind, id: targetId } }); setDetail(await client().call('media.get', { id: detail.id })); onChanged(); }
    catch (e) { setError((e as Error).message); }
  };
  const link = async () => {
    if (!detail || !linkTo) return;
    try { await client().call('media.link', { ids: [detail.id], target: { kind: 'activity', id: linkTo } }); setDetail(await client().call('media.get', { id: detail.id })); setLinkTo(''); onChanged(); }
    catch (e) { setError((e as Error).message); }
  };
  const trash = async () => {
    if (!detail) return;
    try {
      await client().call('trash.delete', { kind: 'media', id: detail.id });
      setNote(t('lightbox.trashed'));
      onChanged();
    } catch (e) { setError((e as Error).message); }
  };

  // A video's poster frame: the saved one, else this page draws it first (poster.ts).
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
    probe.onload = () => { if (live) setPosterSaved(videoId); };
    probe.onerror = () => { if (live) requestPoster(videoId, true); };
    probe.src = mediaUrl(videoId, 'medium');
    return () => { live = false; };
  }, [videoId]);
  const posterSrc = videoId && (poster?.status === 'saved' || posterSaved === videoId) ? posterUrl(videoId, 'medium', poster) : undefined;

  // Drag to move a zoomed photo.
  const drag = useRef<{ x: number; y: number; px: number; py: number } | null>(null);
  const scale = ZOOMS[zoom];
  const quarter = detail ? detail.rotation % 180 !== 0 : false;
  // Zoomed in: the full picture (a HEIC's display JPEG, made from the original).
  const showOriginal = detail && scale > 1 && (browserShows(detail.mime) || detail.ext === 'heic');

  return (
    <div className="lightbox" role="dialog" aria-modal="true" aria-label={detail?.originalName ?? t('gallery.loadingTile')}>
      <div className="lb-main">
        <div className="lb-top">
          <span className="lb-pos">{t('lightbox.position', { i: index + 1, n: total })}</span>
          <span className="lb-name" title={detail?.originalName}>{detail?.originalName}</span>
          {detail?.kind === 'photo' && (
            <>
              <button onClick={() => setZoom((z) => Math.max(0, z - 1))} title={t('lightbox.zoomOut')} aria-label={t('lightbox.zoomOut')}>−</button>
              <span className="lb-zoom">{Math.round(scale * 100)}%</span>
              <button onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} title={t('lightbox.zoomIn')} aria-label={t('lightbox.zoomIn')}>+</button>
              <button onClick={() => void rotate()} title={t('lightbox.rotate')}>{t('lightbox.rotate')}</button>
            </>
          )}
          <button ref={closeBtn} className="lb-close" onClick={onClose} title={t('lightbox.close')} aria-label={t('lightbox.close')}>✕</button>
        </div>
        <div
          className={`lb-stage${scale > 1 ? ' zoomed' : ''}`}
          ref={stage}
          onWheel={(e) => { if (detail?.kind === 'photo') setZoom((z) => Math.max(0, Math.min(ZOOMS.length - 1, z + (e.deltaY < 0 ? 1 : -1)))); }}
          onPointerDown={(e) => { if (scale > 1) { drag.current = { x: e.clientX, y: e.clientY, px: pan.x, py: pan.y }; (e.target as Element).setPointerCapture?.(e.pointerId); } }}
          onPointerMove={(e) => { const d = drag.current; if (d) setPan({ x: d.px + e.clientX - d.x, y: d.py + e.clientY - d.y }); }}
          onPointerUp={() => { drag.current = null; }}
        >
          <button className="lb-nav prev" onClick={() => go(-1)} disabled={index === 0} title={t('lightbox.prev')} aria-label={t('lightbox.prev')}>‹</button>
          {!detail && !error && <div className="lb-loading">{t('common.loading')}</div>}
          {detail?.kind === 'photo' && (
            <img
              key={detail.id + (showOriginal ? ':o' : ':m')}
              className="lb-photo"
              src={mediaUrl(detail.id, showOriginal ? 'display' : 'medium')}
              alt={detail.caption ?? detail.originalName}
              draggable={false}
              style={{
                maxWidth: quarter ? stageSize.h : stageSize.w,
                maxHeight: quarter ? stageSize.w : stageSize.h,
                transform: `translate(${pan.x}px, ${pan.y}px) rotate(${detail.rotation}deg) scale(${scale})`,
              }}
            />
          )}
          {detail?.kind === 'video' && (
            <video key={detail.id} className="lb-video" src={mediaUrl(detail.id)} poster={posterSrc} controls preload="metadata" aria-label={detail.originalName}
              onError={(e) => { if (cannotDecode(e.currentTarget.error)) setVideoBroken(true); }} />
          )}
          {detail?.kind === 'document' && (
            <div className="lb-document">
              <div className="doc-icon big" aria-hidden="true">{detail.ext.toUpperCase()}</div>
              <div>{detail.originalName}</div>
              <OpenOriginal id={detail.id} name={detail.originalName} webLabel="lightbox.openDocument" />
            </div>
          )}
          <button className="lb-nav next" onClick={() => go(1)} disabled={index >= total - 1} title={t('lightbox.next')} aria-label={t('lightbox.next')}>›</button>
        </div>
      </div>
      <aside className="lb-side">
        {error && <div role="alert" className="banner error">{error}</div>}
        {note && <div role="status" className="banner ok">{note}</div>}
        {detail && (
          <>
            {detail.kind === 'video' && (poster?.status === 'undecodable' || videoBroken) && (
              <p role="status" className="banner warn small lb-poster-note">
                {t('lightbox.posterUndecodable')}<br />
                <OpenOriginal id={detail.id} name={detail.originalName} webLabel="lightbox.downloadVideo" />
              </p>
            )}
            {detail.kind === 'video' && poster?.status === 'failed' && !videoBroken && <p role="status" className="muted small lb-poster-note">{t('lightbox.posterFailed')}</p>}
            <dl className="lb-facts">
              {detail.takenAt && <><dt>{t('lightbox.takenAt')}</dt><dd>{formatDateZh(detail.takenAt.slice(0, 10))} {detail.takenSource === 'activity' ? '' : detail.takenAt.slice(11, 16)}</dd></>}
              {detail.takenSource && <><dt>{t('lightbox.takenSource')}</dt><dd className={`lb-source src-${detail.takenSource}`}>{t(`lightbox.takenSource.${detail.takenSource}`)}</dd></>}
              <dt>{t('lightbox.size')}</dt><dd>{formatBytes(detail.size)}{detail.width ? ` · ${detail.width}×${detail.height}` : ''}</dd>
            </dl>
            <label className="lb-caption">
              <span>{t('lightbox.caption')}</span>
              <textarea value={caption} rows={3} maxLength={500} placeholder={t(detail.kind === 'photo' ? 'lightbox.captionPlaceholder' : `lightbox.captionPlaceholder.${detail.kind}`)} onChange={(e) => setCaption(e.target.value)} />
            </label>
            <button onClick={() => void saveCaption()} disabled={(detail.caption ?? '') === caption.trim()}>{t('lightbox.saveCaption')}</button>
            <h3>{t('lightbox.links')}</h3>
            {detail.links.length === 0 && <p className="muted small">{t('lightbox.noLinks')}</p>}
            <ul className="lb-links">
              {detail.links.map((l) => (
                <li key={`${l.kind}:${l.id}`}>
                  <div className="lb-link-title">{l.title}{l.date ? <span className="muted"> · {formatDateZh(l.date)}</span> : null}</div>
                  <div className="lb-link-actions">
                    {detail.kind === 'photo' && l.kind === 'activity' && (l.isCover
                      ? <span className="chip">{t('lightbox.isCover', { title: l.title })}</span>
                      : <button className="small" onClick={() => void setCover('activity', l.id)}>{t('lightbox.setCover', { title: l.title })}</button>)}
                    {detail.kind === 'photo' && l.kind === 'award' && !l.isCover && <button className="small" onClick={() => void setCover('award', l.id)}>{t('lightbox.setCertificate')}</button>}
                    <button className="small" onClick={() => void unlink(l.kind, l.id)}>{t('lightbox.unlink')}</button>
                  </div>
                </li>
              ))}
            </ul>
            <div className="lb-linkto">
              <Picker kind="activity" label={t('lightbox.linkTo')} value={linkTo} onChange={(id) => setLinkTo(id)}
                exclude={detail.links.map((l) => l.id)} className="lb-picker" />
              <button className="small" disabled={!linkTo} onClick={() => void link()}>{t('common.save')}</button>
            </div>
            <button className="gallery-danger" onClick={() => void trash()}>{t('lightbox.trash')}</button>
          </>
        )}
      </aside>
    </div>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
