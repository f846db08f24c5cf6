// @vitest-environment happy-dom
// The real import dialog and export button against the real core (in-memory transport):
// pick a GBK CSV, see the mapping and statuses, correct a column, answer a namesake, import,
// read the report; export a list as a download.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { fixedClock } from '../../electron/core/clock';
import { seededRandom } from '../../shared/domain/ids';
import { createClient, type Transport } from '../../renderer/api/client';
import { useApp } from '../../renderer/stores/app';
import { useSheets } from '../../renderer/stores/sheets';
import { ExportButton, ImportButton } from '../../renderer/features/sheets';
import { ledgerAwardsXlsx, ledgerRosterXlsx, rosterGbkCsv, rosterXlsx } from '../fixtures/sheets/make';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let container: HTMLElement;
let root: Root;
let calls: string[];
beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-rs-'));
  archive = openArchive(dir, { create: true, clock: fixedClock(new Date('2025-10-15T08:00:00Z'), seededRandom(3).bytes) });
  const dispatch = createDispatcher(archive, { validateOutput: true });
  calls = [];
  const transport: Transport = { invoke: (n, i) => { calls.push(n); return dispatch(n, JSON.parse(JSON.stringify(i ?? {}))); }, on: () => () => {} };
  useApp.setState({ client: createClient(transport), info: null, error: null });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => { act(() => root.unmount()); archive.close(); container.remove(); });

// Files are read in the core's sheets worker (its own thread): wait until the dialog is no longer busy.
const flush = async () => {
  for (let i = 0; i < 8; i++) await act(async () => { await new Promise((r) => setTimeout(r, 15)); });
  await vi.waitFor(() => { if (useSheets.getState().busy) throw new Error('still reading'); }, { timeout: 30_000, interval: 20 });
  await act(async () => { await new Promise((r) => setTimeout(r, 15)); });
};
const byText = (sel: string, text: string) => [...container.querySelectorAll<HTMLElement>(sel)].find((el) => el.textContent?.trim() === text)!;
const click = async (el: HTMLElement) => { await act(async () => el.click()); await flush(); };
async function pick(bytes: Buffer, name: string) {
  const input = container.querySelector<HTMLInputElement>('input[type=file]')!;
  const file = new File([new Uint8Array(bytes)], name);
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => { input.dispatchEvent(new Event('change', { bubbles: true })); });
  await flush();
}
async function choose(select: HTMLSelectElement, value: string) {
  await act(async () => { select.value = value; select.dispatchEvent(new Event('change', { bubbles: true })); });
  await flush();
}
const statuses = () => [...container.querySelectorAll('.sheets-table tbody tr')].map((tr) => [tr.children[0].textContent, tr.children[1].textContent]);

describe('ImportDialog', () => {
  it('imports a roster: preview with mapping, a namesake answered, the report', async () => {
    await act(async () => root.render(<ImportButton kind="roster" />));
    await click(byText('button', '导入花名册'));
    expect(container.querySelector('[role=dialog]')?.getAttribute('aria-labelledby')).toBe('sheets-dialog-title');
    expect(container.querySelector('#sheets-dialog-title')?.textContent).toBe('导入花名册');

    await pick(await rosterXlsx(), '花名册-五年级.xlsx');
    expect(statuses()).toEqual([['5', '新建'], ['6', '新建'], ['7', '新建'], ['9', '新建'], ['10', '新建'], ['11', '新建'], ['13', '跳过']]);
    const selects = [...container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')];
    expect(selects.map((s) => s.selectedOptions[0].textContent)).toEqual(['（不导入）', '姓名', '性别', '班级', '学号', '民族', '出生年月', '家长电话', '备注']);
    expect(container.querySelector('.sheets-summary')?.textContent).toBe('将新建 6 条、更新 0 条记录；0 行已在档案中；跳过 1 行。');
    // The teacher says 学籍号 is not to be imported: the preview follows.
    await choose(selects[4], '');
    expect(container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')[4].value).toBe('');
    await click(byText('button', '开始导入'));
    expect(container.querySelector('[role=status]')?.textContent).toBe('新建 6 条，更新 0 条；0 行已在档案中；跳过 1 行。');
    expect(container.querySelector('.sheets-skipped')?.textContent).toContain('第 13 行：「制表人：王老师」不像是姓名');
    expect(archive.db.prepare("SELECT COUNT(*) FROM people WHERE student_no IS NOT NULL").pluck().get()).toBe(0);

    // A GBK CSV with a third 张伟: the dialog asks, the teacher answers, the row turns 新建.
    await click(byText('button', '再导入一个文件'));
    await pick(rosterGbkCsv(), '花名册-六年级-GBK.csv');
    expect(container.textContent).toContain('文字编码：GBK');
    expect(statuses()).toContainEqual(['4', '待选择']);
    const fieldset = container.querySelector('.sheets-choices')!;
    expect(fieldset.querySelector('legend')?.textContent).toBe('同名的人需要您来确认');
    const ask = fieldset.querySelector('select') as HTMLSelectElement;
    expect([...ask.options].map((o) => o.textContent)).toEqual(['请选择…', '张伟 · 五年级(1)班', '张伟 · 五年级(3)班', '新建一名学生', '不导入这一行']);
    await choose(ask, 'new');
    expect(statuses()).toContainEqual(['4', '新建']);
    expect((container.querySelector('.sheets-choices select') as HTMLSelectElement).value).toBe('new'); // still there to change
    await click(byText('button', '开始导入'));
    expect(container.querySelector('[role=status]')?.textContent).toBe('新建 4 条，更新 0 条；0 行已在档案中；跳过 0 行。');
    expect(archive.db.prepare("SELECT COUNT(*) FROM people WHERE name='张伟'").pluck().get()).toBe(3);

    await click(byText('button', '关闭'));
    expect(container.querySelector('[role=dialog]')).toBeNull();
  });

  it('a ledger workbook: every sheet listed with its look, the date assumptions shown, undated rows held until the teacher gives their date', async () => {
    const dispatch = createDispatcher(archive, { validateOutput: true });
    await dispatch('settings.set', { schoolName: '清水县第六中学、清水六中' });
    await dispatch('sheets.commit', { jobId: '00000000-0000-4000-8000-00000000a001', kind: 'roster', file: { name: '花名册.xlsx', base64: (await ledgerRosterXlsx()).toString('base64') } });
    await act(async () => root.render(<ImportButton kind="awards" />));
    await click(byText('button', '导入获奖名单'));
    await pick(await ledgerAwardsXlsx(), '2019-2022年科技获奖台账.xlsx');

    const sheetRows = () => [...container.querySelectorAll('.sheets-sheet')].map((el) => [el.querySelector('label span')!.textContent, el.querySelector('.chip')!.textContent, (el.querySelector('input') as HTMLInputElement).checked]);
    expect(sheetRows()).toEqual([['缺考名单', '像是另一种表', false], ['2019-2020年度', '名单', true], ['2021市赛', '名单', true], ['2022', '名单', true]]);
    expect(container.querySelector('.sheets-undated')?.textContent).toContain('2 行没有获奖时间');
    // The sheet shown first dates each row by its 获奖年度: nothing is assumed for it.
    expect(container.querySelector('.sheets-assumption')?.textContent).toContain('各行的日期取自表中');
    expect(container.querySelector('.sheets-summary')?.textContent).toBe('将新建 16 条、更新 0 条记录；0 行已在档案中；跳过 4 行。');

    // The 2021 sheet: its date comes from its title row, said as an assumption.
    await click([...container.querySelectorAll<HTMLElement>('.sheets-sheet')][2].querySelector('button')!);
    expect(container.querySelector('.sheets-assumption')?.textContent).toContain('推定：取自标题「2021年5月」，请核对');
    expect(container.querySelector<HTMLInputElement>('.sheets-assumption input')!.value).toBe('2021-05-01');

    // The 2022 sheet says nothing: no date is put in, the teacher gives it.
    await click([...container.querySelectorAll<HTMLElement>('.sheets-sheet')][3].querySelector('button')!);
    const date = container.querySelector<HTMLInputElement>('.sheets-assumption input')!;
    expect(date.value).toBe('');
    expect(container.querySelector('.sheets-assumption')?.textContent).toContain('表中看不出日期');
    expect(statuses()).toEqual([['2', '跳过'], ['3', '跳过'], ['4', '跳过']]);
    // As typing does: the native setter (React tracks the value it set itself), then the event.
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(date, '2022-05-20');
      date.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await flush();
    expect(statuses()).toEqual([['2', '新建'], ['3', '跳过'], ['4', '新建']]);
    expect(container.querySelector('.sheets-undated')).toBeNull();

    // The teacher unticks the 2019-2020 sheet; the rest is imported.
    await act(async () => { [...container.querySelectorAll<HTMLInputElement>('.sheets-sheet input')][1].click(); });
    await flush();
    await click(byText('button', '开始导入'));
    expect(container.querySelector('.sheets-skipped')?.textContent).toContain('工作表「2021市赛」第 4 行：其他学校（清河县第一小学）的获奖，不导入');
    const years = archive.db.prepare("SELECT substr(awarded_on,1,4) y, COUNT(*) n FROM awards GROUP BY y ORDER BY y").all();
    expect(years).toEqual([{ y: '2021', n: 3 }, { y: '2022', n: 2 }]);
  });

  it('remembers the column meanings the teacher set for a header row and offers them the next time', async () => {
    localStorage.clear();
    const csv = Buffer.from('孩子,班级\r\n刘洋,四年级(2)班\r\n', 'utf8');
    await act(async () => root.render(<ImportButton kind="roster" />));
    await click(byText('button', '导入花名册'));
    await pick(csv, '名单.csv');
    expect(container.querySelector('.sheets-preview [role=alert]')?.textContent).toContain('找不到表头');
    expect([...container.querySelectorAll('button')].some((b) => b.textContent === '使用上次导入同样表头时的列设置')).toBe(false);
    await choose(container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')[0], 'name');
    expect(statuses()).toEqual([['2', '新建']]);
    await click(byText('button', '开始导入'));
    expect(container.querySelector('[role=status]')?.textContent).toBe('新建 1 条，更新 0 条；0 行已在档案中；跳过 0 行。');

    await click(byText('button', '再导入一个文件'));
    await pick(csv, '名单.csv');
    await click(byText('button', '使用上次导入同样表头时的列设置'));
    expect(container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')[0].value).toBe('name');
    expect(statuses()).toEqual([['2', '已有']]);
  });

  it('shows a wrong sheet\'s problem in Chinese and will not import it', async () => {
    await act(async () => root.render(<ImportButton kind="roster" />));
    await click(byText('button', '导入花名册'));
    await pick(Buffer.from('班级,学号\n五(2),1\n'), '错的.csv');
    expect(container.querySelector('.sheets-preview [role=alert]')?.textContent).toContain('表中没有「姓名」列');
    expect(byText('button', '开始导入').hasAttribute('disabled')).toBe(true);
  });
});

describe('ExportButton', () => {
  it('exports the list with the page\'s filter as a download named in Chinese', async () => {
    archive.db.prepare("INSERT INTO settings (key, value) VALUES ('schoolName', '\"青山镇中心小学\"')").run();
    const saved: { name: string; type: string; size: number }[] = [];
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { saved.push({ name: '', type: (b as Blob).type, size: (b as Blob).size }); return 'blob:test'; });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { saved[saved.length - 1].name = this.download; });
    try {
      await act(async () => root.render(<ExportButton list="students" filter={{ text: '张' }} />));
      await click(byText('button', '导出 Excel'));
      expect(calls).toContain('sheets.export');
      expect(saved).toHaveLength(1);
      expect(saved[0].name).toBe('青山镇中心小学_学生名单_20251015.xlsx');
      expect(saved[0].type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(saved[0].size).toBeGreaterThan(1000);
      expect(container.querySelector('[role=status]')?.textContent).toBe('已导出 0 行');
    } finally {
      created.mockRestore();
      clicked.mockRestore();
    }
  });
});
