// The offline viewer of a USB package: opens from file:// in Chrome, Edge or 360 with no app and
// no network. Bundled by esbuild as ONE classic script (no modules, no fetch: Chromium refuses
// both from file://); its data comes from viewer/data.js (window.KEJI_DATA). Every text from the
// archive goes in through textContent, never as HTML.
import type { ViewerActivity, ViewerAward, ViewerData, ViewerMedia, ViewerWork } from './types';

declare global {
  interface Window { KEJI_DATA?: ViewerData }
}

type Child = Node | string | null | undefined | false;

function h(tag: string, attrs: Record<string, string | number | boolean | ((e: Event) => void) | undefined> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class') el.className = String(v);
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

const data: ViewerData | undefined = window.KEJI_DATA;
const main = () => document.getElementById('main')!;

// ---- lightbox ----------------------------------------------------------------------------------
let box: { list: number[]; at: number } | null = null;

function mediaView(m: ViewerMedia): HTMLElement {
  if (m.kind === 'video') return h('video', { class: 'lb-media', src: m.src, controls: true, preload: 'metadata' });
  if (m.kind === 'document') return h('div', { class: 'lb-doc' }, h('p', {}, m.name), h('a', { href: m.src, target: '_blank', rel: 'noopener' }, '打开文件'));
  const img = h('img', { class: 'lb-media', src: m.src, alt: m.caption || m.name });
  if (m.rotation) img.style.transform = `rotate(${m.rotation}deg)`;
  return img;
}

function renderLightbox(): void {
  document.getElementById('lightbox')?.remove();
  if (!box || !data) return;
  const m = data.media[box.list[box.at]];
  const go = (d: number) => { if (box) { box.at = (box.at + d + box.list.length) % box.list.length; renderLightbox(); } };
  const close = () => { box = null; renderLightbox(); };
  const el = h('div', { id: 'lightbox', class: 'lightbox', role: 'dialog', 'aria-modal': 'true', 'aria-label': '查看照片', onclick: (e) => { if (e.target === e.currentTarget) close(); } },
    h('button', { class: 'lb-close', 'aria-label': '关闭', onclick: close }, '×'),
    box.list.length > 1 && h('button', { class: 'lb-prev', 'aria-label': '上一张', onclick: () => go(-1) }, '‹'),
    h('figure', { class: 'lb-figure' }, mediaView(m),
      h('figcaption', {}, `${m.caption || m.name}${m.date ? ` · ${m.date}` : ''}  （${box.at + 1} / ${box.list.length}）`)),
    box.list.length > 1 && h('button', { class: 'lb-next', 'aria-label': '下一张', onclick: () => go(1) }, '›'));
  document.body.append(el);
  (el.querySelector('.lb-close') as HTMLElement).focus();
}

document.addEventListener('keydown', (e) => {
  const b = box;
  if (!b) return;
  if (e.key === 'Escape') { box = null; renderLightbox(); }
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') { b.at = (b.at + (e.key === 'ArrowRight' ? 1 : -1) + b.list.length) % b.list.length; renderLightbox(); }
});

function gallery(list: number[]): HTMLElement | null {
  if (!data || !list.length) return null;
  const viewable = list.filter((i) => data.media[i].kind !== 'document');
  return h('ul', { class: 'gallery' }, list.map((i) => {
    const m = data.media[i];
    const open = () => { box = { list: viewable, at: Math.max(0, viewable.indexOf(i)) }; renderLightbox(); };
    if (m.kind === 'document') return h('li', { class: 'tile doc' }, h('a', { href: m.src, target: '_blank', rel: 'noopener', title: m.name }, h('span', { class: 'icon' }, '📄'), h('span', { class: 'tile-name' }, m.name)));
    if (m.kind === 'video') {
      // The poster frame the app drew (thumbs/…), when it had one, with the ▶ mark over it.
      const poster = m.thumb ? h('img', { src: m.thumb, alt: '', loading: 'lazy', decoding: 'async' }) : null;
      return h('li', { class: poster ? 'tile video has-poster' : 'tile video' },
        h('button', { onclick: open, title: m.caption || m.name }, poster, h('span', { class: 'icon' }, '▶'), h('span', { class: 'tile-name' }, m.name)));
    }
    const img = h('img', { src: m.thumb ?? m.src, alt: m.caption || m.name, loading: 'lazy', decoding: 'async' });
    if (m.rotation) img.style.transform = `rotate(${m.rotation}deg)`;
    return h('li', { class: 'tile photo' }, h('button', { onclick: open, title: m.caption || m.name }, img));
  }));
}

// ---- pages -------------------------------------------------------------------------------------
const para = (label: string, text: string | null) => text ? h('section', { class: 'text' }, h('h3', {}, label), h('p', {}, text)) : null;
const meta = (rows: [string, string | null | undefined][]) =>
  h('dl', { class: 'meta' }, rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));

function activityRow(a: ViewerActivity): HTMLElement {
  return h('li', { class: 'row' }, h('a', { href: `#/a/${a.id}` },
    h('span', { class: 'date' }, a.dateLabel), h('span', { class: 'title' }, a.title),
    h('span', { class: 'chip' }, a.type), a.status !== '已完成' && h('span', { class: 'chip warn' }, a.status),
    a.media.length > 0 && h('span', { class: 'muted' }, `${a.media.length} 个照片/文件`)));
}

function activitiesPage(list = data!.activities): HTMLElement {
  const years = new Map<string, Map<string, ViewerActivity[]>>();
  for (const a of [...list].sort((x, y) => y.startDate.localeCompare(x.startDate))) {
    const terms = years.get(a.schoolYear) ?? years.set(a.schoolYear, new Map()).get(a.schoolYear)!;
    (terms.get(a.term) ?? terms.set(a.term, []).get(a.term)!).push(a);
  }
  if (!years.size) return h('p', { class: 'muted' }, '没有活动记录。');
  return h('div', {}, [...years].map(([year, terms]) => h('section', { class: 'year' }, h('h2', {}, year),
    [...terms].map(([term, items]) => h('div', { class: 'term' }, h('h3', {}, `${term}（${items.length}）`), h('ul', { class: 'rows' }, items.map(activityRow)))))));
}

function activityPage(id: string): HTMLElement {
  const a = data!.activities.find((x) => x.id === id);
  if (!a) return h('p', {}, '找不到这项活动。');
  return h('article', { class: 'detail' },
    h('a', { href: '#/', class: 'back' }, '← 返回活动列表'),
    h('h2', {}, a.title),
    meta([['时间', a.dateLabel], ['类型', a.type], ['状态', a.status], ['地点', a.location], ['组织教师', a.teachers.join('、')],
      ['参与学生', a.participants.length ? `${a.participants.join('、')}（${a.participants.length} 人）` : null], ['参与人数', a.headCount],
      ['小组', a.group], ['标签', a.tags.join('、')], ['改期记录', a.reschedules.join('；')]]),
    para('活动内容', a.content), para('活动记录', a.process), para('效果与反思', a.reflection),
    a.media.length ? h('section', {}, h('h3', {}, `照片与文件（${a.media.length}）`), gallery(a.media)) : null);
}

function galleryPage(): HTMLElement {
  const seen = new Set<number>();
  const groups = [...data!.activities].sort((x, y) => y.startDate.localeCompare(x.startDate)).filter((a) => a.media.length)
    .map((a) => { a.media.forEach((i) => seen.add(i)); return h('section', { class: 'gallery-group' }, h('h3', {}, h('a', { href: `#/a/${a.id}` }, `${a.dateLabel} ${a.title}`)), gallery(a.media)); });
  const rest = data!.media.map((_, i) => i).filter((i) => !seen.has(i));
  if (rest.length) groups.push(h('section', { class: 'gallery-group' }, h('h3', {}, '其他照片与文件'), gallery(rest)));
  return h('div', {}, groups.length ? groups : h('p', { class: 'muted' }, '没有照片。'));
}

function worksTable(list: ViewerWork[]): HTMLElement {
  if (!list.length) return h('p', { class: 'muted' }, '没有作品。');
  return h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['作品名称', '类别', '作者', '指导教师', '最高获奖级别', '附件'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((w) => h('tr', {},
      h('td', {}, h('a', { href: `#/w/${w.id}` }, `《${w.title}》`)), h('td', {}, w.category),
      h('td', {}, w.authors.join('、') || w.group || ''), h('td', {}, w.advisors.join('、')), h('td', {}, w.best ?? ''),
      h('td', {}, w.media.length ? String(w.media.length) : '')))));
}

function workPage(id: string): HTMLElement {
  const w = data!.works.find((x) => x.id === id);
  if (!w) return h('p', {}, '找不到这件作品。');
  const awards = data!.awards.filter((a) => a.recipient === `《${w.title}》`);
  return h('article', { class: 'detail' }, h('a', { href: '#/works', class: 'back' }, '← 返回作品列表'), h('h2', {}, `《${w.title}》`),
    meta([['类别', w.category], ['学科', w.subject], ['组别', w.stage], ['作者', w.authors.join('、')], ['小组', w.group], ['指导教师', w.advisors.join('、')]]),
    para('简介', w.summary), awards.length ? h('section', {}, h('h3', {}, '获奖'), awardsTable(awards)) : null,
    w.media.length ? h('section', {}, h('h3', {}, '附件'), gallery(w.media)) : null);
}

function awardsTable(list: ViewerAward[]): HTMLElement {
  if (!list.length) return h('p', { class: 'muted' }, '没有获奖记录。');
  return h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['颁奖日期', '比赛', '级别', '等级', '获奖作品/人', '学生', '指导教师', '证书编号', '证书'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((a) => h('tr', {},
      h('td', { class: 'nowrap' }, a.dateLabel), h('td', {}, a.competition), h('td', { class: 'nowrap' }, a.level), h('td', { class: 'nowrap' }, a.grade),
      h('td', {}, a.recipient), h('td', {}, a.students.join('、')), h('td', {}, a.advisors.join('、')), h('td', {}, a.certificateNo ?? ''),
      h('td', {}, a.media.length ? h('button', { class: 'link', onclick: () => { box = { list: a.media.filter((i) => data!.media[i].kind !== 'document'), at: 0 }; if (box.list.length) renderLightbox(); else box = null; } }, '查看') : '')))));
}

function searchPage(q: string): HTMLElement {
  const needle = q.trim().toLowerCase();
  if (!needle) return h('p', { class: 'muted' }, '请输入要查找的文字。');
  const has = (...xs: (string | null | undefined | string[])[]) => xs.flat().some((x) => x && x.toLowerCase().includes(needle));
  const acts = data!.activities.filter((a) => has(a.title, a.type, a.location, a.content, a.process, a.reflection, a.teachers, a.participants, a.tags, a.group));
  const works = data!.works.filter((w) => has(w.title, w.category, w.subject, w.authors, w.advisors, w.summary, w.group));
  const awards = data!.awards.filter((a) => has(a.competition, a.recipient, a.students, a.advisors, a.level, a.grade, a.category, a.certificateNo));
  const photos = data!.media.map((_, i) => i).filter((i) => has(data!.media[i].caption, data!.media[i].name));
  const total = acts.length + works.length + awards.length + photos.length;
  return h('div', { class: 'search-results' },
    h('p', { class: 'muted' }, total ? `“${q}”：找到 ${acts.length} 项活动、${works.length} 件作品、${awards.length} 条获奖记录、${photos.length} 个照片/文件。` : `没有找到“${q}”。`),
    acts.length ? h('section', {}, h('h2', {}, '活动'), h('ul', { class: 'rows' }, acts.map(activityRow))) : null,
    works.length ? h('section', {}, h('h2', {}, '作品'), worksTable(works)) : null,
    awards.length ? h('section', {}, h('h2', {}, '获奖'), awardsTable(awards)) : null,
    photos.length ? h('section', {}, h('h2', {}, '照片与文件'), gallery(photos)) : null);
}

// ---- shell -------------------------------------------------------------------------------------
const TABS: [string, string][] = [['#/', '活动'], ['#/gallery', '相册'], ['#/works', '作品'], ['#/awards', '获奖']];

function route(): void {
  if (!data) return;
  const hash = location.hash || '#/';
  const [, page, arg] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
  let body: HTMLElement;
  let tab = '#/';
  switch (page) {
    case 'a': body = activityPage(decodeURIComponent(arg)); break;
    case 'gallery': body = galleryPage(); tab = '#/gallery'; break;
    case 'works': body = worksTable(data.works); tab = '#/works'; break;
    case 'w': body = workPage(decodeURIComponent(arg)); tab = '#/works'; break;
    case 'awards': body = awardsTable(data.awards); tab = '#/awards'; break;
    case 'search': body = searchPage(decodeURIComponent(arg)); tab = ''; break;
    default: body = activitiesPage();
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.tabs a')) a.classList.toggle('active', a.getAttribute('href') === tab);
  replace(main(), body);
  window.scrollTo(0, 0);
}

function start(): void {
  const root = document.getElementById('app')!;
  if (!data) {
    replace(root, h('p', { class: 'error' }, '缺少数据文件 viewer/data.js：请把整个文件夹一起复制，不要只复制 index.html。'));
    return;
  }
  document.title = `${data.school} · 科技档案`;
  const search = h('input', { type: 'search', placeholder: '查找活动、作品、学生…', 'aria-label': '查找' }) as HTMLInputElement;
  search.addEventListener('input', () => { location.hash = search.value.trim() ? `#/search/${encodeURIComponent(search.value.trim())}` : '#/'; });
  replace(root,
    h('header', { class: 'top' },
      h('div', { class: 'brand' }, h('span', { class: 'mark' }, '科'), h('div', {}, h('h1', {}, `${data.school || '科技档案'}`),
        h('p', { class: 'muted' }, `科技档案（离线浏览） · ${data.scopeLabel} · 导出于 ${data.exportedAt}${data.maskedNames ? ' · 学生姓名已隐去' : ''}`))),
      h('nav', { class: 'tabs', 'aria-label': '栏目' }, TABS.map(([href, label]) => h('a', { href }, label,
        h('span', { class: 'count' }, String(href === '#/' ? data.activities.length : href === '#/gallery' ? data.media.length : href === '#/works' ? data.works.length : data.awards.length))))),
      search),
    h('main', { id: 'main' }));
  window.addEventListener('hashchange', route);
  route();
}

start();
