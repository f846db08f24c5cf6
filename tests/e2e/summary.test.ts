// 总结导出 in Chromium, on the archive rebuilt from seed 000 篇八: the statistics of the 学年, the
// drafted text edited and kept across a reload and across new data, photos picked, files downloaded.
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createAward } from '../../electron/core/awards/queries';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { buildXichang, type XichangIds } from '../fixtures/xichang';
import { launch, openApp, screenshot, type Session } from './harness';

/** Generous: the page answers through the real core while other test files share the 2 cores. */
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: 30_000, interval: 100 });

let browser: Browser;
let s: Session;
let ids: XichangIds;
beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, async (a) => {
    ids = buildXichang(a);
    const acts = a.db.prepare("SELECT id, title FROM activities WHERE status='done' ORDER BY start_date").all() as {
      id: string;
      title: string;
    }[];
    for (const [i, act] of acts.slice(0, 6).entries()) {
      const jpg = await sharp({
        create: {
          width: 640,
          height: 480,
          channels: 3,
          background: ['#4f86c6', '#6aa84f', '#e69138', '#c27ba0', '#45818e', '#a64d79'][i],
        },
      })
        .jpeg()
        .toBuffer();
      const { id } = addMedia(a, jpg, {
        ext: 'jpg',
        kind: 'photo',
        mime: 'image/jpeg',
        originalName: `IMG_${i}.jpg`,
        width: 640,
        height: 480,
      });
      linkMedia(a, id, 'activity', act.id);
    }
  });
});
afterAll(async () => {
  await s?.close();
  await browser?.close();
});

describe('总结导出 page', () => {
  it('shows the 学年 statistics, lets the teacher edit the draft, pick photos and download the files', async () => {
    const { page } = s;
    await page.getByRole('button', { name: '总结导出' }).click();
    await page.getByRole('heading', { name: '总结导出' }).waitFor();
    await page.getByLabel('时间段', { exact: true }).selectOption('year');
    await page.getByLabel('学年', { exact: true }).selectOption('2024');
    await poll(() => page.locator('.sum-doc-title').textContent()).toBe('2024—2025学年科技活动工作总结');

    // 统计: 级别×等级 with 项 and 人次, the works card.
    const levelTable = page.locator('table.sum-table', { has: page.locator('caption', { hasText: '级别×等级' }) });
    await poll(() => levelTable.locator('tbody tr').count()).toBe(5);
    expect(await levelTable.locator('tbody tr', { hasText: '县级' }).locator('td').allTextContents()).toEqual([
      '4',
      '4',
      '8',
      '8',
      '14',
      '16',
      '26',
      '28',
    ]);
    expect(await page.locator('.sum-card', { hasText: '获奖作品' }).locator('.sum-card-value').textContent()).toBe(
      '36项',
    );
    await screenshot(page, 'summary-stats');

    // 总结正文: the generated 取得成绩, then the teacher's own 存在问题.
    await page.getByRole('tab', { name: '总结正文' }).click();
    const achievements = page.locator('[data-section="achievements"] textarea');
    expect(await achievements.inputValue()).toContain('本学年，共有37位学生的36项作品在各级比赛中获奖');
    const problems = page.locator('[data-section="problems"]');
    await problems.locator('textarea').fill('1.部分学生的作品来不及修改就参赛；\n2.科技活动室器材不足。');
    // Saved by itself a moment after typing: no button to press.
    await poll(() => problems.locator('.chip').textContent()).toBe('已修改');
    await poll(() => problems.locator('.sum-saved').textContent()).toBe('已保存');
    await screenshot(page, 'summary-draft');

    // The edit survives a reload, and new data does not overwrite it: it is flagged instead.
    await page.reload();
    await page.getByRole('button', { name: '总结导出' }).click();
    await page.getByLabel('时间段', { exact: true }).selectOption('year');
    await page.getByLabel('学年', { exact: true }).selectOption('2024');
    await page.getByRole('tab', { name: '总结正文' }).click();
    const achievementsBox = page.locator('[data-section="achievements"]');
    await achievementsBox.locator('textarea').fill('本学年我校学生作品获奖36项。');
    await achievementsBox.locator('textarea').press('Control+s');
    await poll(() => achievementsBox.locator('.chip').textContent()).toBe('已修改');
    expect(await page.locator('[data-section="problems"] textarea').inputValue()).toBe(
      '1.部分学生的作品来不及修改就参赛；\n2.科技活动室器材不足。',
    );
    createAward(s.host.archive, {
      recipientKind: 'work',
      workId: ids.works['去鱼鳞的手套'],
      level: '市级',
      grade: '一等奖',
      awardedOn: '2025-04-25',
    });
    s.host.emit('archive.changed', { call: 'awards.create' });
    await poll(() => achievementsBox.locator('.chip').textContent()).toBe('数据已更新');
    expect(await achievementsBox.locator('textarea').inputValue()).toBe('本学年我校学生作品获奖36项。');
    await achievementsBox.getByRole('button', { name: '查看新数据生成的内容' }).click();
    expect(await achievementsBox.locator('.sum-generated').textContent()).toContain(
      '其中国家级1项、省级2项、市级9项、县级24项',
    );
    await screenshot(page, 'summary-stale');
    await achievementsBox.getByRole('button', { name: '用新数据重新生成此节' }).click();
    await achievementsBox.getByRole('button', { name: '替换' }).click();
    await poll(() => achievementsBox.locator('.chip').textContent()).toBe('自动生成');
    expect(await achievementsBox.locator('textarea').inputValue()).toContain('市级9项、县级24项');

    // 照片: covers of the biggest activities are suggested; untick one, caption another.
    await page.getByRole('tab', { name: '照片' }).click();
    await poll(() => page.locator('.sum-picked-item').count()).toBe(6);
    await page.locator('.sum-candidates input[type=checkbox]').first().uncheck();
    await poll(() => page.locator('.sum-picked-item').count()).toBe(5);
    const caption = page.locator('.sum-picked-item input').first();
    await caption.fill('全体师生参加应急疏散演练');
    await caption.blur();
    await poll(() => page.getByRole('button', { name: '恢复推荐的照片' }).count()).toBe(1);
    await poll(async () =>
      (
        await page
          .locator('.sum-picked-item img')
          .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))
      ).every(Boolean),
    ).toBe(true);
    await screenshot(page, 'summary-photos');

    // 导出: Word and Excel arrive as downloads named in Chinese.
    await page.getByRole('tab', { name: '导出' }).click();
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.sum-export section').first().getByRole('button', { name: 'Word 文档（.docx）' }).click(),
    ]);
    expect(docx.suggestedFilename()).toBe('西昌市阳光小学_2024—2025学年科技活动工作总结.docx');
    const docxBytes = fs.readFileSync((await docx.path())!);
    expect(docxBytes.subarray(0, 2).toString()).toBe('PK');
    await poll(() => page.getByRole('status').last().textContent()).toContain('已生成');
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Excel 统计表（.xlsx）' }).first().click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('西昌市阳光小学_2024—2025学年科技活动统计表.xlsx');
    await screenshot(page, 'summary-export');
    // Nothing left the machine.
    expect(s.requests.every((u) => u.startsWith(s.host.origin) || u.startsWith('blob:'))).toBe(true);
  });
});
