// The offline viewer's data: built with a fixed number of set-based queries however many
// records there are, split into an index and chunks per 学年 that carry exactly what the viewer
// shows, and masked names nowhere in any of its files.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createActivity } from '../../electron/core/activities/queries';
import type { Archive } from '../../electron/core/db/open';
import { addMedia, linkMedia, mediaRelPath } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { buildViewerContent, buildViewerFiles, type IncludedMedia } from '../../electron/core/package/viewer-data';
import type { MediaChunk, SearchChunk, ViewerIndex, YearChunk } from '../../resources/viewer/types';
import { newArchive, tempDir } from './helpers';
import { makeSchool, photo } from './package-fixtures';

const meta = { exportedAt: new Date('2026-05-20T08:00:00Z'), scopeLabel: '全部数据', maskedNames: false };

function includedOf(a: Archive): Map<string, IncludedMedia> {
  const rows = a.db.prepare('SELECT id, sha256, ext FROM media WHERE deleted_at IS NULL').all() as {
    id: string;
    sha256: string;
    ext: string;
  }[];
  return new Map(rows.map((r) => [r.id, { id: r.id, rel: mediaRelPath(r.sha256, r.ext), thumbRel: null }]));
}

/** Runs the files as the browser would: data.js, then each chunk script. */
function run(files: [string, Buffer][]): { index: ViewerIndex; chunks: Map<string, unknown> } {
  const chunks = new Map<string, unknown>();
  const ctx: Record<string, unknown> = { KEJI_CHUNK: (k: string, v: unknown) => chunks.set(k, v) };
  ctx.window = ctx;
  vm.createContext(ctx);
  for (const [, bytes] of files) vm.runInContext(bytes.toString('utf8'), ctx);
  const index = ctx.KEJI_DATA as ViewerIndex;
  for (const [k, v] of Object.entries(index.chunks ?? {})) chunks.set(k, v);
  return { index, chunks };
}

function addActivities(a: Archive, n: number, teacher: string, students: string[]): void {
  a.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = createActivity(a, {
        title: `气象观测第${i + 1}次`,
        type: '科学实验',
        status: 'done',
        startDate: `202${3 + (i % 3)}-10-${String(1 + (i % 28)).padStart(2, '0')}`,
        teacherIds: [teacher],
        participantIds: students,
        tags: ['气象'],
      }).id;
      const m = addMedia(a, photo(1000 + i), {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: `W${i}.jpg`,
        takenAt: `202${3 + (i % 3)}-10-02T08:00:00`,
      });
      linkMedia(a, m.id, 'activity', id);
    }
  })();
}

describe('the offline viewer data', () => {
  it('is read with the same number of queries for 10 activities as for 80 (no per-record reads)', () => {
    const counts: number[] = [];
    for (const n of [10, 80]) {
      const a = newArchive();
      const s = makeSchool(a);
      addActivities(a, n, s.teacher, [s.zhang, s.li]);
      const prepare = a.db.prepare.bind(a.db);
      let prepared = 0;
      a.db.prepare = ((sql: string) => {
        prepared++;
        return prepare(sql);
      }) as typeof a.db.prepare;
      const c = buildViewerContent(a, includedOf(a), meta);
      a.db.prepare = prepare;
      counts.push(prepared);
      expect(c.index.counts.activities).toBe(n + 3);
      a.close();
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThan(30);
  });

  it('splits into an index and 学年 chunks that hold every record once, newest first', () => {
    const a = newArchive();
    const s = makeSchool(a);
    addActivities(a, 120, s.teacher, [s.zhang, s.li]);
    const files = buildViewerFiles(a, includedOf(a), meta, { inlineBelow: 0 });
    const names = files.map(([p]) => p);
    expect(names[0]).toBe('viewer/data.js');
    expect(names).toEqual(
      expect.arrayContaining([
        'viewer/data/2025-2026.js',
        'viewer/data/2023-2024.js',
        'viewer/data/2023-2024-media-1.js',
        'viewer/data/works.js',
        'viewer/data/search.js',
      ]),
    );
    for (const [p, b] of files.slice(1)) expect(b.toString('utf8').startsWith('KEJI_CHUNK('), p).toBe(true);
    const { index, chunks } = run(files);
    expect(index.chunks).toBeUndefined();
    expect(index.years.map((y) => y.label)).toEqual(['2025—2026学年', '2024—2025学年', '2023—2024学年']);
    // Counts in the index match the chunks; activities newest first; every photo numbered once.
    let media = 0;
    for (const y of index.years) {
      const c = chunks.get(`y:${y.key}`) as YearChunk;
      expect(c.activities).toHaveLength(y.activities);
      expect(y.terms.reduce((n, [, k]) => n + k, 0)).toBe(y.activities);
      expect(c.activities.map((x) => x.startDate)).toEqual([...c.activities.map((x) => x.startDate)].sort().reverse());
      expect(y.mediaStart).toBe(media);
      const slice = y.mediaFiles.flatMap((_, p) => (chunks.get(`m:${y.key}:${p}`) as MediaChunk).media);
      expect(slice).toHaveLength(y.media);
      expect(y.months.reduce((n, [, k]) => n + k, 0)).toBe(y.media);
      media += y.media;
    }
    expect(media).toBe(index.counts.media);
    // An activity's photos point into its own 学年's slice.
    const y = index.years.find((x) => x.key === '2023-2024')!;
    const act = (chunks.get('y:2023-2024') as YearChunk).activities.find((x) => x.title === '气象观测第1次')!;
    expect(act.media).toHaveLength(1);
    expect(act.media[0]).toBeGreaterThanOrEqual(y.mediaStart);
    expect(act.media[0]).toBeLessThan(y.mediaStart + y.media);
    expect(act.participants).toEqual(expect.arrayContaining(['张树茂', '李明']));
    const search = chunks.get('search') as SearchChunk;
    expect(search.a.filter((r) => r[5].includes('气象观测'))).toHaveLength(120);
    a.close();
  });

  it('a small package keeps it all in data.js; masked names are in no viewer file', async () => {
    const a = newArchive();
    makeSchool(a);
    const r = await exportPackage(a, {
      target: tempDir('keji-usb-'),
      scope: { kind: 'all' },
      maskNames: true,
      includeSensitive: false,
    });
    const dir = path.join(r.path, 'viewer');
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
    const { index, chunks } = run([['viewer/data.js', fs.readFileSync(path.join(dir, 'data.js'))]]);
    expect(index.maskedNames).toBe(true);
    expect(chunks.has('search')).toBe(true);
    expect(JSON.stringify([...chunks])).toContain('张*茂');
    for (const f of fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const name of ['张树茂', '欧阳晓明']) expect(text.includes(name), `${name} in ${f}`).toBe(false);
    }
    a.close();
  });
});
