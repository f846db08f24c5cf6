// A date for every imported file, and where it came from: EXIF DateTimeOriginal →
// CreateDate → IFD0 DateTime → XMP → a video's mvhd/tkhd → the activity it is imported onto →
// the file's modified time, marked 不确定 (日期不确定 in the gallery). Files are made here.
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createActivity } from '../../electron/core/activities/queries';
import type { Archive } from '../../electron/core/db/open';
import { getMedia, listMedia } from '../../electron/core/media/gallery';
import { importMedia } from '../../electron/core/media/import';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import { caller, newArchive, tempDir } from './helpers';
import { write } from './media-fixtures';

afterAll(() => closeThumbWorker());

const base = (n: number) =>
  sharp({
    create: { width: 96, height: 128, channels: 3, background: { r: (20 + n * 37) % 256, g: (n * 71) % 256, b: 90 } },
  });
const xmpPacket = (date: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="${date}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};
const MAC_EPOCH = 2082844800;
/** mvhd/tkhd body: version, flags, creation and modification time (32 or 64 bit), then the rest zero. */
function timeBox(type: 'mvhd' | 'tkhd', version: 0 | 1, unixSeconds: number): Buffer {
  const b = Buffer.alloc(version === 1 ? 112 : 100);
  b[0] = version;
  const t = unixSeconds === 0 ? 0 : unixSeconds + MAC_EPOCH;
  if (version === 1) {
    b.writeBigUInt64BE(BigInt(t), 4);
    b.writeBigUInt64BE(BigInt(t), 12);
  } else {
    b.writeUInt32BE(t, 4);
    b.writeUInt32BE(t, 8);
  }
  return box(type, b);
}
const ftyp = (major: string, compat: string) =>
  box('ftyp', Buffer.from(major, 'latin1'), Buffer.alloc(4), Buffer.from(compat, 'latin1'));
const unix = (iso: string) => Date.parse(iso) / 1000;
/** The local wall-clock time of a UTC instant, as the app stores it. */
function local(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const byName = (a: Archive) =>
  Object.fromEntries(
    (
      a.db.prepare('SELECT original_name, taken_at, taken_source FROM media').all() as {
        original_name: string;
        taken_at: string;
        taken_source: string;
      }[]
    ).map((r) => [r.original_name, [r.taken_at, r.taken_source]]),
  );

describe('a date for every file, with its source', () => {
  it('reads EXIF DateTimeOriginal, CreateDate, IFD0 DateTime and XMP, in that order, and ignores the Android 2002 date', async () => {
    const a = newArchive();
    const src = tempDir();
    const old = new Date(2021, 0, 2, 3, 4, 5);
    const files = {
      '原图.jpg': await base(1)
        .withExif({
          IFD0: { Make: 'Xiaomi', DateTime: '2016:01:02 03:04:05' },
          IFD2: { DateTimeOriginal: '2025:05:12 10:30:00', DateTimeDigitized: '2025:05:12 10:30:01' },
        })
        .jpeg()
        .toBuffer(),
      '数字化.jpg': await base(2)
        .withExif({
          IFD0: { Make: 'Canon', DateTime: '2016:01:02 03:04:05' },
          IFD2: { DateTimeDigitized: '2024:11:03 08:00:00' },
        })
        .jpeg()
        .toBuffer(),
      '只有IFD0.jpg': await base(3)
        .withExif({ IFD0: { Make: 'Nokia', DateTime: '2016:01:02 03:04:05' } })
        .jpeg()
        .toBuffer(),
      '只有XMP.jpg': await base(4).withXmp(xmpPacket('2018-03-04T05:06:07+08:00')).jpeg().toBuffer(),
      '安卓2002.jpg': await base(5)
        .withExif({ IFD0: { Make: 'Android' }, IFD2: { DateTimeDigitized: '2002:12:08 12:00:00' } })
        .jpeg()
        .toBuffer(),
    };
    for (const [name, bytes] of Object.entries(files)) fs.utimesSync(write(src, name, bytes), old, old);
    const r = await importMedia(a, [src]);
    expect(r.failed).toEqual([]);
    expect(byName(a)).toEqual({
      '原图.jpg': ['2025-05-12T10:30:00', 'original'],
      '数字化.jpg': ['2024-11-03T08:00:00', 'digitized'],
      '只有IFD0.jpg': ['2016-01-02T03:04:05', 'ifd0'],
      '只有XMP.jpg': ['2018-03-04T05:06:07', 'xmp'],
      '安卓2002.jpg': ['2021-01-02T03:04:05', 'file'],
    });
    a.close();
  });

  it('reads the creation time of an .mp4 and a .mov from moov/mvhd (32- and 64-bit), and from tkhd when mvhd has none', async () => {
    const a = newArchive();
    const src = tempDir();
    const mdat = box('mdat', Buffer.alloc(4096, 7));
    // An Android .mp4: ftyp, moov (mvhd v0) before the data.
    write(
      src,
      '实验.mp4',
      Buffer.concat([
        ftyp('isom', 'isomavc1mp41'),
        box(
          'moov',
          timeBox('mvhd', 0, unix('2017-02-22T06:30:00Z')),
          box('trak', timeBox('tkhd', 0, unix('2017-02-22T06:30:00Z'))),
        ),
        mdat,
      ]),
    );
    // An iPhone .mov: ftyp qt, the data first, moov at the end, mvhd version 1 (64-bit times).
    write(
      src,
      '航模.mov',
      Buffer.concat([
        ftyp('qt  ', 'qt  '),
        box('wide'),
        mdat,
        box('moov', timeBox('mvhd', 1, unix('2019-07-24T01:02:03Z'))),
      ]),
    );
    // mvhd left at 0 (1904) by the camera: the track's header has the time.
    write(
      src,
      '无mvhd.mp4',
      Buffer.concat([
        ftyp('mp42', 'mp42isom'),
        box('moov', timeBox('mvhd', 0, 0), box('trak', timeBox('tkhd', 0, unix('2020-10-01T02:00:00Z')))),
        mdat,
      ]),
    );
    // No time anywhere (and a box that claims more bytes than the file has): the file's time, 不确定.
    const broken = Buffer.concat([
      ftyp('isom', 'isom'),
      box('moov', timeBox('mvhd', 0, 0)),
      Buffer.from([0, 0, 0x10, 0, 0x6d, 0x64, 0x61, 0x74]),
    ]);
    const brokenFile = write(src, '没时间.mp4', broken);
    fs.utimesSync(brokenFile, new Date(2023, 5, 6, 7, 8, 9), new Date(2023, 5, 6, 7, 8, 9));
    const r = await importMedia(a, [src]);
    expect(r.failed).toEqual([]);
    expect(byName(a)).toEqual({
      '实验.mp4': [local('2017-02-22T06:30:00Z'), 'video'],
      '航模.mov': [local('2019-07-24T01:02:03Z'), 'video'],
      '无mvhd.mp4': [local('2020-10-01T02:00:00Z'), 'video'],
      '没时间.mp4': ['2023-06-06T07:08:09', 'file'],
    });
    a.close();
  });

  it('dates a 微信 photo without EXIF by the activity it is imported onto; without one, by its file time marked 日期不确定', async () => {
    const a = newArchive();
    const act = createActivity(a, {
      title: '参观县科技馆',
      type: '参观考察',
      status: 'done',
      startDate: '2025-12-17',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    const src1 = tempDir();
    const src2 = tempDir();
    // 微信 strips EXIF; the copy on the stick has the day it was saved.
    const saved = new Date(2026, 0, 9, 20, 15, 0);
    for (let i = 0; i < 2; i++)
      fs.utimesSync(
        write(
          src1,
          `mmexport${1700 + i}.jpg`,
          await base(10 + i)
            .jpeg()
            .toBuffer(),
        ),
        saved,
        saved,
      );
    fs.utimesSync(write(src2, 'mmexport1800.jpg', await base(20).jpeg().toBuffer()), saved, saved);
    await importMedia(a, [src1], { target: { kind: 'activity', id: act.id } });
    await importMedia(a, [src2]);
    expect(byName(a)).toEqual({
      'mmexport1700.jpg': ['2025-12-17T00:00:00', 'activity'],
      'mmexport1701.jpg': ['2025-12-17T00:00:00', 'activity'],
      'mmexport1800.jpg': ['2026-01-09T20:15:00', 'file'],
    });
    // Their month is the activity's; only the one dated by its file time is 日期不确定.
    expect(listMedia(a, { groupBy: 'month', offset: 0, limit: 10 }).items.map((i) => i.groupKey)).toEqual([
      '2026-01',
      '2025-12',
      '2025-12',
    ]);
    const uncertain = listMedia(a, { groupBy: 'month', dateUncertain: true, offset: 0, limit: 10 });
    expect(uncertain.items.map((i) => [i.originalName, i.takenSource])).toEqual([['mmexport1800.jpg', 'file']]);
    expect(getMedia(a, uncertain.items[0].id).takenSource).toBe('file');
    a.close();
  });
});

describe('调整拍摄时间', () => {
  it('moves a camera with a wrong clock back to the right month by an offset or to a time, and 撤销 puts every date back', async () => {
    const a = newArchive();
    const c = caller(a);
    const src = tempDir();
    // A camera whose clock was never set: it files December 2025's photos under January 2005.
    for (let i = 0; i < 3; i++) {
      write(
        src,
        `DSC_000${i}.jpg`,
        await base(30 + i)
          .withExif({ IFD0: { Make: 'Camera' }, IFD2: { DateTimeOriginal: `2005:01:01 00:0${i}:00` } })
          .jpeg()
          .toBuffer(),
      );
    }
    const other = write(
      src,
      '别的.jpg',
      await base(40)
        .withExif({ IFD0: { Make: 'Phone' }, IFD2: { DateTimeOriginal: '2025:12:17 09:00:00' } })
        .jpeg()
        .toBuffer(),
    );
    await importMedia(a, [src]);
    const ids = a.db
      .prepare("SELECT id FROM media WHERE original_name LIKE 'DSC_%' ORDER BY original_name")
      .pluck()
      .all() as string[];
    const months = () =>
      listMedia(a, { groupBy: 'month', offset: 0, limit: 10 }).items.map(
        (i) => `${i.originalName} ${i.takenAt} ${i.takenSource}`,
      );
    const before = months();
    expect(before).toEqual([
      '别的.jpg 2025-12-17T09:00:00 original',
      'DSC_0000.jpg 2005-01-01T00:00:00 original',
      'DSC_0001.jpg 2005-01-01T00:01:00 original',
      'DSC_0002.jpg 2005-01-01T00:02:00 original',
    ]);

    // To a time: the earliest gets it, the others keep their minutes apart.
    const r = await c.ok('media.retime', { ids, to: '2025-12-17T09:30' });
    expect(r.changed).toBe(3);
    expect(months()).toEqual(
      [
        'DSC_0000.jpg 2025-12-17T09:30:00 manual',
        'DSC_0001.jpg 2025-12-17T09:31:00 manual',
        'DSC_0002.jpg 2025-12-17T09:32:00 manual',
        '别的.jpg 2025-12-17T09:00:00 original',
      ].sort((x, y) => x.split(' ')[1].localeCompare(y.split(' ')[1])),
    );
    // 撤销: dates and sources as they were.
    expect(await c.ok('media.restoreTimes', { items: r.before })).toEqual({ changed: 3 });
    expect(months()).toEqual(before);

    // By an offset (minus one hour, across midnight and the year), only the chosen files.
    await c.ok('media.retime', { ids: [ids[0]], shiftSeconds: -3600 });
    expect(a.db.prepare('SELECT taken_at FROM media WHERE id=?').pluck().get(ids[0])).toBe('2004-12-31T23:00:00');
    expect(a.db.prepare("SELECT taken_at FROM media WHERE original_name='别的.jpg'").pluck().get()).toBe(
      '2025-12-17T09:00:00',
    );
    expect(fs.existsSync(other)).toBe(true);
    // Neither both nor none; never out of 1900–2100.
    expect((await c.fail('media.retime', { ids, shiftSeconds: 60, to: '2025-12-17T09:30' })).code).toBe(
      'INVALID_INPUT',
    );
    expect((await c.fail('media.retime', { ids })).code).toBe('INVALID_INPUT');
    const far = await c.fail('media.retime', { ids, shiftSeconds: -150 * 366 * 86400 });
    expect(far.message).toContain('超出了 1900—2100 年');
    a.close();
  });
});
