// Golden texts: the 工作总结 of the demo school for one 学年 (2025—2026, over) and one term
// (2026—2027 第一学期, in progress on the demo's today), exactly as printed — title, headings,
// paragraphs, 落款 — reviewed line by line in the change that made them
// (tests/fixtures/summary/*.txt). Both are also printed through Word → LibreOffice → PDF and every
// page is kept as a PNG in test-output/screenshots/ for a reader to look at.
// After an intended change of wording: KEJI_UPDATE_GOLDEN=1 npx vitest run … this file, then review the diff.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoArchive, DEMO_TODAY } from '../../electron/core/demo/generate';
import { fixedClock } from '../../electron/core/clock';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { buildSummaryDoc, type ReportDoc } from '../../electron/core/report/document';
import { exportReport } from '../../electron/core/report/exports';
import { tempDir } from './helpers';

const GOLDEN = path.resolve('tests/fixtures/summary');
const SHOTS = path.resolve('test-output/screenshots');
const CASES = [
  ['2025-2026', 'demo-2025-2026'],
  ['2026-2027-1', 'demo-2026-2027-1'],
] as const;

let a: Archive;
let work: string;
beforeAll(async () => {
  work = tempDir('keji-golden-');
  await createDemoArchive(path.join(work, 'demo'), { photos: false });
  a = openArchive(path.join(work, 'demo'), {
    clock: fixedClock(new Date(`${DEMO_TODAY}T08:00:00Z`), (n) => Buffer.alloc(n, 7)),
  });
}, 120_000);
afterAll(() => a?.close());

/** The document's running text as printed (tables left to the numbers tests). */
function printedText(doc: ReportDoc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.t === 'title' || b.t === 'subtitle' || b.t === 'heading') out.push(b.text);
    else if (b.t === 'para') out.push(`　　${b.text}`);
    else if (b.t === 'sign') out.push(...b.lines.map((l) => `${' '.repeat(20)}${l}`));
    else if (b.t === 'table' && b.caption) out.push(`[${b.caption}]`);
  }
  return `${out.join('\n')}\n`;
}

describe("the demo school's 工作总结, word for word", () => {
  it.each(CASES)('%s', async (key, name) => {
    const text = printedText(await buildSummaryDoc(a, key));
    const file = path.join(GOLDEN, `${name}.txt`);
    if (process.env.KEJI_UPDATE_GOLDEN) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(file, text);
    }
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('printed through Word and LibreOffice: every page a PNG in the test output, and the title on one page with its text', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const [key, name] of CASES) {
      const docx = path.join(work, `${name}.docx`);
      fs.writeFileSync(docx, (await exportReport(a, { period: key, format: 'docx' })).bytes);
      execFileSync(
        'soffice',
        ['--headless', `-env:UserInstallation=file://${work}/lo`, '--convert-to', 'pdf', '--outdir', work, docx],
        { stdio: 'ignore', timeout: 180_000 },
      );
      const pdf = path.join(work, `${name}.pdf`);
      for (const f of fs.readdirSync(SHOTS).filter((f) => f.startsWith(`summary-${name}-`)))
        fs.rmSync(path.join(SHOTS, f));
      execFileSync('pdftoppm', ['-r', '70', '-png', pdf, path.join(SHOTS, `summary-${name}`)]);
      const pages = fs.readdirSync(SHOTS).filter((f) => f.startsWith(`summary-${name}-`) && f.endsWith('.png'));
      expect(pages.length, name).toBeGreaterThanOrEqual(3);
      // The last page of the text carries more than the 落款.
      const txt = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
      const signPage = txt.findIndex(
        (p) => p.includes('青山镇中心小学') && /2026\s*年\s*11\s*月\s*20\s*日/.test(p) && !p.includes('附：'),
      );
      expect(signPage, name).toBeGreaterThanOrEqual(0);
      expect(txt[signPage].replace(/\s+/g, '').replace(/第\d+页共\d+页/, '').length, name).toBeGreaterThan(60);
    }
  }, 400_000);
});
