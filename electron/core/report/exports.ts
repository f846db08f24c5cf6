// One entry point for every file the summary feature writes: the CLI, the web host's download
// route and (later) the desktop host's save dialog all call exportReport and get bytes + a name.
import { resolvePeriod } from '../../../shared/domain/periods';
import { ExportRequest, type ExportFormat } from '../../../shared/calls/summary';
import { today } from '../rows';
import type { Archive } from '../db/open';
import { getSettings, calendarOf } from '../settings';
import { buildPlanDoc, buildStudentDoc, buildSummaryDoc, buildTeacherDoc, type ReportDoc } from './document';
import { toDocx } from './docx';
import { activityFacts, gatherSummaryData, specOf } from './gather';
import { toHtml } from './html';
import { chromiumPrinter, htmlToPdf, type PdfPrinter } from './pdf';
import { planWorkbook, summaryWorkbook } from './xlsx';

export const MIME: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
};

export interface ExportedFile {
  fileName: string;
  mime: string;
  bytes: Buffer;
}
export interface ExportOptions {
  printer?: PdfPrinter;
}

async function render(doc: ReportDoc, format: ExportFormat, o: ExportOptions): Promise<Buffer> {
  if (format === 'docx') return toDocx(doc);
  const html = toHtml(doc);
  if (format === 'html') return Buffer.from(html, 'utf8');
  return htmlToPdf(html, o.printer ?? chromiumPrinter);
}

/** The download URL's query (`kind, period, format, person, mask`) → a checked request; both hosts use it. */
export function exportRequestFromQuery(p: URLSearchParams) {
  return ExportRequest.safeParse({
    kind: p.get('kind') ?? 'summary',
    period: p.get('period') ?? undefined,
    format: p.get('format'),
    personId: p.get('person') ?? undefined,
    maskNames: p.get('mask') === '1' || p.get('mask') === 'true',
  });
}

export async function exportReport(a: Archive, request: ExportRequest, o: ExportOptions = {}): Promise<ExportedFile> {
  const r = ExportRequest.parse(request);
  const opts = { maskNames: r.maskNames };
  let doc: ReportDoc;
  if (r.kind === 'summary') {
    if (r.format === 'xlsx') {
      const d = gatherSummaryData(a, r.period!);
      const school = d.school ? `${d.school}_` : '';
      return {
        // eslint-disable-next-line keji/no-han-literal -- the document's own title, Chinese like the document
        fileName: `${school}${d.period.label}科技活动统计表.xlsx`,
        mime: MIME.xlsx,
        bytes: await summaryWorkbook(d, opts),
      };
    }
    doc = await buildSummaryDoc(a, r.period!, opts);
  } else if (r.kind === 'plan') {
    doc = buildPlanDoc(a, r.period!);
    if (r.format === 'xlsx') {
      const p = resolvePeriod(specOf(r.period!), calendarOf(a));
      const school = getSettings(a).schoolName;
      return {
        fileName: `${doc.fileBase}.xlsx`,
        mime: MIME.xlsx,
        bytes: await planWorkbook(doc.title, school, activityFacts(a, p.from, p.to), today(a)),
      };
    }
  } else if (r.kind === 'student') {
    doc = buildStudentDoc(a, r.personId!, r.period, opts);
  } else {
    doc = buildTeacherDoc(a, r.personId!, r.period, opts);
  }
  return { fileName: `${doc.fileBase}.${r.format}`, mime: MIME[r.format], bytes: await render(doc, r.format, o) };
}
