// Where the Excel/CSV feature (renderer/features/sheets) mounts on the record pages:
// 导入花名册 on 成员, 导入获奖名单 on 作品与获奖, 导出Excel on every list, with the page's own filter.
import { ExportButton, ImportButton } from '../../features/sheets';
import { useRecords } from '../../stores/records';

export type ExportListKind = 'activities' | 'students' | 'teachers' | 'works' | 'awards';

/** 导出Excel for the list the teacher is looking at, with the same filter the page uses. */
export function ExportSlot({ list, filter }: { list: ExportListKind; filter: Record<string, unknown> }) {
  return (
    <span className="sheet-slot" data-slot={`sheets-export-${list}`}>
      <ExportButton list={list} filter={filter} />
    </span>
  );
}

/** 导入花名册 (roster) or 导入获奖名单 (awards); the people index reloads after an import. */
export function ImportSlot({ kind, onDone }: { kind: 'roster' | 'awards'; onDone?: () => void }) {
  return (
    <span className="sheet-slot" data-slot={`sheets-import-${kind}`}>
      <ImportButton
        kind={kind}
        onImported={() => {
          void useRecords.getState().load();
          onDone?.();
        }}
      />
    </span>
  );
}
