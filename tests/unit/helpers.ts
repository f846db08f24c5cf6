// Shared by the unit tests: temp-dir archives, a deterministic clock, and a typed call helper.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { CallInput, CallName, CallOutput, Result } from '../../shared/contract';
import { seededRandom } from '../../shared/domain/ids';
import { fixedClock, type Clock } from '../../electron/core/clock';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher, type Dispatcher } from '../../electron/core/handlers';

export const REPO_ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

const made: string[] = [];
// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
/** A fresh temp directory, removed after the test file. */
export function tempDir(prefix = 'keji-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Deterministic time (1 s per tick) and ids. */
export function testClock(start = '2025-09-01T08:00:00Z', seed = 1): Clock {
  return fixedClock(new Date(start), seededRandom(seed).bytes);
}

/** A new archive in a temp dir with a deterministic clock. */
export function newArchive(opts: { start?: string; seed?: number } = {}): Archive {
  return openArchive(path.join(tempDir(), '科技档案'), { create: true, clock: testClock(opts.start, opts.seed) });
}

export interface Caller {
  d: Dispatcher;
  /** Calls and returns the value; fails the test with the Chinese message if the call failed. */
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Calls and returns the error; fails the test if the call succeeded. */
  fail(name: string, input: unknown): Promise<{ code: string; message: string; field?: string }>;
}

export function caller(a: Archive): Caller {
  const d = createDispatcher(a, { validateOutput: true });
  return {
    d,
    async ok(name, input) {
      const r = (await d(name, input)) as Result<never>;
      if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    async fail(name, input) {
      const r = await d(name, input);
      if (r.ok) throw new Error(`${name} unexpectedly succeeded: ${JSON.stringify(r.value).slice(0, 200)}`);
      return r.error;
    },
  };
}

/** Row counts of every table, to show a failed call wrote nothing. */
export function tableCounts(a: Archive): Record<string, number> {
  const tables = a.db
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, a.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]),
  );
}

export const HAS_CHINESE = /[\u4e00-\u9fff]/;
