// The log file a teacher can send when asking for help: keji.log, rotated at 1 MB, five files.
// What goes in: call names, error codes, timings, versions, stack frames of our own code.
// What never goes in: inputs, outputs, error messages (they can quote a name), file contents.
// The rule is enforced here, not left to callers: a field value is a number, a boolean, or a
// short ASCII token; any other string is written as ‹N chars›.
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../shared/contract';
import { isCallName } from '../../shared/contract';
import { messages } from '../../shared/i18n/messages';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

export interface Logger {
  /** The folder the log files are in (null: logging off). */
  readonly dir: string | null;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  close(): void;
}

export interface LoggerOptions {
  dir: string;
  /** Rotate when the current file would pass this size. */
  maxBytes?: number;
  /** keji.log plus keji.1.log … keji.(maxFiles-1).log */
  maxFiles?: number;
  now?: () => Date;
}

export const LOG_FILE = 'keji.log';
const TOKEN = /^[A-Za-z0-9_.:@+\-/]{0,80}$/;
const EVENT = /^[A-Za-z][A-Za-z0-9_.\-]{0,60}$/;
/** The `at` field: stack frames as stackFrames() writes them (fn@file:line:col<…). */
const FRAMES = /^[\w$.@:<\-]{0,800}$/;

/** A field value as it may appear in the log. */
export function safeValue(v: LogValue, key = ''): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return (key === 'at' ? FRAMES : TOKEN).test(v) ? v : `‹${[...v].length} chars›`;
}

export function formatLine(time: Date, level: LogLevel, event: string, fields: LogFields = {}): string {
  const name = EVENT.test(event) ? event : 'event?';
  const kv = Object.entries(fields)
    .filter(([k, v]) => v !== undefined && EVENT.test(k))
    .map(([k, v]) => `${k}=${safeValue(v, k)}`);
  return [time.toISOString(), level.padEnd(5), name, ...kv].join(' ') + '\n';
}

export const nullLogger: Logger = { dir: null, info() {}, warn() {}, error() {}, close() {} };

export function logFiles(dir: string, maxFiles = 5): string[] {
  return Array.from({ length: maxFiles }, (_, i) => path.join(dir, i === 0 ? LOG_FILE : `keji.${i}.log`));
}

/**
 * A logger that appends synchronously (a crash loses nothing already logged) and never
 * throws: if the folder is read-only or the disk is full, logging quietly stops.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const files = logFiles(opts.dir, Math.max(2, opts.maxFiles ?? 5));
  const now = opts.now ?? (() => new Date());
  let fd: number | null = null;
  let size = 0;
  let broken = false;

  const open = () => {
    fs.mkdirSync(opts.dir, { recursive: true });
    fd = fs.openSync(files[0], 'a');
    size = fs.fstatSync(fd).size;
  };
  const rotate = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    for (let i = files.length - 1; i > 0; i--) {
      if (fs.existsSync(files[i - 1])) fs.renameSync(files[i - 1], files[i]); // the oldest is overwritten
    }
    open();
  };
  const write = (level: LogLevel, event: string, fields?: LogFields) => {
    if (broken) return;
    try {
      const line = Buffer.from(formatLine(now(), level, event, fields), 'utf8');
      if (fd === null) open();
      if (size > 0 && size + line.length > maxBytes) rotate();
      fs.writeSync(fd!, line);
      size += line.length;
    } catch {
      broken = true; // logging must never take the app down
    }
  };
  return {
    dir: opts.dir,
    info: (e, f) => write('INFO', e, f),
    warn: (e, f) => write('WARN', e, f),
    error: (e, f) => write('ERROR', e, f),
    close() {
      if (fd !== null)
        try {
          fs.closeSync(fd);
        } catch {
          /* already gone */
        }
      fd = null;
    },
  };
}

/** Stack frames as `function@file:line:col`, file names only: where it broke, never what it held. */
export function stackFrames(e: unknown, max = 8): string {
  const stack = typeof (e as Error)?.stack === 'string' ? (e as Error).stack! : '';
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:(?:async )?([\w$.<>\[\] ]+?) \()?(?:.*[\\/])?([^\\/():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const fn = (m[1] ?? '').replace(/[^\w$.]/g, '') || 'anon';
    frames.push(`${fn}@${m[2].replace(/[^\w.\-]/g, '_')}:${m[3]}:${m[4]}`);
    if (frames.length >= max) break;
  }
  return frames.join('<');
}

/** What may be logged of an error: its class, its code, and its stack frames. Not its message. */
export function errorFields(e: unknown): LogFields {
  const err = e as { name?: unknown; code?: unknown } | null;
  return {
    error: typeof err?.name === 'string' ? err.name : typeof e,
    code: typeof err?.code === 'string' ? err.code : undefined,
    at: stackFrames(e) || undefined,
  };
}

type Dispatch = (name: unknown, input: unknown) => Promise<Result<unknown>>;

/** Field names our forms label ('person.field.entryYear' → entryYear). A failing field is logged
 * only if it is one of these: a path into a record could otherwise carry a key the page typed. */
const KNOWN_FIELDS = new Set(
  Object.keys(messages)
    .filter((k) => k.includes('.field.'))
    .map((k) => k.slice(k.indexOf('.field.') + 7)),
);

/**
 * Wraps a host's dispatcher: one line per call with its name, result code and time. Failures
 * are WARN (the teacher can fix them) or ERROR (INTERNAL: a bug to report). Unknown names are
 * not echoed: they come from the page.
 */
export function logCalls<D extends Dispatch>(
  dispatch: D,
  log: Logger,
  clock: () => number = () => performance.now(),
): D {
  if (log === nullLogger) return dispatch;
  const wrapped = async (name: unknown, input: unknown) => {
    const t0 = clock();
    const call = isCallName(name) ? name : 'unknown';
    try {
      const r = await dispatch(name, input);
      const ms = clock() - t0;
      if (r.ok) log.info('call', { call, ms });
      else {
        const field = r.error.field && KNOWN_FIELDS.has(r.error.field) ? r.error.field : undefined;
        (r.error.code === 'INTERNAL' ? log.error : log.warn)('call', {
          call,
          ok: false,
          code: r.error.code,
          field,
          ms,
        });
      }
      return r;
    } catch (e) {
      log.error('call', { call, ok: false, ms: clock() - t0, ...errorFields(e) });
      throw e;
    }
  };
  return wrapped as D;
}
