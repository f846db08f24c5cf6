// The contract calls of the 总结导出 page (shared/calls/summary.ts).
import type { ApiPart } from '../../../shared/contract';
import type { summaryCalls } from '../../../shared/calls/summary';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { getDraft, periodInfo, photoCandidates, regenerateSection, saveSection, setPhotos } from './drafts';
import { resolvePeriod } from '../../../shared/domain/periods';
import { calendarOf, getReportSettings, setReportSettings } from '../settings';
import { activityFacts, gatherSummaryData, specOf } from './gather';
import { comparisonRows } from './statistics';

export function summaryHandlers(a: Archive, _ctx: HandlerContext): ApiPart<typeof summaryCalls> {
  return {
    'summary.stats': (i) => {
      const d = gatherSummaryData(a, i.period);
      return {
        period: periodInfo(d.period),
        previous: periodInfo(d.previous),
        stats: d.stats,
        previousStats: d.prevStats,
        comparison: d.comparable ? comparisonRows(d.stats, d.prevStats) : [],
        comparable: d.comparable,
        asOf: d.asOf,
        planned: d.activities.filter((x) => x.status === 'planned').length,
        photoSplit: d.photoSplit,
      };
    },
    'summary.draft': (i) => getDraft(a, i.period),
    'summary.saveSection': (i) => saveSection(a, i.period, i.key, i.text),
    'summary.regenerateSection': (i) => regenerateSection(a, i.period, i.key),
    'summary.setPhotos': (i) => setPhotos(a, i.period, i.photos),
    'summary.reportSettings': () => getReportSettings(a),
    'summary.setReportSettings': (i) => setReportSettings(a, i),
    'summary.photoCandidates': (i) => {
      const p = resolvePeriod(specOf(i.period), calendarOf(a));
      return photoCandidates(a, activityFacts(a, p.from, p.to));
    },
  };
}
