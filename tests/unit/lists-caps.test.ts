// No silent caps: a list call with a `limit` answers `total` beside its rows, so the caller learns
// how many it left out (activities.list, people.list, activities.range), and what must hold every
// row (the Excel export) is not cut at a call's default limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { buildTable } from '../../electron/core/sheets/export';
import { caller, newArchive, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' });
  c = caller(a);
});
afterEach(() => a.close());

/** `n` activities straight into SQLite, one a day from `from` (titles 活动0 … the oldest first). */
function activities(n: number, from = '2025-01-01', extra: (i: number) => { endDate?: string } = () => ({})) {
  const ins = a.db.prepare(
    'INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date, end_date) VALUES (?,?,?,?,?,?,?,?)',
  );
  a.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const d = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
      ins.run(
        `0195${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
        't',
        't',
        `活动${i}`,
        '培训',
        'done',
        d,
        extra(i).endDate ?? null,
      );
    }
  })();
}

describe('activities.list says how many it left out', () => {
  it('answers `limit` rows, newest first, and the total of every match', async () => {
    activities(12);
    const r = await c.ok('activities.list', { limit: 5 });
    expect(r.items.map((x) => x.title)).toEqual(['活动11', '活动10', '活动9', '活动8', '活动7']);
    expect(r.total).toBe(12);
    expect(r.total - r.items.length).toBe(7); // what the caller shows as 还有 7 项
    // A filter narrows the count too; a list within its limit is whole.
    expect(await c.ok('activities.list', { text: '活动1', limit: 2 })).toMatchObject({ total: 3 }); // 活动1, 活动10, 活动11
    const whole = await c.ok('activities.list', { limit: 50 });
    expect(whole.items).toHaveLength(12);
    expect(whole.total).toBe(12);
  });

  it('a 学期 without a 学年 is filtered before the limit, so the rows and the count agree', async () => {
    activities(40, '2025-08-15'); // 08-15 … 08-31 (第二学期 of 2024—2025), then 09-01 … 09-23 (newer, 第一学期)
    const all = await c.ok('activities.list', { term: 2 });
    expect(all.total).toBe(17);
    const r = await c.ok('activities.list', { term: 2, limit: 4 });
    expect(r.items).toHaveLength(4);
    expect(r.items.map((x) => x.startDate)).toEqual(['2025-08-31', '2025-08-30', '2025-08-29', '2025-08-28']);
    expect(r.total).toBe(17);
  });
});

describe('people.list says how many it left out', () => {
  it('answers `limit` people and the total of every match', async () => {
    for (let i = 0; i < 8; i++) await c.ok('people.create', { kind: 'student', name: `学生${i}`, entryYear: 2021 });
    await c.ok('people.create', { kind: 'teacher', name: '王老师' });
    const r = await c.ok('people.list', { kind: 'student', limit: 3 });
    expect(r.items).toHaveLength(3);
    expect(r.total).toBe(8);
    expect(await c.ok('people.list', { limit: 3 })).toMatchObject({ total: 9 });
    const whole = await c.ok('people.list', { kind: 'teacher', limit: 3 });
    expect(whole).toMatchObject({ total: 1, items: [{ name: '王老师' }] });
  });
});

describe('activities.range (the calendar)', () => {
  it('answers the activities running on the days asked, a long one that began before them too, and the total past its limit', async () => {
    activities(30, '2025-10-01', (i) => (i === 0 ? { endDate: '2025-10-20' } : {})); // 活动0: 10-01 … 10-20
    const r = await c.ok('activities.range', { from: '2025-10-10', to: '2025-10-12' });
    expect(r.items.map((x) => x.title)).toEqual(['活动0', '活动9', '活动10', '活动11']);
    expect(r.total).toBe(4);
    const cut = await c.ok('activities.range', { from: '2025-10-01', to: '2025-10-31', limit: 10 });
    expect(cut.items).toHaveLength(10);
    expect(cut.total).toBe(30);
    expect(await c.ok('activities.range', { from: '2025-10-01', to: '2025-10-31', text: '活动2' })).toMatchObject({
      total: 11, // 活动2, 活动20 … 活动29
    });
  });
});

describe('the Excel export', () => {
  it('holds every activity, not the 5,000 activities.list answers by default', async () => {
    activities(5001, '2010-01-01');
    expect(await c.ok('activities.list', {})).toMatchObject({ total: 5001 });
    expect((await c.ok('activities.list', {})).items).toHaveLength(5000);
    const table = await buildTable(a, {
      jobId: crypto.randomUUID(),
      list: 'activities',
      filter: {},
      maskNames: false,
      includeSensitive: false,
    });
    expect(table.rows).toHaveLength(5001);
  });
});
