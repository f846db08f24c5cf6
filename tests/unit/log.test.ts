// The log a teacher sends when asking for help: rotated at a size limit, and never holding
// student data — not through inputs, not through error messages, not through unknown call names.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/core/handlers';
import {
  createLogger,
  formatLine,
  logFiles,
  nullLogger,
  safeValue,
  stackFrames,
  LOG_FILE,
} from '../../electron/core/log';
import { startWebHost } from '../../electron/web/server';
import { newArchive, tempDir } from './helpers';

const STUDENT = '王小明';
const readLogs = (dir: string) =>
  fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('');

describe('log file', () => {
  it('a student name passed through failing calls never reaches the log; the failures do', async () => {
    const a = newArchive();
    const dir = tempDir('keji-log-');
    const log = createLogger({ dir });
    const d = createDispatcher(a, { log });
    // 1. rejected input (entry year out of range) with the name in it
    const bad = await d('people.create', {
      kind: 'student',
      name: STUDENT,
      entryYear: 1800,
      guardianPhone: '13800001234',
    });
    expect(bad.ok).toBe(false);
    // 2. a call name that is really a name typed into the page
    expect((await d(STUDENT, { name: STUDENT })).ok).toBe(false);
    // 3. a bug whose own error message quotes the student (a failing SQLite trigger → INTERNAL)
    a.db.function('boom', (n: unknown) => {
      throw new TypeError(`cannot store ${String(n)}`);
    });
    a.db.exec('CREATE TEMP TRIGGER boom BEFORE INSERT ON people BEGIN SELECT boom(NEW.name); END;');
    const internal = await d('people.create', { kind: 'student', name: STUDENT, entryYear: 2020 });
    expect(internal.ok || internal.error).toMatchObject({ code: 'INTERNAL' });
    expect(internal.ok || internal.error.message).toContain(STUDENT); // the teacher sees it; the log must not
    // 4. a call that works, with the name
    a.db.exec('DROP TRIGGER boom');
    expect((await d('people.create', { kind: 'student', name: STUDENT, entryYear: 2020 })).ok).toBe(true);
    log.close();
    a.close();

    const text = readLogs(dir);
    expect(text).not.toContain(STUDENT);
    expect(text).not.toContain('13800001234');
    expect(text).not.toContain('cannot store');
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z WARN  call call=people\.create ok=false code=INVALID_INPUT field=entryYear ms=[\d.]+$/,
    );
    expect(lines[1]).toMatch(/ WARN  call call=unknown ok=false code=UNKNOWN_CALL ms=/);
    // the bug: its class and where it broke, so it can be fixed from the log alone
    expect(lines[2]).toMatch(/ ERROR call\.exception call=people\.create error=TypeError at=\S*log\.test\.ts:\d+:\d+/);
    expect(lines[3]).toMatch(/ ERROR call call=people\.create ok=false code=INTERNAL ms=/);
    expect(lines[4]).toMatch(/ INFO  call call=people\.create ms=[\d.]+$/);
    expect(lines).toHaveLength(5);
  });

  it('rotates at the size limit and keeps only the newest files', () => {
    const dir = tempDir('keji-log-');
    let n = 0;
    const log = createLogger({ dir, maxBytes: 2000, maxFiles: 3, now: () => new Date(Date.UTC(2025, 8, 1, 8, 0, n)) });
    for (n = 0; n < 200; n++) log.info('tick', { n });
    log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['keji.1.log', 'keji.2.log', LOG_FILE]);
    for (const f of logFiles(dir, 3)) expect(fs.statSync(f).size).toBeLessThanOrEqual(2000);
    const newest = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8').trim().split('\n');
    expect(newest.at(-1)).toMatch(/ INFO  tick n=199$/);
    // Files hold consecutive lines, newest last; the first ticks were dropped with the oldest file.
    const all = [...logFiles(dir, 3)]
      .reverse()
      .flatMap((f) => fs.readFileSync(f, 'utf8').trim().split('\n'))
      .map((l) => Number(/n=(\d+)/.exec(l)![1]));
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => 200 - all.length + i));
    expect(all[0]).toBeGreaterThan(0);
    // Reopening appends to keji.log instead of truncating it.
    const again = createLogger({ dir, maxBytes: 2000, maxFiles: 3 });
    again.info('restart');
    again.close();
    expect(fs.readFileSync(path.join(dir, LOG_FILE), 'utf8')).toContain('tick n=199');
  });

  it('writes only numbers, booleans and short ASCII tokens; everything else as a length', () => {
    expect(safeValue('people.create')).toBe('people.create');
    expect(safeValue('SQLITE_BUSY')).toBe('SQLITE_BUSY');
    expect(safeValue(STUDENT)).toBe('‹3 chars›');
    expect(safeValue('Wang Xiaoming')).toBe('‹13 chars›'); // spaces: not a token
    expect(safeValue('a'.repeat(81))).toBe('‹81 chars›');
    expect(safeValue(12.345)).toBe('12.3');
    expect(safeValue(false)).toBe('false');
    const line = formatLine(new Date('2025-09-01T00:00:00Z'), 'INFO', STUDENT, { [STUDENT]: 1, ok: true });
    expect(line).toBe('2025-09-01T00:00:00.000Z INFO  event? ok=true\n');
  });

  it('stack frames name functions and files, never the message', () => {
    function explode() {
      throw new Error(`${STUDENT} 的作品无法保存`);
    }
    let frames = '';
    try {
      explode();
    } catch (e) {
      frames = stackFrames(e);
    }
    expect(frames).toMatch(/^explode@log\.test\.ts:\d+:\d+</);
    expect(frames).not.toContain(STUDENT);
    expect(stackFrames('not an error')).toBe('');
  });

  it('a folder that cannot be written stops logging quietly instead of failing calls', async () => {
    const file = path.join(tempDir('keji-log-'), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const log = createLogger({ dir: path.join(file, 'logs') });
    expect(() => log.info('call', { call: 'settings.get' })).not.toThrow();
    const a = newArchive();
    const r = await createDispatcher(a, { log })('settings.get', {});
    expect(r.ok).toBe(true);
    a.close();
    expect(nullLogger.dir).toBeNull();
  });

  it('the web host logs each call and reports its log folder in 关于', async () => {
    const a = newArchive();
    const dir = tempDir('keji-log-');
    const log = createLogger({ dir });
    const host = await startWebHost({ archive: a, log, rendererDir: tempDir() });
    try {
      const call = (name: string, body: unknown) =>
        fetch(`${host.origin}/rpc/${name}`, {
          method: 'POST',
          headers: { 'x-keji-token': host.token, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.json());
      expect((await call('people.create', { kind: 'student', name: STUDENT, entryYear: 2021 })).ok).toBe(true);
      const about = await call('app.about', {});
      expect(about.value).toMatchObject({ host: 'web', portable: false, logDir: dir, archiveDir: a.dir });
    } finally {
      await host.close();
      log.close();
      a.close();
    }
    const text = readLogs(dir);
    expect(text).toMatch(/INFO  call call=people\.create ms=/);
    expect(text).toMatch(/INFO  call call=app\.about ms=/);
    expect(text).not.toContain(STUDENT);
  });
});
