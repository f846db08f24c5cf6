// A 工作总结 over several 学年 summarises instead of listing: a table per 学年 (whose rows add up
// to the total the text states), the 获奖名单 at 省级 and above only, trainings counted rather
// than all named. Its .docx, as LibreOffice prints it, stays a few pages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import * as activities from '../../electron/core/activities/queries';
import * as awards from '../../electron/core/awards/queries';
import { createCompetition } from '../../electron/core/competitions/queries';
import * as people from '../../electron/core/people/queries';
import * as works from '../../electron/core/works/queries';
import { setSettings } from '../../electron/core/settings';
import { exportReport } from '../../electron/core/report/exports';
import { newArchive, tempDir } from './helpers';

let a: Archive;
const YEARS = 'years:2023-2026';
const LEVELS = ['校级', '县级', '市级', '省级', '国家级'] as const;
/** Activities and trainings made per 学年, and awards (level by index) per 学年. */
const PER_YEAR = { held: [30, 45, 60], trainings: [9, 12, 15], awards: [20, 25, 30] };

const text = (html: Buffer) =>
  html
    .toString('utf8')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ');
/** The rows of the HTML table whose caption starts with `caption`, as arrays of cell texts. */
function tableRows(html: string, caption: string): string[][] {
  const i = html.indexOf(caption);
  expect(i, caption).toBeGreaterThan(-1);
  const table = html.slice(html.indexOf('<table', i), html.indexOf('</table>', i));
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()),
  );
}

beforeAll(() => {
  a = newArchive({ start: '2026-08-20T08:00:00Z' });
  setSettings(a, { schoolName: '青山镇中心小学' });
  const students = Array.from(
    { length: 40 },
    (_, i) =>
      people.createPerson(a, {
        kind: 'student',
        name: `学生${String.fromCharCode(0x4e00 + i * 7)}${String.fromCharCode(0x4e80 + i)}`,
        entryYear: 2020 + (i % 5),
        classNo: 1,
      }).id,
  );
  const teacher = people.createPerson(a, { kind: 'teacher', name: '周老师', subject: '科学' }).id;
  for (let y = 0; y < 3; y++) {
    const year = 2023 + y;
    const day = (i: number, n: number) =>
      new Date(Date.UTC(year, 8, 5) + Math.floor((i / n) * 290) * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < PER_YEAR.held[y]; i++) {
      activities.createActivity(a, {
        title: `水火箭训练（${year}-${i + 1}）`,
        type: '模型',
        status: 'done',
        startDate: day(i, PER_YEAR.held[y]),
        location: '学校操场',
        teacherIds: [teacher],
        participantIds: students.slice(i % 30, (i % 30) + 5),
        headCount: null,
        headCountNote: null,
        tags: [],
      });
    }
    for (let i = 0; i < PER_YEAR.trainings[y]; i++) {
      activities.createActivity(a, {
        title: `科技辅导员培训第${i + 1}期（${year}）`,
        type: '培训',
        status: 'done',
        startDate: day(i, PER_YEAR.trainings[y]),
        location: '县教师进修学校',
        teacherIds: [teacher],
        participantIds: [],
        headCount: null,
        headCountNote: null,
        tags: [],
      });
    }
    const comps = Object.fromEntries(
      LEVELS.map((l) => [l, createCompetition(a, { name: `青少年科技创新大赛（${l}）`, level: l, year: year + 1 }).id]),
    );
    for (let i = 0; i < PER_YEAR.awards[y]; i++) {
      const w = works.createWork(a, {
        title: `作品${year}-${i + 1}`,
        category: '小发明',
        authorIds: [students[i % 40]],
        advisorIds: [teacher],
      });
      const level = LEVELS[i % 5];
      awards.createAward(a, {
        recipientKind: 'work',
        workId: w.id,
        level,
        grade: '二等奖',
        awardedOn: `${year + 1}-04-1${i % 9}`,
        competitionId: comps[level],
      });
    }
  }
});

describe('a summary over several 学年', () => {
  it('has a table per 学年 whose rows add up to the totals the text states, and no list of every activity', async () => {
    const html = (await exportReport(a, { period: YEARS, format: 'html' })).bytes.toString('utf8');
    expect(html).not.toContain('活动一览');
    const rows = tableRows(html, '各学年概况');
    const body = rows.slice(1);
    expect(body.map((r) => r[0])).toEqual(['2023—2024学年', '2024—2025学年', '2025—2026学年', '合计']);
    const held = PER_YEAR.held.map((n, i) => n + PER_YEAR.trainings[i]);
    expect(body.slice(0, 3).map((r) => Number(r[1]))).toEqual(held);
    expect(body.slice(0, 3).map((r) => Number(r[2]))).toEqual(PER_YEAR.trainings);
    // Every column's 合计 is the sum of its 学年.
    for (let c = 1; c < body[0].length; c++)
      expect(Number(body[3][c])).toBe(body.slice(0, 3).reduce((s, r) => s + Number(r[c]), 0));
    // …and the text says the same total.
    const total = held.reduce((s, n) => s + n, 0);
    expect(text(Buffer.from(html))).toContain(`学校共开展各类科技活动${total}项`);
    expect(Number(body[3][5])).toBe(PER_YEAR.awards.reduce((s, n) => s + n, 0));
  });

  it('lists only 省级 and above in its 获奖名单 and counts the rest; names a few trainings, not all 36', async () => {
    const html = (await exportReport(a, { period: YEARS, format: 'html' })).bytes.toString('utf8');
    const rows = tableRows(html, '获奖名单（省级以上）').slice(1);
    const all = PER_YEAR.awards.reduce((s, n) => s + n, 0);
    const upper = PER_YEAR.awards.reduce(
      (s, n) => s + Array.from({ length: n }, (_, i) => i % 5).filter((l) => l >= 3).length,
      0,
    );
    expect(rows).toHaveLength(upper);
    expect(rows.every((r) => /^(省级|国家级)/.test(r[4]))).toBe(true);
    const t = text(Buffer.from(html));
    expect(t).toContain(`共${all}项作品（项目）获奖，这里列出省级以上的${upper}项；全部获奖名单见统计表（Excel）`);
    expect(t).toContain('选派科技辅导员外出参加培训36次');
    expect(t.match(/科技辅导员培训第\d+期/g)?.length ?? 0).toBeLessThanOrEqual(3);
  });

  it('a single 学年 still lists every activity', async () => {
    const html = (await exportReport(a, { period: 'year:2025-2026', format: 'html' })).bytes.toString('utf8');
    expect(html).toContain('活动一览');
    expect(html).not.toContain('各学年概况');
    expect(tableRows(html, '活动一览').length - 1).toBe(PER_YEAR.held[2] + PER_YEAR.trainings[2]);
  });

  it('its .docx prints on a few pages in LibreOffice, with the 学年 table in it', { timeout: 240_000 }, async () => {
    const out = tempDir('keji-long-');
    const file = path.join(out, 'summary.docx');
    fs.writeFileSync(file, (await exportReport(a, { period: YEARS, format: 'docx' })).bytes);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${tempDir('keji-lo-')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        out,
        file,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const pdf = path.join(out, 'summary.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeLessThanOrEqual(10);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')).toContain('各学年概况');
  });
});
