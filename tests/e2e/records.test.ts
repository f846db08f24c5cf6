// Record keeping in Chromium: every page passes axe (no serious or critical violation) and is
// screenshotted at 1366×768; an activity is created, edited, moved twice and cancelled; a new
// student's 年级 follows the 学年 selector; a deleted record comes back from the trash, and
// permanent deletion asks twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoArchive } from '../../electron/core/demo/generate';
import { createPerson } from '../../electron/core/people/queries';
import { createGroup, join } from '../../electron/core/groups/queries';
import { launch, openApp, screenshot, SHOTS } from './harness';

let browser: Browser;
let demoDir: string;
beforeAll(async () => {
  browser = await launch();
  demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-records-'));
  await createDemoArchive(demoDir, { photos: false });
});
afterAll(async () => {
  await browser?.close();
});

async function axe(page: Page, where: string) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  return bad;
}
const nav = (page: Page, name: string) => page.locator('.sidebar').getByRole('button', { name, exact: true }).click();

describe('record pages in Chromium', () => {
  it('every page and view passes axe and is screenshotted', async () => {
    const s = await openApp(browser, undefined, demoDir);
    const problems: string[] = [];
    try {
      const { page } = s;
      // 活动: list, calendar, one activity, its form
      await expect.poll(() => page.locator('.activity-row').count()).toBeGreaterThan(10);
      problems.push(...(await axe(page, '活动')));
      await screenshot(page, 'records-activities');
      await page.getByRole('button', { name: '日历' }).click();
      await page.getByRole('button', { name: '上个月' }).click();
      await page.locator('.calendar-grid').waitFor();
      problems.push(...(await axe(page, '活动·日历')));
      await screenshot(page, 'records-activities-calendar');
      await page.getByRole('button', { name: '列表' }).click();
      await page.locator('.activity-row').first().click();
      await page.locator('#activity-detail-title').waitFor();
      problems.push(...(await axe(page, '活动·详情')));
      await screenshot(page, 'records-activity-detail');
      // The 活动记录表 as printed: one A4 page with the paper form's fields.
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'records-activity-print');
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      fs.writeFileSync(path.join(SHOTS, '..', 'records-activity-sheet.pdf'), pdf);
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: '编辑', exact: true }).click();
      await page.locator('#activity-form-title').waitFor();
      problems.push(...(await axe(page, '活动·编辑')));
      await screenshot(page, 'records-activity-form');
      await page.keyboard.press('Escape');
      await page.locator('#activity-detail-title').waitFor();
      await page.keyboard.press('Escape');

      // 成员: students, a record, teachers, groups
      await nav(page, '成员');
      await expect.poll(() => page.locator('.person-row').count()).toBeGreaterThan(10);
      problems.push(...(await axe(page, '成员·学生')));
      await screenshot(page, 'records-people');
      await page.getByRole('searchbox', { name: '搜索' }).fill('张树茂');
      await page.locator('.person-row', { hasText: '张树茂' }).click();
      await page.locator('#person-record-title').waitFor();
      await expect.poll(() => page.locator('.record-year').count()).toBeGreaterThan(0);
      problems.push(...(await axe(page, '成员·成长记录')));
      await screenshot(page, 'records-person-record');
      await page.getByRole('button', { name: /返回/ }).click();
      await page.getByRole('searchbox', { name: '搜索' }).fill('');
      await page.getByRole('tab', { name: '教师' }).click();
      await expect.poll(() => page.locator('.person-row').count()).toBeGreaterThan(0);
      problems.push(...(await axe(page, '成员·教师')));
      await screenshot(page, 'records-teachers');
      await page.getByRole('tab', { name: '小组' }).click();
      await page.locator('.group-row').first().click();
      await page.locator('.members-table').first().waitFor();
      problems.push(...(await axe(page, '成员·小组')));
      await screenshot(page, 'records-groups');

      // 作品与获奖: works, a work, awards, an award, the table
      await nav(page, '作品与获奖');
      await expect.poll(() => page.locator('.work-row').count()).toBeGreaterThan(5);
      problems.push(...(await axe(page, '作品')));
      await screenshot(page, 'records-works');
      await page.locator('.work-row').first().click();
      await page.locator('#work-form-title').waitFor();
      problems.push(...(await axe(page, '作品·编辑')));
      await screenshot(page, 'records-work-form');
      await page.keyboard.press('Escape');
      await page.getByRole('tab', { name: '获奖', exact: true }).click();
      await expect.poll(() => page.locator('.award-row').count()).toBeGreaterThan(5);
      expect(await page.locator('.award-row .chain').count()).toBeGreaterThan(0); // 晋级 chains shown
      problems.push(...(await axe(page, '获奖')));
      await screenshot(page, 'records-awards');
      await page.locator('.award-row').first().click();
      await page.locator('#award-form-title').waitFor();
      problems.push(...(await axe(page, '获奖·编辑')));
      await screenshot(page, 'records-award-form');
      await page.keyboard.press('Escape');
      await page.getByRole('tab', { name: '获奖统计表' }).click();
      await page.locator('table.level-grade').waitFor();
      // 项 and 人次 side by side under each 等级
      expect(await page.locator('table.level-grade thead tr').nth(1).locator('th').first().textContent()).toBe('项');
      expect(await page.locator('table.level-grade thead tr').nth(1).locator('th').nth(1).textContent()).toBe('人次');
      problems.push(...(await axe(page, '获奖统计表')));
      await screenshot(page, 'records-award-table');

      // 回收站 (empty) and the other pages there are
      await nav(page, '回收站');
      await page.getByRole('heading', { name: '回收站' }).waitFor();
      problems.push(...(await axe(page, '回收站')));
      await screenshot(page, 'records-trash-empty');
      // Each page checked once it shows its heading and its first content, not after a guessed time.
      const drawn: Record<string, string> = {
        相册: '.empty-note, .vgrid-title',
        总结导出: '.sum-card',
        设置: '.about-row',
      };
      for (const other of ['相册', '总结导出', '设置']) {
        await nav(page, other);
        await page.getByRole('heading', { level: 1, name: other, exact: true }).waitFor();
        await page.locator(drawn[other]).first().waitFor();
        problems.push(...(await axe(page, other)));
      }
      expect(problems).toEqual([]);
      expect(s.requests.every((u) => u.startsWith(s.host.origin))).toBe(true);
    } finally {
      await s.close();
    }
  }, 240_000);

  it('creates, edits, moves (改期) twice and cancels an activity', async () => {
    const s = await openApp(browser, (a) => {
      createPerson(a, { kind: 'teacher', name: '王丽华', subject: '科学' });
      createPerson(a, { kind: 'teacher', name: '李建国', subject: '信息技术' });
      for (const [name, cls] of [
        ['张树茂', 2],
        ['曾小红', 2],
        ['单雨涵', 1],
      ] as const)
        createPerson(a, { kind: 'student', name, entryYear: 2021, classNo: cls, stage: '小学' });
    });
    try {
      const { page } = s;
      await page.getByRole('heading', { name: '活动记录' }).waitFor();
      await page.keyboard.press('Control+n');
      await page.getByLabel('活动名称').fill('科普讲座：走进中国航天');
      await page.getByLabel('类型').selectOption('科普讲座');
      await page.getByLabel('状态').selectOption('planned');
      await page.getByLabel('开始日期').fill('2025-10-10');
      await page.getByLabel('地点').fill('学校报告厅');
      // teachers in order, found by pinyin initials
      const teacherBox = page.getByRole('combobox', { name: '组织教师：添加' });
      await teacherBox.fill('ljg');
      await teacherBox.press('Enter');
      await teacherBox.fill('王');
      await teacherBox.press('Enter');
      // a whole class in one click (2021 entrants are 五年级 in 2025—2026), and one by initials
      await page.getByRole('button', { name: /五年级\(2\)班/ }).click();
      const search = page.getByRole('combobox', { name: '按姓名或拼音首字母查找学生' });
      await search.fill('syh');
      await expect.poll(() => page.locator('.search-results [role=option]').first().textContent()).toContain('单雨涵');
      await search.press('Enter');
      await expect.poll(() => page.locator('.chosen-head').textContent()).toContain('已选 3 人');
      await page.getByLabel('活动内容').fill('航天专家讲解火箭发射原理');
      await page.keyboard.press('Control+s');
      const row = page.locator('.activity-row').first();
      await expect.poll(() => row.textContent()).toContain('科普讲座：走进中国航天');
      expect(await row.textContent()).toContain('李建国、王丽华');
      expect(await row.textContent()).toContain('3 人参与');
      expect(await row.textContent()).toContain('计划中');

      // edit: the location changes, the text stays
      await row.click();
      await page.getByRole('button', { name: '编辑', exact: true }).click();
      await page.getByLabel('地点').fill('科学实验室');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.locator('.detail-grid').textContent()).toContain('科学实验室');
      expect(await page.locator('.detail-text').textContent()).toContain('航天专家讲解火箭发射原理');

      // 改期 twice, each kept
      for (const [to, reason] of [
        ['2025-10-17', '与期中考试冲突'],
        ['2025-10-24', '专家行程调整'],
      ] as const) {
        await page.getByRole('button', { name: '改期', exact: true }).click();
        await page.getByLabel(/改到/).fill(to);
        await page.getByLabel('改期原因').fill(reason);
        await page.getByRole('button', { name: '确认改期' }).click();
        await page.locator('.reschedule-form').waitFor({ state: 'detached' });
      }
      await expect.poll(() => page.locator('.activity-detail .detail-head').textContent()).toContain('已改期 2 次');
      const history = await page.locator('.reschedules li').allTextContents();
      expect(history).toHaveLength(2);
      expect(history[0]).toContain('2025年10月10日 → 2025年10月17日');
      expect(history[0]).toContain('与期中考试冲突');
      expect(history[1]).toContain('2025年10月17日 → 2025年10月24日');
      expect(await page.locator('.detail-grid').textContent()).toContain('2025年10月24日');

      // cancel, after a confirmation
      await page.getByRole('button', { name: '取消活动' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '取消活动' }).click();
      await expect.poll(() => page.locator('.activity-detail .detail-head').textContent()).toContain('已取消');
      expect(await page.getByRole('button', { name: '改期', exact: true }).count()).toBe(0);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.activity-row').first().textContent()).toContain('已取消');
      expect(await page.locator('.activity-row').first().textContent()).toContain('已改期 2 次');
      await screenshot(page, 'records-activity-cancelled');
    } finally {
      await s.close();
    }
  });

  it('a new student’s 年级 follows the 学年 selector; a failed save keeps what was typed', async () => {
    const s = await openApp(browser);
    try {
      const { page } = s;
      await nav(page, '成员');
      await page.getByRole('combobox', { name: '学年' }).selectOption('2025');
      await page.getByRole('button', { name: '添加学生' }).click();
      await page.getByLabel('性别').selectOption('女');
      await page.getByLabel(/^年级/).selectOption('三年级');
      await page.getByLabel('班号').fill('2');
      await page.keyboard.press('Control+s');
      // no name: the message is next to the field, the rest is kept
      await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('此项必填');
      expect(await page.getByLabel('班号').inputValue()).toBe('2');
      expect(await page.getByLabel('入学年份').inputValue()).toBe('2023');
      await screenshot(page, 'records-student-form-error');
      await page.getByLabel('姓名').fill('曾小红');
      await page.keyboard.press('Control+s');
      const row = page.locator('.person-row', { hasText: '曾小红' });
      await expect.poll(() => row.locator('.class-label').textContent()).toBe('三年级(2)班');
      await page.getByRole('combobox', { name: '学年' }).selectOption('2027');
      await expect.poll(() => row.locator('.class-label').textContent()).toBe('五年级(2)班');
      await page.getByRole('combobox', { name: '学年' }).selectOption('2023');
      await expect.poll(() => row.locator('.class-label').textContent()).toBe('一年级(2)班');
      // found by pinyin initials too (曾 read as a surname: z)
      await page.getByRole('searchbox', { name: '搜索' }).fill('zxh');
      await expect.poll(() => page.locator('.person-row').count()).toBe(1);
      await screenshot(page, 'records-student-grade');
    } finally {
      await s.close();
    }
  });

  it('restores a deleted record from the trash; permanent deletion asks twice', async () => {
    const s = await openApp(browser, (a) => {
      const t = createPerson(a, { kind: 'teacher', name: '王丽华', subject: '科学' });
      const st = createPerson(a, { kind: 'student', name: '张树茂', entryYear: 2021, classNo: 2, stage: '小学' });
      const g = createGroup(a, { name: '航模队', teacherId: t.id });
      join(a, g.id, [st.id], '2025-09-01');
    });
    try {
      const { page } = s;
      await nav(page, '成员');
      await page.locator('.person-row', { hasText: '张树茂' }).click();
      await page.getByRole('button', { name: '删除（移到回收站）' }).click();
      await expect.poll(() => page.locator('.person-row', { hasText: '张树茂' }).count()).toBe(0);
      await page.getByRole('tab', { name: '小组' }).click();
      await page.locator('.group-row').first().click();
      await page.getByRole('button', { name: '删除（移到回收站）' }).click();
      await expect.poll(() => page.locator('.group-row').count()).toBe(0);

      await nav(page, '回收站');
      await expect.poll(() => page.locator('.trash-row').count()).toBe(2);
      await screenshot(page, 'records-trash');
      await page.locator('.trash-row', { hasText: '张树茂' }).getByRole('button', { name: /恢复/ }).click();
      await expect.poll(() => page.locator('.trash-row').count()).toBe(1);
      // permanent deletion: first question, second question, then gone
      await page
        .locator('.trash-row', { hasText: '航模队' })
        .getByRole('button', { name: /永久删除/ })
        .click();
      await expect.poll(() => page.getByRole('dialog').textContent()).toContain('永久删除“航模队”？');
      await page.getByRole('dialog').getByRole('button', { name: '继续' }).click();
      await expect.poll(() => page.getByRole('dialog').textContent()).toContain('再次确认');
      await screenshot(page, 'records-trash-confirm');
      expect(await page.locator('.trash-row').count()).toBe(1); // not yet
      await page.getByRole('dialog').getByRole('button', { name: '永久删除' }).click();
      await expect.poll(() => page.locator('.trash-row').count()).toBe(0);

      await nav(page, '成员');
      await page.getByRole('tab', { name: '学生' }).click();
      await expect.poll(() => page.locator('.person-row', { hasText: '张树茂' }).count()).toBe(1);
      await page.getByRole('tab', { name: '小组' }).click();
      expect(await page.locator('.group-row').count()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
