// The gallery grid, windowed by the one shared virtualiser (components/VirtualRows, on
// @tanstack/react-virtual): group headings and rows of square tiles are laid out from the group
// counts alone (no item needs to be loaded to know where it goes), and only the rows in and near
// the viewport are in the DOM. Scrolling 20,000 photos keeps ~100 tiles on the page. The keyboard
// cursor moves over the tiles: ←→ one, ↑↓ a row, PageUp/PageDown, Home/End; Enter opens.
// Every tile is one square whatever the photo's shape (the photo is fitted with object-fit): the
// row track is fixed (gridTemplateRows), so a portrait thumbnail cannot grow its row over the next.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { VirtualRows } from '../../components/VirtualRows';
import type { MediaGroup, MediaItem } from '../../../shared/calls/media';

export const TILE = 168;
export const GAP = 8;
export const HEADER = 44;
/** Rows drawn beyond each edge of the viewport (about 600 px of tiles). */
const OVERSCAN = 3;

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
  let lo = 0,
    hi = rows.length;
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
  /** A tile; its focusable element carries `data-item={index}` (the keyboard cursor finds it so). */
  renderTile(item: MediaItem | undefined, index: number, size: number): ReactNode;
  label: string;
  /** Keeps this tile in view (the one the lightbox shows). */
  focusIndex?: number | null;
  /** Enter on the grid itself: open this tile. */
  onOpen?(index: number): void;
  /** Used until the container is measured (and in DOMs without layout). */
  fallback?: { width: number; height: number };
  /** Scrolls back to the top when this changes (a new filter). */
  resetKey?: string;
  /** Scrolls tile `index` to the top (with its heading) once per `seq`: the files just imported. */
  reveal?: { index: number; seq: number } | null;
}

/** Row holding tile `index` (rows sorted; tiles rows in index order). */
function rowOfTile(rows: readonly Row[], index: number): number {
  let lo = 0,
    hi = rows.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid];
    const start = r.type === 'tiles' ? r.start : -1;
    if (r.type === 'tiles' && index >= r.start && index < r.start + r.count) return mid;
    // a header sits before its group's first tiles row: compare with the next row's start
    const key =
      r.type === 'tiles'
        ? start
        : rows[mid + 1]?.type === 'tiles'
          ? (rows[mid + 1] as Extract<Row, { type: 'tiles' }>).start
          : Infinity;
    if (key <= index) {
      lo = mid + 1;
      found = mid;
    } else hi = mid - 1;
  }
  return found;
}

export function VirtualGrid({
  groups,
  itemAt,
  ensure,
  renderHeader,
  renderTile,
  label,
  focusIndex,
  onOpen,
  fallback = { width: 1100, height: 640 },
  resetKey,
  reveal,
}: Props) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const [size, setSize] = useState(fallback);

  useLayoutEffect(() => {
    ref.current = el;
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
  }, [el]);

  const cols = Math.max(1, Math.floor((size.width + GAP) / (TILE + GAP)));
  const tile = Math.floor((size.width - GAP * (cols - 1)) / cols);
  const { rows } = useMemo(() => layoutRows(groups, cols, tile), [groups, cols, tile]);
  const total = groups.reduce((s, g) => s + g.count, 0);

  const rowHeight = useCallback((i: number) => rows[i]?.height ?? 0, [rows]);
  const rowKey = useCallback(
    (i: number) => {
      const r = rows[i];
      return r.type === 'header' ? `h:${r.group.key}` : `r:${r.start}`;
    },
    [rows],
  );
  const onRange = useCallback(
    (first: number, last: number) => {
      let from = -1,
        to = -1;
      for (let i = first; i <= last; i++) {
        const r = rows[i];
        if (r?.type !== 'tiles') continue;
        if (from < 0) from = r.start;
        to = r.start + r.count - 1;
      }
      if (from >= 0) ensure(from, to);
    },
    [rows, ensure],
  );

  // One scroll request at a time: a new filter (top), the files just imported, the lightbox's photo.
  const [scrollTo, setScrollTo] = useState<{ row: number; align: 'start' | 'center' | 'auto'; seq: number } | null>(
    null,
  );
  const seq = useRef(0);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
  }, [resetKey]);
  const revealed = useRef(0);
  useEffect(() => {
    if (!reveal || revealed.current === reveal.seq) return;
    const i = rowOfTile(rows, reveal.index);
    if (i < 0) return;
    revealed.current = reveal.seq;
    // Its heading too, when the tile is on the group's first row.
    setScrollTo({ row: rows[i - 1]?.type === 'header' ? i - 1 : i, align: 'start', seq: ++seq.current });
  }, [reveal, rows]);
  useEffect(() => {
    if (focusIndex == null) return;
    const i = rowOfTile(rows, focusIndex);
    if (i >= 0) setScrollTo({ row: i, align: 'auto', seq: ++seq.current });
  }, [focusIndex, rows]);

  const renderRow = (i: number) => {
    const r = rows[i];
    if (r.type === 'header')
      return (
        <div className="vgrid-header" style={{ height: r.height }} role="presentation">
          {renderHeader(r.group)}
        </div>
      );
    return (
      <div
        className="vgrid-row"
        role="none"
        style={{
          height: tile,
          gridTemplateColumns: `repeat(${cols}, ${tile}px)`,
          gridTemplateRows: `${tile}px`,
          gap: GAP,
        }}
      >
        {Array.from({ length: r.count }, (_, k) => (
          <div key={r.start + k} role="listitem" className="vgrid-cell">
            {renderTile(itemAt(r.start + k), r.start + k, tile)}
          </div>
        ))}
      </div>
    );
  };

  return (
    <VirtualRows
      className="vgrid"
      label={label}
      count={rows.length}
      rowHeight={rowHeight}
      rowKey={rowKey}
      renderRow={renderRow}
      rowRole="none"
      overscan={OVERSCAN}
      fallback={fallback}
      itemCount={total}
      rowOfItem={(k) => rowOfTile(rows, k)}
      columns={cols}
      onOpen={onOpen}
      onRange={onRange}
      scrollTo={scrollTo}
      scrollerRef={setEl}
    />
  );
}
