// The import dialog's state: the picked file (kept as base64, the core is stateless), what the
// teacher corrected (worksheet, header row, column mapping, dates, answers for namesakes), the
// latest preview, and the final report. Every correction asks the core for a fresh preview.
import { create } from 'zustand';
import type {
  ExportList,
  ImportPreview,
  ImportReport,
  ImportRequest,
  NameChoice,
  SheetField,
  SheetKind,
} from '../../shared/calls/sheets';
import { MAX_SHEET_BYTES } from '../../shared/calls/sheets';
import { uuidv7 } from '../../shared/domain/ids';
import { translate } from '../../shared/i18n/messages';
import { client } from './app';

export interface Corrections {
  sheet?: string;
  /** Worksheets ticked for import (default: every list). */
  sheets?: string[];
  /** The teacher's date for each worksheet's undated rows. */
  dates?: Record<string, string>;
  headerRow?: number;
  mapping?: (SheetField | null)[];
  asOf?: string;
  defaultDate?: string;
  schoolName?: string;
  className?: string;
  choices: Record<string, string>;
}

interface SheetsState {
  kind: SheetKind;
  file: { name: string; base64: string } | null;
  corrections: Corrections;
  preview: ImportPreview | null;
  /** Each name the core asked about since the file was picked, in sheet order (answered ones too). */
  asked: NameChoice[];
  report: ImportReport | null;
  /** The column meanings the teacher set the last time a sheet with these headers was imported, when they differ from the detected ones. */
  remembered: (SheetField | null)[] | null;
  busy: 'reading' | 'committing' | null;
  error: string | null;
  start(kind: SheetKind): void;
  pickFile(file: File): Promise<void>;
  correct(patch: Partial<Corrections>): Promise<void>;
  commit(): Promise<ImportReport | null>;
}

/** The list the teacher is looking at, under the page's filter, as an .xlsx (its name and bytes in
 * base64, and the rows written); throws the core's error. */
export const exportSheet = (req: {
  list: ExportList;
  filter: Record<string, unknown>;
  maskNames: boolean;
  includeSensitive: boolean;
}) => client().call('sheets.export', { jobId: uuidv7(), ...req });

/** Bytes → base64 in chunks (String.fromCharCode on a whole file overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

let seq = 0;

/** Mappings the teacher corrected, per kind and header row, kept on this computer. */
const memoryKey = (kind: SheetKind, p: ImportPreview) =>
  `keji.sheets.mapping:${kind}:${p.columns.map((c) => c.header).join('|')}`;
function recall(kind: SheetKind, p: ImportPreview): (SheetField | null)[] | null {
  try {
    const raw = globalThis.localStorage?.getItem(memoryKey(kind, p));
    const m = raw ? (JSON.parse(raw) as (SheetField | null)[]) : null;
    return m && m.length === p.columns.length && m.some((f, i) => f !== p.columns[i].field) ? m : null;
  } catch {
    return null;
  }
}
function remember(kind: SheetKind, p: ImportPreview, mapping: (SheetField | null)[]): void {
  try {
    globalThis.localStorage?.setItem(memoryKey(kind, p), JSON.stringify(mapping));
  } catch {
    /* storage full or off: nothing to remember */
  }
}

export const useSheets = create<SheetsState>((set, get) => {
  const request = (): ImportRequest => {
    const { kind, file, corrections } = get();
    return { jobId: uuidv7(), kind, file: file!, ...corrections };
  };
  const refresh = async () => {
    const mine = ++seq;
    set({ busy: 'reading', error: null });
    try {
      const preview = await client().call('sheets.preview', request());
      if (mine !== seq) return;
      const asked = [...get().asked];
      for (const c of preview.rows.flatMap((r) => r.choices)) if (!asked.some((x) => x.key === c.key)) asked.push(c);
      set({ preview, asked, busy: null, remembered: get().corrections.mapping ? null : recall(get().kind, preview) });
    } catch (e) {
      if (mine === seq) set({ error: (e as Error).message, busy: null, preview: null });
    }
  };
  return {
    kind: 'roster',
    file: null,
    corrections: { choices: {} },
    preview: null,
    asked: [],
    report: null,
    remembered: null,
    busy: null,
    error: null,
    start(kind) {
      seq++;
      set({
        kind,
        file: null,
        corrections: { choices: {} },
        preview: null,
        asked: [],
        report: null,
        busy: null,
        error: null,
      });
    },
    async pickFile(f) {
      if (f.size > MAX_SHEET_BYTES) {
        set({
          error: translate('error.INVALID_INPUT', {
            detail: `文件太大（超过 ${MAX_SHEET_BYTES / 1048576} MB），请只保留需要导入的工作表`,
          }),
        });
        return;
      }
      set({ busy: 'reading', error: null, preview: null, asked: [], report: null, corrections: { choices: {} } });
      const bytes = new Uint8Array(await f.arrayBuffer());
      set({ file: { name: f.name, base64: toBase64(bytes) } });
      await refresh();
    },
    async correct(patch) {
      const c = { ...get().corrections, ...patch };
      // A new worksheet or header row means the columns are detected again.
      if ('sheet' in patch || 'headerRow' in patch || 'mapping' in patch) set({ asked: [] });
      if ('sheet' in patch) {
        delete c.headerRow;
        delete c.mapping;
      }
      // Showing another worksheet keeps the ticks as they are (a sheet named alone would be imported alone).
      if ('sheet' in patch && !c.sheets)
        c.sheets = get()
          .preview?.sheetList.filter((x) => x.selected)
          .map((x) => x.name);
      if ('headerRow' in patch) delete c.mapping;
      if ('mapping' in patch && c.headerRow === undefined) c.headerRow = get().preview?.headerRow;
      set({ corrections: c });
      await refresh();
    },
    async commit() {
      if (!get().file) return null;
      seq++;
      set({ busy: 'committing', error: null });
      try {
        const report = await client().call('sheets.commit', request());
        const { preview, corrections, kind } = get();
        if (preview && corrections.mapping) remember(kind, preview, corrections.mapping);
        set({ report, busy: null });
        return report;
      } catch (e) {
        set({ error: (e as Error).message, busy: null });
        return null;
      }
    },
  };
});
