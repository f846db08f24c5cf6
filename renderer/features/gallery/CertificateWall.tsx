// 证书墙: every award that has a certificate photo, newest first, as the inspectors ask to see it.
import { useState } from 'react';
import { formatDateZh } from '../../../shared/domain/format';
import { useT } from '../../i18n';
import { useCertificateWall, useCertificates } from '../../stores/gallery';
import { Lightbox } from './Lightbox';
import { mediaUrl } from './mediaUrl';

export function CertificateWall({ schoolYear }: { schoolYear?: number }) {
  const t = useT();
  const { items, error } = useCertificateWall(schoolYear);
  const [open, setOpen] = useState<number | null>(null);
  const load = () => useCertificates.getState().load(schoolYear);

  if (error)
    return (
      <div role="alert" className="banner error">
        {error}
      </div>
    );
  if (!items) return <p className="muted">{t('common.loading')}</p>;
  if (!items.length) return <p className="muted empty-note">{t('certificates.empty')}</p>;
  return (
    <>
      <ul className="cert-wall" aria-label={t('gallery.tab.certificates')}>
        {items.map((c, i) => (
          <li key={c.awardId} className="cert-card">
            <button
              className="cert-photo"
              onClick={() => setOpen(i)}
              aria-label={`${c.level}${c.grade} ${c.recipient}`}
            >
              <img
                src={mediaUrl(c.mediaId, 'medium')}
                alt=""
                loading="lazy"
                style={c.rotation ? { transform: `rotate(${c.rotation}deg)` } : undefined}
              />
            </button>
            <div className="cert-text">
              <div className="cert-grade">
                <span className="chip">{c.level}</span> {c.grade}
              </div>
              <div className="cert-recipient">
                {c.recipient}
                {c.studentNames.length > 0 && !c.recipient.includes(c.studentNames[0])
                  ? `（${c.studentNames.join('、')}）`
                  : ''}
              </div>
              {c.competitionName && <div className="muted small">{c.competitionName}</div>}
              <div className="muted small">{formatDateZh(c.awardedOn)}</div>
            </div>
          </li>
        ))}
      </ul>
      {open !== null && (
        <Lightbox
          index={open}
          total={items.length}
          idAt={(i) => items[i]?.mediaId}
          ensure={() => {}}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
          onChanged={() => void load()}
          onRotated={() => void load()}
        />
      )}
    </>
  );
}
