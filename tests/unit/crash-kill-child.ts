// Child of crash-kill.test.ts: opens the archive and writes forever (records, photo imports,
// package merges) until the parent kills it with SIGKILL. After each commit it writes one JSON
// line to stdout synchronously, so every line the parent reads names a change that committed.
//   node --import tsx tests/unit/crash-kill-child.ts <archiveDir> <photosDir> <packageDir> <seed>
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openArchive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { seededRandom } from '../../shared/domain/ids';

const [dir, photosDir, pkgDir, seedArg] = process.argv.slice(2);
const seed = Number(seedArg);
const rng = seededRandom(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const a = openArchive(dir);
const d = createDispatcher(a);
const photos = fs.readdirSync(photosDir).map((f) => path.join(photosDir, f));
let n = 0;
/** A number that only grows across children (seed × 10⁶ + n): "this write or a later one". */
const marker = () => seed * 1_000_000 + ++n;
const say = (o: object) => fs.writeSync(1, `${JSON.stringify(o)}\n`);
const ids = (sql: string) => a.db.prepare(sql).pluck().all() as string[];

async function call(name: string, input: unknown): Promise<Record<string, unknown>> {
  const r = await d(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

async function step(): Promise<void> {
  const students = ids("SELECT id FROM people WHERE kind='student' AND deleted_at IS NULL");
  const teachers = ids("SELECT id FROM people WHERE kind='teacher' AND deleted_at IS NULL");
  const op = pick(['activity', 'activity', 'person', 'person', 'award', 'import', 'import', 'merge']);
  if (op === 'activity') {
    const m = marker();
    const input = {
      title: `科技活动${m}`,
      type: '科普讲座',
      startDate: '2025-10-01',
      teacherIds: [pick(teachers)],
      participantIds: [pick(students)],
      content: `m:${m}`,
    };
    const existing = ids('SELECT id FROM activities WHERE deleted_at IS NULL');
    if (rng.next() < 0.5 && existing.length) {
      const id = pick(existing);
      await call('activities.update', { id, patch: input });
      say({ entity: 'activities', id, marker: m });
    } else {
      const v = await call('activities.create', input);
      say({ entity: 'activities', id: v.id, marker: m });
    }
  } else if (op === 'person') {
    const m = marker();
    const input = { kind: 'student', name: `学生${m % 100000}`, entryYear: 2022, classNo: 1, notes: `m:${m}` };
    const mine = ids("SELECT id FROM people WHERE kind='student' AND notes LIKE 'm:%'");
    if (rng.next() < 0.5 && mine.length) {
      const id = pick(mine);
      await call('people.update', { id, patch: input });
      say({ entity: 'people', id, marker: m });
    } else {
      const v = await call('people.create', input);
      say({ entity: 'people', id: v.id, marker: m });
    }
  } else if (op === 'award') {
    const works = ids('SELECT id FROM works WHERE deleted_at IS NULL');
    const v = await call('awards.create', {
      recipientKind: 'work',
      workId: pick(works),
      level: '市级',
      grade: '二等奖',
      awardedOn: '2025-11-01',
      certificateNo: `m:${marker()}`,
    });
    say({ entity: 'awards', id: v.id });
  } else if (op === 'import') {
    const activity = pick(ids('SELECT id FROM activities WHERE deleted_at IS NULL'));
    const files = [pick(photos), pick(photos)];
    const v = await call('media.import', {
      jobId: randomUUID(),
      paths: files,
      target: { kind: 'activity', id: activity },
    });
    for (const id of v.mediaIds as string[]) say({ entity: 'media', id, linkedTo: activity });
  } else {
    await call('package.merge', { jobId: randomUUID(), path: pkgDir });
    say({ merged: true });
  }
}

say({ ready: true, pid: process.pid });
for (;;) await step();
