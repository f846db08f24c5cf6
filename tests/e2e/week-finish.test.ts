// The rest of a week of use, in Chromium at 1366×768: a saved student or activity the list's filter hides
// says so and 显示全部 brings it into view, marked; editing a student into a classmate's name asks;
// a group's join date and the 改期 form name an impossible day and drop the message once it is
// right; required fields are marked; 乡镇/学区级 is offered between 县级 and 校级; the import
// dialog's column dropdowns are all within the dialog. Each step screenshotted (week-finish-*.png).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/core/handlers';
import { openApp, launch, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const nav = (page: Page, name: string) => page.locator('.sidebar').getByRole('button', { name, exact: true }).click();
const inViewport = async (page: Page, sel: string) => {
  const box = await page.locator(sel).first().boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1366;
};

describe('a week of use, finished, in Chromium', () => {
  it('hidden saves, duplicate edits, impossible days outside the forms, required marks, the new level, the mapping dropdowns', async () => {
    const s = await openApp(browser, async (a) => {
      const d = createDispatcher(a);
      const call = async (name: string, input: unknown) => {
        const r = await d(name, input);
        if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
        return r.value as { id: string };
      };
      await call('people.create', { kind: 'student', name: '邓佳', stage: '小学', entryYear: 2022, classNo: 1 });
      await call('people.create', { kind: 'student', name: '邓嘉', stage: '小学', entryYear: 2022, classNo: 1 });
      const zhang = await call('people.create', {
        kind: 'student',
        name: '张树茂',
        stage: '小学',
        entryYear: 2022,
        classNo: 2,
      });
      for (let i = 1; i <= 30; i++)
        await call('people.create', {
          kind: 'student',
          name: `学生${String(i).padStart(2, '0')}`,
          stage: '小学',
          entryYear: 2021 + (i % 5),
          classNo: 1 + (i % 3),
        });
      const g = await call('groups.create', { name: '科技小组', description: null, teacherId: null });
      await call('groups.join', { groupId: g.id, personIds: [zhang.id], on: '2025-09-01' });
      await call('activities.create', {
        title: '科技馆参观',
        type: '参观考察',
        status: 'planned',
        startDate: '2026-12-20',
      });
      for (let i = 1; i <= 40; i++)
        await call('activities.create', {
          title: `例会${i}`,
          type: '兴趣小组例会',
          status: 'done',
          startDate: `20${20 + (i % 6)}-0${1 + (i % 9)}-1${i % 10}`,
        });
    });
    const { page } = s;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept()); // 取消 on a filled form asks before discarding
    try {
      // 1. A new student the search word hides: said, and 显示全部 shows the row, marked, in view.
      await nav(page, '成员');
      await page.getByRole('searchbox', { name: '搜索' }).fill('张');
      await page.getByRole('button', { name: '添加学生' }).click();
      await page.locator('input[name="name"]').fill('王小明');
      await page.locator('input[name="classNo"]').fill('3');
      await page.keyboard.press('Control+s');
      const notice = page.locator('.saved-hidden');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('「王小明」已保存，但当前筛选条件下列表中看不到它。');
      await screenshot(page, 'week-finish-saved-hidden-student');
      await notice.getByRole('button', { name: '显示全部' }).click();
      await page.locator('.person-row.just-saved').waitFor();
      expect(await page.locator('.person-row.just-saved .name').textContent()).toBe('王小明');
      expect(await inViewport(page, '.person-row.just-saved')).toBe(true);
      expect(await notice.count()).toBe(0);
      expect(await page.getByRole('searchbox', { name: '搜索' }).inputValue()).toBe('');
      await screenshot(page, 'week-finish-saved-student-shown');

      // 2. Editing 邓嘉 into 邓佳 of the same class asks, as adding would.
      await page.locator('.person-row', { hasText: '邓嘉' }).click();
      await page.locator('#person-record-title').waitFor();
      await page.getByRole('button', { name: '编辑', exact: true }).click();
      await page.locator('input[name="name"]').fill('邓佳');
      await page.keyboard.press('Control+s');
      const dup = page.getByRole('dialog');
      await dup.waitFor();
      expect(await dup.textContent()).toContain('成员中已有「邓佳」');
      expect(await dup.textContent()).toContain('同班同名');
      expect(await dup.getByRole('button', { name: '仍然保存' }).count()).toBe(1);
      expect(await dup.getByRole('button', { name: '打开已有' }).count()).toBe(1);
      await screenshot(page, 'week-finish-duplicate-edit');
      await dup.getByRole('button', { name: '取消' }).click();
      // Editing anything else of a student never asks.
      await page.locator('input[name="name"]').fill('邓嘉');
      await page.locator('textarea[name="notes"]').fill('科技小组组长');
      await page.keyboard.press('Control+s');
      await page.locator('#person-record-title').waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
      await page.getByRole('button', { name: /返回/ }).first().click();

      // 3. A group: the join date names an impossible day, next to the box; the message goes when right.
      await page.getByRole('tab', { name: '小组' }).click();
      await page.getByRole('button', { name: /新建小组/ }).click();
      expect(await page.locator('input[name="name"]').getAttribute('aria-required')).toBe('true');
      expect(await page.locator('label:has(input[name="name"]) .req').count()).toBe(1);
      await page.keyboard.press('Escape');
      await page.locator('.group-row', { hasText: '科技小组' }).click();
      const on = page.locator('input[name="on"]');
      await on.fill('2024-02-30');
      await on.press('Tab');
      const onErr = page.locator('#err-on');
      await onErr.waitFor();
      expect(await onErr.textContent()).toBe('2024年2月没有30日');
      expect(await on.getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'week-finish-group-date');
      // Nobody joins on a day that does not exist.
      await page.getByRole('combobox', { name: '选择学生加入' }).fill('邓佳');
      await page.getByRole('option').first().click();
      expect(await page.locator('.members-table').first().textContent()).not.toContain('邓佳');
      await on.fill('2025-3-1');
      expect(await onErr.count()).toBe(0);
      await page.getByRole('combobox', { name: '选择学生加入' }).fill('邓佳');
      await page.getByRole('option').first().click();
      await page.locator('.members-table', { hasText: '邓佳' }).waitFor();
      expect(await page.locator('.members-table').first().textContent()).toContain('2025年3月1日 加入');

      // 4. A new activity the 类型 filter hides: said; 显示全部 clears the filter and shows it, marked.
      await nav(page, '活动');
      await page.getByRole('search').getByLabel('类型').selectOption('参观考察');
      await page.locator('.activity-row').first().waitFor();
      await page.getByRole('button', { name: '新建活动' }).click();
      await page.locator('input[name="title"]').fill('气象站参观');
      await page.locator('select[name="type"]').selectOption('科普讲座');
      await page.locator('input[name="startDate"]').fill('2022-05-18');
      await page.keyboard.press('Control+s');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('已保存，但当前筛选条件下列表中看不到这一项。');
      await screenshot(page, 'week-finish-saved-hidden-activity');
      await notice.getByRole('button', { name: '显示全部' }).click();
      await page.locator('.activity-row.just-saved').waitFor();
      expect(await page.locator('.activity-row.just-saved').textContent()).toContain('气象站参观');
      await screenshot(page, 'week-finish-saved-activity-shown');
      expect(await inViewport(page, '.activity-row.just-saved')).toBe(true);
      expect(await page.getByRole('search').getByLabel('类型').inputValue()).toBe('');

      // 5. 改期: the app's date box; 2024-02-30 names the missing day, and the message goes when right.
      await page.getByRole('search').getByRole('searchbox').fill('科技馆');
      await page.keyboard.press('Enter');
      await page.locator('.activity-row', { hasText: '科技馆参观' }).click();
      await page.getByRole('button', { name: '改期', exact: true }).click();
      const form = page.getByRole('form', { name: '改期' });
      const start = form.locator('input[name="startDate"]');
      expect(await start.getAttribute('type')).toBe('text');
      expect(await start.getAttribute('aria-required')).toBe('true');
      await start.fill('2024-02-30');
      await form.getByRole('button', { name: '确认改期' }).click();
      const startErr = form.locator('label:has([name="startDate"]) .field-error');
      await startErr.waitFor();
      expect(await startErr.textContent()).toContain('2024年2月没有30日');
      await screenshot(page, 'week-finish-reschedule-date');
      await start.fill('2026-12-27');
      expect(await startErr.count()).toBe(0);
      await form.getByRole('button', { name: '确认改期' }).click();
      await form.waitFor({ state: 'detached' });
      expect(await page.locator('.detail-grid').textContent()).toContain('2026年12月27日');
      expect(await page.locator('.detail-head').textContent()).toContain('已改期 1 次');
      await page.getByRole('button', { name: /返回/ }).first().click();

      // 6. A new work the search word hides: said; 显示全部 shows it, marked.
      await nav(page, '作品与获奖');
      await page.getByRole('tab', { name: '作品', exact: true }).click();
      await page.getByRole('searchbox', { name: '搜索' }).fill('航模');
      await page.getByRole('button', { name: '新建作品' }).click();
      await page.locator('input[name="title"]').fill('自动浇花器');
      // Authors or a 小组 are required, and marked so until one is given.
      expect(
        await page.getByRole('combobox', { name: '作者（按署名顺序，最多 3 人）：添加' }).getAttribute('aria-required'),
      ).toBe('true');
      await page.locator('select[name="groupId"]').selectOption({ label: '科技小组' });
      expect(
        await page.getByRole('combobox', { name: '作者（按署名顺序，最多 3 人）：添加' }).getAttribute('aria-required'),
      ).toBeNull();
      await page.getByRole('button', { name: '保存', exact: true }).click(); // (Ctrl+S keeps the form open for files and awards)
      await notice.waitFor();
      expect(await notice.textContent()).toContain('「自动浇花器」已保存，但当前筛选条件下列表中看不到它。');
      await notice.getByRole('button', { name: '显示全部' }).click();
      await page.locator('.work-row.just-saved').waitFor();
      expect(await page.locator('.work-row.just-saved').textContent()).toContain('自动浇花器');
      await screenshot(page, 'week-finish-saved-work-shown');

      // 7. 获奖: the search box says what it searches; 乡镇/学区级 sits between 县级 and 校级; required marks.
      await page.getByRole('tab', { name: '获奖', exact: true }).click();
      expect(await page.getByRole('searchbox', { name: '搜索' }).getAttribute('placeholder')).toBe(
        '比赛、作品、学生或指导教师姓名、证书编号',
      );
      const levelFilter = await page.locator('.filter-bar select').nth(1).locator('option').allTextContents();
      expect(levelFilter.slice(1, 7)).toEqual(['国家级', '省级', '市级', '县级', '乡镇/学区级', '校级']);
      await page.getByRole('button', { name: '登记获奖' }).click();
      await page.locator('select[name="competitionId"]').selectOption({ label: '新比赛…' });
      expect(await page.locator('input[name="compName"]').getAttribute('aria-required')).toBe('true');
      expect(await page.locator('select[name="workId"]').getAttribute('aria-required')).toBe('true');
      expect(await page.locator('select[name="level"] option').allTextContents()).toEqual([
        '国家级',
        '省级',
        '市级',
        '县级',
        '乡镇/学区级',
        '校级',
      ]);
      await page.locator('select[name="level"]').selectOption('乡镇/学区级');
      const required = await page
        .locator('#award-form-title')
        .locator('xpath=ancestor::form')
        .locator('[aria-required="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('name')));
      expect(required).toEqual(
        expect.arrayContaining(['compName', 'compLevel', 'workId', 'level', 'grade', 'awardedOn']),
      );
      await screenshot(page, 'week-finish-award-form');
      await page.keyboard.press('Escape');

      // 8. The import dialog: every column's meaning dropdown lies inside the dialog (scrolled to).
      const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-wide-')), '花名册-五年级.csv');
      fs.writeFileSync(
        csv,
        '序号,姓名,性别,班级,学号,民族,出生年月,身份证号,家长电话,家庭住址,特长,备注\n1,李雷,男,五年级(1)班,2022001,汉族,2016-03,,13800000000,青山镇,航模,\n2,韩梅梅,女,五年级(2)班,2022002,回族,2016-05,,13900000000,青山镇,绘画,\n',
      );
      await nav(page, '成员');
      await page.getByRole('tab', { name: '学生' }).click();
      await page.getByRole('button', { name: '导入花名册' }).click();
      const dlg = page.getByRole('dialog');
      await dlg.locator('input[type=file]').setInputFiles(csv);
      await dlg.locator('.sheets-table tbody tr').first().waitFor();
      const dlgBox = (await dlg.boundingBox())!;
      const selects = dlg.locator('.sheets-table thead select');
      const n = await selects.count();
      expect(n).toBeGreaterThanOrEqual(12);
      const wrap = (await dlg.locator('.sheets-table-wrap').boundingBox())!;
      const cut: string[] = [];
      for (let i = 0; i < n; i++) {
        await selects.nth(i).scrollIntoViewIfNeeded();
        const b = (await selects.nth(i).boundingBox())!;
        if (
          b.x < wrap.x - 0.5 ||
          b.x + b.width > wrap.x + wrap.width + 0.5 ||
          b.x + b.width > dlgBox.x + dlgBox.width ||
          b.x + b.width > 1366
        )
          cut.push(`${i}: ${b.x}+${b.width} > ${wrap.x}+${wrap.width}`);
      }
      expect(cut).toEqual([]);
      await screenshot(page, 'week-finish-import-mapping-last');
      expect(errors).toEqual([]);
    } finally {
      await s.close();
    }
  }, 180_000);
});
