// `keji export | verify | merge | backup | restore` as IT staff run them (in-process main(), the
// same code the bin runs): exit codes, --json, Chinese messages.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { openArchive } from '../../electron/core/db/open';
import { HAS_CHINESE, tempDir, testClock } from './helpers';
import { makeSchool } from './package-fixtures';

async function keji(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { log: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function school(): string {
  const dir = path.join(tempDir(), '科技档案');
  const a = openArchive(dir, { create: true, clock: testClock('2025-11-01T08:00:00Z', 3) });
  makeSchool(a);
  a.close();
  return dir;
}

describe('keji export / verify / merge / backup / restore', () => {
  it('exports, verifies (exit 0), merges into another archive, and a second merge changes nothing', async () => {
    const dir = school();
    const usb = tempDir('keji-usb-');
    const ex = await keji('export', dir, usb, '--year', '2025-2026', '--mask', '--json');
    expect(ex.stderr).toBe('');
    expect(ex.code).toBe(0);
    const r = JSON.parse(ex.stdout);
    // A first export reads back every file it wrote.
    expect(r.checkedFiles).toBe(r.files);
    expect(r.keptUnread).toBe(0);
    expect(r.counts.activities).toBe(2);
    expect(fs.existsSync(r.path)).toBe(true);

    const v = await keji('verify', r.path);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/数据包完整，没有被改动：科技档案_青山镇中心小学_\d{8}/);
    const vj = JSON.parse((await keji('verify', r.path, '--json')).stdout);
    expect(vj.ok).toBe(true);

    const other = path.join(tempDir(), 'b');
    expect((await keji('init', other)).code).toBe(0);
    const dry = JSON.parse((await keji('merge', other, r.path, '--dry-run', '--json')).stdout);
    expect(dry.applied).toBe(false);
    expect(dry.added.find((x: { table: string }) => x.table === 'activities').count).toBe(2);
    const m = await keji('merge', other, r.path);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('合并完成');
    expect(m.stdout).toContain('合并前已备份');
    expect((await keji('merge', other, r.path)).stdout).toContain('没有需要合并的内容');
  });

  it('verify names the problems and exits 1; bad arguments get a Chinese message', async () => {
    const dir = school();
    const usb = tempDir('keji-usb-');
    const r = JSON.parse((await keji('export', dir, usb, '--json')).stdout);
    fs.rmSync(path.join(r.path, 'index.html'));
    const v = await keji('verify', r.path);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('缺少文件：index.html');
    const bad = await keji('merge', dir, r.path, '--prefer', 'mine');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(HAS_CHINESE);
    const refused = await keji('merge', dir, r.path);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('数据包未通过校验');
    const noTarget = await keji('export', dir, path.join(usb, 'nope'));
    expect(noTarget.code).toBe(1);
    expect(noTarget.stderr).toContain('找不到导出位置');
  });

  it('backup then restore brings the data back, keeping a backup of what was replaced', async () => {
    const dir = path.join(tempDir(), 'a');
    expect((await keji('init', dir, '--school', '青山镇中心小学')).code).toBe(0);
    const b = await keji('backup', dir, '--json');
    const made = JSON.parse(b.stdout);
    expect(made.reason).toBe('manual');
    const a = openArchive(dir);
    makeSchool(a);
    a.close();
    const r = await keji('restore', dir, made.file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('恢复前的数据已备份为');
    const after = openArchive(dir);
    expect(after.db.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(0);
    after.close();
    const list = JSON.parse((await keji('backup', dir, '--list', '--json')).stdout) as { reason: string }[];
    expect(list.map((x) => x.reason).sort()).toEqual(['before-restore', 'manual']);
  });
});
