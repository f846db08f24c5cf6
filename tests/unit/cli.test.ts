// The real `keji` bin, as IT staff and scripts run it: exit codes, Chinese errors on stderr,
// and `stats --json` numbers identical to the core's statistics.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE, openArchive } from '../../electron/core/db/open';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { computeStats } from '../../electron/core/report/statistics';
import { getSettings } from '../../electron/core/settings';
import { HAS_CHINESE, REPO_ROOT, tempDir } from './helpers';

function keji(...args: string[]) {
  const r = spawnSync(process.execPath, ['electron/cli/keji.mjs', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STATS_KEYS = ['activities', 'activitiesByType', 'participantPersonTimes', 'students', 'studentsAwarded', 'works', 'awards',
  'awardsByLevel', 'awardsByGrade', 'awardedWorks', 'photos'];

describe('keji init', () => {
  it('creates an empty archive with the school name; stats then reports zeros', () => {
    const dir = path.join(tempDir(), '科技档案');
    const init = keji('init', dir, '--school', '青山镇中心小学');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('已创建档案');
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false); // released on exit

    const a = openArchive(dir);
    try {
      expect(getSettings(a).schoolName).toBe('青山镇中心小学');
    } finally {
      a.close();
    }

    const stats = keji('stats', dir);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('活动 0 项');
    expect(stats.stdout).toContain('获奖 0 项');

    const again = keji('init', dir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('已经是一个档案');
  });
});

describe('keji demo + stats --json', () => {
  let dir: string;
  let yearJson: Record<string, unknown>;
  beforeAll(() => {
    dir = path.join(tempDir(), 'demo');
    const r = keji('demo', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已生成演示档案');
  });

  it('prints one JSON object whose numbers equal computeStats on the same archive', () => {
    const r = keji('stats', dir, '--json', '--from', '2024-09-01', '--to', '2025-08-31');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = (yearJson = JSON.parse(r.stdout));
    expect(typeof json).toBe('object');
    expect(Array.isArray(json)).toBe(false);
    for (const k of STATS_KEYS) expect(json, `key ${k}`).toHaveProperty(k);
    // a demo year has real content, so equality below is not 0 = 0
    expect(json.activities).toBeGreaterThan(10);
    expect(json.awards).toBeGreaterThan(10);
    expect(json.photos).toBeGreaterThan(0);

    const a = openArchive(dir);
    try {
      expect(json).toEqual(computeStats(a, { from: '2024-09-01', to: '2025-08-31' }));
    } finally {
      a.close();
    }
  });

  it('--year 2024-2025 is the same period as --from 2024-09-01 --to 2025-08-31', () => {
    const byYear = JSON.parse(keji('stats', dir, '--json', '--year', '2024-2025').stdout);
    expect(yearJson).toBeDefined();
    expect(byYear).toEqual(yearJson);
  });

  it('a bad period is refused in Chinese', () => {
    const r = keji('stats', dir, '--term', '2024-2026-1');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('时间段格式');
  });
});

describe('keji errors', () => {
  it('a folder that does not exist → non-zero exit and a Chinese message on stderr', () => {
    const r = keji('stats', path.join(tempDir(), '没有这个目录'));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(HAS_CHINESE);
    expect(r.stderr).toContain('文件夹不存在');
  });

  it('no folder given → non-zero exit and a Chinese message', () => {
    const r = keji('stats');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('缺少档案目录');
  });

  it('an archive held open by another program → non-zero exit, 正在被另一个程序使用', () => {
    const dir = path.join(tempDir(), 'a');
    const a = openArchive(dir, { create: true });
    try {
      const r = keji('stats', dir, '--json');
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('正在被另一个程序使用');
    } finally {
      a.close();
    }
  });

  it('an archive from a newer version → non-zero exit asking to upgrade, archive untouched', () => {
    const dir = path.join(tempDir(), 'a');
    openArchive(dir, { create: true }).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const r = keji('stats', dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('请升级');
    const check = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    check.close();
  });
});
