// Exports: the 工作总结 (Word, PDF, web page), the statistics workbook, the term plan, and one
// student's or teacher's record (chosen in a Picker: a page of matches from people.pick, graduates
// included, and "还有 N 项"). Files come from the host's download route.
import { useState } from 'react';
import type { ExportFormat } from '../../../shared/calls/summary';
import { periodKey, type PeriodSpec } from '../../../shared/domain/periods';
import { useT, type MessageKey } from '../../i18n';
import { Picker } from '../../components/Picker';
import { download, useSummary, type DownloadRequest } from '../../stores/summary';

export function ExportPanel({ spec }: { spec: PeriodSpec }) {
  const t = useT();
  const [mask, setMask] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [student, setStudent] = useState('');
  const [teacher, setTeacher] = useState('');
  const period = periodKey(spec);
  const run = async (id: string, r: DownloadRequest) => {
    setBusy(id);
    setStatus(null);
    try {
      // The 工作总结 is written from the saved text: wait for every typed section to reach the archive.
      if (r.kind === 'summary' && !(await useSummary.getState().flush())) {
        setStatus({ ok: false, text: t('summary.draft.saveFailedExport') });
        return;
      }
      setStatus({ ok: true, text: t('summary.export.done', { name: await download(r) }) });
    } catch (e) {
      setStatus({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };
  const button = (
    id: string,
    format: ExportFormat,
    r: Omit<DownloadRequest, 'format'>,
    label: MessageKey,
    disabled = false,
  ) => (
    <button
      type="button"
      className={format === 'docx' ? 'primary' : ''}
      disabled={!!busy || disabled}
      onClick={() => void run(`${id}-${format}`, { ...r, format })}
    >
      {busy === `${id}-${format}` ? t('summary.export.busy') : t(label)}
    </button>
  );
  return (
    <div className="sum-export">
      <label className="sum-mask">
        <input type="checkbox" checked={mask} onChange={(e) => setMask(e.target.checked)} /> {t('summary.export.mask')}
      </label>
      <section className="card">
        <h3>{t('summary.export.summary')}</h3>
        <p className="muted">{t('summary.export.summaryHint')}</p>
        <div className="sum-buttons">
          {button('summary', 'docx', { kind: 'summary', period, maskNames: mask }, 'summary.export.docx')}
          {button('summary', 'pdf', { kind: 'summary', period, maskNames: mask }, 'summary.export.pdf')}
          {button('summary', 'xlsx', { kind: 'summary', period, maskNames: mask }, 'summary.export.xlsx')}
          {button('summary', 'html', { kind: 'summary', period, maskNames: mask }, 'summary.export.html')}
        </div>
      </section>
      <section className="card">
        <h3>{t('summary.export.plan')}</h3>
        <p className="muted">
          {spec.kind === 'term' ? t('summary.export.planHint') : t('summary.export.planTermOnly')}
        </p>
        <div className="sum-buttons">
          {button('plan', 'docx', { kind: 'plan', period }, 'summary.export.docx', spec.kind !== 'term')}
          {button('plan', 'pdf', { kind: 'plan', period }, 'summary.export.pdf', spec.kind !== 'term')}
          {button('plan', 'xlsx', { kind: 'plan', period }, 'summary.export.xlsxPlain', spec.kind !== 'term')}
        </div>
      </section>
      <section className="card">
        <h3>{t('summary.export.student')}</h3>
        <div className="sum-buttons">
          <label className="inline-field">
            <span>{t('summary.export.pickStudent')}</span>
            <Picker
              kind="person"
              personKind="student"
              label={t('summary.export.pickStudent')}
              value={student}
              onChange={(id) => setStudent(id)}
            />
          </label>
          {button(
            'student',
            'docx',
            { kind: 'student', period, personId: student, maskNames: mask },
            'summary.export.docx',
            !student,
          )}
          {button(
            'student',
            'pdf',
            { kind: 'student', period, personId: student, maskNames: mask },
            'summary.export.pdf',
            !student,
          )}
        </div>
      </section>
      <section className="card">
        <h3>{t('summary.export.teacher')}</h3>
        <div className="sum-buttons">
          <label className="inline-field">
            <span>{t('summary.export.pickTeacher')}</span>
            <Picker
              kind="person"
              personKind="teacher"
              label={t('summary.export.pickTeacher')}
              value={teacher}
              onChange={(id) => setTeacher(id)}
            />
          </label>
          {button('teacher', 'docx', { kind: 'teacher', period, personId: teacher }, 'summary.export.docx', !teacher)}
          {button('teacher', 'pdf', { kind: 'teacher', period, personId: teacher }, 'summary.export.pdf', !teacher)}
        </div>
      </section>
      {status && (
        <div role={status.ok ? 'status' : 'alert'} className={`banner ${status.ok ? 'ok' : 'error'}`}>
          {status.text}
        </div>
      )}
    </div>
  );
}
