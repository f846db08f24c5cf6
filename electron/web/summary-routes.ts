// The web host's downloads of the 总结导出 page (token and origin checks of server.ts run first):
//   GET /download/summary?kind=summary|plan|student|teacher&period=term:2025-2026-1&format=docx|pdf|xlsx|html[&person=<id>][&mask=1]
// Answers the file with Content-Disposition: attachment (a Chinese file name survives every
// browser), or a JSON error with a Chinese message the page shows. PDFs are printed by headless
// Chromium; the desktop host saves the same bytes through a dialog instead.
import type http from 'node:http';
import { z } from 'zod';
import type { Archive } from '../core/db/open';
import { toCallError } from '../core/handlers';
import { zodToError } from '../../shared/validate';
import { exportReport, exportRequestFromQuery } from '../core/report/exports';
import type { PdfPrinter } from '../core/report/pdf';
import { contentDisposition } from './sheets-routes';

type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, archive: Archive) => Promise<boolean>;

export function summaryDownloadRoute(printer?: PdfPrinter): Route {
  return async (req, res, url, archive) => {
    if (req.method !== 'GET' || url.pathname !== '/download/summary') return false;
    const parsed = exportRequestFromQuery(url.searchParams);
    const fail = (status: number, error: { code: string; message: string }) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ ok: false, error }));
      return true;
    };
    if (!parsed.success) return fail(400, zodToError(parsed.error as z.ZodError));
    try {
      const file = await exportReport(archive, parsed.data, { printer });
      res.writeHead(200, {
        'Content-Type': file.mime,
        'Content-Length': file.bytes.length,
        'Content-Disposition': contentDisposition(file.fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // An exported page is a document to save, never a page to run inside the app's origin.
        'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
      });
      res.end(file.bytes);
    } catch (e) {
      const err = toCallError(e);
      return fail(err.code === 'NOT_FOUND' ? 404 : err.code === 'INVALID_INPUT' ? 400 : 500, err);
    }
    return true;
  };
}

export const summaryRoutes: Route[] = [summaryDownloadRoute()];
