// The sheets worker: reads one file per task (parse.ts) off the thread that answers the window,
// so a slow or hostile file never freezes the app; workbook.ts runs it on the core's worker pool
// (workers/pool.ts), which ends its thread after SHEET_LIMITS.parseSeconds or when the job is
// cancelled. From source it is loaded through parse-worker.mjs (which registers the TypeScript
// loader); in Electron's bundle it is built to dist/main/sheets-worker.mjs by electron/build.mjs.
import { KejiError } from '../errors';
import { parseWorkbook } from './parse';
import type { SheetFormat } from './sniff';

export interface ParseRequest {
  bytes: Uint8Array;
  fileName: string;
  format: SheetFormat;
}
export type ParseAnswer =
  { ok: true; value: Awaited<ReturnType<typeof parseWorkbook>> } | { ok: false; detail: string; refused: boolean };

/** One file: its grids, or why not (a refusal names what the teacher can fix). */
export default async function parse(req: ParseRequest): Promise<ParseAnswer> {
  try {
    const buf = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
    return { ok: true, value: await parseWorkbook(buf, req.fileName, req.format) };
  } catch (e) {
    return e instanceof KejiError
      ? { ok: false, detail: e.detail, refused: true }
      : { ok: false, detail: String((e as Error)?.message ?? e).slice(0, 200), refused: false };
  }
}
