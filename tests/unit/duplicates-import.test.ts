// The 花名册 import and the person form agree on who is already in the archive. For every
// row the form's check (records.duplicates) would ask about, the import never quietly makes a
// second child: the same name in the same class is that child, a namesake elsewhere in the year is a
// question, and a 学号 held by someone else is a skipped row with the reason. Names typed with a
// blank ('邓 佳') or padded in the sheet ('邓　佳') are the same name on both sides.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import type { ImportRequest } from '../../shared/calls/sheets';
import { caller, newArchive, type Caller } from './helpers';

let a: Archive;
let c: Caller;
beforeEach(() => {
  a = newArchive({ start: '2025-10-15T08:00:00Z' }); // 2025—2026学年: 一年级 entered in 2025
  c = caller(a);
});
afterEach(() => a.close());

let jobs = 0;
const roster = (csv: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({
  jobId: `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`,
  kind: 'roster',
  file: { name: '花名册.csv', base64: Buffer.from(csv).toString('base64') },
  ...extra,
});
const students = async () =>
  (await c.ok('people.list', { kind: 'student', includeArchived: true })).items
    .map((p) => `${p.name} ${p.classLabel}${p.studentNo ? ` ${p.studentNo}` : ''}`)
    .sort();

describe('duplicates: the import and the form', () => {
  it('same name and class, a blank inside the name, a namesake in another class, a 学号 taken', async () => {
    await c.ok('people.create', {
      kind: 'student',
      name: '邓 佳',
      stage: '小学',
      entryYear: 2025,
      classNo: 1,
      studentNo: '2025001',
    }); // typed with a blank
    await c.ok('people.create', { kind: 'student', name: '李明', stage: '小学', entryYear: 2025, classNo: 1 });
    const before = await students();

    // What the person form would ask about, row by row.
    const dup = (name: string, classNo: number, studentNo: string | null = null) =>
      c
        .ok('records.duplicates', { kind: 'student', name, entryYear: 2025, classNo, studentNo })
        .then((l) => l.map((p) => p.reason));
    expect(await dup('邓佳', 1)).toEqual(['sameClass']);
    expect(await dup('李明', 2)).toEqual(['sameYear']);
    expect(await dup('吴桐', 1, '2025001')).toEqual(['sameStudentNo']);
    expect(await dup('周子轩', 1)).toEqual([]);

    const csv =
      '姓名,班级,学号\n邓　佳,一年级(1)班,\n李明,一年级(2)班,\n吴桐,一年级(1)班,2025001\n周子轩,一年级(1)班,\n';
    const p = await c.ok('sheets.preview', roster(csv));
    const row = (n: number) => p.rows.find((r) => r.row === n)!;
    expect(row(2).status).toBe('duplicate'); // the 邓佳 already there (nothing new to add), not a second one
    expect(row(3).status).toBe('needs-choice'); // 李明 of 一年级(1)班, or another child? asked
    expect(row(3).reason).toContain('李明');
    expect(row(4)).toMatchObject({ status: 'skip', reason: '学号 2025001 已属于学生 邓 佳' });
    expect(row(5).status).toBe('new'); // nobody like him: created without a question

    const r = await c.ok('sheets.commit', roster(csv));
    expect(r).toMatchObject({ created: 1 });
    expect(await students()).toEqual([...before, '周子轩 一年级(1)班'].sort());
  });

  it('a namesake the teacher says is another child is created once: importing the sheet again, or the child on two rows, makes no third', async () => {
    await c.ok('people.create', { kind: 'student', name: '李明', stage: '小学', entryYear: 2025, classNo: 1 });
    const csv = '姓名,班级\n李明,一年级(2)班\n';
    const p = await c.ok('sheets.preview', roster(csv));
    const choice = p.rows[0].choices[0];
    const answered = roster(csv, { choices: { [choice.key]: 'new' } });
    expect(await c.ok('sheets.commit', answered)).toMatchObject({ created: 1 });
    expect(await c.ok('sheets.commit', roster(csv, { choices: { [choice.key]: 'new' } }))).toMatchObject({
      created: 0,
    });
    expect(await students()).toEqual(['李明 一年级(1)班', '李明 一年级(2)班']);
    // A fresh archive, the same child listed twice in the sheet: one new 李明, the second row is the same child.
    const twice = '姓名,班级\n李明,一年级(2)班\n李明,一年级(2)班\n';
    await c.ok('trash.delete', {
      kind: 'person',
      id: (await c.ok('people.list', { text: '李明' })).items.find((p) => p.classNo === 2)!.id,
    });
    expect(await c.ok('sheets.commit', roster(twice, { choices: { [choice.key]: 'new' } }))).toMatchObject({
      created: 1,
    });
    expect(await students()).toEqual(['李明 一年级(1)班', '李明 一年级(2)班']);
  });
});
