// The date under a 总结's signature is the day where the teacher is, not UTC's: made in a process
// set to China's time at 07:30 on 1 July (23:30 UTC on 30 June), it reads 2025年7月1日.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

function signedOn(tz: string, moment: string): string[] {
  const code = `import crypto from 'node:crypto';
import { openArchive } from './electron/core/db/open.ts';
import { fixedClock } from './electron/core/clock.ts';
import { buildSummaryDoc } from './electron/core/report/document.ts';
const a = openArchive(${JSON.stringify(tempDir())}, { create: true, clock: fixedClock(new Date(${JSON.stringify(moment)}), (n) => crypto.randomBytes(n), 0) });
const doc = await buildSummaryDoc(a, '2024-2025');
a.close();
console.log(JSON.stringify(doc.blocks.filter((b) => b.t === 'sign').flatMap((b) => b.lines)));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

describe('the date a 总结 is signed on', () => {
  it('is the teacher’s day: 07:30 on 1 July in China is still 30 June in UTC', () => {
    expect(signedOn('Asia/Shanghai', '2025-06-30T23:30:00Z')).toContain('2025年7月1日');
  });
  it('and on a PC set to UTC, that moment is 30 June', () => {
    expect(signedOn('UTC', '2025-06-30T23:30:00Z')).toContain('2025年6月30日');
  });
});
