// The offline viewer of a USB package: opens from file:// in Chrome, Edge or 360 with no app and
// no network. Bundled by esbuild as ONE classic script (no modules, no fetch: Chromium refuses
// both from file://). Its data: the index viewer/data.js (window.KEJI_DATA) and chunks that are
// classic scripts too, added as <script> elements when a page needs them and calling
// KEJI_CHUNK(key, data) (types.ts). Every list and grid is windowed: only the rows near the
// screen exist in the page, so 20,000 photos cost what 50 do. Every text from the archive goes in
// through textContent, never as HTML.
import type {
  MediaChunk,
  SearchChunk,
  ViewerAward,
  ViewerIndex,
  ViewerMedia,
  ViewerWork,
  ViewerYear,
  WorksChunk,
  YearChunk,
} from './types';

declare global {
  interface Window {
    KEJI_DATA?: ViewerIndex;
    KEJI_CHUNK?: (key: string, data: unknown) => void;
  }
}

type Child = Node | string | null | undefined | false;

function h(
  tag: string,
  attrs: Record<string, string | number | boolean | ((e: Event) => void) | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'style')
      el.style.cssText = String(v); // through CSSOM: the CSP refuses style attributes
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** replaceChildren() is Chrome 86+; older 360 browsers run Chromium 78. */
function replace(el: HTMLElement, ...nodes: Node[]): void {
  el.textContent = '';
  el.append(...nodes);
}

const data: ViewerIndex | undefined = window.KEJI_DATA;
const main = () => document.getElementById('main')!;

// ---- chunks, loaded on demand ------------------------------------------------------------------
const chunks = new Map<string, unknown>(Object.entries(data?.chunks ?? {}));
const loading = new Map<string, Promise<unknown>>();
window.KEJI_CHUNK = (key, value) => {
  chunks.set(key, value);
};

function fileOf(key: string): string | null {
  if (!data) return null;
  if (key === 'works') return data.worksFile;
  if (key === 'search') return data.searchFile;
  const [kind, year, part] = key.split(':');
  const y = data.years.find((x) => x.key === year);
  if (!y) return null;
  return kind === 'y' ? y.file : (y.mediaFiles[Number(part)] ?? null);
}

function missing(file: string): void {
  if (document.getElementById('missing')) return;
  document.body.append(
    h(
      'p',
      { id: 'missing', class: 'error banner', role: 'alert' },
      `缺少数据文件 ${file}：请把整个文件夹一起复制，不要只复制 index.html。`,
    ),
  );
}

/** The chunk, from data.js or its own script file (added once, removed from the page after it ran). */
function load<T>(key: string): Promise<T> {
  if (chunks.has(key)) return Promise.resolve(chunks.get(key) as T);
  let p = loading.get(key);
  if (!p) {
    const file = fileOf(key);
    p = new Promise((resolve, reject) => {
      if (!file) {
        reject(new Error(key));
        return;
      }
      const s = document.createElement('script');
      s.src = file;
      s.onload = () => {
        s.remove();
        if (chunks.has(key)) resolve(chunks.get(key));
        else reject(new Error(file));
      };
      s.onerror = () => {
        s.remove();
        reject(new Error(file));
      };
      document.head.append(s);
    });
    p.catch(() => {
      loading.delete(key);
      missing(file ?? key);
    });
    loading.set(key, p);
  }
  return p as Promise<T>;
}
const got = <T>(key: string) => chunks.get(key) as T | undefined;

/** The 学年 whose slice of the gallery holds photo number n. */
function yearOfMedia(n: number): ViewerYear | undefined {
  const ys = data!.years;
  for (const y of ys) if (n >= y.mediaStart && n < y.mediaStart + y.media) return y;
  return undefined;
}
function mediaKey(n: number): string | null {
  const y = yearOfMedia(n);
  return y ? `m:${y.key}:${Math.floor((n - y.mediaStart) / data!.mediaPart)}` : null;
}
function mediaAt(n: number): ViewerMedia | undefined {
  const y = yearOfMedia(n);
  if (!y) return undefined;
  const c = got<MediaChunk>(`m:${y.key}:${Math.floor((n - y.mediaStart) / data!.mediaPart)}`);
  return c?.media[(n - y.mediaStart) % data!.mediaPart];
}
function loadMedia(ns: number[]): Promise<unknown> {
  const keys = new Set(ns.map(mediaKey).filter((k): k is string => !!k && !chunks.has(k)));
  return Promise.all([...keys].map((k) => load(k)));
}

// ---- windowed lists ----------------------------------------------------------------------------
// A list knows every row's height before it draws any: heights come from the index's counts, so
// the page is as tall as all rows from the start and the scrollbar means what it says. Only the
// rows within OVERSCAN px of the screen are in the page; a row whose chunk is not loaded yet draws
// a grey placeholder and asks for it, and is drawn again when it comes.
const OVERSCAN = 500;
interface Row {
  h: number;
  render(): HTMLElement;
}

class VList {
  readonly el: HTMLElement;
  private rows: Row[] = [];
  private tops: number[] = [0];
  private first = 0;
  private last = -1;
  private shown = new Map<number, HTMLElement>();
  private width = -1;
  /** table: the rows are <tr>s of `body`, between two spacers (a table cannot hold positioned rows). */
  constructor(
    private layout: (width: number) => Row[],
    private table?: { el: HTMLElement; body: HTMLElement; head: HTMLElement },
  ) {
    this.el = table ? table.el : h('div', { class: 'vlist' });
  }

  private measure(): void {
    const width = this.el.clientWidth;
    if (width === this.width) return;
    this.width = width;
    this.rows = this.layout(width);
    this.tops = [0];
    for (const r of this.rows) this.tops.push(this.tops[this.tops.length - 1] + r.h);
    this.clear();
  }

  private clear(): void {
    for (const el of this.shown.values()) el.remove();
    this.shown.clear();
    this.first = 0;
    this.last = -1;
  }

  /** Index of the row at y (px from the list's top). */
  private at(y: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tops[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  update(): void {
    if (!this.el.isConnected) return;
    this.measure();
    const total = this.tops[this.tops.length - 1];
    const headH = this.table ? this.table.head.offsetHeight : 0;
    const top = this.el.getBoundingClientRect().top + headH;
    const from = Math.max(0, -top - OVERSCAN);
    const to = Math.min(total, -top + window.innerHeight + OVERSCAN);
    let first = 0;
    let last = -1;
    if (this.rows.length && to > 0 && from < total) {
      first = this.at(from);
      last = this.at(Math.max(from, to - 0.5));
    }
    if (first === this.first && last === this.last) return;
    for (const [i, el] of this.shown)
      if (i < first || i > last) {
        el.remove();
        this.shown.delete(i);
      }
    this.first = first;
    this.last = last;
    if (this.table) {
      this.el.style.paddingTop = `${this.tops[first] ?? 0}px`;
      this.el.style.paddingBottom = `${total - (this.tops[last + 1] ?? 0)}px`;
    } else {
      this.el.style.height = `${total}px`;
    }
    this.draw(false);
  }

  /** Rows drawn again (a chunk arrived), or only the ones missing. */
  private draw(all: boolean): void {
    let before: HTMLElement | null = null;
    for (let i = this.last; i >= this.first; i--) {
      let el = this.shown.get(i);
      if (!el || (all && (el.classList.contains('placeholder') || el.querySelector('.placeholder')))) {
        const next = this.rows[i].render();
        if (!this.table) {
          next.classList.add('vrow');
          next.style.top = `${this.tops[i]}px`;
          next.style.height = `${this.rows[i].h}px`;
        }
        if (el) el.replaceWith(next);
        else (this.table ? this.table.body : this.el).insertBefore(next, before);
        el = next;
        this.shown.set(i, el);
      }
      before = el;
    }
  }

  refresh(): void {
    if (this.el.isConnected) this.draw(true);
  }
  relayout(): void {
    this.width = -1;
    this.update();
  }
}

let lists: VList[] = [];
function windowed(list: VList): HTMLElement {
  lists.push(list);
  return list.el;
}
let frame = 0;
const updateAll = () => {
  frame = 0;
  for (const l of lists) l.update();
};
window.addEventListener(
  'scroll',
  () => {
    if (!frame) frame = requestAnimationFrame(updateAll);
  },
  { passive: true },
);
let resizing = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = window.setTimeout(() => {
    for (const l of lists) l.relayout();
  }, 100);
});
/** After a chunk arrived: the placeholders on screen drawn again. */
const refreshAll = () => {
  for (const l of lists) l.refresh();
};
const whenLoaded = (p: Promise<unknown>) => {
  p.then(refreshAll, () => undefined);
};
const asked = new Set<string>();
/** A row needs this chunk: loaded once, then the placeholders drawn again. */
function need(key: string): void {
  if (chunks.has(key) || asked.has(key)) return;
  asked.add(key);
  whenLoaded(load(key).finally(() => asked.delete(key)));
}

// ---- tiles -------------------------------------------------------------------------------------
const TILE_MIN = 160;
const TILE_H = 124;
const GAP = 10;
const cols = (width: number) => Math.max(1, Math.floor((width + GAP) / (TILE_MIN + GAP)));

let box: { list: number[]; at: number } | null = null;
const openBox = (list: number[], n: number) => {
  box = { list, at: Math.max(0, list.indexOf(n)) };
  renderLightbox();
};

function tile(n: number, w: number, list: () => number[]): HTMLElement {
  const m = mediaAt(n);
  if (!m) {
    const k = mediaKey(n);
    if (k) need(k);
    return h('div', { class: 'tile placeholder', style: `width:${w}px`, 'aria-hidden': 'true' });
  }
  const style = `width:${w}px`;
  const title = m.caption || m.name;
  const open = () => openBox(list(), n);
  if (m.kind === 'document') {
    return h(
      'div',
      { class: 'tile doc', style },
      h(
        'a',
        { href: m.src, target: '_blank', rel: 'noopener', title: m.name },
        h('span', { class: 'icon' }, '📄'),
        h('span', { class: 'tile-name' }, m.name),
      ),
    );
  }
  if (m.kind === 'video') {
    // The poster frame the app drew (thumbs/…), when it had one, with the ▶ mark over it.
    const poster = m.thumb ? h('img', { src: m.thumb, alt: '', loading: 'lazy', decoding: 'async' }) : null;
    return h(
      'div',
      { class: poster ? 'tile video has-poster' : 'tile video', style },
      h(
        'button',
        { onclick: open, title },
        poster,
        h('span', { class: 'icon' }, '▶'),
        h('span', { class: 'tile-name' }, m.name),
      ),
    );
  }
  const img = h('img', { src: m.thumb ?? m.src, alt: title, loading: 'lazy', decoding: 'async' });
  if (m.rotation === 90 || m.rotation === 270) {
    // Turned a quarter: the picture's box is the tile's turned, so it covers the tile and never spills over.
    img.className = 'turned';
    img.style.width = `${TILE_H}px`;
    img.style.height = `${w}px`;
    img.style.transform = `translate(-50%, -50%) rotate(${m.rotation}deg)`;
  } else if (m.rotation) img.style.transform = `rotate(${m.rotation}deg)`;
  return h('div', { class: 'tile photo', style }, h('button', { onclick: open, title }, img));
}

/** Rows of tiles for photo numbers [from, from+count) or the given list. */
function tileRows(width: number, count: number, nth: (i: number) => number, list: () => number[]): Row[] {
  const c = cols(width);
  const w = Math.floor((width - GAP * (c - 1)) / c);
  const rows: Row[] = [];
  for (let r = 0; r * c < count; r++) {
    const start = r * c;
    rows.push({
      h: TILE_H + GAP,
      render: () => {
        const out: HTMLElement[] = [];
        for (let i = start; i < Math.min(count, start + c); i++) out.push(tile(nth(i), w, list));
        return h('div', { class: 'tiles' }, out);
      },
    });
  }
  return rows;
}

/** A windowed grid of the given photos (an activity's, a search's). */
function gallery(list: number[]): HTMLElement | null {
  if (!list.length) return null;
  whenLoaded(loadMedia(list.slice(0, 200)));
  const viewable = () => list.filter((n) => mediaAt(n)?.kind !== 'document');
  const el = windowed(new VList((w) => tileRows(w, list.length, (i) => list[i], viewable)));
  el.classList.add('gallery');
  return el;
}

// ---- lightbox ----------------------------------------------------------------------------------
function mediaView(m: ViewerMedia): HTMLElement {
  if (m.kind === 'video') return h('video', { class: 'lb-media', src: m.src, controls: true, preload: 'metadata' });
  if (m.kind === 'document')
    return h(
      'div',
      { class: 'lb-doc' },
      h('p', {}, m.name),
      h('a', { href: m.src, target: '_blank', rel: 'noopener' }, '打开文件'),
    );
  const img = h('img', { class: 'lb-media', src: m.src, alt: m.caption || m.name });
  if (m.rotation) img.style.transform = `rotate(${m.rotation}deg)`;
  return img;
}

function renderLightbox(): void {
  document.getElementById('lightbox')?.remove();
  if (!box || !data) return;
  const b = box;
  const n = b.list[b.at];
  const m = mediaAt(n);
  if (!m) {
    const k = mediaKey(n);
    if (k)
      load(k).then(
        () => {
          if (box === b && b.list[b.at] === n) renderLightbox();
        },
        () => undefined,
      );
  }
  const go = (d: number) => {
    if (box) {
      box.at = (box.at + d + box.list.length) % box.list.length;
      renderLightbox();
    }
  };
  const close = () => {
    box = null;
    renderLightbox();
  };
  const el = h(
    'div',
    {
      id: 'lightbox',
      class: 'lightbox',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-label': '查看照片',
      onclick: (e) => {
        if (e.target === e.currentTarget) close();
      },
    },
    h('button', { class: 'lb-close', 'aria-label': '关闭', onclick: close }, '×'),
    b.list.length > 1 && h('button', { class: 'lb-prev', 'aria-label': '上一张', onclick: () => go(-1) }, '‹'),
    h(
      'figure',
      { class: 'lb-figure' },
      m ? mediaView(m) : h('p', { class: 'lb-doc' }, '正在载入……'),
      h(
        'figcaption',
        {},
        `${m ? `${m.caption || m.name}${m.date ? ` · ${m.date}` : ''}` : ''}  （${b.at + 1} / ${b.list.length}）`,
      ),
    ),
    b.list.length > 1 && h('button', { class: 'lb-next', 'aria-label': '下一张', onclick: () => go(1) }, '›'),
  );
  document.body.append(el);
  (el.querySelector('.lb-close') as HTMLElement).focus();
}

document.addEventListener('keydown', (e) => {
  const b = box;
  if (!b) return;
  if (e.key === 'Escape') {
    box = null;
    renderLightbox();
  }
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    b.at = (b.at + (e.key === 'ArrowRight' ? 1 : -1) + b.list.length) % b.list.length;
    renderLightbox();
  }
});

// ---- pages -------------------------------------------------------------------------------------
const para = (label: string, text: string | null) =>
  text ? h('section', { class: 'text' }, h('h3', {}, label), h('p', {}, text)) : null;
const meta = (rows: [string, string | null | undefined][]) =>
  h(
    'dl',
    { class: 'meta' },
    rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]),
  );
const waitText = () => h('p', { class: 'muted loading-chunk' }, '正在载入……');
/** A page that needs a chunk first: drawn again (same address) when it has come. */
function after(key: string, page: () => HTMLElement): HTMLElement {
  if (chunks.has(key)) return page();
  const at = location.hash;
  load(key).then(
    () => {
      if (location.hash === at) route();
    },
    () => undefined,
  );
  return waitText();
}

const ROW_H = 40;
const YEAR_H = 64;
const TERM_H = 40;
const placeholderRow = () => h('div', { class: 'row placeholder', 'aria-hidden': 'true' }, h('span', {}));

function activityRow(
  year: string,
  a: { id: string; title: string; dateLabel: string; type: string; status?: string },
  photos = 0,
): HTMLElement {
  return h(
    'div',
    { class: 'row' },
    h(
      'a',
      { href: `#/a/${year}/${encodeURIComponent(a.id)}`, title: a.title },
      h('span', { class: 'date' }, a.dateLabel),
      h('span', { class: 'title' }, a.title),
      h('span', { class: 'chip' }, a.type),
      !!a.status && a.status !== '已完成' && h('span', { class: 'chip warn' }, a.status),
      photos > 0 && h('span', { class: 'muted' }, `${photos} 个照片/文件`),
    ),
  );
}

function activitiesPage(): HTMLElement {
  const years = data!.years.filter((y) => y.activities > 0);
  if (!years.length) return h('p', { class: 'muted' }, '没有活动记录。');
  return windowed(
    new VList(() => {
      const rows: Row[] = [];
      for (const y of years) {
        rows.push({ h: YEAR_H, render: () => h('div', { class: 'year' }, h('h2', {}, y.label)) });
        let k = 0;
        for (const [term, n] of y.terms) {
          rows.push({ h: TERM_H, render: () => h('div', { class: 'term' }, h('h3', {}, `${term}（${n}）`)) });
          for (let i = 0; i < n; i++) {
            const at = k++;
            rows.push({
              h: ROW_H,
              render: () => {
                const c = got<YearChunk>(`y:${y.key}`);
                if (c) return activityRow(y.key, c.activities[at], c.activities[at].media.length);
                need(`y:${y.key}`);
                // The first screen comes with data.js, drawn while the 学年's file loads.
                const f = data!.first;
                if (f && f.year === y.key && at < f.rows.length) {
                  const [id, title, dateLabel, type, status, photos] = f.rows[at];
                  return activityRow(y.key, { id, title, dateLabel, type, status }, photos);
                }
                return placeholderRow();
              },
            });
          }
        }
      }
      return rows;
    }),
  );
}

function activityPage(year: string, id: string): HTMLElement {
  return after(`y:${year}`, () => {
    const a = got<YearChunk>(`y:${year}`)?.activities.find((x) => x.id === id);
    if (!a) return h('p', {}, '找不到这项活动。');
    return h(
      'article',
      { class: 'detail' },
      h('a', { href: '#/', class: 'back' }, '← 返回活动列表'),
      h('h2', {}, a.title),
      meta([
        ['时间', a.dateLabel],
        ['类型', a.type],
        ['状态', a.status],
        ['地点', a.location],
        ['组织教师', a.teachers.join('、')],
        ['参与学生', a.participants.length ? `${a.participants.join('、')}（${a.participants.length} 人）` : null],
        ['参与人数', a.headCount],
        ['小组', a.group],
        ['标签', a.tags.join('、')],
        ['改期记录', a.reschedules.join('；')],
      ]),
      para('活动内容', a.content),
      para('活动记录', a.process),
      para('效果与反思', a.reflection),
      a.media.length ? h('section', {}, h('h3', {}, `照片与文件（${a.media.length}）`), gallery(a.media)) : null,
    );
  });
}

const monthLabel = (ym: string) => `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月`;

function galleryPage(): HTMLElement {
  const years = data!.years.filter((y) => y.media > 0);
  if (!years.length) return h('p', { class: 'muted' }, '没有照片。');
  // The lightbox walks the whole gallery, newest first (a file shows its name and 打开文件).
  let all: number[] | null = null;
  const list = () => (all ??= Array.from({ length: data!.counts.media }, (_, i) => i));
  const el = windowed(
    new VList((width) => {
      const rows: Row[] = [];
      for (const y of years) {
        rows.push({ h: YEAR_H, render: () => h('div', { class: 'year' }, h('h2', {}, y.label)) });
        let start = y.mediaStart;
        for (const [month, n] of y.months) {
          const from = start;
          rows.push({
            h: TERM_H,
            render: () => h('div', { class: 'month' }, h('h3', {}, `${monthLabel(month)}（${n}）`)),
          });
          rows.push(...tileRows(width, n, (i) => from + i, list));
          start += n;
        }
      }
      return rows;
    }),
  );
  el.classList.add('gallery');
  return el;
}

// Tables keep their columns (table-layout: fixed) and a fixed row height (two lines at most, the
// whole text in the cell's title), so a table of 4,000 awards is windowed like the lists.
const TR_H = 54;
const cell = (text: string, cls?: string) =>
  h('td', { class: cls }, h('div', { class: 'clamp', title: text || undefined }, text));

function vtable(columns: [string, string][], count: number, row: (i: number) => HTMLElement | null): HTMLElement {
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      columns.map(([c]) => h('th', {}, c)),
    ),
  );
  const body = h('tbody', {});
  const table = h(
    'table',
    { class: 'grid' },
    h(
      'colgroup',
      {},
      columns.map(([, w]) => h('col', { style: w ? `width:${w}` : undefined })),
    ),
    head,
    body,
  );
  const el = h('div', { class: 'vtable' }, table);
  return windowed(
    new VList(
      () =>
        Array.from({ length: count }, (_, i) => ({
          h: TR_H,
          render: () => {
            const tr = row(i);
            if (tr) return tr;
            return h('tr', { class: 'placeholder', 'aria-hidden': 'true' }, h('td', { colspan: columns.length }, ''));
          },
        })),
      { el, body, head },
    ),
  );
}

function worksTable(list: ViewerWork[]): HTMLElement {
  if (!list.length) return h('p', { class: 'muted' }, '没有作品。');
  return vtable(
    [
      ['作品名称', '26%'],
      ['类别', '12%'],
      ['作者', '20%'],
      ['指导教师', '16%'],
      ['最高获奖级别', '14%'],
      ['附件', '12%'],
    ],
    list.length,
    (i) => {
      const w = list[i];
      return h(
        'tr',
        {},
        h(
          'td',
          {},
          h('div', { class: 'clamp' }, h('a', { href: `#/w/${encodeURIComponent(w.id)}` }, `《${w.title}》`)),
        ),
        cell(w.category),
        cell(w.authors.join('、') || w.group || ''),
        cell(w.advisors.join('、')),
        cell(w.best ?? ''),
        cell(w.media.length ? String(w.media.length) : ''),
      );
    },
  );
}

function workPage(id: string): HTMLElement {
  return after('works', () => {
    const w = got<WorksChunk>('works')!.works.find((x) => x.id === id);
    if (!w) return h('p', {}, '找不到这件作品。');
    return h(
      'article',
      { class: 'detail' },
      h('a', { href: '#/works', class: 'back' }, '← 返回作品列表'),
      h('h2', {}, `《${w.title}》`),
      meta([
        ['类别', w.category],
        ['学科', w.subject],
        ['组别', w.stage],
        ['作者', w.authors.join('、')],
        ['小组', w.group],
        ['指导教师', w.advisors.join('、')],
      ]),
      para('简介', w.summary),
      w.awards.length
        ? h(
            'section',
            {},
            h('h3', {}, '获奖'),
            awardsTable(w.awards.length, (i) => w.awards[i]),
          )
        : null,
      w.media.length ? h('section', {}, h('h3', {}, '附件'), gallery(w.media)) : null,
    );
  });
}

function showCertificates(a: ViewerAward): void {
  loadMedia(a.media).then(
    () => {
      const list = a.media.filter((n) => mediaAt(n)?.kind !== 'document');
      if (list.length) {
        box = { list, at: 0 };
        renderLightbox();
      } else if (a.media.length) {
        const m = mediaAt(a.media[0]);
        if (m) window.open(m.src, '_blank', 'noopener');
      }
    },
    () => undefined,
  );
}

/** count awards, the i-th from `nth` (undefined: its 学年 is still loading). */
function awardsTable(count: number, nth: (i: number) => ViewerAward | undefined): HTMLElement {
  if (!count) return h('p', { class: 'muted' }, '没有获奖记录。');
  return vtable(
    [
      ['颁奖日期', '9.5em'],
      ['比赛', '20%'],
      ['级别', '5em'],
      ['等级', '5em'],
      ['获奖作品/人', '16%'],
      ['学生', '14%'],
      ['指导教师', '10%'],
      ['证书编号', '9%'],
      ['证书', '4em'],
    ],
    count,
    (i) => {
      const a = nth(i);
      if (!a) return null;
      return h(
        'tr',
        {},
        cell(a.dateLabel, 'nowrap'),
        cell(a.competition),
        cell(a.level, 'nowrap'),
        cell(a.grade, 'nowrap'),
        h(
          'td',
          {},
          h(
            'div',
            { class: 'clamp' },
            h('a', { href: `#/r/${a.year}/${encodeURIComponent(a.id)}`, title: a.recipient }, a.recipient),
          ),
        ),
        cell(a.students.join('、')),
        cell(a.advisors.join('、')),
        cell(a.certificateNo ?? ''),
        h('td', {}, a.media.length ? h('button', { class: 'link', onclick: () => showCertificates(a) }, '查看') : ''),
      );
    },
  );
}

function allAwardsPage(): HTMLElement {
  const years = data!.years.filter((y) => y.awards > 0);
  const starts: number[] = [];
  let n = 0;
  for (const y of years) {
    starts.push(n);
    n += y.awards;
  }
  const find = (i: number) => {
    let k = years.length - 1;
    while (k > 0 && starts[k] > i) k--;
    return k;
  };
  return awardsTable(n, (i) => {
    const k = find(i);
    const c = got<YearChunk>(`y:${years[k].key}`);
    if (!c) {
      need(`y:${years[k].key}`);
      return undefined;
    }
    return c.awards[i - starts[k]];
  });
}

function awardPage(year: string, id: string): HTMLElement {
  return after(`y:${year}`, () => {
    const a = got<YearChunk>(`y:${year}`)?.awards.find((x) => x.id === id);
    if (!a) return h('p', {}, '找不到这条获奖记录。');
    return h(
      'article',
      { class: 'detail' },
      h('a', { href: '#/awards', class: 'back' }, '← 返回获奖列表'),
      h('h2', {}, `${a.competition} ${a.level}${a.grade}`),
      meta([
        ['颁奖日期', a.dateLabel],
        ['比赛', a.competition],
        ['级别', a.level],
        ['等级', a.grade],
        ['类别', a.category],
        ['获奖作品/人', a.recipient],
        ['学生', a.students.join('、')],
        ['指导教师', a.advisors.join('、')],
        ['证书编号', a.certificateNo],
      ]),
      a.media.length ? h('section', {}, h('h3', {}, `证书（${a.media.length}）`), gallery(a.media)) : null,
    );
  });
}

// ---- search ------------------------------------------------------------------------------------
// Over the search chunk's one lower-cased text per record (loaded on the first search), every
// word typed must appear; at most LIMIT results of each kind, windowed like every list.
const LIMIT = 1000;

function searchPage(q: string): HTMLElement {
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return h('p', { class: 'muted' }, '请输入要查找的文字。');
  return after('search', () => {
    const idx = got<SearchChunk>('search')!;
    const hit = (text: string) => words.every((w) => text.indexOf(w) >= 0);
    const pick = <T extends unknown[]>(rows: T[]) => {
      const out: T[] = [];
      let total = 0;
      for (const r of rows)
        if (hit(r[r.length - 1] as string)) {
          total++;
          if (out.length < LIMIT) out.push(r);
        }
      return { out, total };
    };
    const acts = pick(idx.a);
    const works = pick(idx.w);
    const awards = pick(idx.r);
    const photos = pick(idx.m);
    const total = acts.total + works.total + awards.total + photos.total;
    const capped = [acts, works, awards, photos].some((x) => x.total > x.out.length);
    const list = photos.out.map((r) => r[0]);
    const viewable = () => list.filter((n) => mediaAt(n)?.kind !== 'document');
    const body = windowed(
      new VList((width) => {
        const rows: Row[] = [];
        const heading = (text: string) =>
          rows.push({ h: YEAR_H, render: () => h('div', { class: 'year' }, h('h2', {}, text)) });
        if (acts.out.length) {
          heading(`活动（${acts.total}）`);
          for (const [year, id, title, dateLabel, type] of acts.out)
            rows.push({ h: ROW_H, render: () => activityRow(year, { id, title, dateLabel, type }) });
        }
        if (works.out.length) {
          heading(`作品（${works.total}）`);
          for (const [id, title, category] of works.out) {
            rows.push({
              h: ROW_H,
              render: () =>
                h(
                  'div',
                  { class: 'row' },
                  h(
                    'a',
                    { href: `#/w/${encodeURIComponent(id)}`, title: `《${title}》` },
                    h('span', { class: 'title' }, `《${title}》`),
                    h('span', { class: 'chip' }, category),
                  ),
                ),
            });
          }
        }
        if (awards.out.length) {
          heading(`获奖（${awards.total}）`);
          for (const [year, id, dateLabel, competition, recipient, level] of awards.out) {
            rows.push({
              h: ROW_H,
              render: () =>
                h(
                  'div',
                  { class: 'row' },
                  h(
                    'a',
                    { href: `#/r/${year}/${encodeURIComponent(id)}`, title: `${competition} ${recipient}` },
                    h('span', { class: 'date' }, dateLabel),
                    h('span', { class: 'title' }, `${competition} · ${recipient}`),
                    h('span', { class: 'chip' }, level),
                  ),
                ),
            });
          }
        }
        if (list.length) {
          heading(`照片与文件（${photos.total}）`);
          rows.push(...tileRows(width, list.length, (i) => list[i], viewable));
        }
        return rows;
      }),
    );
    body.classList.add('gallery');
    return h(
      'div',
      { class: 'search-results' },
      h(
        'p',
        { class: 'muted' },
        total
          ? `“${q}”：找到 ${acts.total} 项活动、${works.total} 件作品、${awards.total} 条获奖记录、${photos.total} 个照片/文件。${capped ? `每类只列出前 ${LIMIT} 项，请再输入几个字缩小范围。` : ''}`
          : `没有找到“${q}”。`,
      ),
      body,
    );
  });
}

// ---- shell -------------------------------------------------------------------------------------
const TABS: [string, string][] = [
  ['#/', '活动'],
  ['#/gallery', '相册'],
  ['#/works', '作品'],
  ['#/awards', '获奖'],
];
/** Where each page was scrolled to, so 返回 comes back to the same place in a long list. */
const scrolled = new Map<string, number>();
let shownHash = '';

function route(): void {
  if (!data) return;
  const hash = location.hash || '#/';
  if (shownHash) scrolled.set(shownHash, window.scrollY);
  const [, page, arg = ''] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
  const [first, second] = arg.split('/').map((x) => decodeURIComponent(x));
  let body: HTMLElement;
  let tab = '#/';
  lists = [];
  switch (page) {
    case 'a':
      body = activityPage(first, second ?? '');
      break;
    case 'gallery':
      body = galleryPage();
      tab = '#/gallery';
      break;
    case 'works':
      body = after('works', () => worksTable(got<WorksChunk>('works')!.works));
      tab = '#/works';
      break;
    case 'w':
      body = workPage(first);
      tab = '#/works';
      break;
    case 'awards':
      body = allAwardsPage();
      tab = '#/awards';
      break;
    case 'r':
      body = awardPage(first, second ?? '');
      tab = '#/awards';
      break;
    case 'search':
      body = searchPage(decodeURIComponent(arg));
      tab = '';
      break;
    default:
      body = activitiesPage();
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.tabs a'))
    a.classList.toggle('active', a.getAttribute('href') === tab);
  replace(main(), body);
  const again = shownHash === hash;
  shownHash = hash;
  updateAll(); // the lists take their height first, so the page can scroll back to where it was
  if (!again) {
    window.scrollTo(0, scrolled.get(hash) ?? 0);
    updateAll();
  }
}

function start(): void {
  const root = document.getElementById('app')!;
  if (!data) {
    replace(
      root,
      h('p', { class: 'error' }, '缺少数据文件 viewer/data.js：请把整个文件夹一起复制，不要只复制 index.html。'),
    );
    return;
  }
  document.title = `${data.school} · 科技档案`;
  const search = h('input', {
    type: 'search',
    placeholder: '查找活动、作品、学生…',
    'aria-label': '查找',
  }) as HTMLInputElement;
  // Typing waits for a pause (and the first search loads the search index meanwhile).
  let typing = 0;
  search.addEventListener('input', () => {
    if (data.searchFile) load('search').catch(() => undefined);
    clearTimeout(typing);
    typing = window.setTimeout(() => {
      location.hash = search.value.trim() ? `#/search/${encodeURIComponent(search.value.trim())}` : '#/';
    }, 200);
  });
  const counts = data.counts;
  replace(
    root,
    h(
      'header',
      { class: 'top' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'mark' }, '科'),
        h(
          'div',
          {},
          h('h1', {}, `${data.school || '科技档案'}`),
          h(
            'p',
            { class: 'muted' },
            `科技档案（离线浏览） · ${data.scopeLabel} · 导出于 ${data.exportedAt}${data.maskedNames ? ' · 学生姓名已隐去' : ''}`,
          ),
        ),
      ),
      h(
        'nav',
        { class: 'tabs', 'aria-label': '栏目' },
        TABS.map(([href, label]) =>
          h(
            'a',
            { href },
            label,
            h(
              'span',
              { class: 'count' },
              String(
                href === '#/'
                  ? counts.activities
                  : href === '#/gallery'
                    ? counts.media
                    : href === '#/works'
                      ? counts.works
                      : counts.awards,
              ),
            ),
          ),
        ),
      ),
      search,
    ),
    h('main', { id: 'main' }),
  );
  window.addEventListener('hashchange', route);
  route();
}

start();
