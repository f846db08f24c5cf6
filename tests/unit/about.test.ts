// 关于 (app.about) and the 设置 rules a teacher can trip over: the term dates.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_VERSION, createDispatcher } from '../../electron/core/handlers';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { getSettings } from '../../electron/core/settings';
import { caller, newArchive, REPO_ROOT } from './helpers';

describe('app.about', () => {
  it('reports the version the installers carry, the archive, its schema and the host', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(APP_VERSION).toBe(pkg.version); // web and command line show what the desktop shows
    const a = newArchive();
    const about = await caller(a).ok('app.about', {});
    expect(about).toMatchObject({
      appVersion: pkg.version,
      schemaVersion: SCHEMA_VERSION,
      archiveDir: a.dir,
      host: 'cli',
      portable: false,
      logDir: null,
    });
    expect(about.platform).toBe(`${process.platform} ${process.arch}`);
    const d = createDispatcher(a, {
      validateOutput: true,
      host: {
        kind: 'desktop',
        portable: true,
        logDir: 'E:\\科技档案-程序数据\\logs',
        appVersion: '9.9.9',
        runtime: 'Electron 45.4.1',
      },
    });
    const r = await d('app.about', {});
    expect(r.ok && r.value).toMatchObject({
      host: 'desktop',
      portable: true,
      logDir: 'E:\\科技档案-程序数据\\logs',
      appVersion: '9.9.9',
      runtime: 'Electron 45.4.1',
    });
    a.close();
  });
});

describe('term dates in settings', () => {
  it('refuses dates that do not exist and a 第二学期 that starts after 第一学期, keeping what was saved', async () => {
    const a = newArchive();
    const c = caller(a);
    await c.ok('settings.set', {
      schoolName: '青山镇中心小学',
      calendar: { autumnStart: '08-28', springStart: '02-17' },
    });
    const order = await c.fail('settings.set', { calendar: { autumnStart: '02-01', springStart: '09-01' } });
    expect(order).toMatchObject({ code: 'INVALID_INPUT', field: 'springStart' });
    expect(order.message).toContain('第二学期的开始日期必须早于第一学期');
    const day = await c.fail('settings.set', { calendar: { autumnStart: '09-01', springStart: '02-30' } });
    expect(day).toMatchObject({ code: 'INVALID_INPUT', field: 'springStart' });
    expect(day.message).toContain('没有 2 月 30 日这一天');
    expect(getSettings(a)).toEqual({
      schoolName: '青山镇中心小学',
      calendar: { autumnStart: '08-28', springStart: '02-17' },
    });
    a.close();
  });
});
