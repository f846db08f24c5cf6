// The core off the web host's thread: a host started on a folder runs the archive core in a worker
// thread, so while a long photo import runs the page still gets its search answers, its photos and
// its files, and the import's progress; a package opened read-only is served from the host too.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '../../electron/core/activities/queries';
import { openArchive } from '../../electron/core/db/open';
import { exportPackage } from '../../electron/core/package/export';
import { setSettings } from '../../electron/core/settings';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { newArchive, tempDir } from './helpers';
import { jpeg, write } from './media-fixtures';

let dir: string;
let host: WebHost;
let renderer: string;

beforeEach(async () => {
  dir = path.join(tempDir('keji-thread-'), '科技档案');
  const a = openArchive(dir, { create: true });
  setSettings(a, { schoolName: '红旗小学' });
  createActivity(a, {
    title: '航模比赛集训',
    type: '科技实践',
    status: 'done',
    startDate: '2025-10-12',
    teacherIds: [],
    participantIds: [],
    tags: [],
  });
  a.close();
  renderer = tempDir('keji-renderer-');
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>科技档案</title>');
  host = await startWebHost({ dir, rendererDir: renderer });
}, 120_000); // the worker compiles the core from source under tsx
afterEach(async () => {
  await host?.close();
}, 60_000);

async function call(name: string, input: Record<string, unknown> = {}) {
  const res = await fetch(`${host.origin}/rpc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Keji-Token': host.token },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } };
}

/** The page's event stream: each event as it arrives. */
async function events(onEvent: (name: string, data: any) => void): Promise<() => void> {
  const ctl = new AbortController();
  const res = await fetch(`${host.origin}/events`, { headers: { 'X-Keji-Token': host.token }, signal: ctl.signal });
  const reader = res.body!.getReader();
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += new TextDecoder().decode(value);
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name && data) onEvent(name, JSON.parse(data));
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return () => ctl.abort();
}

describe('the web host runs the core in a worker thread', () => {
  it('runs the core off its thread and holds the archive lock there', async () => {
    expect(host.session.where).toBe('remote');
    // The core in the worker holds the archive: a second opener is refused.
    expect(() => openArchive(dir)).toThrow();
    const info = await call('archive.info');
    expect(info.value.schoolName).toBe('红旗小学');
    expect(info.value.readonly).toBe(false);
  }, 60_000);

  it('answers a search, serves a photo and the page while a long import is still running', async () => {
    const src = tempDir('keji-photos-');
    // One photo already in the archive, to be served during the import.
    const first = await call('media.import', {
      jobId: crypto.randomUUID(),
      paths: [write(src, 'first.jpg', await jpeg(1, { width: 1600, height: 1200 }))],
    });
    expect(first.ok).toBe(true);
    const firstId = (await call('media.list', {})).value.items[0].id as string;
    const many = tempDir('keji-many-');
    for (let i = 0; i < 30; i++) write(many, `p${i}.jpg`, await jpeg(100 + i, { width: 2400, height: 1800 }));

    const order: string[] = [];
    const jobId = crypto.randomUUID();
    let running!: () => void;
    const started = new Promise<void>((r) => {
      running = r;
    });
    const stop = await events((name, data) => {
      if (name === 'job.progress' && data.jobId === jobId && data.done >= 1 && data.done < data.total) running();
      if (name === 'archive.changed' && data.call === 'media.import') order.push('archive.changed');
    });
    const importing = call('media.import', { jobId, paths: [many] }).then((r) => {
      order.push('import answered');
      return r;
    });
    await started;
    order.push('import running');

    const search = await call('search.query', { text: '航模' });
    order.push('search answered');
    expect(search.ok).toBe(true);
    expect(search.value.groups.flatMap((g: { hits: { title: string }[] }) => g.hits.map((h) => h.title))).toContain(
      '航模比赛集训',
    );

    const photo = await fetch(`${host.origin}/media/${firstId}?size=thumb`, {
      headers: { 'X-Keji-Token': host.token },
    });
    expect(photo.status).toBe(200);
    expect((await photo.arrayBuffer()).byteLength).toBeGreaterThan(100);
    order.push('photo served');

    const page = await fetch(`${host.origin}/`, { headers: { 'X-Keji-Token': host.token } });
    expect(await page.text()).toContain('科技档案');
    order.push('page served');

    const done = await importing;
    expect(done.ok).toBe(true);
    expect(done.value.imported).toBe(30);
    stop();
    expect(order.slice(0, 4)).toEqual(['import running', 'search answered', 'photo served', 'page served']);
    expect(order).toContain('import answered');
    expect(order.indexOf('import answered')).toBeGreaterThan(order.indexOf('page served'));
    // After the import, this thread reads what the worker wrote.
    expect((await call('media.list', {})).value.total).toBe(31);
  }, 240_000);

  it('a package opened read-only is shown and its photos served by the host; every change is refused; back home after', async () => {
    const other = newArchive();
    createActivity(other, {
      title: '外校科技节',
      type: '科技实践',
      status: 'done',
      startDate: '2025-11-01',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const pkg = (
      await exportPackage(other, {
        target: tempDir('keji-usb-'),
        scope: { kind: 'all' },
        maskNames: false,
        includeSensitive: false,
      })
    ).path;
    other.close();
    const changed: string[] = [];
    const stop = await events((name, data) => {
      if (name === 'archive.changed') changed.push(data.call);
    });

    expect((await call('package.openReadonly', { jobId: crypto.randomUUID(), path: pkg })).ok).toBe(true);
    // The host's own reading follows the switch before the call answers.
    expect(host.session.current.dir).toBe(pkg);
    expect(host.session.current.readonly).toBe(true);
    const titles = (await call('activities.list', {})).value.items.map((x: { title: string }) => x.title);
    expect(titles).toEqual(['外校科技节']);
    const refused = await call('activities.create', {
      title: '不应写入',
      type: '科技实践',
      status: 'done',
      startDate: '2025-11-02',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    expect(refused.error?.code).toBe('REFUSED');

    expect((await call('package.closeReadonly', { jobId: crypto.randomUUID() })).ok).toBe(true);
    expect(host.session.current).toBe(host.archive);
    expect((await call('activities.list', {})).value.items.map((x: { title: string }) => x.title)).toEqual([
      '航模比赛集训',
    ]);
    const created = await call('activities.create', {
      title: '回到本校',
      type: '科技实践',
      status: 'done',
      startDate: '2025-11-03',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    expect(created.ok).toBe(true);
    stop();
    expect(changed).toEqual(['activities.create']);
  }, 120_000);
});
