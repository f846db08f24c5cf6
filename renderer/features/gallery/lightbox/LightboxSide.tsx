// Beside the item: when and how big, its caption, what it belongs to (covers, links) and the trash.
import { useState } from 'react';
import type { MediaDetail } from '../../../../shared/calls/media';
import { formatBytes, formatDateZh } from '../../../../shared/domain/format';
import { Picker } from '../../../components/Picker';
import { useT } from '../../../i18n';
import { useMediaItem, type MediaDetailState } from '../../../stores/media';

interface Props {
  detail: MediaDetail;
  edit: MediaDetailState['edit'];
  /** After an edit that changes what the gallery shows (links, trash). */
  onChanged(): void;
}

/** Mounted per item (key = id): the caption being typed belongs to the item shown. */
export function LightboxSide({ detail, edit, onChanged }: Props) {
  const t = useT();
  const [caption, setCaption] = useState(detail.caption ?? '');
  const [linkTo, setLinkTo] = useState('');
  const id = detail.id;
  const media = useMediaItem.getState;

  const saveCaption = () => edit(() => media().setCaption(id, caption.trim() || null), t('lightbox.saved'));
  const setCover = (kind: 'activity' | 'award', targetId: string) =>
    edit(() => media().setCover(id, { kind, id: targetId }), t('lightbox.saved'));
  const unlink = async (kind: 'activity' | 'work' | 'award' | 'person', targetId: string) => {
    if (await edit(() => media().unlink(id, { kind, id: targetId }))) onChanged();
  };
  const link = async () => {
    if (!linkTo) return;
    if (await edit(() => media().link(id, { kind: 'activity', id: linkTo }))) {
      setLinkTo('');
      onChanged();
    }
  };
  const trash = async () => {
    if (await edit(() => media().trash(id), t('lightbox.trashed'))) onChanged();
  };

  return (
    <>
      <dl className="lb-facts">
        {detail.takenAt && (
          <>
            <dt>{t('lightbox.takenAt')}</dt>
            <dd>
              {formatDateZh(detail.takenAt.slice(0, 10))}{' '}
              {detail.takenSource === 'activity' ? '' : detail.takenAt.slice(11, 16)}
            </dd>
          </>
        )}
        {detail.takenSource && (
          <>
            <dt>{t('lightbox.takenSource')}</dt>
            <dd className={`lb-source src-${detail.takenSource}`}>{t(`lightbox.takenSource.${detail.takenSource}`)}</dd>
          </>
        )}
        <dt>{t('lightbox.size')}</dt>
        <dd>
          {formatBytes(detail.size)}
          {detail.width ? ` · ${detail.width}×${detail.height}` : ''}
        </dd>
      </dl>
      <label className="lb-caption">
        <span>{t('lightbox.caption')}</span>
        <textarea
          value={caption}
          rows={3}
          maxLength={500}
          placeholder={t(
            detail.kind === 'photo' ? 'lightbox.captionPlaceholder' : `lightbox.captionPlaceholder.${detail.kind}`,
          )}
          onChange={(e) => setCaption(e.target.value)}
        />
      </label>
      <button onClick={() => void saveCaption()} disabled={(detail.caption ?? '') === caption.trim()}>
        {t('lightbox.saveCaption')}
      </button>
      <h3>{t('lightbox.links')}</h3>
      {detail.links.length === 0 && <p className="muted small">{t('lightbox.noLinks')}</p>}
      <ul className="lb-links">
        {detail.links.map((l) => (
          <li key={`${l.kind}:${l.id}`}>
            <div className="lb-link-title">
              {l.title}
              {l.date ? <span className="muted"> · {formatDateZh(l.date)}</span> : null}
            </div>
            <div className="lb-link-actions">
              {detail.kind === 'photo' &&
                l.kind === 'activity' &&
                (l.isCover ? (
                  <span className="chip">{t('lightbox.isCover', { title: l.title })}</span>
                ) : (
                  <button className="small" onClick={() => void setCover('activity', l.id)}>
                    {t('lightbox.setCover', { title: l.title })}
                  </button>
                ))}
              {detail.kind === 'photo' && l.kind === 'award' && !l.isCover && (
                <button className="small" onClick={() => void setCover('award', l.id)}>
                  {t('lightbox.setCertificate')}
                </button>
              )}
              <button className="small" onClick={() => void unlink(l.kind, l.id)}>
                {t('lightbox.unlink')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div className="lb-linkto">
        <Picker
          kind="activity"
          label={t('lightbox.linkTo')}
          value={linkTo}
          onChange={(v) => setLinkTo(v)}
          exclude={detail.links.map((l) => l.id)}
          className="lb-picker"
        />
        <button className="small" disabled={!linkTo} onClick={() => void link()}>
          {t('common.save')}
        </button>
      </div>
      <button className="gallery-danger" onClick={() => void trash()}>
        {t('lightbox.trash')}
      </button>
    </>
  );
}
