// @vitest-environment happy-dom
// 总结导出 against the real core through an in-memory transport: the statistics of the period,
// a section edited and saved, a stale section regenerated only after the teacher confirms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { createAward } from '../../electron/core/awards';
import { createClient, type Transport } from '../../renderer/api/client';
import { SummaryPage } from '../../renderer/features/summary/SummaryPage';
import { useApp } from '../../renderer/stores/app';
import { useSummary } from '../../renderer/stores/summary';
import { buildXichang, type XichangIds } from '../fixtures/xichang';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let ids: XichangIds;
let container: HTMLElement;
let root: Root;
beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-rs-')), { create: true });
  ids = buildXichang(archive);
  const dispatch = createDispatcher(archive, { validateOutput: true });
  const transport: Transport = { invoke: (n, i) => dispatch(n, JSON.parse(JSON.stringify(i ?? {}))), on: () => () => {} };
  useApp.setState({ client: createClient(transport), page: 'summary', info: null, error: null });
  useSummary.setState({ spec: { kind: 'year', year: 2024 }, tab: 'stats', stats: null, draft: null, candidates: [], unsaved: {}, savedAt: {}, error: null });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => { act(() => root.unmount()); archive.close(); container.remove(); });

const flush = async () => { for (let i = 0; i < 8; i++) await act(async () => { await new Promise((r) => setTimeout(r, 10)); }); };
const click = async (el: Element | null | undefined) => { await act(async () => (el as HTMLElement).click()); await flush(); };
const tab = (name: string) => [...container.querySelectorAll('[role=tab]')].find((b) => b.textContent?.startsWith(name));
const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((b) => b.textContent === name);
const typeInto = async (el: HTMLTextAreaElement, text: string) => {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  await act(async () => { setter.call(el, text); el.dispatchEvent(new Event('input', { bubbles: true })); });
};

describe('总结导出 page', () => {
  it('shows the 学年 in numbers: cards and the 级别×等级 table with 项 and 人次', async () => {
    await act(async () => root.render(<SummaryPage />));
    await flush();
    expect(container.querySelector('.sum-doc-title')?.textContent).toBe('2024—2025学年科技活动工作总结');
    const card = [...container.querySelectorAll('.sum-card')].find((c) => c.textContent?.startsWith('获奖作品'))!;
    expect(card.querySelector('.sum-card-value')?.textContent).toBe('36项');
    const table = [...container.querySelectorAll('table.sum-table')].find((t) => t.querySelector('caption')?.textContent?.includes('级别×等级'))!;
    const row = [...table.querySelectorAll('tbody tr')].find((r) => r.querySelector('th')?.textContent === '国家级')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1', '1', '', '', '', '', '1', '1']);
    const teacher = [...container.querySelectorAll('tr')].find((r) => r.querySelector('th')?.textContent === '胡霞')!;
    expect([...teacher.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)).toEqual(['美术', '23', '25', '23']);
  });

  it('saves an edited section, flags it when the data change, and regenerates it only after confirming', async () => {
    await act(async () => root.render(<SummaryPage />));
    await flush();
    await click(tab('总结正文'));
    const sec = () => container.querySelector('[data-section="achievements"]')!;
    const area = sec().querySelector('textarea') as HTMLTextAreaElement;
    expect(area.value).toContain('本学年共有37位学生的36项作品在各级比赛中获奖');
    await typeInto(area, '本学年学生作品获奖36项。');
    expect(sec().querySelector('.chip')?.textContent).toBe('未保存');
    expect(tab('总结正文')?.textContent).toContain('●');
    await click(button(sec(), '保存此节'));
    expect(sec().querySelector('.chip')?.textContent).toBe('已修改');
    expect(archive.db.prepare("SELECT text FROM summary_sections WHERE period_key='year:2024-2025' AND section='achievements'").pluck().get()).toBe('本学年学生作品获奖36项。');

    createAward(archive, { recipientKind: 'work', workId: ids.works['去鱼鳞的手套'], level: '市级', grade: '一等奖', awardedOn: '2025-04-25' });
    await act(async () => { await useSummary.getState().load(); });
    await flush();
    expect(sec().querySelector('.chip')?.textContent).toBe('数据已更新');
    expect((sec().querySelector('textarea') as HTMLTextAreaElement).value).toBe('本学年学生作品获奖36项。');

    await click(button(sec(), '用新数据重新生成此节'));
    expect(sec().querySelector('[role=alertdialog]')?.textContent).toContain('确定用新数据生成的内容替换您改写的这一节吗');
    await click(button(sec(), '取消'));
    expect((sec().querySelector('textarea') as HTMLTextAreaElement).value).toBe('本学年学生作品获奖36项。');
    await click(button(sec(), '用新数据重新生成此节'));
    await click(button(sec(), '替换'));
    expect(sec().querySelector('.chip')?.textContent).toBe('自动生成');
    expect((sec().querySelector('textarea') as HTMLTextAreaElement).value).toContain('其中国家级1项、省级2项、市级9项、县级24项');
  });

  it('a failed save keeps the typed text and says why in Chinese', async () => {
    await act(async () => root.render(<SummaryPage />));
    await flush();
    await click(tab('总结正文'));
    const sec = container.querySelector('[data-section="problems"]')!;
    await typeInto(sec.querySelector('textarea') as HTMLTextAreaElement, 'x'.repeat(20001));
    await click(button(sec, '保存此节'));
    expect(container.querySelector('[role=alert]')?.textContent).toContain('内容太长');
    expect((sec.querySelector('textarea') as HTMLTextAreaElement).value).toHaveLength(20001);
    expect(sec.querySelector('.chip')?.textContent).toBe('未保存');
  });
});
