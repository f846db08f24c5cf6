// Moments are shown in the teacher's time zone, not UTC's: run in a process set to China's time.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** What the format helpers print for `iso` in a Node process whose time zone is `tz`. */
function inZone(tz: string, iso: string): { zh: string; local: string; day: string } {
  const code = `import { formatDateTimeZh, localIsoDateTime, localIsoDate } from './shared/domain/format.ts';
const d = new Date(${JSON.stringify(iso)});
console.log(JSON.stringify({ zh: formatDateTimeZh(${JSON.stringify(iso)}), local: localIsoDateTime(d), day: localIsoDate(d) }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim()) as { zh: string; local: string; day: string };
}

describe('a stored moment, as the teacher reads it', () => {
  it('a backup made at 23:30 UTC is shown on the next day in China, at 07:30', () => {
    expect(inZone('Asia/Shanghai', '2025-03-05T23:30:05Z')).toEqual({
      zh: '2025年3月6日 07:30',
      local: '2025-03-06T07:30:05',
      day: '2025-03-06',
    });
  });
  it('the same moment on a PC set to UTC keeps its own day', () => {
    expect(inZone('UTC', '2025-03-05T23:30:05Z').zh).toBe('2025年3月5日 23:30');
  });
  it('a stored value that is no moment is shown as it is, never as "Invalid Date"', () => {
    expect(inZone('Asia/Shanghai', '去年秋天').zh).toBe('去年秋天');
  });
});
