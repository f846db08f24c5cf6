// The gallery grid, windowed: group headings and rows of square tiles are laid out from the
// group counts alone (no item needs to be loaded to know where it goes), and only the rows in
// and near the viewport are in the DOM. Scrolling 20,000 photos keeps ~100 tiles on the page.
// Every tile is one square whatever the photo's shape (the photo is fitted with object-fit): the
// row track is fixed (gridTemplateRows), so a portrait thumbnail cannot grow its row over the next.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MediaGroup, MediaItem } from '../../../shared/calls/media';

export const TILE = 168;
export const GAP = 8;
export const HEADER = 44;
/** Extra pixels drawn above and below the viewport. */
const OVERSCAN = 600;

export type Row =
  | { type: 'header'; top: number; height: number; group: MediaGroup }
  | { type: 'tiles'; top: number; height: number; start: number; count: number };

/** Rows for `cols` columns: a heading per group, then its tiles `cols` to a row. */
export function layoutRows(groups: readonly MediaGroup[], cols: number, tile: number): { rows: Row[]; height: number } {
  const rows: Row[] = [];
  let top = 0;
  let index = 0;
  for (const group of groups) {
    rows.push({ type: 'header', top, height: HEADER, group });
    top += HEADER;
    for (let i = 0; i < group.count; i += cols) {
      const count = Math.min(cols, group.count - i);
      rows.push({ type: 'tiles', top, height: tile + GAP, start: index + i, count });
      top += tile + GAP;
    }
    index += group.count;
  }
  return { rows, height: top };
}

/** First row whose bottom is below y (rows sorted by top). */
export function firstRowBelow(rows: readonly Row[], y: number): number {
  let lo = 0, hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].top + rows[mid].height <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Props {
  groups: readonly MediaGroup[];
  itemAt(i: number): MediaItem | undefined;
  ensure(from: number, to: number): void;
  renderHeader(g: MediaGroup): ReactNode;
  renderTile(item: MediaItem | undefined, index: number, size: number): ReactNode;
  label: string;
  /** Keeps this tile in view (the one the lightbox shows). */
  focusIndex?: number | null;
  /** Used until the container is measured (and in DOMs without layout). */
  fallback?: { width: number; height: number };
  /** Scrolls back to the top when this changes (a new filter). */
  resetKey?: string;
  /** Scrolls tile `index` to the top (with its heading) once per `seq`: the files just imported. */
  reveal?: { index: number; seq: number } | null;
}

export function VirtualGrid({ groups, itemAt, ensure, renderHeader, renderTile, label, focusIndex, fallback = { width: 1100, height: 640 }, resetKey, reveal }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(fallback);
  const [scrollTop, setScrollTop] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) setSize({ width: el.clientWidth, height: el.clientHeight });
    };
    measure();
    if (typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', measure);
      return () => window.removeEventListener('resize', measure);
    }
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const cols = Math.max(1, Math.floor((size.width + GAP) / (TILE + GAP)));
  const tile = Math.floor((size.width - GAP * (cols - 1)) / cols);
  const { rows, height } = useMemo(() => layoutRows(groups, cols, tile), [groups, cols, tile]);

  // One state update per frame at most, however fast the wheel turns.
  const frame = useRef(0);
  const onScroll = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (ref.current) setScrollTop(ref.current.scrollTop);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const first = firstRowBelow(rows, scrollTop - OVERSCAN);
  const visible: Row[] = [];
  for (let i = first; i < rows.length && rows[i].top < scrollTop + size.height + OVERSCAN; i++) visible.push(rows[i]);
  const tileRows = visible.filter((r): r is Extract<Row, { type: 'tiles' }> => r.type === 'tiles');
  const from = tileRows[0]?.start ?? 0;
  const to = tileRows.length ? tileRows[tileRows.length - 1].start + tileRows[tileRows.length - 1].count - 1 : -1;
  useEffect(() => { if (to >= from) ensure(from, to); }, [from, to, ensure]);

  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const revealed = useRef(0);
  useEffect(() => {
    const el = ref.current;
    if (!reveal || !el || revealed.current === reveal.seq) return;
    const i = rows.findIndex((r) => r.type === 'tiles' && reveal.index >= r.start && reveal.index < r.start + r.count);
    if (i < 0) return;
    revealed.current = reveal.seq;
    // Its heading too, when the tile is on the group's first row.
    const top = rows[i - 1]?.type === 'header' ? rows[i - 1].top : rows[i].top;
    el.scrollTop = top;
    setScrollTop(el.scrollTop);
  }, [reveal, rows]);

  // Bring the lightbox's photo into view when it moves past the edge.
  useEffect(() => {
    const el = ref.current;
    if (focusIndex == null || !el) return;
    const row = rows.find((r) => r.type === 'tiles' && focusIndex >= r.start && focusIndex < r.start + r.count);
    if (!row) return;
    if (row.top < el.scrollTop) el.scrollTop = row.top - HEADER;
    else if (row.top + row.height > el.scrollTop + el.clientHeight) el.scrollTop = row.top + row.height - el.clientHeight;
  }, [focusIndex, rows]);

  return (
    <div ref={ref} className="vgrid" onScroll={onScroll} role="list" aria-label={label} data-rows={rows.length} data-cols={cols}>
      <div className="vgrid-space" style={{ height }}>
        {visible.map((r) =>
          r.type === 'header' ? (
            <div key={`h:${r.group.key}`} className="vgrid-header" style={{ top: r.top, height: r.height }} role="presentation">
              {renderHeader(r.group)}
            </div>
          ) : (
            <div key={`r:${r.start}`} className="vgrid-row" style={{ top: r.top, height: tile, gridTemplateColumns: `repeat(${cols}, ${tile}px)`, gridTemplateRows: `${tile}px`, gap: GAP }}>
              {Array.from({ length: r.count }, (_, k) => (
                <div key={r.start + k} role="listitem" className="vgrid-cell">{renderTile(itemAt(r.start + k), r.start + k, tile)}</div>
              ))}
            </div>
          ),
        )}
      </div>
    </div>
  );
}
