// PDF = the report's HTML printed by Chromium. The printer is pluggable: the desktop host passes
// one built on Electron's webContents.printToPDF; the web host, the CLI and the tests use headless
// Debian Chromium through playwright-core (loaded only when a PDF is asked for).
import fs from 'node:fs';
import { translate } from '../../../shared/i18n/messages';
import { FONTS } from './html';

export interface PrintOptions {
  /** Chromium header/footer template (same syntax in Electron's printToPDF). */
  footerTemplate: string;
}
export type PdfPrinter = (html: string, opts: PrintOptions) => Promise<Buffer>;

export const PAGE_FOOTER =
  `<div style="width:100%;text-align:center;font-size:9pt;font-family:${FONTS.song.replace(/"/g, "'")};color:#000;">` +
  // eslint-disable-next-line keji/no-han-literal -- the page footer of the Chinese document, as the .docx has it
  '第 <span class="pageNumber"></span> 页  共 <span class="totalPages"></span> 页</div>';

export function htmlToPdf(html: string, printer: PdfPrinter): Promise<Buffer> {
  return printer(html, { footerTemplate: PAGE_FOOTER });
}

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export interface ChromiumPrinter {
  print: PdfPrinter;
  close(): Promise<void>;
}

/** Headless Chromium, launched once and reused until close(). Nothing it loads leaves the machine. */
export async function createChromiumPrinter(executablePath?: string): Promise<ChromiumPrinter> {
  const exe = executablePath ?? CHROMIUM_CANDIDATES.find((p) => p && fs.existsSync(p));
  if (!exe) throw new Error(translate('summary.pdf.noChromium'));
  // A devDependency, found rather than shipped: the desktop app prints with Electron instead.
  const { chromium } = await import('playwright-core').catch(() => {
    throw new Error(translate('summary.pdf.noDriver'));
  });
  const browser = await chromium.launch({
    executablePath: exe,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    async print(html, opts) {
      const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.route('**/*', (r) => (r.request().url().startsWith('data:') ? r.continue() : r.abort()));
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: opts.footerTemplate,
        });
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

/** A one-shot printer: launches Chromium for one document and closes it. */
export const chromiumPrinter: PdfPrinter = async (html, opts) => {
  const p = await createChromiumPrinter();
  try {
    return await p.print(html, opts);
  } finally {
    await p.close();
  }
};
