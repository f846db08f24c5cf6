// @vitest-environment happy-dom
// 成员 and 回收站 on the one data path: what the pages show follows the archive when it changes from
// elsewhere (another page, an import, a merge — here a call made straight on the core's client), and
// a list that cannot be read says why in the banner instead of looking like an empty archive.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { translate } from '../../shared/i18n/messages';
import type { Client, Transport } from '../../renderer/api/client';
import { App } from '../../renderer/App';
import { activitiesStart, useActivities } from '../../renderer/stores/activities';
import { useApp, type Page } from '../../renderer/stores/app';
import { usePeople, peoplePageStart, usePeoplePage } from '../../renderer/stores/people';
import { useRecords } from '../../renderer/stores/records';
import { useTrash } from '../../renderer/stores/trash';
import { screen, show, startCore, waitFor, within } from './kit';

let archive: Archive;
let client: Client;
let transport: Transport;
/** Calls whose answer never arrives: the transport fails, as when the archive service is gone. */
let broken: Set<string>;

function start(page: Page) {
  const core = startCore({ prefix: 'keji-r-ppl-', events: true, validateOutput: false });
  archive = core.archive;
  client = core.client;
  transport = core.transport;
  broken = new Set();
  const invoke = transport.invoke;
  transport.invoke = (n, i) => (broken.has(n) ? Promise.reject(new Error('gone')) : invoke(n, i));
  useApp.setState({ client, page, info: null, error: null, leaveGuard: null });
}
beforeEach(() => {
  useActivities.setState(activitiesStart());
  useRecords.setState({ people: [], groups: [], loaded: false, toast: null });
  usePeople.setState({ record: null, recordError: null, members: null });
  useTrash.setState({ items: null, from: null });
  usePeoplePage.setState(peoplePageStart());
});
afterEach(() => archive.close());

const addStudent = (name: string, classNo = 1) =>
  client.call('people.create', {
    kind: 'student',
    name,
    gender: null,
    stage: '小学',
    entryYear: 2024,
    classNo,
    studentNo: null,
    ethnicity: null,
    birthMonth: null,
    idNumber: null,
    guardianPhone: null,
    notes: null,
  });
const names = () => [...document.querySelectorAll('.person-row .name')].map((e) => e.textContent);
const banner = () => document.querySelector('.banner.error')?.textContent ?? '';

describe('成员 follows the archive', () => {
  it('a student added and one deleted elsewhere show and go on the open list, without reopening the page', async () => {
    start('people');
    const deng = await addStudent('邓佳');
    show(<App />);
    await waitFor(() => expect(names()).toEqual(['邓佳']));

    await addStudent('王小明', 2);
    await waitFor(() => expect(names()).toEqual(['邓佳', '王小明']));
    await client.call('trash.delete', { kind: 'person', id: deng.id });
    await waitFor(() => expect(names()).toEqual(['王小明']));
    expect(banner()).toBe('');
  });

  it('the open 成长记录 shows a 小组 joined elsewhere; the open 小组 lists the new member', async () => {
    start('people');
    const deng = await addStudent('邓佳');
    const group = await client.call('groups.create', { name: '航模小组', description: null, teacherId: null });
    usePeoplePage.setState({ pane: { mode: 'record', id: deng.id } });
    const { unmount } = show(<App />);
    expect((await screen.findByRole('heading', { name: '邓佳' })).id).toBe('person-record-title');
    expect(document.querySelector('.person-record')!.textContent).not.toContain('航模小组');

    await client.call('groups.join', { groupId: group.id, personIds: [deng.id], on: '2025-03-01' });
    await waitFor(() => expect(document.querySelector('.person-record')!.textContent).toContain('航模小组'));
    expect(document.querySelector('.person-record')!.textContent).toContain('2025年3月1日 加入');
    unmount();

    usePeoplePage.setState({ tab: 'groups', pane: { mode: 'list' }, groupId: group.id });
    show(<App />);
    const members = () =>
      [...document.querySelectorAll('.group-panel .members-table .row-head')].map((e) => e.textContent);
    await waitFor(() => expect(members()).toEqual(['邓佳']));
    const wang = await addStudent('王小明', 2);
    await client.call('groups.join', { groupId: group.id, personIds: [wang.id], on: '2025-03-02' });
    await waitFor(() => expect(members().sort()).toEqual(['王小明', '邓佳'].sort()));
  });

  it('deleting from the open 成长记录 goes back to the list with no error on the way; 撤销 brings them back', async () => {
    start('people');
    const deng = await addStudent('邓佳');
    await addStudent('王小明', 2);
    usePeoplePage.setState({ pane: { mode: 'record', id: deng.id } });
    const { user } = show(<App />);
    await screen.findByRole('heading', { name: '邓佳' });
    const alerts: string[] = [];
    const seen = new MutationObserver(() =>
      document.querySelectorAll('[role="alert"]').forEach((a) => alerts.push(a.textContent ?? '')),
    );
    seen.observe(document.body, { childList: true, subtree: true, characterData: true });
    await user.click(screen.getByRole('button', { name: translate('records.toTrash') }));
    await screen.findByText(translate('records.deleted', { title: '邓佳' }));
    await waitFor(() => expect(names()).toEqual(['王小明']));
    seen.disconnect();
    expect(alerts.filter((a) => a.trim())).toEqual([]);

    await user.click(screen.getByRole('button', { name: translate('records.undo') }));
    await waitFor(() => expect(names()).toEqual(['邓佳', '王小明']));
    expect(banner()).toBe('');
  });

  it('a list that cannot be read says why in the banner, never 暂无记录 as if the archive were empty', async () => {
    start('people');
    await addStudent('邓佳');
    broken.add('people.list');
    show(<App />);
    await waitFor(() => expect(banner()).toBe(translate('error.network')));
    expect(document.body.textContent).not.toContain(translate('common.empty'));
    expect(names()).toEqual([]);
  });
});

describe('回收站 follows the archive', () => {
  it('what is deleted elsewhere shows while the page is open; 恢复 puts it back on the 成员 list', async () => {
    start('trash');
    const deng = await addStudent('邓佳');
    const { user } = show(<App />);
    await screen.findByText(translate('trash.empty'));

    await client.call('trash.delete', { kind: 'person', id: deng.id });
    const row = await waitFor(() => {
      const r = document.querySelector('.trash-row') as HTMLElement;
      expect(r.textContent).toContain('邓佳');
      return r;
    });
    await user.click(within(row).getByRole('button', { name: /恢复/ }));
    await screen.findByText(translate('trash.restored', { title: '邓佳' }));
    await screen.findByText(translate('trash.empty'));

    await user.click(screen.getByRole('button', { name: '成员' }));
    await waitFor(() => expect(names()).toEqual(['邓佳']));
  });

  it('a trash that cannot be read says why in the banner, never 回收站是空的', async () => {
    start('trash');
    broken.add('trash.list');
    show(<App />);
    await waitFor(() => expect(banner()).toBe(translate('error.network')));
    expect(document.body.textContent).not.toContain(translate('trash.empty'));
  });
});
