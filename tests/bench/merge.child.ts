// Run by `npm run bench:export` (the merge section) in a process of its own, so that its peak RSS
// is the merge's alone: merges <package> into <archive> twice (all added, then nothing to do) and
// prints one JSON line.
import { openArchive } from '../../electron/core/db/open';
import { mergePackage } from '../../electron/core/package/merge';

const [dir, pkg] = process.argv.slice(2);
const a = openArchive(dir);
try {
  let t0 = performance.now();
  const first = await mergePackage(a, pkg);
  const seconds = (performance.now() - t0) / 1000;
  const rssFirst = process.resourceUsage().maxRSS / 1024;
  t0 = performance.now();
  const again = await mergePackage(a, pkg);
  const againSeconds = (performance.now() - t0) / 1000;
  const added = first.added.reduce((n, c) => n + c.count, 0);
  console.log(
    JSON.stringify({
      seconds,
      againSeconds,
      added,
      applied: first.applied,
      againApplied: again.applied,
      maxRssMB: rssFirst,
      maxRssAllMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
} finally {
  a.close();
}
