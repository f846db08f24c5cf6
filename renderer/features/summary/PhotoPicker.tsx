// Photos for the summary: the covers of the biggest activities are picked by default; the teacher
// ticks others, orders them and writes a caption for each. Every change is saved at once.
import { useState } from 'react';
import type { PhotoPick } from '../../../shared/calls/summary';
import { formatDateZh } from '../../../shared/domain/format';
import { useT } from '../../i18n';
import { useSummary } from '../../stores/summary';
import { mediaUrl } from '../gallery/mediaUrl';

export function PhotoPicker() {
  const t = useT();
  const { draft, candidates, setPhotos } = useSummary();
  const [captions, setCaptions] = useState<Record<string, string>>({});
  if (!draft) return null;
  const picks = draft.photos;
  const picked = new Set(picks.map((p) => p.mediaId));
  const commit = (list: PhotoPick[]) => void setPhotos(list);
  const toggle = (id: string, caption: string) =>
    commit(picked.has(id) ? picks.filter((p) => p.mediaId !== id) : [...picks, { mediaId: id, caption }]);
  const move = (i: number, d: -1 | 1) => {
    const list = [...picks];
    [list[i], list[i + d]] = [list[i + d], list[i]];
    commit(list);
  };
  if (!candidates.length) return <p className="muted">{t('summary.photos.none')}</p>;
  return (
    <div className="sum-photos">
      <p className="muted sum-note">{t('summary.photos.hint')}</p>
      <div className="sum-photos-bar">
        <strong>{t('summary.photos.chosen', { n: picks.length })}</strong>
        {draft.photosChosen && (
          <button type="button" onClick={() => void setPhotos(null)}>
            {t('summary.photos.reset')}
          </button>
        )}
      </div>
      <ol className="sum-picked">
        {picks.map((p, i) => (
          <li key={p.mediaId} className="sum-picked-item">
            <img src={mediaUrl(p.mediaId, 'thumb')} alt="" loading="lazy" />
            <label className="sum-caption">
              <span>{t('summary.photos.caption')}</span>
              <input
                value={captions[p.mediaId] ?? p.caption}
                maxLength={80}
                onChange={(e) => setCaptions({ ...captions, [p.mediaId]: e.target.value })}
                onBlur={() => {
                  const c = captions[p.mediaId];
                  if (c !== undefined && c !== p.caption)
                    commit(picks.map((x) => (x.mediaId === p.mediaId ? { ...x, caption: c } : x)));
                }}
              />
            </label>
            <span className="sum-picked-actions">
              <button type="button" disabled={i === 0} aria-label={t('summary.photos.up')} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button
                type="button"
                disabled={i === picks.length - 1}
                aria-label={t('summary.photos.down')}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button type="button" onClick={() => commit(picks.filter((x) => x.mediaId !== p.mediaId))}>
                {t('summary.photos.remove')}
              </button>
            </span>
          </li>
        ))}
      </ol>
      <ul className="sum-candidates">
        {candidates.map((c) => (
          <li key={c.mediaId} className={picked.has(c.mediaId) ? 'picked' : ''}>
            <label>
              <img src={mediaUrl(c.mediaId, 'thumb')} alt={c.caption} loading="lazy" />
              <span className="sum-cand-meta">
                <input
                  type="checkbox"
                  checked={picked.has(c.mediaId)}
                  onChange={() => toggle(c.mediaId, c.caption)}
                  aria-label={`${t('summary.photos.pick')}：${c.caption}`}
                />
                <span className="sum-cand-title" title={c.activityTitle}>
                  {c.activityTitle}
                </span>
                {c.suggested && <span className="chip">{t('summary.photos.suggested')}</span>}
              </span>
              <span className="muted sum-cand-date">{formatDateZh(c.date)}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
