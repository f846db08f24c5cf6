// 导出 Excel: the list the teacher is looking at, with the page's current filter, as .xlsx.
// Works over either transport: the core returns the bytes, the page saves them as a download.
import { useState } from 'react';
import type { ExportList } from '../../../shared/calls/sheets';
import { useT } from '../../i18n';
import { exportSheet } from '../../stores/sheets';
import { saveBlob } from '../../components/saveBlob';
import './sheets.css';

export interface ExportButtonProps {
  list: ExportList;
  /** The same filter the page passes to activities.list / people.list / works.list / awards.list. */
  filter?: Record<string, unknown>;
  /** 张*茂 instead of the full name of each student. */
  maskNames?: boolean;
  /** Include 身份证号 and 家长电话 (students only). */
  includeSensitive?: boolean;
  label?: string;
  className?: string;
}

/** Saves bytes under a name through an <a download> (the browser or Electron asks where). */
export function saveBytes(
  fileName: string,
  base64: string,
  mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  saveBlob(fileName, new Blob([bytes], { type: mime }));
}

export function ExportButton({
  list,
  filter = {},
  maskNames = false,
  includeSensitive = false,
  label,
  className,
}: ExportButtonProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const r = await exportSheet({ list, filter, maskNames, includeSensitive });
      saveBytes(r.fileName, r.base64);
      setStatus({ ok: true, text: t('sheets.export.done', { n: r.rows }) });
    } catch (e) {
      setStatus({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className={`sheets-export ${className ?? ''}`}>
      <button type="button" onClick={() => void run()} disabled={busy} data-list={list}>
        {busy ? t('sheets.export.busy') : (label ?? t('sheets.export.button'))}
      </button>
      {status && (
        <span role={status.ok ? 'status' : 'alert'} className={status.ok ? 'muted' : 'sheets-error'}>
          {status.text}
        </span>
      )}
    </span>
  );
}
