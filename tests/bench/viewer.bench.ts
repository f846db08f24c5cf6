// The offline viewer at ten-year scale: 20,000 photos, 10,000 activities, 4,000 awards
// over 10 学年, made through the real core (tests/bench/viewer-archive.ts; the archive is cached
// between runs in $TMPDIR/keji-bench-viewer-v1), exported through the real export, then opened
// from file:// in Debian's Chromium at 1366×768. Prints: viewer data build time and sizes, open
// time (to the first activity rows), DOM elements at the top/middle/end of the list and the
// gallery, a scroll pass's frame times, a search keystroke, JS heap and renderer memory.
// Goals: opens < 1 s, renderer < 300 MB. Not part of npm test.
//   node --import tsx tests/bench/viewer.bench.ts [--photos 20000 --activities 10000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { openArchive } from '../../electron/core/db/open';
import { thumbRelPath } from '../../electron/core/media/store';
import { exportPackage } from '../../electron/core/package/export';
import { buildViewerContent, viewerDataFiles, type IncludedMedia } from '../../electron/core/package/viewer-data';
import { makeScalePackage, scratch } from './viewer-archive';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const PHOTOS = arg('photos', 20_000);
const ACTIVITIES = arg('activities', 10_000);
const AWARDS = arg('awards', 4_000);
const YEARS = 10;

const ms = (t: number) => `${t.toFixed(0)} ms`;
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0;
};

/** Chromium renderer processes under this one: their resident and proportional memory. */
function rendererMemory(): { rss: number; pss: number } {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${d}/status`, 'utf8'))![1]);
      (kids.get(ppid) ?? kids.set(ppid, []).get(ppid)!).push(Number(d));
    } catch {
      /* gone */
    }
  }
  const out = { rss: 0, pss: 0 };
  const walk = (pid: number) => {
    for (const k of kids.get(pid) ?? []) {
      try {
        if (fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('--type=renderer')) {
          const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${k}/status`, 'utf8'))?.[1] ?? 0) * 1024;
          const pss = Number(/Pss:\s+(\d+)/.exec(fs.readFileSync(`/proc/${k}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
          // The busiest renderer is the page's (a spare one may idle beside it).
          if (rss > out.rss) {
            out.rss = rss;
            out.pss = pss;
          }
        }
      } catch {
        /* gone */
      }
      walk(k);
    }
  };
  walk(process.pid);
  return out;
}

async function heap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
  const r = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return r.usedSize;
}

const nodes = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);
/** Polls an expression (strings through CDP: the viewer's CSP refuses the eval waitForFunction uses). */
async function until(page: Page, expr: string): Promise<void> {
  for (const end = Date.now() + 60_000; Date.now() < end; await page.waitForTimeout(25))
    if (await page.evaluate(expr)) return;
  throw new Error(`timed out: ${expr}`);
}
const settled = (page: Page) =>
  until(
    page,
    `(function () {
  var header = document.querySelector('.top').getBoundingClientRect().bottom;
  return ![].some.call(document.querySelectorAll('.placeholder'), function (el) { var r = el.getBoundingClientRect(); return r.bottom > header && r.top < innerHeight; });
})()`,
  );

async function main(): Promise<void> {
  const cache = path.join(os.tmpdir(), `keji-bench-viewer-v1-${PHOTOS}-${ACTIVITIES}-${AWARDS}`);
  const work = scratch('keji-bench-viewer-');
  try {
    let t = performance.now();
    let pkg: string;
    if (fs.existsSync(path.join(cache, 'ready'))) {
      const a = openArchive(path.join(cache, 'archive'));
      try {
        pkg = (
          await exportPackage(a, { target: work, scope: { kind: 'all' }, maskNames: false, includeSensitive: false })
        ).path;
      } finally {
        a.close();
      }
      console.log(`archive (cached in ${cache}) exported in ${ms(performance.now() - t)}`);
    } else {
      fs.rmSync(cache, { recursive: true, force: true });
      fs.mkdirSync(cache, { recursive: true });
      pkg = await makeScalePackage(path.join(cache, 'archive'), work, {
        photos: PHOTOS,
        activities: ACTIVITIES,
        years: YEARS,
        awards: AWARDS,
      });
      fs.writeFileSync(path.join(cache, 'ready'), '');
      console.log(`archive made and exported in ${ms(performance.now() - t)} (cached for the next run in ${cache})`);
    }

    // The viewer data alone, from the archive (set-based queries), three runs.
    {
      const a = openArchive(path.join(cache, 'archive'), { readonly: true });
      try {
        const rows = a.db.prepare('SELECT id, sha256, ext FROM media WHERE deleted_at IS NULL').all() as {
          id: string;
          sha256: string;
          ext: string;
        }[];
        const included = new Map<string, IncludedMedia>(
          rows.map((r) => [
            r.id,
            {
              id: r.id,
              rel: `media/${r.sha256.slice(0, 2)}/${r.sha256}.${r.ext}`,
              thumbRel: thumbRelPath(r.sha256, 256),
            },
          ]),
        );
        const times: number[] = [];
        let files: [string, Buffer][] = [];
        for (let i = 0; i < 3; i++) {
          t = performance.now();
          files = viewerDataFiles(
            buildViewerContent(a, included, { exportedAt: new Date(), scopeLabel: '全部数据', maskedNames: false }),
          );
          times.push(performance.now() - t);
        }
        const size = (f: string) => files.find(([p]) => p === f)?.[1].length ?? 0;
        const biggest = files.filter(([p]) => p !== 'viewer/data.js').sort((x, y) => y[1].length - x[1].length)[0];
        console.log(
          `viewer data built: ${ms(pct(times, 0.5))} (median of 3; the old build, each activity read one by one, took 7.1 s)`,
        );
        console.log(
          `viewer data files: ${files.length}, ${mb(files.reduce((n, [, b]) => n + b.length, 0))} in all; data.js ${(size('viewer/data.js') / 1024).toFixed(1)} KB; largest ${biggest[0]} ${(biggest[1].length / 1024).toFixed(0)} KB (before: one data.js of 17.9 MB)`,
        );
      } finally {
        a.close();
      }
    }

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'],
    });
    try {
      const url = `${pathToFileURL(pkg).href}/index.html`;
      // Open time, as the page sees it: from navigation start to the first activity rows drawn
      // (a MutationObserver added before the page runs), three cold opens (a new context each);
      // beside it the same for a 50-photo package, made in this run, to show the machine's load.
      const openTimes = async (u: string) => {
        const out: number[] = [];
        for (let i = 0; i < 3; i++) {
          const ctx = await browser.newContext({
            viewport: { width: 1366, height: 768 },
            locale: 'zh-CN',
            offline: true,
          });
          const page = await ctx.newPage();
          // A string, not a function: tsx's keepNames would add a __name the page does not have.
          await page.addInitScript(`new MutationObserver(function (_, o) {
            if (document.querySelector('.row a')) { window.__firstRows = performance.now(); o.disconnect(); }
          }).observe(document, { childList: true, subtree: true });`);
          await page.goto(u);
          await page.locator('.row a').first().waitFor();
          out.push((await page.evaluate('window.__firstRows')) as number);
          await ctx.close();
        }
        return out;
      };
      const small = await makeScalePackage(path.join(work, 'small-archive'), path.join(work, 'small-usb'), {
        photos: 50,
        activities: 10,
        years: 2,
        awards: 2,
      });
      const ref = await openTimes(`${pathToFileURL(small).href}/index.html`);
      const opens = await openTimes(url);
      console.log(
        `open to first rows: ${ms(pct(opens, 0.5))} median (${opens.map(ms).join(', ')}); goal < 1000 ms; before: 4.7 s`,
      );
      console.log(
        `  reference, a 50-photo package in the same run: ${ms(pct(ref, 0.5))} median (${ref.map(ms).join(', ')}); load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
      );

      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', offline: true });
      const page = await ctx.newPage();
      await page.goto(url);
      await page.locator('.row a').first().waitFor();
      await settled(page);
      const atOpen = rendererMemory();
      const heapAtOpen = await heap(page);
      console.log(`memory at open: JS heap ${mb(heapAtOpen)}, renderer RSS ${mb(atOpen.rss)} (PSS ${mb(atOpen.pss)})`);
      const counts: string[] = [`list top ${await nodes(page)}`];
      const jump = async (where: 'middle' | 'end') => {
        await page.evaluate(
          (w) =>
            window.scrollTo(
              0,
              w === 'end' ? document.documentElement.scrollHeight : document.documentElement.scrollHeight / 2,
            ),
          where,
        );
        await settled(page);
      };
      await jump('middle');
      counts.push(`list middle ${await nodes(page)}`);
      await jump('end');
      counts.push(`list end ${await nodes(page)}`);
      t = performance.now();
      await page.getByRole('link', { name: /相册/ }).click();
      await page.locator('.tile.photo img').first().waitFor();
      const galleryOpen = performance.now() - t;
      counts.push(`gallery top ${await nodes(page)}`);
      await jump('middle');
      counts.push(`gallery middle ${await nodes(page)}`);
      await jump('end');
      counts.push(`gallery end ${await nodes(page)}`);
      console.log(`相册 opened in ${ms(galleryOpen)} (before: 2.2–2.6 s freeze)`);
      console.log(`DOM elements: ${counts.join(', ')} (before: 58,196 at open, 90,734 in 相册)`);

      // A scroll pass through the whole gallery with the mouse wheel: frame times.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(683, 400);
      await page.evaluate(`(function () {
        window.frames_ = [];
        var last = performance.now();
        function tick(now) { window.frames_.push(now - last); last = now; requestAnimationFrame(tick); }
        requestAnimationFrame(tick);
      })()`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const steps = Math.min(400, Math.ceil(height / 1200));
      t = performance.now();
      for (let i = 0; i < steps; i++) {
        await page.mouse.wheel(0, 1200);
        await page.waitForTimeout(16);
      }
      const pass = performance.now() - t;
      await settled(page);
      const frames = (await page.evaluate('window.frames_.slice(1)')) as number[];
      console.log(
        `scroll pass (${steps} wheel steps of 1200 px over ${(height / 1000).toFixed(0)}k px, ${ms(pass)}): frame p50 ${ms(pct(frames, 0.5))}, p95 ${ms(pct(frames, 0.95))} (before: p95 183–267 ms)`,
      );
      const afterPass = rendererMemory();
      const heapAfter = await heap(page);

      // A search keystroke: 科 (everything matches: capped), then 航天.
      const box = page.getByRole('searchbox', { name: '查找' });
      for (const q of ['科', '航天']) {
        t = performance.now();
        await box.fill(q);
        await until(
          page,
          `((document.querySelector('.search-results > p') || {}).textContent || '').indexOf(${JSON.stringify(`“${q}”`)}) >= 0`,
        );
        console.log(
          `search “${q}”: results in ${ms(performance.now() - t)} (200 ms of it the typing pause; the first search loads the index), ${await nodes(page)} elements; before: 4 s freeze per keystroke`,
        );
      }
      const end = rendererMemory();
      console.log(
        `memory: JS heap ${mb(heapAfter)} after the gallery pass; renderer RSS ${mb(afterPass.rss)} (PSS ${mb(afterPass.pss)}) after the pass, ${mb(end.rss)} after searches; goal < 300 MB; before: 1.45 GB`,
      );
      await ctx.close();
    } finally {
      await browser.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
