// Excel and CSV, both ways, in Chromium: the real import dialog and export button (mounted on a
// small test page the way a record page mounts them) over the real web host. A teacher imports a
// messy 花名册 (.xlsx, .xls, GBK .csv) and two 获奖名单, answers the namesake questions, imports a
// list twice without duplicates, exports to .xlsx and reads it back; the download route too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import react from '@vitejs/plugin-react';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock';
import { openArchive } from '../../electron/core/db/open';
import { setSettings } from '../../electron/core/settings';
import { startWebHost } from '../../electron/web/server';
import { seededRandom } from '../../shared/domain/ids';
import { ledgerAwardsXlsx, ledgerRosterXlsx, writeFixtures } from '../fixtures/sheets/make';
import { launch, screenshot } from './harness';

const PAGE_SRC = path.resolve('tests/e2e/sheets-page');
let browser: Browser;
let pageDir: string;
let files: Awaited<ReturnType<typeof writeFixtures>>;

beforeAll(async () => {
  pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-sheets-page-'));
  files = await writeFixtures(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-sheets-files-')));
  await build({
    root: PAGE_SRC,
    base: './',
    configFile: false,
    logLevel: 'error',
    plugins: [react()],
    build: { outDir: pageDir, emptyOutDir: true, target: 'chrome120', sourcemap: false, chunkSizeWarningLimit: 4000 },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (pageDir) fs.rmSync(pageDir, { recursive: true, force: true });
});

async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[role=dialog]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const dialog = (page: Page) => page.getByRole('dialog');
async function importFile(page: Page, kind: '导入花名册' | '导入获奖名单', file: string) {
  if (!(await dialog(page).isVisible())) await page.getByRole('button', { name: kind }).click();
  else await dialog(page).getByRole('button', { name: '再导入一个文件' }).click();
  await dialog(page).locator('input[type=file]').setInputFiles(file);
  await dialog(page).locator('.sheets-table tbody tr').first().waitFor();
}
const statuses = (page: Page) =>
  dialog(page)
    .locator('.sheets-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => `${tr.children[0].textContent} ${tr.children[1].textContent}`));
async function commit(page: Page): Promise<string> {
  await dialog(page).getByRole('button', { name: '开始导入' }).click();
  const status = dialog(page).getByRole('status');
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

describe('表格导入导出 in Chromium', () => {
  it('imports rosters and award lists from messy files, asks about namesakes, exports and reads back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-sheets-'));
    // "Today" is 2025-10-15 so the classes in the fixtures mean what they say.
    const archive = openArchive(dir, {
      create: true,
      clock: fixedClock(new Date('2025-10-15T08:00:00Z'), seededRandom(5).bytes, 1),
    });
    setSettings(archive, { schoolName: '青山镇中心小学' });
    const host = await startWebHost({ archive, rendererDir: pageDir });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const problems: string[] = [];
    try {
      await page.goto(host.url);
      await page.getByRole('heading', { name: '表格导入导出' }).waitFor();

      // 花名册 (.xlsx): title rows, 学生姓名（必填）, 五(2) and 5.2, full-width spaces, a footer.
      await importFile(page, '导入花名册', files['花名册-五年级.xlsx']);
      await expect
        .poll(() => statuses(page))
        .toEqual(['5 新建', '6 新建', '7 新建', '9 新建', '10 新建', '11 新建', '13 跳过']);
      expect(
        await dialog(page)
          .getByRole('combobox', { name: /第 2 列/ })
          .inputValue(),
      ).toBe('name');
      expect(await dialog(page).locator('.sheets-title').textContent()).toContain('2025—2026学年五年级学生花名册');
      expect(await dialog(page).getByLabel('班级对应的日期').inputValue()).toBe('2025-09-01');
      problems.push(...(await axe(page)));
      await screenshot(page, 'sheets-import-roster-preview');
      expect(await commit(page)).toBe('新建 6 条，更新 0 条；0 行已在档案中；跳过 1 行。');
      expect(await dialog(page).locator('.sheets-skipped').textContent()).toContain(
        '第 13 行：「制表人：王老师」不像是姓名',
      );
      await screenshot(page, 'sheets-import-roster-report');

      // The same file again creates nothing new.
      await importFile(page, '导入花名册', files['花名册-五年级.xlsx']);
      expect(await commit(page)).toBe('新建 0 条，更新 0 条；6 行已在档案中；跳过 1 行。');

      // .xls with 年级 and 班级 in two columns, on its second worksheet.
      await importFile(page, '导入花名册', files['花名册-四年级三班.xls']);
      expect(
        await dialog(page)
          .locator('.sheets-sheet')
          .evaluateAll((els) =>
            els.map(
              (el) =>
                `${el.querySelector('label span')!.textContent} ${el.querySelector('.chip')!.textContent} ${(el.querySelector('input') as HTMLInputElement).checked}`,
            ),
          ),
      ).toEqual(['说明 不像名单 false', '四(3)班 名单 true']);
      expect(await commit(page)).toBe('新建 3 条，更新 0 条；0 行已在档案中；跳过 0 行。');

      // GBK CSV: a third 张伟 — the dialog asks, the teacher says it is a new child.
      await importFile(page, '导入花名册', files['花名册-六年级-GBK.csv']);
      await expect.poll(() => dialog(page).textContent()).toContain('文字编码：GBK');
      await expect.poll(() => statuses(page)).toContain('4 待选择');
      const ask = dialog(page).locator('.sheets-choices select');
      expect(await dialog(page).locator('.sheets-choices').textContent()).toContain('张伟（表中班级：六年级(1)班）');
      problems.push(...(await axe(page)));
      await screenshot(page, 'sheets-import-namesake');
      await ask.selectOption({ label: '新建一名学生' });
      await expect.poll(() => statuses(page)).toContain('4 新建');
      expect(await commit(page)).toBe('新建 4 条，更新 0 条；0 行已在档案中；跳过 0 行。');
      await dialog(page).getByRole('button', { name: '关闭' }).last().click();
      await expect.poll(() => dialog(page).count()).toBe(0);

      // 获奖名单 (.xlsx): competition in the merged title, 作品名称 merged over two authors, a 张伟 without class.
      await importFile(page, '导入获奖名单', files['获奖名单-市赛.xlsx']);
      await expect.poll(() => statuses(page)).toEqual(['3 新建', '4 新建', '5 新建', '6 新建', '8 待选择', '9 新建']);
      await dialog(page).locator('.sheets-choices select').selectOption({ label: '张伟 · 四年级(3)班' });
      await expect.poll(() => statuses(page)).toContain('8 新建');
      await screenshot(page, 'sheets-import-awards-preview');
      expect(await commit(page)).toBe('新建 13 条，更新 0 条；0 行已在档案中；跳过 0 行。');
      expect(await dialog(page).locator('.sheets-kind-counts').textContent()).toContain('获奖：新建 5，更新 0');

      // GBK CSV: 国家级一等奖 in one cell, the same works promoted to 省级 and 国家级.
      await importFile(page, '导入获奖名单', files['获奖名单-省赛国赛-GBK.csv']);
      await expect.poll(() => statuses(page)).toEqual(['2 新建', '3 新建', '4 新建']);
      expect(await dialog(page).locator('.sheets-table tbody tr').nth(1).textContent()).toContain('晋级自市级');
      expect(await commit(page)).toBe('新建 6 条，更新 0 条；0 行已在档案中；跳过 0 行。');

      // Twice: nothing new (the namesake answered again).
      await importFile(page, '导入获奖名单', files['获奖名单-市赛.xlsx']);
      await dialog(page).locator('.sheets-choices select').selectOption({ label: '张伟 · 四年级(3)班' });
      await expect.poll(() => statuses(page)).toContain('8 已有');
      expect(await commit(page)).toBe('新建 0 条，更新 0 条；6 行已在档案中；跳过 0 行。');

      // A wrong file: a Chinese message, and the import button stays off.
      await importFile(page, '导入获奖名单', files['选错的表.csv']);
      await expect
        .poll(() => dialog(page).locator('[role=alert]').first().textContent())
        .toContain('表中没有「等级」列'); // 成绩 is a score, never a grade
      expect(await dialog(page).getByRole('button', { name: '开始导入' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).count()).toBe(0);

      // Export the 获奖名单 and read it back cell by cell.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出获奖名单' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('青山镇中心小学_获奖名单_20251015.xlsx');
      await expect.poll(() => page.getByRole('status').textContent()).toBe('已导出 8 行');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await download.path())!);
      const ws = wb.worksheets[0];
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual([
        '获奖时间',
        '比赛名称',
        '届次',
        '年度',
        '级别',
        '等级',
        '类别',
        '作品名称',
        '获奖学生',
        '班级',
        '指导教师',
        '证书编号',
        '获奖对象',
        '备注',
      ]);
      const rows = ws
        .getSheetValues()
        .slice(2)
        .map((r) => Array.from((r as unknown[]).slice(1), (v) => v ?? null));
      const national = rows.find((r) => r[4] === '国家级' && r[7] === '未来城市')!;
      expect(national.slice(0, 9)).toEqual([
        new Date('2025-08-20T00:00:00Z'),
        '全国青少年科技创新大赛',
        '第三十九届',
        2025,
        '国家级',
        '一等奖',
        null,
        '未来城市',
        '王芳',
      ]);
      const rain = rows.find((r) => r[7] === '校园雨水收集系统')!;
      expect(rain[8]).toBe('赵静、张伟');
      expect(rain[10]).toBe('王丽华、陈建国');

      // The web host's download route answers the same list as an attachment.
      const res = await context.request.get(`${host.origin}/download/sheets?list=students&mask=1`);
      expect(res.status()).toBe(200);
      expect(decodeURIComponent(res.headers()['content-disposition'].split("UTF-8''")[1])).toBe(
        '青山镇中心小学_学生名单_20251015.xlsx',
      );
      const back = new ExcelJS.Workbook();
      await back.xlsx.load((await res.body()) as unknown as ArrayBuffer);
      expect(back.worksheets[0].rowCount).toBe(14); // header + 13 students
      expect(back.worksheets[0].getColumn(1).values).toContain('张*茂');

      expect(problems).toEqual([]);
      expect(requests.every((u) => u.startsWith(host.origin) || u.startsWith('blob:'))).toBe(true);
    } finally {
      await context.close();
      await host.close();
      archive.close();
    }
  });

  it('a four-year ledger: every sheet listed, the date assumptions shown, the teacher gives the date of the undated sheet (1366×768)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-ledger-'));
    const archive = openArchive(dir, {
      create: true,
      clock: fixedClock(new Date('2025-10-15T08:00:00Z'), seededRandom(6).bytes, 1),
    });
    const host = await startWebHost({ archive, rendererDir: pageDir });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const fileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-ledger-files-'));
    const roster = path.join(fileDir, '七年级花名册.xlsx');
    const ledger = path.join(fileDir, '2019-2022年科技获奖台账.xlsx');
    fs.writeFileSync(roster, await ledgerRosterXlsx());
    fs.writeFileSync(ledger, await ledgerAwardsXlsx());
    try {
      await page.goto(host.url);
      await page.getByRole('heading', { name: '表格导入导出' }).waitFor();
      await importFile(page, '导入花名册', roster);
      expect(await commit(page)).toBe('新建 5 条，更新 0 条；0 行已在档案中；跳过 0 行。');
      await dialog(page).getByRole('button', { name: '关闭' }).last().click();

      await importFile(page, '导入获奖名单', ledger);
      // No school name yet: the 学校 column cannot be read, the dialog asks for it.
      await dialog(page).getByRole('button', { name: '查看' }).nth(1).click();
      await expect
        .poll(() => dialog(page).locator('[role=alert]').first().textContent())
        .toContain('还不知道本校的名称');
      const school = dialog(page).getByLabel('本校名称');
      await school.fill('清水县第六中学、清水六中');
      await school.press('Enter');
      await expect
        .poll(() => dialog(page).locator('.sheets-assumption').textContent())
        .toContain('推定：取自标题「2021年5月」，请核对');
      await expect.poll(() => statuses(page)).toEqual(['4 跳过', '5 新建', '6 新建', '7 新建']);

      // The 2022 sheet says no date: its rows wait for the teacher's.
      await dialog(page).locator('.sheets-sheet', { hasText: '2022' }).getByRole('button', { name: '查看' }).click();
      await expect.poll(() => dialog(page).locator('.sheets-assumption').textContent()).toContain('表中看不出日期');
      await expect.poll(() => dialog(page).locator('.sheets-undated').textContent()).toContain('2 行没有获奖时间');
      await dialog(page).getByLabel('没有获奖时间的行按').fill('2022-05-20');
      await expect.poll(() => statuses(page)).toEqual(['2 新建', '3 跳过', '4 新建']);
      const box = await dialog(page).boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(768);
      await screenshot(page, 'sheets-import-ledger-assumptions');
      expect(await commit(page)).toBe('新建 18 条，更新 0 条；0 行已在档案中；跳过 2 行。');
      const years = archive.db
        .prepare(
          'SELECT substr(awarded_on,1,4) y, COUNT(*) n FROM awards WHERE deleted_at IS NULL GROUP BY y ORDER BY y',
        )
        .all();
      expect(years).toEqual([
        { y: '2020', n: 4 },
        { y: '2021', n: 3 },
        { y: '2022', n: 2 },
      ]);
    } finally {
      await context.close();
      await host.close();
      archive.close();
    }
  });
});
