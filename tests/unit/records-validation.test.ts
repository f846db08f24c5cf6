// Messages that say what is wrong. An impossible date names the missing day (not the
// format), an ID number is checked by length, birth date and check digit, a phone by its shape —
// through the real core, as the forms get them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { dateMessage, formatDateZh, formatRangeZh } from '../../shared/domain/format';
import { idCheckChar, idNumberMessage, phoneMessage } from '../../shared/domain/idcheck';

let archive: Archive;
let call: (
  n: string,
  i: unknown,
) => Promise<{ ok: boolean; value?: unknown; error?: { message: string; field?: string } }>;
beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-u-val-')), { create: true });
  const d = createDispatcher(archive, { validateOutput: true });
  call = (n, i) => d(n, i) as never;
});
afterEach(() => archive.close());

describe('dates', () => {
  it('2024-02-30 says the day does not exist; a wrong shape says the shape; real days pass', () => {
    expect(dateMessage('2024-02-30')).toBe('2024年2月没有30日');
    expect(dateMessage('2023-02-29')).toBe('2023年2月没有29日');
    expect(dateMessage('2024-02-29')).toBeNull(); // leap year
    expect(dateMessage('2024-13-01')).toBe('2024年没有13月');
    expect(dateMessage('2024-04-31')).toBe('2024年4月没有31日');
    expect(dateMessage('2024/3/5')).toBe('日期格式应为 年-月-日');
  });

  it('an impossible date is written as stored and marked, never rolled over to another day', () => {
    expect(formatDateZh('2024-02-30')).toBe('2024-02-30（日期有误）');
    expect(formatDateZh('2025-03-05')).toBe('2025年3月5日');
    expect(formatRangeZh('2025-03-05', '2025-02-30')).toBe('2025年3月5日至2025-02-30（日期有误）');
    expect(formatDateZh('abc')).toBe('abc');
  });

  it('the core refuses an activity on 2024-02-30 with that message, on the field', async () => {
    const r = await call('activities.create', { title: '科普讲座', type: '科普讲座', startDate: '2024-02-30' });
    expect(r.ok).toBe(false);
    expect(r.error!.field).toBe('startDate');
    expect(r.error!.message).toContain('2024年2月没有30日');
    expect(r.error!.message).not.toContain('格式');
    expect((await call('activities.create', { title: '科普讲座', type: '科普讲座', startDate: '2024-02-29' })).ok).toBe(
      true,
    );
  });
});

describe('身份证号 and phone numbers', () => {
  const valid = (first17: string) => first17 + idCheckChar(first17);
  it('says what is wrong with an ID number: length, characters, birth date, check digit', () => {
    expect(idNumberMessage('12345678')).toBe('身份证号应为 18 位（或旧的 15 位），这里是 8 位');
    expect(idNumberMessage('62050220150230123X')).toBe('身份证号中的出生日期不存在，请核对');
    const good = valid('62050220150312123');
    expect(idNumberMessage(good)).toBeNull();
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(idNumberMessage(wrong)).toContain('校验码不对');
    expect(idNumberMessage('62050220150312abcd')).toBe('身份证号只能是数字，最后一位可以是 X');
    expect(idNumberMessage('110105491231002')).toBeNull(); // the old 15 digits
  });

  it('a phone is an 11-digit mobile or a landline', () => {
    expect(phoneMessage('138abc')).toBe('电话只能包含数字和“-”');
    expect(phoneMessage('1381234567')).toBe('手机号应为 11 位数字，这里是 10 位');
    expect(phoneMessage('13812345678')).toBeNull();
    expect(phoneMessage('0938-8212345')).toBeNull();
    expect(phoneMessage('8212345')).toBeNull();
    expect(phoneMessage('12')).toContain('手机号应为 11 位');
  });

  it('the core refuses them on their field, in Chinese', async () => {
    const base = { kind: 'student', name: '邓佳', entryYear: 2024, classNo: 1 };
    const id = await call('people.create', { ...base, idNumber: '12345678' });
    expect(id.ok).toBe(false);
    expect(id.error!.field).toBe('idNumber');
    expect(id.error!.message).toContain('身份证号应为 18 位');
    const phone = await call('people.create', { ...base, guardianPhone: '138abc' });
    expect(phone.error!.field).toBe('guardianPhone');
    expect(phone.error!.message).toContain('电话只能包含数字');
    const teacher = await call('people.create', { kind: 'teacher', name: '王老师', phone: '1381234567' });
    expect(teacher.error!.field).toBe('phone');
    expect(
      (await call('people.create', { ...base, idNumber: valid('62050220150312123'), guardianPhone: '13812345678' })).ok,
    ).toBe(true);
  });
});

describe('every problem of a form, in Chinese, from the same schema the form can use', () => {
  it('a student without a name, with an entry year out of range and a phone of letters gets all three, each with its field', async () => {
    const r = (await call('people.create', {
      kind: 'student',
      name: '  ',
      entryYear: 1800,
      guardianPhone: '138abc',
    })) as {
      ok: boolean;
      error?: { message: string; field?: string; issues?: { field?: string; message: string }[] };
    };
    expect(r.ok).toBe(false);
    const issues = r.error!.issues!;
    expect(issues.map((i) => i.field).sort()).toEqual(['entryYear', 'guardianPhone', 'name']);
    for (const i of issues) expect(i.message).not.toMatch(/[A-Za-z]{3,}/); // never zod's English
    expect(issues.find((i) => i.field === 'name')!.message).toMatch(/姓名.*必填|必填/);
    expect(r.error!.message).toContain(issues[0].message);
  });

  it("zod's own checks answer in Chinese by their code: missing is 必填, too long is 太长, a bad shape is 格式", async () => {
    const { PersonInput } = await import('../../shared/schemas');
    const r = PersonInput.safeParse({ kind: 'teacher', name: '王老师', subject: 'x'.repeat(41), phone: undefined });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('内容太长');
    const missing = PersonInput.safeParse({ kind: 'student', name: '李明' }); // no 入学年份
    expect(missing.error!.issues.map((i) => i.message)).toContain('此项必填');
  });
});
