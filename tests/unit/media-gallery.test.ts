// The 相册 through the contract: groups and pages agree at any offset, filters, caption and
// rotation, covers and certificates, links; and the web host's /media routes.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaItem } from '../../shared/calls/media';
import { createActivity } from '../../electron/core/activities/queries';
import { createAward } from '../../electron/core/awards/queries';
import type { Archive } from '../../electron/core/db/open';
import { addMedia, thumbRelPath } from '../../electron/core/media/store';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { createPerson } from '../../electron/core/people/queries';
import { createWork } from '../../electron/core/works/queries';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { jpeg } from './media-fixtures';
import { caller, HAS_CHINESE, newArchive, tempDir, type Caller } from './helpers';

let a: Archive;
let c: Caller;
const ids: Record<string, string> = {};
let actA: string;
let actB: string;
let student: string;

async function photo(name: string, takenAt: string, n: number): Promise<string> {
  const bytes = await jpeg(n, { width: 64, height: 48 });
  return a.db.transaction(
    () =>
      addMedia(a, bytes, {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: name,
        takenAt,
        width: 64,
        height: 48,
        orientation: 1,
      }).id,
  )();
}

beforeAll(async () => {
  a = newArchive();
  c = caller(a);
  student = createPerson(a, { kind: 'student', name: '张树茂', stage: '小学', entryYear: 2021 }).id;
  actA = createActivity(a, {
    title: '防震减灾演练',
    type: '防震减灾演练',
    status: 'done',
    startDate: '2025-05-12',
    teacherIds: [],
    participantIds: [student],
    tags: ['安全'],
  }).id;
  actB = createActivity(a, {
    title: '科普讲座',
    type: '科普讲座',
    status: 'done',
    startDate: '2025-10-10',
    teacherIds: [],
    participantIds: [],
    tags: [],
  }).id;
  ids.may1 = await photo('may1.jpg', '2025-05-12T10:00:00', 1);
  ids.may2 = await photo('may2.jpg', '2025-05-12T09:00:00', 2);
  ids.aug = await photo('aug.jpg', '2025-08-31T18:00:00', 3);
  ids.sep = await photo('sep.jpg', '2025-09-01T08:00:00', 4);
  ids.oct = await photo('oct.jpg', '2025-10-10T14:00:00', 5);
  a.db.transaction(() => {
    ids.video = addMedia(
      a,
      Buffer.concat([Buffer.from([0, 0, 0, 0x14]), Buffer.from('ftypisom\0\0\0\0isom'), Buffer.from('video bytes')]),
      { ext: 'mp4', kind: 'video', mime: 'video/mp4', originalName: '演练.mp4', takenAt: '2025-05-12T11:00:00' },
    ).id;
  })();
  await c.ok('media.link', { ids: [ids.may1, ids.may2, ids.video], target: { kind: 'activity', id: actA } });
  await c.ok('media.link', { ids: [ids.oct, ids.may1], target: { kind: 'activity', id: actB } });
});
afterAll(async () => {
  a.close();
  await closeThumbWorker();
});

async function everything(filter: Record<string, unknown>, pageSize: number): Promise<MediaItem[]> {
  const all: MediaItem[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await c.ok('media.list', { ...filter, offset, limit: pageSize } as never);
    all.push(...page.items);
    if (page.items.length < pageSize) return all;
  }
}

describe('media.groups and media.list', () => {
  it('by month: newest month first, in time order inside, and pages line up with the headings', async () => {
    const g = await c.ok('media.groups', { groupBy: 'month' });
    expect(g.groups.map((x) => [x.key, x.count])).toEqual([
      ['2025-10', 1],
      ['2025-09', 1],
      ['2025-08', 1],
      ['2025-05', 3],
    ]);
    expect(g.total).toBe(6);
    const items = await everything({ groupBy: 'month' }, 2);
    expect(items.map((i) => i.originalName)).toEqual([
      'oct.jpg',
      'sep.jpg',
      'aug.jpg',
      'may2.jpg',
      'may1.jpg',
      '演练.mp4',
    ]);
    // Tile N sits under the heading whose counts cover N.
    let offset = 0;
    for (const grp of g.groups) {
      expect(items.slice(offset, offset + grp.count).every((i) => i.groupKey === grp.key)).toBe(true);
      offset += grp.count;
    }
  });

  it('by 学年: 31 August belongs to the year before, 1 September starts the next', async () => {
    const g = await c.ok('media.groups', { groupBy: 'year' });
    expect(g.groups.map((x) => [x.key, x.count])).toEqual([
      ['2025', 2],
      ['2024', 4],
    ]);
  });

  it('by activity: a photo of two activities shows under both; unlinked photos come last', async () => {
    const g = await c.ok('media.groups', { groupBy: 'activity' });
    expect(g.groups.map((x) => [x.title, x.count])).toEqual([
      ['科普讲座', 2],
      ['防震减灾演练', 3],
      [null, 2],
    ]);
    expect(g.groups.at(-1)!.key).toBe('none');
    expect(g.groups[0]).toMatchObject({ key: actB, date: '2025-10-10' });
  });

  it('filters by activity, kind, person, tag, 学年 and month', async () => {
    const names = async (f: Record<string, unknown>) =>
      (await everything({ groupBy: 'month', ...f }, 100)).map((i) => i.originalName).sort();
    expect(await names({ activityId: actA })).toEqual(['may1.jpg', 'may2.jpg', '演练.mp4']);
    expect(await names({ kind: 'video' })).toEqual(['演练.mp4']);
    expect(await names({ personId: student })).toEqual(['may1.jpg', 'may2.jpg', '演练.mp4']); // took part in the 演练
    expect(await names({ tag: '安全' })).toEqual(['may1.jpg', 'may2.jpg', '演练.mp4']);
    expect(await names({ schoolYear: 2025 })).toEqual(['oct.jpg', 'sep.jpg']);
    expect(await names({ month: '2025-05', kind: 'photo' })).toEqual(['may1.jpg', 'may2.jpg']);
    const onlyA = await c.ok('media.groups', { groupBy: 'activity', activityId: actA });
    expect(onlyA.groups.map((x) => x.key)).toEqual([actA]);
  });
});

describe('editing from the lightbox', () => {
  it('saves a caption and a display rotation; refuses a rotation that is not a quarter turn in Chinese', async () => {
    const d = await c.ok('media.update', { id: ids.aug, caption: '  傍晚的彩虹  ', rotation: 90 });
    expect(d).toMatchObject({ caption: '傍晚的彩虹', rotation: 90 });
    expect((await c.ok('media.get', { id: ids.aug })).rotation).toBe(90);
    const err = await c.fail('media.update', { id: ids.aug, rotation: 45 });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(HAS_CHINESE);
    const cleared = await c.ok('media.update', { id: ids.aug, caption: '' });
    expect(cleared.caption).toBeNull();
  });

  it('shows its links, makes a photo the cover, and moves the cover on when it is unlinked', async () => {
    let d = await c.ok('media.get', { id: ids.may1 });
    expect(d.links.map((l) => [l.title, l.isCover])).toEqual(
      expect.arrayContaining([
        ['防震减灾演练', true],
        ['科普讲座', false],
      ]),
    );
    d = await c.ok('media.setCover', { id: ids.may1, target: { kind: 'activity', id: actB } });
    expect(d.links.find((l) => l.id === actB)?.isCover).toBe(true);
    await c.ok('media.unlink', { ids: [ids.may1], target: { kind: 'activity', id: actA } });
    expect((await c.ok('activities.get', { id: actA })).coverMediaId).toBe(ids.may2);
    const video = await c.fail('media.setCover', { id: ids.video, target: { kind: 'activity', id: actA } });
    expect(video.message).toContain('只有照片可以设为封面');
    await c.ok('media.link', { ids: [ids.may1], target: { kind: 'activity', id: actA } });
  });

  it('puts award photos on the certificate wall, the chosen certificate first', async () => {
    const w = createWork(a, {
      title: '教室空气质量监测仪',
      category: '青少年科技创新成果',
      authorIds: [student],
      advisorIds: [],
    });
    const award = createAward(a, {
      recipientKind: 'work',
      workId: w.id,
      level: '市级',
      grade: '一等奖',
      awardedOn: '2025-04-22',
    });
    expect(await c.ok('media.certificates', {})).toEqual([]);
    const scan1 = await photo('证书1.jpg', '2025-04-22T09:00:00', 30);
    const scan2 = await photo('证书2.jpg', '2025-04-22T09:01:00', 31);
    await c.ok('media.link', { ids: [scan1, scan2], target: { kind: 'award', id: award.id } });
    let wall = await c.ok('media.certificates', {});
    expect(wall).toEqual([
      expect.objectContaining({
        awardId: award.id,
        mediaId: scan1,
        level: '市级',
        grade: '一等奖',
        recipient: '《教室空气质量监测仪》',
        studentNames: ['张树茂'],
      }),
    ]);
    await c.ok('media.setCover', { id: scan2, target: { kind: 'award', id: award.id } });
    wall = await c.ok('media.certificates', {});
    expect(wall[0].mediaId).toBe(scan2);
    expect(await c.ok('media.certificates', { schoolYear: 2025 })).toEqual([]);
    expect(await c.ok('media.certificates', { schoolYear: 2024 })).toHaveLength(1);
    // Certificates are photos of the archive too; trash hides one everywhere.
    await c.ok('trash.delete', { kind: 'media', id: scan2 });
    expect((await c.ok('media.certificates', {}))[0].mediaId).toBe(scan1);
    expect((await everything({ groupBy: 'month' }, 100)).some((i) => i.id === scan2)).toBe(false);
  });

  it('refuses links to records that do not exist, in Chinese', async () => {
    const err = await c.fail('media.link', {
      ids: [ids.oct],
      target: { kind: 'work', id: '01900000-0000-7000-8000-00000000dead' },
    });
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(HAS_CHINESE);
  });
});

describe('web host media routes', () => {
  let host: WebHost;
  beforeAll(async () => {
    host = await startWebHost({ archive: a, rendererDir: tempDir() });
  });
  afterAll(async () => {
    await host.close();
  });
  const get = (p: string, headers: Record<string, string> = {}) =>
    fetch(`${host.origin}${p}`, { headers: { 'x-keji-token': host.token, ...headers } });

  it('serves a WebP thumbnail, making it again when the cache was deleted; the original with ranges', async () => {
    fs.rmSync(path.join(a.dir, 'thumbs'), { recursive: true, force: true });
    const r = await get(`/media/${ids.oct}?size=thumb`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
    expect([meta.format, meta.width]).toEqual(['webp', 64]); // never enlarged
    const row = a.db.prepare('SELECT sha256 FROM media WHERE id=?').pluck().get(ids.oct) as string;
    expect(fs.existsSync(path.join(a.dir, thumbRelPath(row, 1024)))).toBe(true);
    const orig = await get(`/media/${ids.oct}?size=original`, { Range: 'bytes=0-1' });
    expect(orig.status).toBe(206);
    expect([...new Uint8Array(await orig.arrayBuffer())]).toEqual([0xff, 0xd8]);
    // A video without a poster frame has no thumbnail: 404, never the whole video (the page then draws one).
    const v = await get(`/media/${ids.video}?size=thumb`);
    expect(v.status).toBe(404);
    expect(v.headers.get('content-type')).toBeNull();
    expect((await get(`/media/${ids.video}?size=original`)).headers.get('content-type')).toBe('video/mp4');
    expect((await fetch(`${host.origin}/media/${ids.oct}?size=thumb`)).status).toBe(403); // no token
  });

  it('takes uploads from the page into .incoming/, and media.import removes them once imported', async () => {
    const batch = crypto.randomUUID();
    const bytes = await jpeg(77);
    const up = await fetch(
      `${host.origin}/media/upload?batch=${batch}&name=${encodeURIComponent('../../活动照片 1.jpg')}`,
      {
        method: 'POST',
        headers: { 'x-keji-token': host.token, 'Content-Type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      },
    );
    const body = (await up.json()) as { ok: boolean; value: { path: string } };
    expect(body.ok).toBe(true);
    expect(body.value.path.startsWith(path.join(a.dir, '.incoming', batch) + path.sep)).toBe(true);
    expect(path.basename(body.value.path)).toBe('活动照片 1.jpg');
    const r = await c.ok('media.import', { jobId: crypto.randomUUID(), paths: [body.value.path] });
    expect(r).toMatchObject({ imported: 1, failed: [] });
    expect((await c.ok('media.get', { id: r.mediaIds[0] })).originalName).toBe('活动照片 1.jpg');
    expect(fs.existsSync(body.value.path)).toBe(false);
  });
});
