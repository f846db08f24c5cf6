// The sheets worker: reads one file at a time (parse.ts) off the thread that answers the window,
// so a slow or hostile file never freezes the app; workbook.ts stops it after
// SHEET_LIMITS.parseSeconds or when the job is cancelled. From source it is started through
// parse-worker.mjs (which registers the TypeScript loader); in Electron's bundle it is built to
// dist/main/sheets-worker.mjs by electron/build.mjs.
import { parentPort } from 'node:worker_threads';
import { KejiError } from '../errors';
import { parseWorkbook } from './parse';
import type { SheetFormat } from './sniff';

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  format: SheetFormat;
}
export type ParseAnswer =
  | { id: number; ok: true; value: Awaited<ReturnType<typeof parseWorkbook>> }
  | { id: number; ok: false; detail: string; refused: boolean };

parentPort!.on('message', async (req: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    const buf = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
    answer = { id: req.id, ok: true, value: await parseWorkbook(buf, req.fileName, req.format) };
  } catch (e) {
    answer =
      e instanceof KejiError
        ? { id: req.id, ok: false, detail: e.detail, refused: true }
        : { id: req.id, ok: false, detail: String((e as Error)?.message ?? e).slice(0, 200), refused: false };
  }
  parentPort!.postMessage(answer);
});
