// The one tab bar (成员, 作品与获奖, 相册, 总结导出, 备份与合并): WAI-ARIA tabs with a roving focus —
// ←/→ move to the next tab and open it, Home/End to the first and last — so every page's tabs
// work the same from the keyboard. Each page keeps its own look through `className`.
import type { KeyboardEvent, ReactNode } from 'react';

export function Tabs<K extends string>(props: {
  /** What the tab list is called (read by screen readers): usually the page's title. */
  label: string;
  tabs: readonly K[];
  current: NoInfer<K>;
  onChange(k: NoInfer<K>): void;
  /** Ids are `${idPrefix}tab-${k}` and `${idPrefix}panel-${k}` (TabPanel uses the same). */
  idPrefix?: string;
  className?: string;
  /** False when the page shows the tab's content without a TabPanel (no aria-controls then). */
  panels?: boolean;
  /** Each tab's class: the page's own active look (the selected tab is also aria-selected). */
  tabClass?: (selected: boolean) => string | undefined;
  children(k: NoInfer<K>): ReactNode;
}) {
  const { tabs, current, onChange, idPrefix = '' } = props;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.indexOf(current);
    const next =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i + tabs.length - 1) % tabs.length]
          : e.key === 'Home'
            ? tabs[0]
            : e.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    onChange(next);
    e.currentTarget.querySelector<HTMLElement>(`#${CSS.escape(`${idPrefix}tab-${next}`)}`)?.focus();
  };
  return (
    <div role="tablist" className={props.className} aria-label={props.label} onKeyDown={onKeyDown}>
      {tabs.map((k) => (
        <button
          key={k}
          type="button"
          role="tab"
          id={`${idPrefix}tab-${k}`}
          aria-selected={current === k}
          aria-controls={props.panels === false ? undefined : `${idPrefix}panel-${k}`}
          tabIndex={current === k ? 0 : -1}
          className={props.tabClass?.(current === k)}
          onClick={() => onChange(k)}
        >
          {props.children(k)}
        </button>
      ))}
    </div>
  );
}

/** The panel of the tab shown. */
export function TabPanel(props: { idPrefix?: string; current: string; className?: string; children: ReactNode }) {
  const p = props.idPrefix ?? '';
  return (
    <div
      role="tabpanel"
      id={`${p}panel-${props.current}`}
      aria-labelledby={`${p}tab-${props.current}`}
      className={props.className}
    >
      {props.children}
    </div>
  );
}
