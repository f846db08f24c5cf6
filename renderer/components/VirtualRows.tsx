// The one windowed view of the app (the 活动 list and the 相册 grid), on @tanstack/react-virtual:
// rows of known heights (headings, list rows, rows of tiles), only those in and near the viewport
// in the DOM, and a keyboard cursor over the items in them — ↑↓ (and ←→ in a grid) move it,
// PageUp/PageDown a screen, Home/End to the first and last, Enter opens. The cursor is real focus
// on the item's own element (`data-item={i}` on a button), so Enter and Space work as on any button
// and the focus ring shows where it is.
import { observeElementRect, useVirtualizer, type Rect } from '@tanstack/react-virtual';
import './vrows.css';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

export interface VirtualRowsProps {
  /** Rows: headings and items (or rows of items). */
  count: number;
  rowHeight(row: number): number;
  rowKey(row: number): string | number;
  renderRow(row: number): ReactNode;
  /** `role` of each row's wrapper: 'listitem' when the row is the item, else 'none' (its cells are). */
  rowRole?: 'listitem' | 'none';
  /** Accessible name of the list. */
  label: string;
  className?: string;
  /** Rows drawn beyond each edge of the viewport. */
  overscan?: number;
  /** Used until the scroller is measured (and in DOMs without layout). */
  fallback?: { width: number; height: number };
  /** Items the cursor moves over (tiles, activities), 0…itemCount-1, each in one row. */
  itemCount: number;
  rowOfItem(item: number): number;
  /** The item a row is (list rows: the row's own button is the item, no `data-item` needed). */
  itemOfRow?(row: number): number | null;
  /** Items per row: ↑↓ move by this many, ←→ by one. 1 for a list (←→ do nothing). */
  columns?: number;
  /** Enter on the list itself (not on an item's button): open the cursor's item. */
  onOpen?(item: number): void;
  /** The rows in the DOM changed (load what they show). */
  onRange?(first: number, last: number): void;
  /** Bring this row into view once per `seq`. */
  scrollTo?: { row: number; align: 'start' | 'center' | 'auto'; seq: number } | null;
  /** The scroller element (for the grid's width). */
  scrollerRef?: (el: HTMLDivElement | null) => void;
  onScroll?(): void;
  style?: CSSProperties;
}

export function VirtualRows(props: VirtualRowsProps) {
  const {
    count,
    rowHeight,
    rowKey,
    renderRow,
    rowRole = 'listitem',
    label,
    className,
    overscan = 4,
    fallback = { width: 1100, height: 640 },
    itemCount,
    rowOfItem,
    itemOfRow,
    columns = 1,
    onOpen,
    onRange,
    scrollTo,
    scrollerRef,
  } = props;
  const ref = useRef<HTMLDivElement | null>(null);
  const setRef = useCallback(
    (el: HTMLDivElement | null) => {
      ref.current = el;
      scrollerRef?.(el);
    },
    [scrollerRef],
  );
  const v = useVirtualizer({
    count,
    getScrollElement: () => ref.current,
    estimateSize: rowHeight,
    getItemKey: rowKey,
    overscan,
    initialRect: fallback,
    // A DOM that does not lay out (tests) measures 0: keep the fallback then.
    observeElementRect: (instance, cb) => observeElementRect(instance, (r: Rect) => cb(r.height > 0 ? r : fallback)),
  });
  // Heights depend on the caller's layout (columns, tile size): measure again when they change.
  useLayoutEffect(() => {
    v.measure();
  }, [v, rowHeight]);

  const rows = v.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? -1;
  useEffect(() => {
    if (last >= first) onRange?.(first, last);
  }, [first, last, onRange]);

  /** Scrolls row `row` into view ('auto': the least move; 'center': mid-list when out of view). Done
   * here rather than by the virtualiser so that a DOM without layout (tests) scrolls the same way. */
  const reveal = (row: number, align: 'start' | 'center' | 'auto', from = row) => {
    const el = ref.current;
    const end = v.measurementsCache[row];
    const begin = v.measurementsCache[from];
    if (!el || !end || !begin) return;
    const m = { start: begin.start, end: end.end, size: end.end - begin.start };
    const h = el.clientHeight || fallback.height;
    const top = el.scrollTop;
    const out = m.start < top || m.end > top + h;
    let to = top;
    if (align === 'start') to = m.start;
    else if (align === 'center') {
      if (out) to = m.start - (h - m.size) / 2;
    } else if (m.start < top) to = m.start;
    else if (m.end > top + h) to = m.end - h;
    to = Math.max(0, Math.min(v.getTotalSize() - h, to));
    if (to === top) return;
    el.scrollTop = to;
    el.dispatchEvent(new Event('scroll'));
  };
  const seen = useRef(0);
  useEffect(() => {
    if (!scrollTo || seen.current === scrollTo.seq || scrollTo.row < 0 || scrollTo.row >= count) return;
    seen.current = scrollTo.seq;
    reveal(scrollTo.row, scrollTo.align);
  }, [scrollTo, count, v]); // eslint-disable-line react-hooks/exhaustive-deps

  // ---- the keyboard cursor -------------------------------------------------------------
  const [cursor, setCursor] = useState<number | null>(null);
  const pendingFocus = useRef(false);
  const itemEl = (i: number) =>
    ref.current?.querySelector<HTMLElement>(`[data-item="${i}"]`) ??
    ref.current?.querySelector<HTMLElement>(`[data-row="${rowOfItem(i)}"] button`) ??
    null;
  /** Which item an element is, if it is one. */
  const itemOf = (el: HTMLElement): number | null => {
    if (el.dataset.item !== undefined) return Number(el.dataset.item);
    const row = el.tagName === 'BUTTON' ? el.closest<HTMLElement>('[data-row]') : null;
    return row && itemOfRow ? itemOfRow(Number(row.dataset.row)) : null;
  };
  useEffect(() => {
    if (!pendingFocus.current || cursor === null) return;
    const el = itemEl(cursor);
    if (el) {
      pendingFocus.current = false;
      el.focus({ preventScroll: true });
    }
  });
  const firstVisibleItem = (): number => {
    for (const r of v.getVirtualItems()) {
      if (r.end <= (v.scrollOffset ?? 0)) continue;
      const el = ref.current?.querySelector<HTMLElement>(
        `[data-row="${r.index}"] [data-item], [data-row="${r.index}"] button`,
      );
      const i = el ? itemOf(el) : null;
      if (i !== null) return i;
    }
    return 0;
  };
  const move = (to: number) => {
    if (!itemCount) return;
    const c = Math.max(0, Math.min(itemCount - 1, to));
    setCursor(c);
    pendingFocus.current = true;
    // with the heading above it, when it is the first item under one
    const row = rowOfItem(c);
    const heading = row > 0 && (c === 0 || rowOfItem(c - 1) < row - 1);
    reveal(row, 'auto', heading ? row - 1 : row);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    // Only from the list itself or one of its items (never from a field inside a row).
    const mine = itemOf(target);
    const onItem = mine !== null;
    if ((target !== ref.current && !onItem) || !itemCount) return;
    // (a cursor left past the end of a list that has since shrunk stands on its last item)
    const at = onItem ? mine : cursor === null ? null : Math.min(cursor, itemCount - 1);
    const here = at ?? firstVisibleItem();
    const page =
      Math.max(1, Math.floor((ref.current?.clientHeight || fallback.height) / rowHeight(rowOfItem(here)))) * columns;
    const go: Record<string, () => number> = {
      ArrowDown: () => (at === null ? here : here + columns),
      ArrowUp: () => (at === null ? here : here - columns),
      PageDown: () => here + page,
      PageUp: () => here - page,
      Home: () => 0,
      End: () => itemCount - 1,
      ...(columns > 1
        ? { ArrowRight: () => (at === null ? here : here + 1), ArrowLeft: () => (at === null ? here : here - 1) }
        : {}),
    };
    if (go[e.key]) {
      e.preventDefault();
      move(go[e.key]());
      return;
    }
    if (e.key === 'Enter' && !onItem && cursor !== null) {
      e.preventDefault();
      onOpen?.(cursor);
    }
  };
  const onFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    const i = itemOf(e.target as HTMLElement);
    if (i !== null) setCursor(i);
  };

  return (
    // Focusable so the keyboard reaches it (and axe's scrollable-region rule is met).
    <div
      ref={setRef}
      className={`vrows ${className ?? ''}`}
      tabIndex={0}
      role="region"
      aria-label={label}
      data-rows={count}
      style={{ overflowY: 'auto', position: 'relative', ...props.style }}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onScroll={props.onScroll}
    >
      <div role="list" aria-label={label} style={{ height: v.getTotalSize(), position: 'relative', width: '100%' }}>
        {rows.map((r) => (
          <div
            key={r.key}
            role={rowRole}
            data-row={r.index}
            className="vrows-row"
            {...(rowRole === 'listitem' ? { 'aria-setsize': count, 'aria-posinset': r.index + 1 } : {})}
            style={{ position: 'absolute', top: r.start, left: 0, right: 0, height: r.size }}
          >
            {renderRow(r.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
