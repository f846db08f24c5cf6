// The web host's token in a real browser: the page sends X-Keji-Token on every POST (its cookie
// alone changes nothing), two archives open side by side on two ports stay open (each has its
// own keji-<port> cookie), and the page works at localhost:<port> as at 127.0.0.1:<port>.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createActivity } from '../../electron/core/activities/queries';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { launch } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  archive: Archive;
  host: WebHost;
  dir: string;
}
async function openOne(title: string): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-token-'));
  const archive = openArchive(dir, { create: true });
  createActivity(archive, {
    title,
    type: '科技实践',
    status: 'done',
    startDate: '2025-10-15',
    teacherIds: [],
    participantIds: [],
    tags: [],
  });
  return { archive, dir, host: await startWebHost({ archive }) };
}
/** The activity list shows the title: the page loaded and its POSTs were answered. */
const showsActivity = (page: Page, title: string) => page.getByText(title).first().waitFor();
const count = (a: Archive) => (a.db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;

describe('web host token in Chromium', () => {
  it('two archives side by side, localhost or 127.0.0.1; a POST carrying only the cookie changes nothing', async () => {
    const one = await openOne('一号档案的植树活动');
    const two = await openOne('二号档案的航模比赛');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const p1 = await context.newPage();
      await p1.goto(one.host.url);
      await showsActivity(p1, '一号档案的植树活动');
      const p2 = await context.newPage();
      await p2.goto(two.host.url);
      await showsActivity(p2, '二号档案的航模比赛');
      // The second start link did not log the first page out (cookies ignore ports; names don't).
      await p1.reload();
      await showsActivity(p1, '一号档案的植树活动');
      expect(await p1.locator('body').innerText()).not.toContain('拒绝访问');

      // The same archive at localhost:<port>: the page's calls (Origin: http://localhost:<port>) are answered.
      const p3 = await context.newPage();
      await p3.goto(`http://localhost:${one.host.port}/?t=${one.host.token}`);
      await showsActivity(p3, '一号档案的植树活动');

      // The page's own origin, with its cookie, but without the header: refused, nothing written.
      const before = count(one.archive);
      const person = { kind: 'student', name: '无令牌', entryYear: 2022, classNo: 1 };
      const statuses = await p1.evaluate(async (body) => {
        const send = (headers: Record<string, string>) =>
          fetch('/rpc/people.create', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', ...headers },
            body: JSON.stringify(body),
          }).then((r) => r.status);
        const form = await fetch('/rpc/people.create', {
          method: 'POST',
          credentials: 'same-origin',
          body: new URLSearchParams({ kind: 'student' }),
        }).then((r) => r.status);
        const token = document.querySelector('meta[name="keji-token"]')?.getAttribute('content') ?? '';
        return { cookieOnly: await send({}), form, withToken: await send({ 'X-Keji-Token': token }) };
      }, person);
      expect(statuses).toEqual({ cookieOnly: 403, form: 403, withToken: 200 });
      expect(count(one.archive)).toBe(before + 1);
    } finally {
      await context.close();
      for (const o of [one, two]) {
        await o.host.close();
        o.archive.close();
        fs.rmSync(o.dir, { recursive: true, force: true });
      }
    }
  });
});
