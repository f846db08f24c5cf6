// In Chromium at 1366×768: a student whose award carries an impossible date (written
// straight into SQLite) opens; a page whose answer is broken shows the message with 重试 / 返回 and
// the sidebar; 2024-02-30 typed into the form names the missing day and the message goes once
// corrected; a duplicate student asks; the saved activity is in view and marked. Each screenshotted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoArchive } from '../../electron/core/demo/generate';
import { openApp, launch, screenshot } from './harness';

let browser: Browser;
let demoDir: string;
beforeAll(async () => {
  browser = await launch();
  demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-week-'));
  await createDemoArchive(demoDir, { photos: false });
});
afterAll(async () => {
  await browser?.close();
});

const nav = (page: Page, name: string) => page.locator('.sidebar').getByRole('button', { name, exact: true }).click();
async function serious(page: Page, where: string) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}
const inViewport = async (page: Page, sel: string) => {
  const box = await page.locator(sel).first().boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1366;
};

describe('a week of real use, in Chromium', () => {
  it('bad dates, broken answers, impossible days, duplicates and the saved row', async () => {
    const problems: string[] = [];
    const s = await openApp(
      browser,
      (a) => {
        const p = a.db.prepare("SELECT id FROM people WHERE name='张树茂'").pluck().get() as string;
        a.db
          .prepare(
            `INSERT INTO awards (id, created_at, updated_at, recipient_kind, person_id, level, grade, awarded_on) VALUES (?,?,?,?,?,?,?,?)`,
          )
          .run(
            '01990000-0000-7000-8000-000000000001',
            '2025-01-01',
            '2025-01-01',
            'person',
            p,
            '县级',
            '一等奖',
            'abc',
          );
        a.db
          .prepare(
            `INSERT INTO awards (id, created_at, updated_at, recipient_kind, person_id, level, grade, awarded_on) VALUES (?,?,?,?,?,?,?,?)`,
          )
          .run(
            '01990000-0000-7000-8000-000000000002',
            '2025-01-01',
            '2025-01-01',
            'person',
            p,
            '县级',
            '二等奖',
            '2024-02-30',
          );
      },
      demoDir,
    );
    const { page } = s;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept()); // 取消 on a filled form asks before discarding
    try {
      // 1. The student with impossible award dates opens; the sidebar is there.
      await nav(page, '成员');
      await page.getByRole('searchbox', { name: '搜索' }).fill('张树茂');
      await page.locator('.person-row', { hasText: '张树茂' }).click();
      await page.locator('#person-record-title').waitFor();
      await page.getByRole('region', { name: '日期有误的记录' }).scrollIntoViewIfNeeded();
      expect(await page.getByRole('region', { name: '日期有误的记录' }).textContent()).toContain(
        '2024-02-30（日期有误）',
      );
      expect(await page.locator('.sidebar .nav-item').count()).toBe(8);
      await screenshot(page, 'week-bad-date-record');

      // 2. A broken answer: the page's place shows the message with 重试 and 返回, the sidebar stays.
      await page.getByRole('button', { name: /返回/ }).first().click();
      await page.route('**/rpc/records.personRecord', async (route) => {
        const r = await route.fetch();
        const body = (await r.json()) as { ok: boolean; value: Record<string, unknown> };
        await route.fulfill({ response: r, json: { ...body, value: { ...body.value, awards: 'broken' } } });
      });
      await page.locator('.person-row', { hasText: '张树茂' }).click();
      await page.locator('.render-failed').waitFor();
      expect(await page.locator('.render-failed').textContent()).toContain('「成员」没能显示出来');
      expect(await page.locator('.sidebar').isVisible()).toBe(true);
      problems.push(...(await serious(page, '出错')));
      await screenshot(page, 'week-page-failed');
      await page.unroute('**/rpc/records.personRecord');
      await page.getByRole('button', { name: '重试' }).click();
      await page.locator('#person-record-title').waitFor();
      await page.getByRole('button', { name: /返回/ }).first().click();
      await page.getByRole('searchbox', { name: '搜索' }).fill('');

      // 3. A duplicate student asks before being created.
      const cls = (await page.locator('.person-row', { hasText: '张树茂' }).locator('.class-label').textContent())!;
      const dupName = (await page.locator('.person-row').nth(0).locator('.name').textContent())!;
      const dupClass = (await page.locator('.person-row').nth(0).locator('.class-label').textContent())!;
      expect(cls).toBeTruthy();
      await page.getByRole('button', { name: '添加学生' }).click();
      await page.locator('input[name="name"]').fill(dupName);
      const m = /^(.+年级)\((\d+)\)班$/.exec(dupClass)!;
      await page.locator('select[name="grade"]').selectOption(m[1]);
      await page.locator('input[name="classNo"]').fill(m[2]);
      await page.keyboard.press('Control+s');
      await page.getByRole('dialog').waitFor();
      expect(await page.getByRole('dialog').textContent()).toContain(`成员中已有「${dupName}」`);
      problems.push(...(await serious(page, '重名')));
      await screenshot(page, 'week-duplicate-student');
      await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
      await page.getByRole('button', { name: '取消' }).click();

      // 4. 2024-02-30 names the missing day; the message goes once the date is right.
      await nav(page, '活动');
      await page.getByRole('button', { name: '新建活动' }).click();
      await page.locator('input[name="title"]').fill('参观气象站');
      await page.locator('input[name="startDate"]').fill('2024-02-30');
      await page.keyboard.press('Control+s');
      const err = page.locator('label:has([name="startDate"]) .field-error');
      await err.waitFor();
      expect(await err.textContent()).toBe('开始日期：2024年2月没有30日');
      await screenshot(page, 'week-impossible-date');
      await page.locator('input[name="startDate"]').fill('2019-3-15');
      expect(await err.count()).toBe(0);

      // 5. Saved: back on the list with the new activity in view and marked (it is years down the list).
      await page.keyboard.press('Control+s');
      await page.locator('.activity-row.just-saved').waitFor();
      expect(await page.locator('.activity-row.just-saved').textContent()).toContain('参观气象站');
      expect(await inViewport(page, '.activity-row.just-saved')).toBe(true);
      await screenshot(page, 'week-saved-activity-marked');
      expect(errors).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await s.close();
    }
  }, 120_000);
});
