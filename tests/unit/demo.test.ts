// The demo archive is what a teacher (and every e2e test) sees first: it must look like a real
// school after three 学年, cover every vocabulary the pages show, and be the same every time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeNames } from '../../shared/domain/calendar';
import { AWARD_LEVELS } from '../../shared/domain/vocab';
import { createDemoArchive, DEMO_TODAY, DEMO_YEARS } from '../../electron/core/demo/generate';
import { DB_FILE, openArchive, type Archive } from '../../electron/core/db/open';
import { mediaRelPath } from '../../electron/core/media/store';
import { caller, tempDir, type Caller } from './helpers';

let dirA: string, dirB: string, dirOther: string;
let a: Archive;
let c: Caller;
let counts: Record<string, number>;

beforeAll(async () => {
  const base = tempDir('keji-demo-');
  dirA = path.join(base, 'a');
  dirB = path.join(base, 'b');
  dirOther = path.join(base, 'other');
  ({ counts } = await createDemoArchive(dirA, { photos: true }));
  await createDemoArchive(dirB, { photos: true });
  await createDemoArchive(dirOther, { seed: 7, photos: false });
  a = openArchive(dirA);
  c = caller(a);
});
afterAll(() => a?.close());

describe('the demo school', () => {
  it('has at least 150 current students in 一年级…六年级 of 2026—2027, from 6 entry years', async () => {
    const students = (await c.ok('people.list', { kind: 'student', asOf: DEMO_TODAY })).items;
    expect(students.length).toBeGreaterThanOrEqual(150);
    expect(new Set(students.map((s) => s.entryYear)).size).toBe(6);
    const grades = new Set(students.map((s) => s.classLabel.replace(/\(\d+\)班$/, '')));
    expect([...grades].sort()).toEqual([...gradeNames('小学')].sort());
    // graduates stay in the archive, archived
    const all = (await c.ok('people.list', { kind: 'student', asOf: DEMO_TODAY, includeArchived: true })).items;
    const graduates = all.filter((s) => s.archivedAt);
    expect(graduates.length).toBeGreaterThan(0);
    for (const g of graduates) expect(g.classLabel).toMatch(/级\(已毕业\)$/);
  });

  it('has 3 teachers and 4 groups with members', async () => {
    expect((await c.ok('people.list', { kind: 'teacher' })).items).toHaveLength(3);
    const groups = await c.ok('groups.list', {});
    expect(groups).toHaveLength(4);
    for (const g of groups) expect(g.memberCount).toBeGreaterThan(0);
  });

  it('has 60 activities over the 2024, 2025 and 2026 school years: done, planned, cancelled, rescheduled', async () => {
    const acts = (await c.ok('activities.list', {})).items;
    expect(acts).toHaveLength(60);
    expect(counts.activities).toBe(60);
    const byYear: Record<number, number> = {};
    for (const x of acts) byYear[x.schoolYear] = (byYear[x.schoolYear] ?? 0) + 1;
    expect(Object.keys(byYear).map(Number).sort()).toEqual([...DEMO_YEARS]);
    for (const y of DEMO_YEARS) expect(byYear[y]).toBeGreaterThanOrEqual(10);
    const status = (s: string) => acts.filter((x) => x.status === s);
    expect(status('planned').length).toBeGreaterThan(0);
    expect(status('cancelled').length).toBeGreaterThan(0);
    expect(status('done').length).toBeGreaterThan(30);
    // planned ones lie after the demo's "today", done ones before it
    for (const x of status('planned')) expect(x.startDate > DEMO_TODAY).toBe(true);
    for (const x of status('done')) expect(x.startDate <= DEMO_TODAY).toBe(true);
    const moved = acts.filter((x) => x.rescheduleCount > 0);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.some((x) => x.rescheduleCount >= 2)).toBe(true);
    const twice = await c.ok('activities.get', { id: moved.find((x) => x.rescheduleCount >= 2)!.id });
    expect(twice.reschedules[1].fromStart).toBe(twice.reschedules[0].toStart);
    expect(twice.reschedules.at(-1)!.toStart).toBe(twice.startDate);
    // whole-school events by head-count
    expect(acts.some((x) => (x.headCount ?? 0) >= 500)).toBe(true);
  });

  it('has 60 works across at least 8 categories, including a collective work of 3 students', async () => {
    const works = await c.ok('works.list', {});
    expect(works).toHaveLength(60);
    expect(new Set(works.map((w) => w.category)).size).toBeGreaterThanOrEqual(8);
    expect(works.some((w) => w.authorIds.length === 3 && w.teamKind === '集体')).toBe(true);
    for (const w of works) {
      expect(w.authorIds.length).toBeGreaterThanOrEqual(1);
      expect(w.authorIds.length).toBeLessThanOrEqual(3);
      if (w.category === '少年儿童科学幻想绘画') expect(w.authorIds).toHaveLength(1); // 科幻画 is individual only
    }
  });

  it('has 90 awards covering every level and the grades the pages show', async () => {
    const awards = await c.ok('awards.list', {});
    expect(awards).toHaveLength(90);
    const levels = new Set(awards.map((x) => x.level));
    for (const l of AWARD_LEVELS) expect(levels, `级别 ${l}`).toContain(l);
    const grades = new Set(awards.map((x) => x.grade));
    for (const g of [
      '特等奖',
      '一等奖',
      '二等奖',
      '三等奖',
      '优秀奖',
      '金牌',
      '银牌',
      '铜牌',
      '专项奖',
      '优秀组织奖',
    ]) {
      expect(grades, `等级 ${g}`).toContain(g);
    }
    expect(awards.filter((x) => x.recipientKind === 'school').length).toBeGreaterThan(0);
  });

  it('has a work promoted 县 → 市 → 省', async () => {
    const awards = await c.ok('awards.list', {});
    const byId = new Map(awards.map((x) => [x.id, x]));
    const chains = awards
      .filter((x) => x.level === '省级' && x.promotedFromId)
      .map((p) => {
        const city = byId.get(p.promotedFromId!)!;
        const county = city?.promotedFromId ? byId.get(city.promotedFromId) : undefined;
        return [county?.level, city?.level, p.level, county?.workId === p.workId && city?.workId === p.workId];
      });
    expect(chains).toContainEqual(['县级', '市级', '省级', true]);
  });

  it('has photos linked to activities, stored content-addressed and intact', async () => {
    expect(counts.media).toBeGreaterThan(0);
    const media = a.db.prepare('SELECT id, sha256, ext, kind, size FROM media').all() as {
      id: string;
      sha256: string;
      ext: string;
      kind: string;
      size: number;
    }[];
    expect(media.length).toBe(counts.media);
    for (const m of media) {
      expect(m.kind).toBe('photo');
      const bytes = fs.readFileSync(path.join(dirA, mediaRelPath(m.sha256, m.ext)));
      expect(bytes.length).toBe(m.size);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(m.sha256);
      expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8'); // JPEG
    }
    const unlinked = a.db
      .prepare(
        "SELECT COUNT(*) FROM media m WHERE NOT EXISTS (SELECT 1 FROM media_links l WHERE l.media_id=m.id AND l.target_kind='activity')",
      )
      .pluck()
      .get();
    expect(unlinked).toBe(0);
    const withPhotos = (await c.ok('activities.list', {})).items.filter((x) => x.photoCount > 0);
    expect(withPhotos.length).toBeGreaterThan(10);
    for (const x of withPhotos) expect(x.coverMediaId).not.toBeNull();
    expect(withPhotos.reduce((n, x) => n + x.photoCount, 0)).toBe(media.length);
    const stats = await c.ok('stats.get', { from: '2024-09-01', to: '2027-08-31' });
    expect(stats.photos).toBe(media.length);
  });

  it('has a school name and no leftover half-written files', async () => {
    expect((await c.ok('settings.get', {})).schoolName).toMatch(/小学$/);
    const partials = fs
      .readdirSync(path.join(dirA, 'media'), { recursive: true })
      .filter((f) => String(f).endsWith('.partial'));
    expect(partials).toEqual([]);
  });
});

describe('determinism', () => {
  const TABLES = [
    'people',
    'groups',
    'group_members',
    'activities',
    'activity_reschedules',
    'activity_participants',
    'works',
    'work_authors',
    'competitions',
    'awards',
    'media',
    'media_links',
    'tags',
    'settings',
    'change_log',
  ];
  function dump(dir: string): Record<string, unknown[]> {
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      return Object.fromEntries(
        TABLES.map((t) => {
          const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((x) => x.name);
          return [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${cols.join(', ')}`).all()];
        }),
      );
    } finally {
      db.close();
    }
  }

  it('two archives from the same seed have identical rows and identical photo files', () => {
    const da = dump(dirA),
      db = dump(dirB);
    // every archive names itself with a random archiveId (so merges can tell archives apart): not content
    for (const d of [da, db]) d.settings = (d.settings as { key: string }[]).filter((r) => r.key !== 'archiveId');
    for (const t of TABLES) expect(db[t], `table ${t}`).toEqual(da[t]);
    expect(da.people.length).toBeGreaterThan(150);
    expect(da.media.length).toBeGreaterThan(0);
    const files = (d: string) =>
      (fs.readdirSync(path.join(d, 'media'), { recursive: true }) as string[]).filter((f) => f.endsWith('.jpg')).sort();
    expect(files(dirB)).toEqual(files(dirA));
  });

  it('another seed gives another school population', () => {
    const names = (d: string) => (dump(d).people as { name: string }[]).map((p) => p.name);
    expect(names(dirOther)).not.toEqual(names(dirA));
    expect(names(dirOther)).toHaveLength(names(dirA).length);
  });
});
