// @vitest-environment happy-dom
// 作品与获奖 on one store (renderer/stores/works.ts): the page's lists, the forms and the 统计表 read
// it, nothing handed from the page to a form. An award opened by its id comes from the store; a
// competition made in the form is selected at once and made only once; what is saved is the list's
// marked row and counted in the 统计表, which follows an archive change made elsewhere; a work moved
// to the 回收站 leaves the list and 撤销 brings it back; overlapping loads share a round trip.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createAward } from '../../electron/core/awards/queries';
import { createPerson } from '../../electron/core/people/queries';
import { createWork } from '../../electron/core/works/queries';
import { WorksPage } from '../../renderer/features/works/WorksPage';
import { useApp } from '../../renderer/stores/app';
import { useRecords } from '../../renderer/stores/records';
import { useVocab } from '../../renderer/stores/vocab';
import { useWorks, useWorksPage } from '../../renderer/stores/works';
import { fireEvent, screen, show, startCore, waitFor, type Core } from './kit';

let core: Core;
let archive: Archive;
let workId: string;
let awardId: string;
beforeEach(() => {
  core = startCore({ prefix: 'keji-r-works-', events: true });
  archive = core.archive;
  useApp.setState({ client: core.client, page: 'works', info: null, error: null, leaveGuard: null });
  useRecords.setState({ people: [], groups: [], loaded: false, toast: null });
  useVocab.setState({ lists: {} });
  useWorksPage.setState({ tab: 'works', pane: { mode: 'list' }, text: '', year: '', level: '', focus: null });
  const student = createPerson(archive, { kind: 'student', name: '林小雨', entryYear: 2022, classNo: 2 });
  workId = createWork(archive, {
    title: '会浇水的花盆',
    category: '小发明',
    authorIds: [student.id],
    advisorIds: [],
  }).id;
  awardId = createAward(archive, {
    recipientKind: 'work',
    workId,
    level: '县级',
    grade: '二等奖',
    awardedOn: '2025-03-01',
  }).id;
});

const $ = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector(sel) as T | null;
const $$ = (sel: string) => [...document.body.querySelectorAll(sel)];
const found = <T extends Element = HTMLElement>(sel: string) =>
  waitFor(() => {
    const el = $<T>(sel);
    expect(el, sel).not.toBeNull();
    return el!;
  });
const count = (table: string) => archive.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const save = (form: Element) => fireEvent.keyDown(form, { key: 's', ctrlKey: true });
/** The 合计 row of the 统计表: 项 and 人次 of every column, then the totals. */
const totals = () => $$('.level-grade .total-row td').map((td) => td.textContent);

describe('作品与获奖 on the works store', () => {
  it('an award opened by its id comes from the store; a competition made in the form is selected and made once; the 统计表 follows', async () => {
    useWorksPage.setState({ tab: 'awards' });
    const { user } = show(<WorksPage />);
    await waitFor(() => expect($$('.award-row')).toHaveLength(1));

    // Opened from the list: the form has no data handed to it, the store has the award.
    await user.click($('.award-row')!);
    const form = await found<HTMLFormElement>('form.award-form');
    await waitFor(() => expect($<HTMLSelectElement>('select[name="grade"]')?.value).toBe('二等奖'));
    expect($<HTMLSelectElement>('select[name="level"]')!.value).toBe('县级');
    expect($<HTMLSelectElement>('select[name="workId"]')!.value).toBe(workId);
    await user.selectOptions($('select[name="grade"]')!, '一等奖');
    save(form);
    // Back on the list, the saved row marked, already in the store when the form closed.
    const marked = await found('.award-row.just-saved');
    expect(marked.textContent).toContain('县级一等奖');
    expect(useWorks.getState().awards.find((a) => a.id === awardId)?.grade).toBe('一等奖');

    // A new award for a competition typed in the form.
    await user.click(screen.getByRole('button', { name: '登记获奖' }));
    const form2 = await found<HTMLFormElement>('form.award-form');
    await user.selectOptions($('select[name="competitionId"]')!, '__new');
    save(form2);
    // The competition's name is missing: said next to it, and the focus is there.
    await waitFor(() => expect(document.activeElement?.getAttribute('name')).toBe('compName'));
    expect($('input[name="compName"]')!.getAttribute('aria-invalid')).toBe('true');
    expect(count('competitions')).toBe(0);

    await user.type($('input[name="compName"]')!, '青少年科技创新大赛');
    await user.selectOptions($('select[name="workId"]')!, workId);
    // A grade of the teacher's own, added through the vocabulary store.
    await user.selectOptions($('select[name="grade"]')!, '__other');
    await user.type(await found('input[name="newGrade"]'), '创意奖');
    await user.click(screen.getByRole('button', { name: '添加' }));
    await waitFor(() => expect($<HTMLSelectElement>('select[name="grade"]')?.value).toBe('创意奖'));
    expect(useVocab.getState().lists.grade).toContain('创意奖');
    // The award fails (no date) after the competition was made: the form keeps the competition.
    await user.clear($('input[name="awardedOn"]')!);
    save(form2);
    await waitFor(() => expect($('input[name="awardedOn"]')?.getAttribute('aria-invalid')).toBe('true'));
    expect(count('competitions')).toBe(1);
    const compId = archive.db.prepare('SELECT id FROM competitions').pluck().get() as string;
    expect($<HTMLSelectElement>('select[name="competitionId"]')!.value).toBe(compId);
    expect(useWorks.getState().competitions.map((c) => c.id)).toEqual([compId]);

    await user.type($('input[name="awardedOn"]')!, '2025-05-20');
    save(form2);
    const marked2 = await found('.award-row.just-saved');
    expect(marked2.textContent).toContain('县级创意奖');
    expect(marked2.textContent).toContain('青少年科技创新大赛');
    expect(count('competitions')).toBe(1);
    expect(count('awards')).toBe(2);

    // The 统计表: both awards (项 2, 人次 2: one author each).
    await user.click(screen.getByRole('tab', { name: '获奖统计表' }));
    await waitFor(() => expect(totals().slice(-2)).toEqual(['2', '2']));
    // An award added elsewhere (an import, the other PC's package): the table asks again.
    createAward(archive, { recipientKind: 'work', workId, level: '市级', grade: '一等奖', awardedOn: '2025-06-01' });
    core.emit('archive.changed', { call: 'test' });
    await waitFor(() => expect(totals().slice(-2)).toEqual(['3', '3']));
    expect($('.level-grade tbody')!.textContent).toContain('市级');
  });

  it('a work moved to the 回收站 from its form leaves the list and 撤销 brings it back; an id not there says so', async () => {
    const second = createWork(archive, {
      title: '雨水收集器',
      category: '小制作',
      authorIds: [archive.db.prepare('SELECT id FROM people').pluck().get() as string],
      advisorIds: [],
    });
    const { user } = show(<WorksPage />);
    await waitFor(() => expect($$('.work-row')).toHaveLength(2));
    await user.click($$('.work-row').find((r) => r.textContent?.includes('雨水收集器')) as HTMLElement);
    await waitFor(() => expect($<HTMLInputElement>('input[name="title"]')?.value).toBe('雨水收集器'));
    // The awards below come from the same store: this work has none, the other one has one.
    expect($('.work-awards')).toBeNull();

    await user.click(screen.getByRole('button', { name: '删除（移到回收站）' }));
    await screen.findByText('已移到回收站：《雨水收集器》');
    await waitFor(() => expect($$('.work-row')).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: '撤销' }));
    await waitFor(() => expect($$('.work-row')).toHaveLength(2));
    expect(useWorks.getState().works.map((w) => w.id)).toContain(second.id);

    // The work with an award lists it under the form.
    await user.click($$('.work-row').find((r) => r.textContent?.includes('会浇水的花盆')) as HTMLElement);
    await waitFor(() => expect($('.work-awards')?.textContent).toContain('县级二等奖'));

    // An id the archive does not hold: said, not "loading" for ever.
    useWorksPage.setState({ pane: { mode: 'award', id: '01900000-0000-7000-8000-00000000dead' } });
    await screen.findByText('找不到这条记录，可能已被删除。');
  });

  it('overlapping loads share a round trip; one asked while an answer is on its way gets a later answer', async () => {
    const lists = () => core.calls.filter((n) => n === 'works.list').length;
    const before = lists();
    const first = useWorks.getState().load();
    // Made after the first question was sent: the callers after it see it.
    const authorIds = [archive.db.prepare('SELECT id FROM people').pluck().get() as string];
    createWork(archive, { title: '后来的作品', category: '模型', authorIds, advisorIds: [] });
    const second = useWorks.getState().load();
    const third = useWorks.getState().load();
    expect(second).toBe(third);
    await Promise.all([first, second, third]);
    expect(lists() - before).toBe(2);
    expect(useWorks.getState().works.map((w) => w.title)).toContain('后来的作品');
  });
  it('the tabs answer the keyboard: → opens the next tab and takes the focus, End the last, Home the first', async () => {
    const { user } = show(<WorksPage />);
    const works = await screen.findByRole('tab', { name: '作品' });
    expect(works.getAttribute('aria-selected')).toBe('true');
    works.focus();
    await user.keyboard('{ArrowRight}');
    const awards = screen.getByRole('tab', { name: '获奖' });
    expect(awards.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(awards);
    expect(useWorksPage.getState().tab).toBe('awards');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(awards.id);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: '获奖统计表' }));
    expect(useWorksPage.getState().tab).toBe('table');
    await user.keyboard('{ArrowRight}{Home}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: '作品' }));
    // One tab stop: Tab leaves the bar instead of walking through every tab.
    expect(screen.getAllByRole('tab').map((b) => b.tabIndex)).toEqual([0, -1, -1]);
  });
});
