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
import { ReportSettingsForm } from '../../renderer/features/summary/ReportSettingsForm';
import { getDraft } from '../../electron/core/report/drafts';
import { useApp } from '../../renderer/stores/app';
import { useSummary } from '../../renderer/stores/summary';
import JSZip from 'jszip';
import { exportReport, exportRequestFromQuery } from '../../electron/core/report/exports';
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
  useSummary.setState({ spec: { kind: 'year', year: 2024 }, tab: 'stats', stats: null, draft: null, candidates: [], unsaved: {}, saving: {}, failed: {}, savedAt: {}, error: null });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => { act(() => root.unmount()); archive.close(); container.remove(); });

const flush = async () => { for (let i = 0; i < 8; i++) await act(async () => { await new Promise((r) => setTimeout(r, 10)); }); };
/** Waits (without a deadline of its own: the test's timeout is the limit) until `f` holds. */
const until = async (f: () => boolean) => { while (!f()) await flush(); };
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
    expect(area.value).toContain('本学年，共有37位学生的36项作品在各级比赛中获奖');
    await typeInto(area, '本学年学生作品获奖36项。');
    expect(sec().querySelector('.chip')?.textContent).toBe('正在保存…');
    expect(tab('总结正文')?.textContent).toContain('●');
    // No button to press: the section saves itself after the last keystroke.
    await until(() => sec().querySelector('.chip')?.textContent === '已修改');
    expect(sec().querySelector('.sum-saved')?.textContent).toBe('已保存');
    expect(tab('总结正文')?.textContent).not.toContain('●');
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
    await until(() => !!container.querySelector('[role=alert]'));
    expect(container.querySelector('[role=alert]')?.textContent).toContain('内容太长');
    expect((sec.querySelector('textarea') as HTMLTextAreaElement).value).toHaveLength(20001);
    expect(sec.querySelector('.chip')?.textContent).toBe('未保存');
    expect(button(sec, '重新保存')).toBeTruthy();
    // Leaving the page now asks; saying no stays.
    const confirm = window.confirm;
    const asked: string[] = [];
    window.confirm = (q?: string) => { asked.push(q ?? ''); return false; };
    try {
      await act(async () => useApp.getState().go('activities'));
      expect(asked[0]).toContain('没能保存');
      expect(useApp.getState().page).toBe('summary');
    } finally { window.confirm = confirm; }
  });

  it('an edit typed and exported at once, without any save button, is in the Word file', async () => {
    const fetched: Buffer[] = [];
    const realFetch = globalThis.fetch;
    const created = URL.createObjectURL;
    // The host's download route, answered by the real core.
    globalThis.fetch = (async (url: string) => {
      const r = exportRequestFromQuery(new URL(String(url), 'http://x').searchParams);
      const file = await exportReport(archive, r.data!);
      fetched.push(file.bytes);
      return new Response(new Uint8Array(file.bytes), { headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}` } });
    }) as typeof fetch;
    URL.createObjectURL = () => 'blob:x';
    try {
      await act(async () => root.render(<SummaryPage />));
      await flush();
      await click(tab('总结正文'));
      const sec = container.querySelector('[data-section="organization"]')!;
      await typeInto(sec.querySelector('textarea') as HTMLTextAreaElement, '学校成立了以校长为组长的科技教育领导小组，刘老师任副组长。');
      expect(sec.querySelector('.chip')?.textContent).toBe('正在保存…'); // not saved yet when the teacher leaves the tab
      await act(async () => (tab('导出') as HTMLElement).click());
      await act(async () => button(container, 'Word 文档（.docx）')!.click());
      await until(() => fetched.length === 1 && !!container.querySelector('.sum-export .banner'));
      expect(container.querySelector('.sum-export .banner')?.textContent).toContain('已生成');
      const xml = await (await JSZip.loadAsync(fetched[0])).file('word/document.xml')!.async('string');
      expect(xml.replace(/<[^>]+>/g, '')).toContain('学校成立了以校长为组长的科技教育领导小组，刘老师任副组长。');
    } finally {
      globalThis.fetch = realFetch;
      URL.createObjectURL = created;
    }
  });

  it('设置 → 工作总结用的信息: the 领导小组 and the 学年 enrolment typed there are written into the draft', async () => {
    // The 学年 offered are those the archive has records in (and the current one).
    useApp.setState({ info: { schoolYears: [2024] } as unknown as ReturnType<typeof useApp.getState>['info'] });
    await act(async () => root.render(<ReportSettingsForm />));
    await flush();
    const input = (name: string) => container.querySelector(`input[name="${name}"]`) as HTMLInputElement;
    const fill = async (el: HTMLInputElement, text: string) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      await act(async () => { setter.call(el, text); el.dispatchEvent(new Event('input', { bubbles: true })); });
    };
    await fill(input('principal'), '刘建军');
    await fill(input('deputy'), '陈海燕');
    await fill(input('members'), '胡霞、吴杰');
    expect(input('enrolment-2024')).toBeTruthy();
    await fill(input('enrolment-2024'), '1260');
    await click(button(container, '保存'));
    expect(container.querySelector('.saved-note')?.textContent).toBe('已保存');
    const text = getDraft(archive, '2024-2025').sections.map((x) => x.text).join('\n');
    expect(text).toContain('学校成立了以校长刘建军为组长、分管副校长陈海燕为副组长，科技辅导员胡霞、吴杰等为成员的科技教育工作领导小组');
    expect(text).toContain('约占在校学生1260人的');
    await fill(input('enrolment-2024'), '12x');
    await click(button(container, '保存'));
    expect(container.querySelector('[role=alert]')?.textContent).toBe('在校学生人数请填写整数');
  });
});
