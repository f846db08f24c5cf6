// 相册: the archive's photos, videos and documents grouped by 学年 / month / activity, with
// filters, a windowed grid, the lightbox, 从U盘导入, and the certificate wall.
import { Tabs } from '../../components/Tabs';
import { useState } from 'react';
import type { MediaGroup, MediaItem, TakenTime } from '../../../shared/calls/media';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import { formatDateZh } from '../../../shared/domain/format';
import { Picker } from '../../components/Picker';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { useGallery, useGalleryShown, type GalleryFilter } from '../../stores/gallery';
import { useAttachDrop } from './AttachZone';
import { ImportDialog } from './ImportDialog';
import { CertificateWall } from './CertificateWall';
import { Lightbox } from './Lightbox';
import { RetimeDialog } from './RetimeDialog';
import { VirtualGrid } from './VirtualGrid';
import { mediaUrl } from './mediaUrl';
import { posterUrl, requestPoster, usePoster } from './poster';
import './gallery.css';

const GALLERY_TABS = ['all', 'certificates'] as const;

export function GalleryPage() {
  const t = useT();
  const info = useApp((s) => s.info);
  const g = useGallery();
  const [tab, setTab] = useState<(typeof GALLERY_TABS)[number]>('all');
  const [showImport, setShowImport] = useState(false);
  const [tag, setTag] = useState(g.filter.tag ?? '');
  // 选择 → 调整拍摄时间; the last adjustment can be undone (撤销) from the note it leaves.
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [retiming, setRetiming] = useState(false);
  const [retimed, setRetimed] = useState<{ text: string; before: TakenTime[] | null } | null>(null);
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const endSelect = () => {
    setSelecting(false);
    setSelected(new Set());
  };
  // Photos or whole folders dropped on the 相册 are imported; the import dialog shows how it goes.
  const drop = useAttachDrop(undefined, () => setShowImport(true));

  useGalleryShown();

  const f = g.filter;
  const filtered = Object.keys(f).some((k) => k !== 'groupBy');
  const busy = g.importing.phase === 'uploading' || g.importing.phase === 'importing';

  const header = (grp: MediaGroup) => (
    <h2 className="vgrid-title">
      {groupLabel(grp, f.groupBy, t)}
      {grp.date && <span className="muted"> · {formatDateZh(grp.date)}</span>}
      <span className="muted count">（{grp.count}）</span>
    </h2>
  );
  const tile = (item: MediaItem | undefined, index: number) => (
    <Tile
      item={item}
      index={index}
      onOpen={
        selecting
          ? (i) => {
              const it = g.itemAt(i);
              if (it) toggle(it.id);
            }
          : g.open
      }
      fresh={!!item && g.fresh.has(item.id)}
      selected={selecting ? !!item && selected.has(item.id) : undefined}
    />
  );

  return (
    <section
      className={`page gallery-page attach-target${drop.over ? ' over' : ''}`}
      aria-labelledby="gallery-title"
      {...drop.props}
    >
      <header className="page-header">
        <h1 id="gallery-title">{t('gallery.title')}</h1>
        <Tabs
          className="tabs"
          label={t('gallery.title')}
          tabs={GALLERY_TABS}
          current={tab}
          onChange={setTab}
          idPrefix="gallery-"
          panels={false}
          tabClass={(on) => (on ? 'tab active' : 'tab')}
        >
          {(k) => t(`gallery.tab.${k}`)}
        </Tabs>
        {tab === 'all' && <span className="muted gallery-count">{t('gallery.count', { n: g.total })}</span>}
        {busy && !showImport && (
          <button className="import-chip" onClick={() => setShowImport(true)}>
            <progress max={Math.max(1, g.importing.total)} value={g.importing.done} aria-hidden="true" />
            {t('gallery.import.running', { done: g.importing.done, total: g.importing.total })}
          </button>
        )}
        {tab === 'all' && (
          <button
            className="gallery-select"
            aria-pressed={selecting}
            onClick={() => (selecting ? endSelect() : setSelecting(true))}
          >
            {t(selecting ? 'gallery.select.done' : 'gallery.select')}
          </button>
        )}
        <button className="primary" onClick={() => setShowImport(true)} title={t('attach.galleryDrop')}>
          {t('gallery.import')}
        </button>
      </header>
      {tab === 'all' && selecting && (
        <div className="gallery-selectbar" role="toolbar" aria-label={t('gallery.select')}>
          <span>{selected.size ? t('gallery.select.count', { n: selected.size }) : t('gallery.select.none')}</span>
          <button disabled={!selected.size} onClick={() => setRetiming(true)}>
            {t('gallery.retime')}
          </button>
        </div>
      )}
      {tab === 'all' && retimed && (
        <div role="status" className="banner ok gallery-retimed">
          {retimed.text}
          {retimed.before && (
            <>
              {' '}
              ·{' '}
              <button
                className="link-button"
                onClick={() => {
                  const before = retimed.before!;
                  g.restoreTimes(before).then(
                    () => setRetimed({ text: t('gallery.retime.undone'), before: null }),
                    (e: unknown) => setRetimed({ text: (e as Error).message, before }),
                  );
                }}
              >
                {t('gallery.retime.undo')}
              </button>
            </>
          )}
        </div>
      )}

      <div className="gallery-filters" role="group" aria-label={t('common.search')}>
        {tab === 'all' && f.target && (
          <span className="chip gallery-target" data-kind={f.target.kind}>
            {t('attach.onlyOf', { kind: t(`attach.kind.${f.target.kind}`) })}
            <button
              type="button"
              className="link-button"
              aria-label={t('gallery.filter.clear')}
              onClick={() => g.setFilter({ target: undefined })}
            >
              ✕
            </button>
          </span>
        )}
        {tab === 'all' && (
          <label>
            <span>{t('gallery.groupBy')}</span>
            <select
              value={f.groupBy}
              onChange={(e) => g.setFilter({ groupBy: e.target.value as GalleryFilter['groupBy'] })}
            >
              <option value="month">{t('gallery.groupBy.month')}</option>
              <option value="year">{t('gallery.groupBy.year')}</option>
              <option value="activity">{t('gallery.groupBy.activity')}</option>
            </select>
          </label>
        )}
        <label>
          <span>{t('gallery.filter.year')}</span>
          <select
            value={f.schoolYear ?? ''}
            onChange={(e) => g.setFilter({ schoolYear: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">{t('common.all')}</option>
            {info?.schoolYears.map((y) => (
              <option key={y} value={y}>
                {schoolYearLabel(y)}
              </option>
            ))}
          </select>
        </label>
        {tab === 'all' && (
          <>
            <label>
              <span>{t('gallery.filter.month')}</span>
              <input
                type="month"
                value={f.month ?? ''}
                onChange={(e) => g.setFilter({ month: e.target.value || undefined })}
              />
            </label>
            <label>
              <span>{t('gallery.filter.activity')}</span>
              <Picker
                kind="activity"
                label={t('gallery.filter.activity')}
                emptyLabel={t('common.all')}
                className="gallery-picker"
                value={f.activityId ?? ''}
                onChange={(id) => g.setFilter({ activityId: id || undefined })}
              />
            </label>
            <label>
              <span>{t('gallery.filter.kind')}</span>
              <select
                value={f.kind ?? ''}
                onChange={(e) => g.setFilter({ kind: (e.target.value || undefined) as GalleryFilter['kind'] })}
              >
                <option value="">{t('common.all')}</option>
                <option value="photo">{t('gallery.kind.photo')}</option>
                <option value="video">{t('gallery.kind.video')}</option>
                <option value="document">{t('gallery.kind.document')}</option>
              </select>
            </label>
            <label>
              <span>{t('gallery.filter.person')}</span>
              <Picker
                kind="person"
                label={t('gallery.filter.person')}
                emptyLabel={t('common.all')}
                className="gallery-picker"
                value={f.personId ?? ''}
                onChange={(id) => g.setFilter({ personId: id || undefined })}
              />
            </label>
            <label>
              <span>{t('gallery.filter.tag')}</span>
              <input
                value={tag}
                size={8}
                onChange={(e) => setTag(e.target.value)}
                onBlur={() => g.setFilter({ tag: tag.trim() || undefined })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') g.setFilter({ tag: tag.trim() || undefined });
                }}
              />
            </label>
            <label>
              <input
                type="checkbox"
                checked={!!f.dateUncertain}
                onChange={(e) => g.setFilter({ dateUncertain: e.target.checked || undefined })}
              />
              <span>{t('gallery.filter.uncertain')}</span>
            </label>
            {filtered && (
              <button
                className="link-button"
                onClick={() => {
                  setTag('');
                  g.clearFilter();
                }}
              >
                {t('gallery.filter.clear')}
              </button>
            )}
          </>
        )}
      </div>

      {g.error && (
        <div role="alert" className="banner error">
          {g.error}
        </div>
      )}
      {tab === 'all' && g.hiddenNew > 0 && (
        <div role="status" className="banner warn gallery-hidden-new">
          {t('gallery.import.hidden', { n: g.hiddenNew })} ·{' '}
          <button
            className="link-button"
            onClick={() => {
              setTag('');
              void g.showAllNew();
            }}
          >
            {t('gallery.import.showAll')}
          </button>
        </div>
      )}
      {tab === 'certificates' ? (
        <div className="cert-scroll">
          <CertificateWall schoolYear={f.schoolYear} />
        </div>
      ) : g.loaded && g.total === 0 ? (
        <p className="muted empty-note">{t(filtered ? 'gallery.emptyFiltered' : 'gallery.empty')}</p>
      ) : (
        <VirtualGrid
          groups={g.groups}
          itemAt={g.itemAt}
          ensure={g.ensure}
          renderHeader={header}
          renderTile={tile}
          label={t('gallery.title')}
          focusIndex={g.lightbox}
          onOpen={
            selecting
              ? (i) => {
                  const it = g.itemAt(i);
                  if (it) toggle(it.id);
                }
              : g.open
          }
          resetKey={JSON.stringify(f)}
          reveal={g.reveal}
        />
      )}

      {tab === 'all' && g.lightbox !== null && (
        <Lightbox
          index={g.lightbox}
          total={g.total}
          idAt={(i) => g.itemAt(i)?.id}
          ensure={(i) => g.ensure(i, i)}
          onIndex={g.open}
          onClose={() => g.open(null)}
          onChanged={() => void g.reload()}
          onRotated={(id, rotation) => g.patchItem(id, { rotation })}
        />
      )}
      {retiming && (
        <RetimeDialog
          ids={[...selected]}
          onClose={() => setRetiming(false)}
          onDone={(n, before) => {
            setRetiming(false);
            endSelect();
            setRetimed({ text: t('gallery.retime.done', { n }), before });
          }}
        />
      )}
      {showImport && <ImportDialog onClose={() => setShowImport(false)} defaultActivityId={f.activityId} />}
    </section>
  );
}

function Tile({
  item,
  index,
  onOpen,
  fresh,
  selected,
}: {
  item: MediaItem | undefined;
  index: number;
  onOpen(i: number): void;
  fresh?: boolean;
  selected?: boolean;
}) {
  const t = useT();
  if (!item) return <div className="tile placeholder" aria-label={t('gallery.loadingTile')} />;
  const label = item.caption ?? item.originalName;
  return (
    <button
      className={`tile tile-${item.kind}${fresh ? ' fresh' : ''}${selected ? ' selected' : ''}`}
      onClick={() => onOpen(index)}
      aria-label={label}
      title={label}
      data-index={index}
      data-item={index}
      data-id={item.id}
      aria-pressed={selected}
    >
      {selected !== undefined && (
        <span className={selected ? 'tile-check on' : 'tile-check'} aria-hidden="true">
          ✓
        </span>
      )}
      {item.kind === 'photo' && (
        <img
          src={mediaUrl(item.id, 'thumb')}
          alt=""
          decoding="async"
          draggable={false}
          onError={(e) => e.currentTarget.classList.add('broken')}
          style={item.rotation ? { transform: `rotate(${item.rotation}deg)` } : undefined}
        />
      )}
      {item.kind === 'video' && <VideoFace id={item.id} />}
      {item.kind === 'document' && (
        <span className="tile-icon" aria-hidden="true">
          <span className="doc-icon">{item.ext.toUpperCase()}</span>
        </span>
      )}
      {item.kind !== 'photo' && <span className="tile-name">{item.originalName}</span>}
    </button>
  );
}

/**
 * A video's tile: its poster frame with the ▶ mark over it. A 404 (no poster yet) asks this page
 * to draw one (poster.ts); until then, and when that cannot be done, the ▶ icon alone.
 */
function VideoFace({ id }: { id: string }) {
  const t = useT();
  const poster = usePoster(id);
  const [shown, setShown] = useState(false);
  const src = posterUrl(id, 'thumb', poster);
  const gaveUp = poster?.status === 'undecodable' || poster?.status === 'failed';
  return (
    <>
      {!gaveUp && (
        <img
          key={src}
          src={src}
          alt=""
          decoding="async"
          draggable={false}
          className={shown ? 'poster' : 'poster pending'}
          onLoad={() => setShown(true)}
          onError={() => {
            setShown(false);
            requestPoster(id);
          }}
        />
      )}
      <span className={shown ? 'tile-icon on-poster' : 'tile-icon'} aria-hidden="true" data-poster={poster?.status}>
        <span className="play">▶</span>
        {!shown && <span className="tile-kind">{t('gallery.video')}</span>}
      </span>
    </>
  );
}

function groupLabel(grp: MediaGroup, by: GalleryFilter['groupBy'], t: ReturnType<typeof useT>): string {
  if (by === 'activity') return grp.title ?? t('gallery.group.noActivity');
  if (by === 'year') return /^\d{4}$/.test(grp.key) ? schoolYearLabel(Number(grp.key)) : t('gallery.group.noDate');
  const m = /^(\d{4})-(\d{2})$/.exec(grp.key);
  return m ? t('gallery.group.month', { y: m[1], m: Number(m[2]) }) : t('gallery.group.noDate');
}
