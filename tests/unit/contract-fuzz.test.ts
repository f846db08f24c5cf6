// The contract under attack: every call, driven through the dispatcher with thousands of
// generated hostile inputs, answers either a Chinese error or a value its output schema accepts;
// nothing throws, the database stays consistent and Object.prototype stays clean.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, type CallSpec } from '../../shared/contract';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher, type Dispatcher } from '../../electron/core/handlers';
import { createDemoArchive } from '../../electron/core/demo/generate';
import { tempDir } from './helpers';

const SEED = 8_2026;
const CHINESE = /[\u4e00-\u9fff]/;

// Calls that touch the filesystem by a path they are given, or are long: their path-like fields
// are replaced by paths inside this file's sandbox (an empty folder, a missing one, a plain file,
// a fake package), so nothing outside the temp dir is read or written.
// backup.restore is fed only shapes without the '恢复' confirmation (it would swap the open database).
const PATH_CALLS = new Set([
  'media.import',
  'package.plan',
  'package.export',
  'package.verify',
  'package.preview',
  'package.merge',
]);
const FEW_RUNS = new Set([
  ...PATH_CALLS,
  'backup.create',
  'backup.restore',
  'sheets.preview',
  'sheets.commit',
  'sheets.export',
]);

let dir: string;
let sandbox: string;
let a: Archive;
let d: Dispatcher;
let ids: string[] = [];
let examples: Record<string, Record<string, unknown>> = {};
let sandboxPaths: string[] = [];
const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  const root = tempDir('keji-fuzz-');
  dir = path.join(root, '科技档案');
  await createDemoArchive(dir, { photos: false });
  a = openArchive(dir);
  d = createDispatcher(a);
  ids = ['people', 'activities', 'works', 'awards', 'groups', 'competitions'].flatMap(
    (t) => a.db.prepare(`SELECT id FROM ${t} LIMIT 3`).pluck().all() as string[],
  );
  const one = (sql: string) => a.db.prepare(sql).pluck().get() as string;
  examples = validExamples({
    student: one("SELECT id FROM people WHERE kind='student' LIMIT 1"),
    teacher: one("SELECT id FROM people WHERE kind='teacher' LIMIT 1"),
    activity: one('SELECT id FROM activities LIMIT 1'),
    work: one('SELECT id FROM works LIMIT 1'),
    award: one('SELECT id FROM awards LIMIT 1'),
    group: one('SELECT id FROM groups LIMIT 1'),
    competition: one('SELECT id FROM competitions LIMIT 1'),
  });
  sandbox = path.join(root, 'sandbox');
  fs.mkdirSync(path.join(sandbox, 'empty'), { recursive: true });
  fs.mkdirSync(path.join(sandbox, 'fake-package'), { recursive: true });
  fs.writeFileSync(
    path.join(sandbox, 'fake-package', 'manifest.json'),
    '{"format":"keji-package","files":[{"path":"../../x"}]',
  );
  fs.writeFileSync(path.join(sandbox, 'note.jpg'), 'not a jpeg');
  sandboxPaths = [
    path.join(sandbox, 'empty'),
    path.join(sandbox, 'missing'),
    path.join(sandbox, 'note.jpg'),
    path.join(sandbox, 'fake-package'),
    path.join(sandbox, 'out'),
  ];
}, 120_000);

afterAll(() => a?.close());

// ---- hostile values ------------------------------------------------------------------------------
const nasty = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFFy',
  '\u202Eقصة\u202C',
  'שלום',
  '\u200B\u200C\u200D\uFEFF',
  '👨‍👩‍👧‍👦🎉',
  '🀄️',
  'ＡＢＣ１２３',
  '张树茂',
  "'; DROP TABLE people; --",
  '" OR 1=1 --',
  "Robert'); DELETE FROM activities;--",
  '%',
  '_',
  '*',
  '\\',
  '../../etc/passwd',
  'C:\\Windows\\system32',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '9999-12-31',
  '2025-09-01',
  '2025-09-01T08:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'e5b3e2a8-0c0b-4a56-9c7f-1f2a3b4c5d6e',
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '\r\n\t',
  'a'.repeat(101),
  '中'.repeat(5000),
];
const hugeString = fc.constantFrom('x'.repeat(1 << 20), '中'.repeat(1 << 19), '\uD800'.repeat(1 << 18));
const str = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nasty) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: hugeString },
);
const num = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2, 2025, 2 ** 53, -0, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE),
);
/** Objects whose own keys are __proto__/constructor (as JSON.parse makes them: the way a host receives input). */
const pollution = fc
  .constantFrom(
    '{"__proto__":{"polluted":"yes","kind":"student"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"__proto__":{"toString":1},"id":"x"}',
    '{"prototype":{"polluted":"yes"}}',
  )
  .map((s) => JSON.parse(s) as unknown);
const leaf = fc.oneof(str, num, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), pollution);
const deep = fc.integer({ min: 50, max: 3000 }).map((n) => {
  let o: unknown = { x: 1 };
  for (let i = 0; i < n; i++) o = i % 2 ? { a: o } : [o];
  return o;
});
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 2, arbitrary: fc.array(leaf, { maxLength: 5 }) },
  {
    weight: 2,
    arbitrary: fc.dictionary(
      str.filter((s) => s.length < 50),
      leaf,
      { maxKeys: 4 },
    ),
  },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

/** Values a real client might send, so some calls get past validation into the core. */
const plausible = () =>
  fc.oneof(
    fc.constantFrom(...ids),
    fc.constantFrom('2025-09-01', '2024-10-15', '2026-03-01'),
    fc.uuid().map(() => randomUUID()),
    fc.constantFrom(
      'student',
      'teacher',
      'activity',
      'award',
      'work',
      'person',
      'done',
      'planned',
      '小学',
      '男',
      '一等奖',
      '市级',
      'individual',
      'all',
      'month',
      '2025-2026',
    ),
    fc.integer({ min: 0, max: 3000 }),
    fc.boolean(),
    fc.constantFrom([], {}),
    fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }),
  );

/** One valid input per writing call, so mutations of it reach the core and the database. */
function validExamples(
  x: Record<'student' | 'teacher' | 'activity' | 'work' | 'award' | 'group' | 'competition', string>,
): Record<string, Record<string, unknown>> {
  const activity = {
    title: '航模社团活动',
    type: '科普讲座',
    startDate: '2025-10-01',
    location: '操场',
    teacherIds: [x.teacher],
    participantIds: [x.student],
    content: '内容',
  };
  const student = { kind: 'student', name: '小明', entryYear: 2022, classNo: 1, studentNo: '2022101', notes: '备注' };
  const work = {
    title: '水火箭',
    category: '科技制作',
    authorIds: [x.student],
    advisorIds: [x.teacher],
    summary: '简介',
  };
  const award = {
    recipientKind: 'work',
    workId: x.work,
    competitionId: x.competition,
    level: '市级',
    grade: '一等奖',
    awardedOn: '2025-11-01',
    certificateNo: 'No.1',
  };
  const period = '2025-2026-1';
  return {
    'settings.set': { schoolName: '实验小学' },
    'vocab.add': { kind: 'activityType', label: '科普讲座' },
    'activities.list': { text: '航模', limit: 10 },
    'activities.get': { id: x.activity },
    'activities.create': activity,
    'activities.update': { id: x.activity, patch: activity },
    'activities.reschedule': { id: x.activity, startDate: '2025-10-08', reason: '下雨' },
    'activities.setStatus': { id: x.activity, status: 'done' },
    'people.list': { text: '张', kind: 'student' },
    'people.get': { id: x.student, asOf: '2025-10-01' },
    'people.create': student,
    'people.update': { id: x.student, patch: student },
    'people.archive': { id: x.student, archived: false },
    'groups.create': { name: '无人机组', description: '说明', teacherId: x.teacher },
    'groups.members': { id: x.group },
    'groups.join': { groupId: x.group, personIds: [x.student], on: '2025-10-01' },
    'groups.leave': { groupId: x.group, personId: x.student, on: '2025-12-01' },
    'competitions.create': { name: '青少年科技创新大赛', level: '市级', year: 2025 },
    'works.list': { text: '火箭' },
    'works.get': { id: x.work },
    'works.create': work,
    'works.update': { id: x.work, patch: work },
    'awards.list': { from: '2024-09-01', to: '2026-08-31', personId: x.student },
    'awards.create': award,
    'awards.update': { id: x.award, patch: award },
    'trash.delete': { kind: 'group', id: x.group },
    'trash.restore': { kind: 'group', id: x.group },
    'changes.recent': { limit: 20 },
    'stats.get': { from: '2025-09-01', to: '2026-08-31' },
    'search.query': { text: '张树茂' },
    'records.initials': { texts: ['张树茂', '曾小红'] },
    'records.personRecord': { id: x.student },
    'records.mediaCounts': { kind: 'activity', ids: [x.activity] },
    'records.mediaOf': { kind: 'activity', id: x.activity },
    'records.archiveGraduated': { asOf: '2026-09-01' },
    'records.updateGroup': { id: x.group, patch: { name: '无人机组', description: '新说明' } },
    'summary.stats': { period },
    'summary.draft': { period },
    'summary.saveSection': { period, key: 'plans', text: '下学期计划' },
    'summary.regenerateSection': { period, key: 'plans' },
    'summary.photoCandidates': { period },
    'summary.setPhotos': { period, photos: null },
    'backup.create': { jobId: randomUUID() }, // writes into the temp archive's own backups/
  };
}

/** Every path to a leaf of a plain value (arrays and objects walked). */
function leafPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leafPaths(x, [...at, i])) : [at];
  if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...at, k]))];
  return [at];
}
function setAt(v: unknown, p: (string | number)[], x: unknown): unknown {
  if (p.length === 0) return x;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[p[0]] = setAt(copy[p[0]], p.slice(1), x);
  return copy;
}
/** A valid example with one to three leaves replaced: by hostile values, or by odd but legal text. */
function mutated(example: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = leafPaths(example).filter((p) => p.length > 0);
  const replacement = fc.oneof(
    hostile,
    fc.constantFrom(...nasty),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  );
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), replacement), { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce<unknown>((o, [p, x]) => setAt(o, p, x), example));
}

/** The input object's keys, through default()/optional()/pipe wrappers (zod 4 internals). */
function keysOf(schema: z.ZodType): string[] {
  let s = schema as unknown as { _zod: { def: Record<string, unknown> } };
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    if (def.type === 'object') return Object.keys(def.shape as object);
    if (def.type === 'union') return [...new Set((def.options as z.ZodType[]).flatMap(keysOf))];
    const inner = (def.innerType ?? def.in) as typeof s | undefined;
    if (!inner) return [];
    s = inner;
  }
  return [];
}

function inputFor(name: string): fc.Arbitrary<unknown> {
  const keys = [...keysOf((contract as Record<string, CallSpec>)[name].input), 'kind', '__proto__', 'constructor'];
  const value = fc.oneof({ weight: 2, arbitrary: hostile }, { weight: 3, arbitrary: plausible() });
  const shaped = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
  const example = examples[name];
  const raw = example
    ? fc.oneof(shaped, hostile, mutated(example), mutated(example), fc.constant(example))
    : fc.oneof(shaped, shaped, hostile);
  if (!PATH_CALLS.has(name)) {
    if (name === 'backup.restore')
      return raw.map((o) => (o && typeof o === 'object' && 'confirm' in o ? { ...o, confirm: 'no' } : o));
    return raw;
  }
  return fc.tuple(raw, fc.constantFrom(...sandboxPaths), fc.boolean()).map(([o, p, withJob]) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return o;
    const x = { ...(o as Record<string, unknown>) };
    for (const k of ['path', 'target']) if (k in x || name !== 'media.import') x[k] = p;
    if (name === 'media.import') x.paths = [p];
    if (withJob) x.jobId = randomUUID();
    return x;
  });
}

function checkAnswer(name: string, r: unknown): void {
  const ans = r as { ok: boolean; value?: unknown; error?: { code: unknown; message: unknown } };
  expect(typeof ans.ok).toBe('boolean');
  if (ans.ok) {
    const parsed = (contract as Record<string, CallSpec>)[name].output.safeParse(ans.value);
    if (!parsed.success)
      throw new Error(`${name} answered a value its schema rejects: ${parsed.error.message.slice(0, 300)}`);
  } else {
    expect(typeof ans.error?.code).toBe('string');
    expect(typeof ans.error?.message).toBe('string');
    const msg = ans.error!.message as string;
    if (!msg || !CHINESE.test(msg))
      throw new Error(
        `${name} answered an error without a Chinese message: ${JSON.stringify(ans.error).slice(0, 300)}`,
      );
  }
}

describe('every contract call under hostile input', () => {
  it('answers a Chinese error or a valid value, never throws, keeps the database and Object.prototype intact', async () => {
    const names = Object.keys(contract);
    expect(names.length).toBeGreaterThan(40);
    let calls = 0;
    const outcomes: Record<string, { ok: number; err: number }> = {};
    for (const [i, name] of names.entries()) {
      const runs = FEW_RUNS.has(name) ? 12 : examples[name] ? 150 : 60;
      await fc.assert(
        fc.asyncProperty(inputFor(name), async (input) => {
          const r = await d(name, input);
          calls++;
          const o = (outcomes[name] ??= { ok: 0, err: 0 });
          if (r.ok) o.ok++;
          else o.err++;
          checkAnswer(name, r);
        }),
        { seed: SEED + i, numRuns: runs, endOnFailure: true },
      );
    }
    // Unknown names and non-string names are refused in Chinese too.
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (name, input) => {
        if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)) return;
        const r = await d(name, input);
        calls++;
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(CHINESE);
      }),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );

    if (process.env.FUZZ_REPORT) console.log(calls, JSON.stringify(outcomes));
    expect(calls).toBeGreaterThan(3000);
    // Some calls must have got through validation, or the test only fuzzes zod.
    expect(Object.values(outcomes).filter((o) => o.ok > 0).length).toBeGreaterThan(45);

    expect(a.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(a.db.pragma('foreign_key_check')).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Nothing was written outside the temp dirs: the sandbox holds only what we made (+ package output).
    expect(fs.readdirSync(sandbox).every((f) => ['empty', 'fake-package', 'note.jpg', 'out'].includes(f))).toBe(true);
  }, 120_000);
});
