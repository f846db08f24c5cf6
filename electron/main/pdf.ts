// The desktop PDF printer: the report's HTML printed by Electron's own Chromium (printToPDF),
// in a hidden, script-less, sandboxed window that can load nothing but the file it is given.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { PdfPrinter } from '../core/report/pdf';

export const electronPrinter: PdfPrinter = async (html, opts) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-pdf-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await win.loadFile(file);
    return await win.webContents.printToPDF({
      pageSize: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: opts.footerTemplate,
    });
  } finally {
    win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
