// A small windowed list: only the rows in (and just around) the visible part are in the DOM,
// so 10,000 activities or 5,000 students scroll smoothly. Row heights are known up front
// (fixed, or per row for headers), which keeps it exact without measuring.
// Short lists (up to `renderAllBelow` rows) are rendered whole: cheap, and the browser's own find works.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Height in px of every row, or of each row. */
  itemHeight: number | ((item: T, index: number) => number);
  renderItem(item: T, index: number): ReactNode;
  getKey(item: T, index: number): string;
  /** Accessible name of the list. */
  label: string;
  className?: string;
  /** Rows drawn above and below the visible window. */
  overscan?: number;
  /** Lists this short are drawn whole. */
  renderAllBelow?: number;
  /** Used until the container has been measured (and in test DOMs that do not lay out). */
  fallbackHeight?: number;
  /** Scrolls so that this row is visible (e.g. the one just opened). */
  scrollToIndex?: number | null;
  /** 'center': a row scrolled to from out of view lands mid-list (a row just saved, clear of toasts). */
  scrollAlign?: 'nearest' | 'center';
  style?: CSSProperties;
}

/** Index of the last offset <= y (offsets ascending, offsets[0] = 0). */
function findIndex(offsets: readonly number[], y: number): number {
  let lo = 0, hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid; else hi = mid - 1;
  }
  return lo;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, itemHeight, renderItem, getKey, label, className, overscan = 6, renderAllBelow = 0, fallbackHeight = 600, scrollToIndex, scrollAlign = 'nearest', style } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);

  // offsets[i] = top of row i; offsets[n] = total height.
  const offsets = useMemo(() => {
    const out = new Array<number>(items.length + 1);
    out[0] = 0;
    for (let i = 0; i < items.length; i++) out[i + 1] = out[i] + (typeof itemHeight === 'number' ? itemHeight : itemHeight(items[i], i));
    return out;
  }, [items, itemHeight]);
  const total = offsets[items.length];

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new, shorter list must not leave the window past its end.
  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop > total) { el.scrollTop = 0; setScrollTop(0); }
  }, [total]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || scrollToIndex == null || scrollToIndex < 0 || scrollToIndex >= items.length) return;
    const top = offsets[scrollToIndex], bottom = offsets[scrollToIndex + 1];
    const h = el.clientHeight || fallbackHeight;
    const out = top < el.scrollTop || bottom > el.scrollTop + h;
    if (out && scrollAlign === 'center') el.scrollTop = Math.max(0, Math.min(total - h, top - (h - (bottom - top)) / 2));
    else if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + h) el.scrollTop = bottom - h;
    setScrollTop(el.scrollTop);
  }, [scrollToIndex, offsets, items.length, fallbackHeight]); // eslint-disable-line react-hooks/exhaustive-deps

  const height = viewport > 0 ? viewport : fallbackHeight;
  let first = 0, last = items.length - 1;
  if (items.length > renderAllBelow) {
    first = Math.max(0, findIndex(offsets, scrollTop) - overscan);
    last = Math.min(items.length - 1, findIndex(offsets, scrollTop + height) + overscan);
  }
  const rows: ReactNode[] = [];
  for (let i = first; i <= last && i < items.length; i++) {
    rows.push(
      <div key={getKey(items[i], i)} role="listitem" aria-setsize={items.length} aria-posinset={i + 1} className="vl-row"
        style={{ position: 'absolute', top: offsets[i], left: 0, right: 0, height: offsets[i + 1] - offsets[i] }}>
        {renderItem(items[i], i)}
      </div>,
    );
  }
  return (
    // Focusable so the keyboard can scroll it (and axe's scrollable-region rule is met).
    <div ref={scroller} className={`vl ${className ?? ''}`} tabIndex={0} aria-label={label} role="region" style={{ overflowY: 'auto', position: 'relative', ...style }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div role="list" aria-label={label} style={{ position: 'relative', height: total, width: '100%' }}>{rows}</div>
    </div>
  );
}
