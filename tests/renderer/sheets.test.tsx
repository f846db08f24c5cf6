// @vitest-environment happy-dom
// The real import dialog and export button against the real core (in-memory transport):
// pick a GBK CSV, see the mapping and statuses, correct a column, answer a namesake, import,
// read the report; export a list as a download.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { fixedClock } from '../../electron/core/clock';
import { seededRandom } from '../../shared/domain/ids';
import { useApp } from '../../renderer/stores/app';
import { ExportButton, ImportButton } from '../../renderer/features/sheets';
import { ledgerAwardsXlsx, ledgerRosterXlsx, rosterGbkCsv, rosterXlsx } from '../fixtures/sheets/make';
import { fireEvent, screen, show, startCore, userEvent, waitFor } from './kit';

let archive: Archive;
let calls: string[];
let user: ReturnType<typeof userEvent.setup>;
beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-rs-'));
  const core = startCore({
    archive: openArchive(dir, {
      create: true,
      clock: fixedClock(new Date('2025-10-15T08:00:00Z'), seededRandom(3).bytes),
    }),
  });
  archive = core.archive;
  calls = core.calls;
  useApp.setState({ client: core.client, info: null, error: null });
});
afterEach(() => archive.close());

// Files are read in the core's sheets worker (its own thread): each step waits for what it shows,
// and a test that reads several workbooks gets 60 s on a loaded 2-core box.
const SHEET_TEST_MS = 60_000;
const container = document.body;
const byText = (sel: string, text: string) =>
  [...container.querySelectorAll<HTMLElement>(sel)].find((el) => el.textContent?.trim() === text)!;
function render(ui: React.ReactElement) {
  ({ user } = show(ui));
}
const click = (el: HTMLElement) => user.click(el);
async function pick(bytes: Buffer, name: string) {
  const input = container.querySelector<HTMLInputElement>('input[type=file]')!;
  await user.upload(input, new File([new Uint8Array(bytes)], name));
}
const choose = (select: HTMLSelectElement, value: string) => user.selectOptions(select, value);
const statuses = () =>
  [...container.querySelectorAll('.sheets-table tbody tr')].map((tr) => [
    tr.children[0].textContent,
    tr.children[1].textContent,
  ]);
const status = () => container.querySelector('[role=status]')?.textContent;

describe('ImportDialog', () => {
  it(
    'imports a roster: preview with mapping, a namesake answered, the report',
    async () => {
      render(<ImportButton kind="roster" />);
      await click(byText('button', '导入花名册'));
      expect((await screen.findByRole('dialog')).getAttribute('aria-labelledby')).toBe('sheets-dialog-title');
      expect(container.querySelector('#sheets-dialog-title')?.textContent).toBe('导入花名册');

      await pick(await rosterXlsx(), '花名册-五年级.xlsx');
      await waitFor(
        () =>
          expect(statuses()).toEqual([
            ['5', '新建'],
            ['6', '新建'],
            ['7', '新建'],
            ['9', '新建'],
            ['10', '新建'],
            ['11', '新建'],
            ['13', '跳过'],
          ]),
        { timeout: 30_000 },
      );
      const selects = [...container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')];
      expect(selects.map((s) => s.selectedOptions[0].textContent)).toEqual([
        '（不导入）',
        '姓名',
        '性别',
        '班级',
        '学号',
        '民族',
        '出生年月',
        '家长电话',
        '备注',
      ]);
      expect(container.querySelector('.sheets-summary')?.textContent).toBe(
        '将新建 6 条、更新 0 条记录；0 行已在档案中；跳过 1 行。',
      );
      // The teacher says 学籍号 is not to be imported: the preview follows.
      await choose(selects[4], '');
      await waitFor(() =>
        expect(container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')[4].value).toBe(''),
      );
      await waitFor(() => expect(byText('button', '开始导入').hasAttribute('disabled')).toBe(false));
      await click(byText('button', '开始导入'));
      await waitFor(() => expect(status()).toBe('新建 6 条，更新 0 条；0 行已在档案中；跳过 1 行。'), {
        timeout: 30_000,
      });
      expect(container.querySelector('.sheets-skipped')?.textContent).toContain(
        '第 13 行：「制表人：王老师」不像是姓名',
      );
      expect(archive.db.prepare('SELECT COUNT(*) FROM people WHERE student_no IS NOT NULL').pluck().get()).toBe(0);

      // A GBK CSV with a third 张伟: the dialog asks, the teacher answers, the row turns 新建.
      await click(byText('button', '再导入一个文件'));
      await pick(rosterGbkCsv(), '花名册-六年级-GBK.csv');
      await screen.findByText(/文字编码：GBK/, undefined, { timeout: 30_000 });
      await waitFor(() => expect(statuses()).toContainEqual(['4', '待选择']));
      const fieldset = container.querySelector('.sheets-choices')!;
      expect(fieldset.querySelector('legend')?.textContent).toBe('同名的人需要您来确认');
      const ask = fieldset.querySelector('select') as HTMLSelectElement;
      expect([...ask.options].map((o) => o.textContent)).toEqual([
        '请选择…',
        '张伟 · 五年级(1)班',
        '张伟 · 五年级(3)班',
        '新建一名学生',
        '不导入这一行',
      ]);
      await choose(ask, 'new');
      await waitFor(() => expect(statuses()).toContainEqual(['4', '新建']));
      expect((container.querySelector('.sheets-choices select') as HTMLSelectElement).value).toBe('new'); // still there to change
      await waitFor(() => expect(byText('button', '开始导入').hasAttribute('disabled')).toBe(false));
      await click(byText('button', '开始导入'));
      await waitFor(() => expect(status()).toBe('新建 4 条，更新 0 条；0 行已在档案中；跳过 0 行。'), {
        timeout: 30_000,
      });
      expect(archive.db.prepare("SELECT COUNT(*) FROM people WHERE name='张伟'").pluck().get()).toBe(3);

      await click(byText('button', '关闭'));
      await waitFor(() => expect(container.querySelector('[role=dialog]')).toBeNull());
    },
    SHEET_TEST_MS,
  );

  it(
    'a ledger workbook: every sheet listed with its look, the date assumptions shown, undated rows held until the teacher gives their date',
    async () => {
      const dispatch = createDispatcher(archive, { validateOutput: true });
      await dispatch('settings.set', { schoolName: '清水县第六中学、清水六中' });
      await dispatch('sheets.commit', {
        jobId: '00000000-0000-4000-8000-00000000a001',
        kind: 'roster',
        file: { name: '花名册.xlsx', base64: (await ledgerRosterXlsx()).toString('base64') },
      });
      render(<ImportButton kind="awards" />);
      await click(byText('button', '导入获奖名单'));
      await pick(await ledgerAwardsXlsx(), '2019-2022年科技获奖台账.xlsx');

      const sheetRows = () =>
        [...container.querySelectorAll('.sheets-sheet')].map((el) => [
          el.querySelector('label span')!.textContent,
          el.querySelector('.chip')!.textContent,
          (el.querySelector('input') as HTMLInputElement).checked,
        ]);
      await waitFor(
        () =>
          expect(container.querySelector('.sheets-summary')?.textContent).toBe(
            '将新建 16 条、更新 0 条记录；0 行已在档案中；跳过 4 行。',
          ),
        { timeout: 30_000 },
      );
      expect(sheetRows()).toEqual([
        ['缺考名单', '像是另一种表', false],
        ['2019-2020年度', '名单', true],
        ['2021市赛', '名单', true],
        ['2022', '名单', true],
      ]);
      expect(container.querySelector('.sheets-undated')?.textContent).toContain('2 行没有获奖时间');
      // The sheet shown first dates each row by its 获奖年度: nothing is assumed for it.
      expect(container.querySelector('.sheets-assumption')?.textContent).toContain('各行的日期取自表中');
      expect(container.querySelector('.sheets-summary')?.textContent).toBe(
        '将新建 16 条、更新 0 条记录；0 行已在档案中；跳过 4 行。',
      );

      // The 2021 sheet: its date comes from its title row, said as an assumption.
      await click([...container.querySelectorAll<HTMLElement>('.sheets-sheet')][2].querySelector('button')!);
      await waitFor(() =>
        expect(container.querySelector('.sheets-assumption')?.textContent).toContain(
          '推定：取自标题「2021年5月」，请核对',
        ),
      );
      expect(container.querySelector<HTMLInputElement>('.sheets-assumption input')!.value).toBe('2021-05-01');

      // The 2022 sheet says nothing: no date is put in, the teacher gives it.
      await click([...container.querySelectorAll<HTMLElement>('.sheets-sheet')][3].querySelector('button')!);
      await waitFor(() =>
        expect(container.querySelector('.sheets-assumption')?.textContent).toContain('表中看不出日期'),
      );
      const date = container.querySelector<HTMLInputElement>('.sheets-assumption input')!;
      expect(date.value).toBe('');
      expect(statuses()).toEqual([
        ['2', '跳过'],
        ['3', '跳过'],
        ['4', '跳过'],
      ]);
      // A date picked in the browser's date field arrives whole, as one input event.
      fireEvent.input(date, { target: { value: '2022-05-20' } });
      await waitFor(() =>
        expect(statuses()).toEqual([
          ['2', '新建'],
          ['3', '跳过'],
          ['4', '新建'],
        ]),
      );
      expect(container.querySelector('.sheets-undated')).toBeNull();

      // The teacher unticks the 2019-2020 sheet; the rest is imported.
      await click([...container.querySelectorAll<HTMLInputElement>('.sheets-sheet input')][1]);
      await waitFor(() =>
        expect([...container.querySelectorAll<HTMLInputElement>('.sheets-sheet input')][1].checked).toBe(false),
      );
      await waitFor(() => expect(byText('button', '开始导入').hasAttribute('disabled')).toBe(false));
      await click(byText('button', '开始导入'));
      await waitFor(
        () =>
          expect(container.querySelector('.sheets-skipped')?.textContent).toContain(
            '工作表「2021市赛」第 4 行：其他学校（清河县第一小学）的获奖，不导入',
          ),
        { timeout: 30_000 },
      );
      const years = archive.db
        .prepare('SELECT substr(awarded_on,1,4) y, COUNT(*) n FROM awards GROUP BY y ORDER BY y')
        .all();
      expect(years).toEqual([
        { y: '2021', n: 3 },
        { y: '2022', n: 2 },
      ]);
    },
    SHEET_TEST_MS,
  );

  it(
    'remembers the column meanings the teacher set for a header row and offers them the next time',
    async () => {
      localStorage.clear();
      const csv = Buffer.from('孩子,班级\r\n刘洋,四年级(2)班\r\n', 'utf8');
      render(<ImportButton kind="roster" />);
      await click(byText('button', '导入花名册'));
      await pick(csv, '名单.csv');
      await waitFor(
        () => expect(container.querySelector('.sheets-preview [role=alert]')?.textContent).toContain('找不到表头'),
        { timeout: 30_000 },
      );
      expect(
        [...container.querySelectorAll('button')].some((b) => b.textContent === '使用上次导入同样表头时的列设置'),
      ).toBe(false);
      await choose(container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')[0], 'name');
      await waitFor(() => expect(statuses()).toEqual([['2', '新建']]));
      await waitFor(() => expect(byText('button', '开始导入').hasAttribute('disabled')).toBe(false));
      await click(byText('button', '开始导入'));
      await waitFor(() => expect(status()).toBe('新建 1 条，更新 0 条；0 行已在档案中；跳过 0 行。'), {
        timeout: 30_000,
      });

      await click(byText('button', '再导入一个文件'));
      await pick(csv, '名单.csv');
      await click(await screen.findByRole('button', { name: '使用上次导入同样表头时的列设置' }, { timeout: 30_000 }));
      await waitFor(() => expect(statuses()).toEqual([['2', '已有']]));
      expect(container.querySelectorAll<HTMLSelectElement>('.sheets-table thead select')[0].value).toBe('name');
    },
    SHEET_TEST_MS,
  );

  it("shows a wrong sheet's problem in Chinese and will not import it", async () => {
    render(<ImportButton kind="roster" />);
    await click(byText('button', '导入花名册'));
    await pick(Buffer.from('班级,学号\n五(2),1\n'), '错的.csv');
    await waitFor(
      () =>
        expect(container.querySelector('.sheets-preview [role=alert]')?.textContent).toContain('表中没有「姓名」列'),
      { timeout: 30_000 },
    );
    expect(byText('button', '开始导入').hasAttribute('disabled')).toBe(true);
  });
});

describe('ExportButton', () => {
  it("exports the list with the page's filter as a download named in Chinese", async () => {
    archive.db.prepare("INSERT INTO settings (key, value) VALUES ('schoolName', '\"青山镇中心小学\"')").run();
    const saved: { name: string; type: string; size: number }[] = [];
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      saved.push({ name: '', type: (b as Blob).type, size: (b as Blob).size });
      return 'blob:test';
    });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved[saved.length - 1].name = this.download;
    });
    try {
      render(<ExportButton list="students" filter={{ text: '张' }} />);
      await click(byText('button', '导出 Excel'));
      await waitFor(() => expect(status()).toBe('已导出 0 行'), { timeout: 30_000 });
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

  it('an export the core refuses says why in Chinese next to the button, and saves nothing', async () => {
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const real = useApp.getState().client!;
    const refusing: typeof real = {
      ...real,
      call: ((n: string, i: unknown) =>
        n === 'sheets.export'
          ? Promise.reject(new Error('磁盘已满，文件没有保存'))
          : (real.call as (n: string, i: unknown) => Promise<unknown>)(n, i)) as typeof real.call,
    };
    useApp.setState({ client: refusing });
    try {
      render(<ExportButton list="students" />);
      await click(byText('button', '导出 Excel'));
      const alert = await waitFor(() => {
        const el = container.querySelector('.sheets-export [role=alert]');
        expect(el).not.toBeNull();
        return el!;
      });
      expect(alert.textContent).toBe('磁盘已满，文件没有保存');
      expect(clicked).not.toHaveBeenCalled();
      expect(byText('button', '导出 Excel').hasAttribute('disabled')).toBe(false);
    } finally {
      clicked.mockRestore();
    }
  });
});
