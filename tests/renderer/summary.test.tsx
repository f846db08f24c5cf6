// @vitest-environment happy-dom
// 总结导出 against the real core through an in-memory transport: the statistics of the period,
// a section edited and saved, a stale section regenerated only after the teacher confirms.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createAward } from '../../electron/core/awards/queries';
import { SummaryPage } from '../../renderer/features/summary/SummaryPage';
import { ReportSettingsForm } from '../../renderer/features/summary/ReportSettingsForm';
import { getDraft } from '../../electron/core/report/drafts';
import { useApp } from '../../renderer/stores/app';
import { useSummary } from '../../renderer/stores/summary';
import JSZip from 'jszip';
import { exportReport, exportRequestFromQuery } from '../../electron/core/report/exports';
import { buildXichang, type XichangIds } from '../fixtures/xichang';
import { act, screen, show, startCore, userEvent, waitFor } from './kit';

let archive: Archive;
let ids: XichangIds;
beforeEach(() => {
  const core = startCore({ prefix: 'keji-rs-' });
  archive = core.archive;
  ids = buildXichang(archive);
  useApp.setState({ client: core.client, page: 'summary', info: null, error: null });
  useSummary.setState({
    spec: { kind: 'year', year: 2024 },
    tab: 'stats',
    stats: null,
    draft: null,
    candidates: [],
    unsaved: {},
    saving: {},
    failed: {},
    savedAt: {},
    error: null,
  });
});
afterEach(() => archive.close());

const container = document.body;
const tab = (name: string) => screen.getAllByRole('tab').find((b) => b.textContent?.startsWith(name))!;
const button = (scope: Element, name: string) =>
  [...scope.querySelectorAll('button')].find((b) => b.textContent === name)!;
/** Replaces a field's text in one input, as an input method or a paste does. */
const typeInto = async (user: ReturnType<typeof userEvent.setup>, el: Element, text: string) => {
  await user.clear(el);
  await user.paste(text);
};
/** Shows the page and opens 总结正文 once the draft is there. */
async function openText() {
  const r = show(<SummaryPage />);
  await screen.findByText('2024—2025学年科技活动工作总结');
  await r.user.click(tab('总结正文'));
  await waitFor(() => expect(container.querySelector('[data-section="achievements"] textarea')).not.toBeNull());
  return r;
}

describe('总结导出 page', () => {
  it('shows the 学年 in numbers: cards and the 级别×等级 table with 项 and 人次', async () => {
    show(<SummaryPage />);
    await waitFor(() =>
      expect(container.querySelector('.sum-doc-title')?.textContent).toBe('2024—2025学年科技活动工作总结'),
    );
    await waitFor(() => expect(container.querySelector('table.sum-table')).not.toBeNull());
    const card = [...container.querySelectorAll('.sum-card')].find((c) => c.textContent?.startsWith('获奖作品'))!;
    expect(card.querySelector('.sum-card-value')?.textContent).toBe('36项');
    const table = [...container.querySelectorAll('table.sum-table')].find((t) =>
      t.querySelector('caption')?.textContent?.includes('级别×等级'),
    )!;
    const row = [...table.querySelectorAll('tbody tr')].find((r) => r.querySelector('th')?.textContent === '国家级')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1', '1', '', '', '', '', '1', '1']);
    const teacher = [...container.querySelectorAll('tr')].find((r) => r.querySelector('th')?.textContent === '胡霞')!;
    expect([...teacher.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)).toEqual([
      '美术',
      '23',
      '25',
      '23',
    ]);
  });

  it('saves an edited section, flags it when the data change, and regenerates it only after confirming', async () => {
    const { user } = await openText();
    const sec = () => container.querySelector('[data-section="achievements"]')!;
    const area = sec().querySelector('textarea') as HTMLTextAreaElement;
    expect(area.value).toContain('本学年，共有37位学生的36项作品在各级比赛中获奖');
    await typeInto(user, area, '本学年学生作品获奖36项。');
    expect(sec().querySelector('.chip')?.textContent).toBe('正在保存…');
    expect(tab('总结正文')?.textContent).toContain('●');
    // No button to press: the section saves itself after the last keystroke.
    await waitFor(() => expect(sec().querySelector('.chip')?.textContent).toBe('已修改'));
    expect(sec().querySelector('.sum-saved')?.textContent).toBe('已保存');
    expect(tab('总结正文')?.textContent).not.toContain('●');
    expect(
      archive.db
        .prepare("SELECT text FROM summary_sections WHERE period_key='year:2024-2025' AND section='achievements'")
        .pluck()
        .get(),
    ).toBe('本学年学生作品获奖36项。');

    createAward(archive, {
      recipientKind: 'work',
      workId: ids.works['去鱼鳞的手套'],
      level: '市级',
      grade: '一等奖',
      awardedOn: '2025-04-25',
    });
    await act(async () => {
      await useSummary.getState().load();
    });
    await waitFor(() => expect(sec().querySelector('.chip')?.textContent).toBe('数据已更新'));
    expect((sec().querySelector('textarea') as HTMLTextAreaElement).value).toBe('本学年学生作品获奖36项。');

    await user.click(button(sec(), '用新数据重新生成此节'));
    expect((await screen.findByRole('alertdialog')).textContent).toContain(
      '确定用新数据生成的内容替换您改写的这一节吗',
    );
    await user.click(button(sec(), '取消'));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect((sec().querySelector('textarea') as HTMLTextAreaElement).value).toBe('本学年学生作品获奖36项。');
    expect(sec().querySelector('.chip')?.textContent).toBe('数据已更新');
    await user.click(button(sec(), '用新数据重新生成此节'));
    await user.click(button(sec(), '替换'));
    await waitFor(() => expect(sec().querySelector('.chip')?.textContent).toBe('自动生成'));
    expect((sec().querySelector('textarea') as HTMLTextAreaElement).value).toContain(
      '其中国家级1项、省级2项、市级9项、县级24项',
    );
  });

  it('a failed save keeps the typed text and says why in Chinese', async () => {
    const { user } = await openText();
    const sec = container.querySelector('[data-section="problems"]')!;
    await typeInto(user, sec.querySelector('textarea')!, 'x'.repeat(20001));
    expect((await screen.findByRole('alert')).textContent).toContain('内容太长');
    expect((sec.querySelector('textarea') as HTMLTextAreaElement).value).toHaveLength(20001);
    expect(sec.querySelector('.chip')?.textContent).toBe('未保存');
    expect(button(sec, '重新保存')).toBeTruthy();
    // Leaving the page now asks; saying no stays.
    const confirm = window.confirm;
    const asked: string[] = [];
    window.confirm = (q?: string) => {
      asked.push(q ?? '');
      return false;
    };
    try {
      await act(async () => useApp.getState().go('activities'));
      expect(asked[0]).toContain('没能保存');
      expect(useApp.getState().page).toBe('summary');
    } finally {
      window.confirm = confirm;
    }
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
      return new Response(new Uint8Array(file.bytes), {
        headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}` },
      });
    }) as typeof fetch;
    URL.createObjectURL = () => 'blob:x';
    try {
      const { user } = await openText();
      const sec = container.querySelector('[data-section="organization"]')!;
      await typeInto(
        user,
        sec.querySelector('textarea')!,
        '学校成立了以校长为组长的科技教育领导小组，刘老师任副组长。',
      );
      expect(sec.querySelector('.chip')?.textContent).toBe('正在保存…'); // not saved yet when the teacher leaves the tab
      await user.click(tab('导出'));
      await user.click(
        await waitFor(() => {
          const b = button(container, 'Word 文档（.docx）');
          expect(b).toBeTruthy();
          return b;
        }),
      );
      await waitFor(() => expect(container.querySelector('.sum-export .banner')?.textContent).toContain('已生成'));
      expect(fetched).toHaveLength(1);
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
    const { user } = show(<ReportSettingsForm />);
    const input = (name: string) => container.querySelector(`input[name="${name}"]`) as HTMLInputElement;
    await waitFor(() => expect(input('principal')).not.toBeNull());
    const fill = (el: HTMLInputElement, text: string) => typeInto(user, el, text);
    await fill(input('principal'), '刘建军');
    await fill(input('deputy'), '陈海燕');
    await fill(input('members'), '胡霞、吴杰');
    expect(input('enrolment-2024')).toBeTruthy();
    await fill(input('enrolment-2024'), '1260');
    await user.click(button(container, '保存'));
    await waitFor(() => expect(container.querySelector('.saved-note')?.textContent).toBe('已保存'));
    const text = getDraft(archive, '2024-2025')
      .sections.map((x) => x.text)
      .join('\n');
    expect(text).toContain(
      '学校成立了以校长刘建军为组长、分管副校长陈海燕为副组长，科技辅导员胡霞、吴杰等为成员的科技教育工作领导小组',
    );
    expect(text).toContain('约占在校学生1260人的');
    await fill(input('enrolment-2024'), '12x');
    await user.click(button(container, '保存'));
    expect((await screen.findByRole('alert')).textContent).toBe('在校学生人数请填写整数');
  });
});

describe('总结导出 follows the archive', () => {
  const activitiesCard = () =>
    [...container.querySelectorAll('.sum-card')]
      .find((c) => c.textContent?.startsWith('开展活动'))
      ?.querySelector('.sum-card-value')?.textContent;

  it('an activity recorded elsewhere while the page is open is counted in its numbers', async () => {
    archive.close();
    const core = startCore({ prefix: 'keji-rs-', events: true });
    archive = core.archive;
    buildXichang(archive);
    useApp.setState({ client: core.client });
    show(<SummaryPage />);
    await waitFor(() => expect(activitiesCard()).toMatch(/^\d+项$/));
    const before = parseInt(activitiesCard()!, 10);
    await core.client.call('activities.create', {
      title: '校园气象站观测',
      type: '科技节/科技周',
      status: 'done',
      startDate: '2024-11-20',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    await waitFor(() => expect(activitiesCard()).toBe(`${before + 1}项`));
  });

  it('term dates that cannot be read say why in the banner; the page still opens on the default term', async () => {
    const core = startCore({ prefix: 'keji-rs-' });
    archive.close();
    archive = core.archive;
    const invoke = core.transport.invoke;
    core.transport.invoke = (n, i) =>
      n === 'settings.get'
        ? Promise.resolve({ ok: false as const, error: { code: 'INTERNAL' as const, message: '读取档案设置失败' } })
        : invoke(n, i);
    useApp.setState({ client: core.client });
    useSummary.setState({ spec: null });
    show(<SummaryPage />);
    await waitFor(() => expect(useApp.getState().error).toBe('读取档案设置失败'));
    await waitFor(() =>
      expect(container.querySelector('.sum-doc-title')?.textContent).toMatch(/学期科技活动工作总结$/),
    );
  });
});
