/** A remaining time as the export panel says it: 8 秒, 3 分 20 秒, 1 小时 5 分. */
export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s))} 秒`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} 分 ${Math.round(s % 60)} 秒` : `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
}
