// A button that opens the import dialog: <ImportButton kind="roster" /> on 成员, kind="awards" on 作品与获奖.
import { useState } from 'react';
import type { ImportReport, SheetKind } from '../../../shared/calls/sheets';
import { useT } from '../../i18n';
import { ImportDialog } from './ImportDialog';

export function ImportButton({
  kind,
  onImported,
  className,
}: {
  kind: SheetKind;
  onImported?(report: ImportReport): void;
  className?: string;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        {t(kind === 'roster' ? 'sheets.import.roster' : 'sheets.import.awards')}
      </button>
      {open && <ImportDialog kind={kind} onClose={() => setOpen(false)} onImported={onImported} />}
    </>
  );
}
