// The 活动记录表 a school files on paper: the fields of the usual form, on one A4 page.
// It lives outside the app root (a portal into <body>) and only shows when printing.
import { createPortal } from 'react-dom';
import type { LinkedMedia } from '../../../shared/calls/records';
import { formatRangeZh } from '../../../shared/domain/format';
import type { Activity } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { mediaUrl } from '../gallery/mediaUrl';

export function PrintSheet({
  a,
  participantsByClass,
  media,
}: {
  a: Activity;
  participantsByClass: [string, string[]][];
  media: LinkedMedia[];
}) {
  const t = useT();
  const school = useApp((s) => s.info?.schoolName ?? '');
  const photos = media.filter((m) => m.kind === 'photo').slice(0, 4);
  const count = a.headCount ?? a.participantCount;
  const who =
    a.headCount != null
      ? a.headCountNote || t('activity.headCountNote.default')
      : participantsByClass.map(([label, names]) => `${label}：${names.join('、')}`).join('；');
  const sheet = (
    <div className="print-sheet" aria-hidden="true">
      <h1>
        {school}
        {t('activity.print.title')}
      </h1>
      <table>
        <colgroup>
          <col className="c-head" />
          <col />
          <col className="c-head" />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <th>{t('activity.print.name')}</th>
            <td colSpan={3}>{a.title}</td>
          </tr>
          <tr>
            <th>{t('activity.print.time')}</th>
            <td>{formatRangeZh(a.startDate, a.endDate)}</td>
            <th>{t('activity.print.place')}</th>
            <td>{a.location ?? ''}</td>
          </tr>
          <tr>
            <th>{t('activity.print.type')}</th>
            <td>{a.type}</td>
            <th>{t('activity.print.teachers')}</th>
            <td>{a.teacherNames.join('、')}</td>
          </tr>
          <tr>
            <th>{t('activity.print.who')}</th>
            <td className="who">{who}</td>
            <th>{t('activity.print.count')}</th>
            <td>{count ? `${count} ${t('common.people')}` : ''}</td>
          </tr>
          <tr className="tall">
            <th>{t('activity.print.content')}</th>
            <td colSpan={3}>{a.content ?? ''}</td>
          </tr>
          <tr className="taller">
            <th>{t('activity.print.process')}</th>
            <td colSpan={3}>{a.process ?? ''}</td>
          </tr>
          <tr className="tall">
            <th>{t('activity.print.reflection')}</th>
            <td colSpan={3}>{a.reflection ?? ''}</td>
          </tr>
          <tr className="photos">
            <th>{t('activity.print.photos')}</th>
            <td colSpan={3}>
              {photos.length ? (
                <div className="print-photos">
                  {photos.map((m) => (
                    <img key={m.id} src={mediaUrl(m.id, 'medium')} alt={m.caption ?? m.originalName} />
                  ))}
                </div>
              ) : (
                t('activity.print.noPhotos')
              )}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="print-sign">{t('activity.print.sign')}</p>
    </div>
  );
  return typeof document === 'undefined' ? null : createPortal(sheet, document.body);
}
