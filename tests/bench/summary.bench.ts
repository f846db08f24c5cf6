// `npm run bench:summary`: one 学年 with 300 activities, 1,000 awards and 40 photos (4000×3000
// JPEGs on the biggest activities), exported as the 工作总结 .docx, the statistics .xlsx and the PDF
// (Chromium, launched once as the web host would keep it). Reference tool in the same run:
// LibreOffice converting our .docx to PDF. Prints figures and ratios; never fails a test suite.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../../shared/domain/ids';
import { openArchive, type Archive } from '../../electron/core/db/open';
import * as activities from '../../electron/core/activities/queries';
import * as awards from '../../electron/core/awards/queries';
import { createCompetition } from '../../electron/core/competitions/queries';
import * as people from '../../electron/core/people/queries';
import * as works from '../../electron/core/works/queries';
import { setSettings } from '../../electron/core/settings';
import { addMedia, linkMedia } from '../../electron/core/media/store';
import { exportReport } from '../../electron/core/report/exports';
import { gatherSummaryData } from '../../electron/core/report/gather';
import { getDraft } from '../../electron/core/report/drafts';
import { createChromiumPrinter } from '../../electron/core/report/pdf';
import { ACTIVITY_TYPES, WORK_CATEGORIES } from '../../shared/domain/vocab';
import { requireCommands } from '../../resources/system/check.mjs';

const ACTIVITIES = 300,
  AWARDS = 1000,
  PHOTOS = 40;
const YEAR = '2025-2026';
const rng = seededRandom(20250901);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
const day = (i: number, n: number) =>
  new Date(Date.UTC(2025, 8, 1) + Math.floor((i / n) * 360) * 86400000).toISOString().slice(0, 10);

function fill(a: Archive): string[] {
  const ids: string[] = [];
  a.db.transaction(() => {
    setSettings(a, { schoolName: '青山镇中心小学' });
    const SUR = [...'王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林曾谢宋唐韩冯邓曹彭'];
    const GIV = [...'子梓浩宇轩涵欣怡思雨嘉佳俊杰博文晨睿明雅静婷诗琪泽一然凯航瑞悦晓天乐安'];
    const used = new Set<string>();
    const name = () => {
      for (;;) {
        const n = pick(SUR) + pick(GIV) + pick(GIV);
        if (!used.has(n)) {
          used.add(n);
          return n;
        }
      }
    };
    const students = Array.from(
      { length: 600 },
      (_, i) =>
        people.createPerson(a, { kind: 'student', name: name(), entryYear: 2020 + (i % 6), classNo: 1 + (i % 4) }).id,
    );
    const teachers = Array.from(
      { length: 12 },
      () =>
        people.createPerson(a, { kind: 'teacher', name: name(), subject: pick(['科学', '美术', '信息技术', '数学']) })
          .id,
    );
    for (let i = 0; i < ACTIVITIES; i++) {
      const mass = i % 10 === 0;
      ids.push(
        activities.createActivity(a, {
          title: `${pick(['走进航天', '水火箭', '机器人', '科幻画', '防震减灾', '气象观测', '3D打印', '植物栽培'])}${pick(['讲座', '训练', '比赛', '演练', '体验活动'])}（${i + 1}）`,
          type: pick(ACTIVITY_TYPES),
          status: i % 37 === 5 ? 'cancelled' : 'done',
          startDate: day(i, ACTIVITIES),
          location: pick(['学校操场', '科学实验室', '多功能厅']),
          teacherIds: [pick(teachers)],
          participantIds: mass ? [] : Array.from({ length: 8 + (i % 20) }, () => pick(students)),
          headCount: mass ? 500 + (i % 100) : null,
          headCountNote: mass ? '全校学生' : null,
          tags: [],
          content: '教师讲解原理，学生分组动手实践并交流展示。',
        }).id,
      );
    }
    const LEVELS = ['校级', '县级', '市级', '省级', '国家级'] as const;
    const comps = Object.fromEntries(
      LEVELS.map((l) => [
        l,
        createCompetition(a, {
          name: `${l === '国家级' ? '全国' : ''}青少年科技创新大赛（${l}）`,
          level: l,
          year: 2026,
        }).id,
      ]),
    );
    let n = 0;
    while (n < AWARDS) {
      const authors = Array.from({ length: rng.next() < 0.25 ? 3 : 1 }, () => pick(students));
      const w = works.createWork(a, {
        title: `作品${n + 1}号`,
        category: pick(WORK_CATEGORIES),
        authorIds: [...new Set(authors)],
        advisorIds: [pick(teachers)],
      });
      let from: string | null = null;
      for (const [li, level] of LEVELS.entries()) {
        if (n >= AWARDS || (li > 0 && rng.next() > 0.4)) break;
        from = awards.createAward(a, {
          recipientKind: 'work',
          workId: w.id,
          level,
          grade: pick(['一等奖', '二等奖', '三等奖', '优秀奖']),
          awardedOn: day(200 + li * 30, 400),
          competitionId: comps[level],
          promotedFromId: from,
        }).id;
        n++;
      }
    }
  })();
  return ids;
}

/** Photo-like 4000×3000 JPEGs: smooth colour fields with grain, each a little different. */
async function photo(i: number): Promise<Buffer> {
  const w = 400,
    h = 300;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      raw[o] = (x + i * 37) % 256;
      raw[o + 1] = (y * 2 + i * 11) % 256;
      raw[o + 2] = ((x + y) * 3 + i * 5 + Math.floor(rng.next() * 16)) % 256;
    }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .resize(4000, 3000, { kernel: 'cubic' })
    .blur(1)
    .jpeg({ quality: 90 })
    .toBuffer();
}

const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const r = await f();
  return [r, (performance.now() - t) / 1000];
};
const fmt = (s: number) => `${s.toFixed(2)} s`;

async function main() {
  requireCommands('bench:summary', [
    {
      command: [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
      package: 'chromium',
    },
    { command: 'soffice', package: 'libreoffice-writer-nogui' },
    { command: 'pdfinfo', package: 'poppler-utils' },
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-bench-summary-'));
  const a = openArchive(dir, { create: true });
  try {
    const [actIds, tFill] = await time(() => fill(a));
    // 40 photos on the 40 biggest activities (the covers the draft suggests first).
    const [, tPhotos] = await time(async () => {
      for (let i = 0; i < PHOTOS; i++) {
        const { id } = addMedia(a, await photo(i), {
          ext: 'jpg',
          kind: 'photo',
          mime: 'image/jpeg',
          originalName: `IMG_${i}.jpg`,
          width: 4000,
          height: 3000,
          takenAt: `${day(i * 7, ACTIVITIES)}T02:00:00Z`,
        });
        linkMedia(a, id, 'activity', actIds[(i * 7) % ACTIVITIES]);
      }
    });
    const draft = getDraft(a, YEAR);
    const picks = draft.photos.length;
    // The teacher keeps the suggestions and adds photos up to 40.
    const { setPhotos, photoCandidates } = await import('../../electron/core/report/drafts');
    setPhotos(
      a,
      YEAR,
      photoCandidates(a, gatherSummaryData(a, YEAR).activities)
        .slice(0, PHOTOS)
        .map((c) => ({ mediaId: c.mediaId, caption: c.caption })),
    );

    const [data, tStats] = await time(() => gatherSummaryData(a, YEAR));
    const [docx, tDocx] = await time(() => exportReport(a, { period: YEAR, format: 'docx' }));
    const [xlsx, tXlsx] = await time(() => exportReport(a, { period: YEAR, format: 'xlsx' }));
    const [html, tHtml] = await time(() => exportReport(a, { period: YEAR, format: 'html' }));
    const [printer, tLaunch] = await time(() => createChromiumPrinter());
    let pdf, tPdf;
    try {
      [pdf, tPdf] = await time(() => exportReport(a, { period: YEAR, format: 'pdf' }, { printer: printer.print }));
    } finally {
      await printer.close();
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-bench-out-'));
    const docxFile = path.join(out, 'summary.docx');
    fs.writeFileSync(docxFile, docx.bytes);
    fs.writeFileSync(path.join(out, 'summary.pdf'), pdf.bytes);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-bench-lo-'));
    const [, tSoffice] = await time(() =>
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          path.join(out, 'lo'),
          docxFile,
        ],
        { stdio: 'ignore' },
      ),
    );
    const pages = (f: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))![1]);

    const s = data.stats;
    console.log(
      `科技档案 summary benchmark — ${YEAR}: ${s.activities} activities held (${ACTIVITIES} recorded), ${s.awards} awards, ${s.awardedWorks} awarded works, ${PHOTOS} photos (4000×3000), ${picks} suggested`,
    );
    console.log(`  build archive            ${fmt(tFill)} (+ ${fmt(tPhotos)} making and storing photos)`);
    console.log(`  statistics + draft data  ${fmt(tStats)}`);
    console.log(`  .docx                    ${fmt(tDocx)}  ${(docx.bytes.length / 1048576).toFixed(1)} MB`);
    console.log(`  .xlsx                    ${fmt(tXlsx)}  ${(xlsx.bytes.length / 1024).toFixed(0)} KB`);
    console.log(`  .html (PDF source)       ${fmt(tHtml)}  ${(html.bytes.length / 1048576).toFixed(1)} MB`);
    console.log(
      `  PDF (Chromium print)     ${fmt(tPdf!)}  ${pages(path.join(out, 'summary.pdf'))} pages, ${(pdf!.bytes.length / 1048576).toFixed(1)} MB  (+ ${fmt(tLaunch)} launching Chromium once)`,
    );
    console.log(
      `  reference: LibreOffice .docx → PDF  ${fmt(tSoffice)}  ${pages(path.join(out, 'lo', 'summary.pdf'))} pages`,
    );
    console.log(
      `  ratio PDF (ours) / LibreOffice: ${(tPdf! / tSoffice).toFixed(2)}   ratio .docx / LibreOffice: ${(tDocx / tSoffice).toFixed(2)}`,
    );
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  } finally {
    a.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
