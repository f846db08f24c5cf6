// 调整拍摄时间: a camera whose clock was wrong files its photos under the wrong month. The chosen
// files move by an offset (years, days, hours, minutes; minus for earlier), or the earliest is set
// to a time and the rest keep their spacing. The originals are never touched; 撤销 puts it back.
import { useState } from 'react';
import type { TakenTime } from '../../../shared/calls/media';
import { useT } from '../../i18n';
import { useGallery } from '../../stores/gallery';

interface Props {
  ids: string[];
  onClose(): void;
  onDone(changed: number, before: TakenTime[]): void;
}

export function RetimeDialog({ ids, onClose, onDone }: Props) {
  const t = useT();
  const [mode, setMode] = useState<'shift' | 'to'>('shift');
  const [shift, setShift] = useState({ years: '', days: '', hours: '', minutes: '' });
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const num = (v: string) => (v.trim() ? Math.trunc(Number(v)) : 0);

  const apply = async () => {
    const years = num(shift.years);
    const seconds = (num(shift.days) * 24 + num(shift.hours)) * 3600 + num(shift.minutes) * 60;
    if (mode === 'shift' ? !Number.isFinite(seconds + years) || (seconds === 0 && years === 0) : !to) {
      setProblem(t('gallery.retime.nothing'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const r = await useGallery
        .getState()
        .retime(mode === 'shift' ? { ids, shiftYears: years, shiftSeconds: Math.round(seconds) } : { ids, to });
      onDone(r.changed, r.before);
    } catch (e) {
      setProblem((e as Error).message);
      setBusy(false);
    }
  };
  const field = (k: keyof typeof shift) => (
    <label className="retime-unit">
      <input
        type="number"
        step={1}
        value={shift[k]}
        disabled={mode !== 'shift'}
        onChange={(e) => setShift((s) => ({ ...s, [k]: e.target.value }))}
      />
      <span>{t(`gallery.retime.${k}`)}</span>
    </label>
  );

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal card retime-dialog" role="dialog" aria-modal="true" aria-labelledby="retime-title">
        <h2 id="retime-title">{t('gallery.retime.title', { n: ids.length })}</h2>
        <p className="muted small">{t('gallery.retime.hint')}</p>
        <label className="retime-mode">
          <input type="radio" name="retime-mode" checked={mode === 'shift'} onChange={() => setMode('shift')} />
          <span>{t('gallery.retime.byShift')}</span>
        </label>
        <div className="retime-units">
          {field('years')}
          {field('days')}
          {field('hours')}
          {field('minutes')}
        </div>
        <label className="retime-mode">
          <input type="radio" name="retime-mode" checked={mode === 'to'} onChange={() => setMode('to')} />
          <span>{t('gallery.retime.toDate')}</span>
        </label>
        <input
          type="datetime-local"
          className="retime-to"
          aria-label={t('gallery.retime.toDate')}
          value={to}
          disabled={mode !== 'to'}
          onChange={(e) => setTo(e.target.value)}
        />
        {problem && (
          <div role="alert" className="field-error">
            {problem}
          </div>
        )}
        <div className="form-actions">
          <button onClick={onClose}>{t('common.cancel')}</button>
          <button className="primary" disabled={busy} onClick={() => void apply()}>
            {t('gallery.retime.apply')}
          </button>
        </div>
      </div>
    </div>
  );
}
