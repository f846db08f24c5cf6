// A windowed list (活动, 学生, 作品, 回收站): rows of known heights (fixed, or per row for
// headings) on the one shared virtualiser (VirtualRows, @tanstack/react-virtual), with its keyboard
// cursor: ↑↓ move between the rows that are items, Home/End, PageUp/PageDown, Enter opens.
// Short lists (up to `renderAllBelow` rows) are rendered whole: cheap, and the browser's own find works.
import { useCallback, useMemo, useState, useEffect, type CSSProperties, type ReactNode } from 'react';
import { VirtualRows } from './VirtualRows';

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
  /** Rows the keyboard cursor stops on (default: every row); headings are not. */
  isItem?(item: T, index: number): boolean;
  /** The rows in the DOM changed (a paged list asks for what they show). */
  onRange?(first: number, last: number): void;
  style?: CSSProperties;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const {
    items,
    itemHeight,
    renderItem,
    getKey,
    label,
    className,
    overscan = 6,
    renderAllBelow = 0,
    fallbackHeight = 600,
    scrollToIndex,
    scrollAlign = 'nearest',
    isItem,
    onRange,
    style,
  } = props;
  const rowHeight = useCallback(
    (i: number) => (typeof itemHeight === 'number' ? itemHeight : itemHeight(items[i], i)),
    [items, itemHeight],
  );
  const rowKey = useCallback((i: number) => getKey(items[i], i), [items, getKey]);
  // item k of the cursor ↔ row
  const { rowsOfItems, itemsOfRows } = useMemo(() => {
    const rowsOfItems: number[] = [];
    const itemsOfRows = new Map<number, number>();
    items.forEach((x, i) => {
      if (!isItem || isItem(x, i)) {
        itemsOfRows.set(i, rowsOfItems.length);
        rowsOfItems.push(i);
      }
    });
    return { rowsOfItems, itemsOfRows };
  }, [items, isItem]);
  const [seq, setSeq] = useState(0);
  useEffect(() => {
    if (scrollToIndex != null) setSeq((s) => s + 1);
  }, [scrollToIndex]);
  return (
    <VirtualRows
      className={`vl ${className ?? ''}`}
      label={label}
      count={items.length}
      rowHeight={rowHeight}
      rowKey={rowKey}
      renderRow={(i) => renderItem(items[i], i)}
      overscan={items.length <= renderAllBelow ? items.length : overscan}
      fallback={{ width: 1000, height: fallbackHeight }}
      style={style}
      itemCount={rowsOfItems.length}
      rowOfItem={(k) => rowsOfItems[k]}
      itemOfRow={(r) => itemsOfRows.get(r) ?? null}
      onRange={onRange}
      scrollTo={
        scrollToIndex != null && scrollToIndex >= 0
          ? { row: scrollToIndex, align: scrollAlign === 'center' ? 'center' : 'auto', seq }
          : null
      }
    />
  );
}
