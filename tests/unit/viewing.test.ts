// Opening a package from another PC read-only inside the app (through the web host, as the page
// does): the app shows the package, refuses every change in Chinese, writes nothing to the stick,
// serves the package's photos, and goes back to the teacher's own archive.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '../../electron/core/activities/queries';
import type { Archive } from '../../electron/core/db/open';
import { exportPackage } from '../../electron/core/package/export';
import { verifyPackage } from '../../electron/core/package/verify';
import { setSettings } from '../../electron/core/settings';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { HAS_CHINESE, newArchive, tempDir } from './helpers';
import { listing, makeSchool } from './package-fixtures';
import { jpeg, write } from './media-fixtures';

let home: Archive;
let host: WebHost;
let pkg: string;
let school: ReturnType<typeof makeSchool>;

beforeEach(async () => {
  const other = newArchive();
  school = makeSchool(other);
  pkg = (
    await exportPackage(other, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'all' },
      maskNames: false,
      includeSensitive: false,
    })
  ).path;
  other.close();
  home = newArchive();
  setSettings(home, { schoolName: '红旗小学' });
  createActivity(home, {
    title: '本校植树节',
    type: '科技实践',
    status: 'done',
    startDate: '2026-03-12',
    teacherIds: [],
    participantIds: [],
    tags: [],
  });
  const renderer = tempDir('keji-renderer-');
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>科技档案</title>');
  host = await startWebHost({ archive: home, rendererDir: renderer });
});
afterEach(async () => {
  await host.close();
  home.close();
});

async function call(name: string, input: Record<string, unknown> = {}) {
  const res = await fetch(`${host.origin}/rpc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Keji-Token': host.token },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } };
}
const job = (name: string, input: Record<string, unknown> = {}) => call(name, { ...input, jobId: crypto.randomUUID() });
const titles = async () =>
  ((await call('activities.list')).value as { items: { title: string }[] }).items.map((a) => a.title).sort();

describe('a package opened read-only in the app', () => {
  it('shows the package instead of this archive, changes nothing on the stick, and goes back', async () => {
    const before = listing(pkg);
    expect(await titles()).toEqual(['本校植树节']);
    expect((await call('archive.info')).value).toMatchObject({
      readonly: false,
      canReturn: false,
      schoolName: '红旗小学',
    });

    expect((await job('package.openReadonly', { path: pkg })).ok).toBe(true);
    expect((await call('archive.info')).value).toMatchObject({
      readonly: true,
      canReturn: true,
      schoolName: '青山镇中心小学',
      dir: pkg,
    });
    expect(await titles()).toEqual(['参观气象站', '科普讲座：走进中国航天', '航模训练']);
    // Its photos come from the stick, by id, like any other.
    const photo = await fetch(`${host.origin}/media/${school.photos[0]}`, { headers: { 'X-Keji-Token': host.token } });
    expect(photo.status).toBe(200);

    // Every kind of change is refused in Chinese: a row, a setting, a trash move, an import of photos.
    const refusals = [
      await call('activities.create', {
        title: '新活动',
        type: '科普讲座',
        status: 'planned',
        startDate: '2026-05-01',
        teacherIds: [],
        participantIds: [],
        tags: [],
      }),
      await call('settings.set', { schoolName: '改名' }),
      await call('trash.delete', { kind: 'activity', id: school.lecture }),
      await job('media.import', { paths: [write(tempDir(), 'a.jpg', await jpeg(1))] }),
      await job('backup.create'),
    ];
    for (const r of refusals) {
      expect(r.ok).toBe(false);
      expect(r.error!.message).toContain('只读打开的数据包');
      expect(r.error!.message).toMatch(HAS_CHINESE);
    }
    expect(await titles()).toEqual(['参观气象站', '科普讲座：走进中国航天', '航模训练']);
    // Nothing on the stick was touched, and it still verifies.
    expect(listing(pkg)).toEqual(before);
    expect((await verifyPackage(pkg)).ok).toBe(true);

    expect((await job('package.closeReadonly')).ok).toBe(true);
    expect((await call('archive.info')).value).toMatchObject({
      readonly: false,
      canReturn: false,
      schoolName: '红旗小学',
    });
    expect(await titles()).toEqual(['本校植树节']);
    // And this PC's archive takes changes again.
    expect((await call('settings.set', { schoolName: '红旗小学（本部）' })).ok).toBe(true);
  });

  it('a damaged package is refused before anything is shown: this archive stays on screen', async () => {
    const photoFile = listing(pkg)
      .map((l) => l.split(' ')[0])
      .find((f) => f.startsWith(`media${path.sep}`))!;
    fs.appendFileSync(path.join(pkg, photoFile), 'x');
    const r = await job('package.openReadonly', { path: pkg });
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/数据包未通过校验/);
    expect((await call('archive.info')).value).toMatchObject({ readonly: false, schoolName: '红旗小学' });
    expect(await titles()).toEqual(['本校植树节']);
  });

  it('opening a second package replaces the first; going back from home does nothing', async () => {
    expect((await job('package.closeReadonly')).ok).toBe(true);
    expect((await job('package.openReadonly', { path: pkg })).ok).toBe(true);
    expect((await job('package.openReadonly', { path: pkg })).ok).toBe(true);
    expect((await call('archive.info')).value).toMatchObject({ readonly: true, canReturn: true });
    expect((await job('package.closeReadonly')).ok).toBe(true);
    expect((await call('archive.info')).value).toMatchObject({ readonly: false, canReturn: false });
  });
});
