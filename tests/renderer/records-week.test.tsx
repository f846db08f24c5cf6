// @vitest-environment happy-dom
// A week of real use: one bad row never blanks the window (a page or dialog that fails shows
// a Chinese message with 重试 and 返回, the sidebar stays), an impossible date is shown as such,
// duplicates ask before being created, a 小组 adds no graduated student, messages say what is wrong
// and clear when corrected, and the 成长记录 counts held activities and opens its rows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { activitiesStart, useActivities } from '../../renderer/stores/activities';
import { useWorksPage } from '../../renderer/stores/works';
import { peoplePageStart, usePeoplePage } from '../../renderer/stores/people';
import { useRecords } from '../../renderer/stores/records';
import { createGroup, join } from '../../electron/core/groups/queries';
import { schoolYearOf } from '../../shared/domain/calendar';
import { cleanup, fireEvent, screen, show, startCore, userEvent, waitFor } from './kit';

let archive: Archive;
/** Every call name that reached the core, in order. */
let calls: string[] = [];
/** Lets a test break one answer, as a row written by an older version or another tool would. */
let tamper: ((name: string, value: unknown) => unknown) | null = null;
beforeEach(() => {
  const core = startCore({ prefix: 'keji-r-wk-', validateOutput: false });
  archive = core.archive;
  calls = core.calls;
  tamper = null;
  const invoke = core.transport.invoke;
  core.transport.invoke = async (n, i) => {
    const r = await invoke(n, i);
    return tamper && (r as { ok: boolean }).ok
      ? ({ ...(r as object), value: tamper(n as string, (r as { value: unknown }).value) } as typeof r)
      : r;
  };
  useApp.setState({ client: core.client, page: 'people', info: null, error: null, leaveGuard: null });
  useActivities.setState(activitiesStart());
  useRecords.setState({ people: [], groups: [], loaded: false, toast: null });
  usePeoplePage.setState(peoplePageStart());
  useWorksPage.setState({ tab: 'works', pane: { mode: 'list' }, text: '', year: '', level: '' });
});
afterEach(() => {
  archive.close();
  vi.restoreAllMocks();
});
const container = document.body;
const $ = <T extends Element = HTMLElement>(sel: string) => container.querySelector(sel) as T | null;
const $$ = (sel: string) => [...container.querySelectorAll(sel)];
const button = (text: string, within = '') =>
  $$(`${within} button`).find((b) => b.textContent?.trim() === text) as HTMLButtonElement | undefined;
let user: ReturnType<typeof userEvent.setup>;
function renderApp() {
  ({ user } = show(<App />));
}
/** Waits until `sel` is on the page and gives it. */
const found = <T extends Element = HTMLElement>(sel: string) =>
  waitFor(() => {
    const el = $<T>(sel);
    expect(el, sel).not.toBeNull();
    return el!;
  });
/** Replaces a field's text as a teacher does: select what is there, paste the new text (one input
 * event, as an input method commits it); '' empties it. */
async function fill(el: Element, value: string) {
  if (!value) return user.clear(el);
  if ((el as HTMLInputElement).value) await user.tripleClick(el);
  else await user.click(el);
  await user.paste(value);
}
const save = (form: Element) => fireEvent.keyDown(form, { key: 's', ctrlKey: true });
async function newActivityForm() {
  await screen.findByRole('heading', { level: 1, name: '活动记录' });
  await user.keyboard('{Control>}n{/Control}');
  return found<HTMLFormElement>('form.activity-form');
}
const count = (table: string) =>
  archive.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get() as number;
const PID = '01900000-0000-7000-8000-000000000001';
function student(id = PID, name = '邓佳', entryYear = 2024, classNo = 1) {
  archive.db
    .prepare(
      `INSERT INTO people (id, created_at, updated_at, kind, name, stage, entry_year, class_no) VALUES (?,?,?,?,?,?,?,?)`,
    )
    .run(id, '2025-01-01', '2025-01-01', 'student', name, '小学', entryYear, classNo);
}
let awardSeq = 0;
function awardOn(date: string, personId = PID) {
  archive.db
    .prepare(
      `INSERT INTO awards (id, created_at, updated_at, recipient_kind, person_id, level, grade, awarded_on) VALUES (?,?,?,?,?,?,?,?)`,
    )
    .run(
      `01900000-0000-7000-8000-1000000000${String(++awardSeq).padStart(2, '0')}`,
      '2025-01-01',
      '2025-01-01',
      'person',
      personId,
      '县级',
      '一等奖',
      date,
    );
}

describe('no white screens', () => {
  it('a student whose awards carry impossible dates (written straight into SQLite) opens, each shown as it is', async () => {
    student();
    awardOn('abc'); // this one used to throw "Invalid time value" and blank the window
    awardOn('2024-02-30');
    awardOn('2024-13-45');
    awardOn('2025-03-05');
    usePeoplePage.setState({ pane: { mode: 'record', id: PID } });
    renderApp();
    expect((await found('#person-record-title')).textContent).toBe('邓佳');
    const bad = await found('section[aria-label="日期有误的记录"]');
    expect($('.render-failed')).toBeNull();
    expect(bad.textContent).toContain('abc');
    expect(bad.textContent).toContain('2024-02-30（日期有误）'); // not "2024年2月30日", not 3月1日
    expect(bad.textContent).toContain('2024-13-45（日期有误）');
    expect($('section[aria-label="2024—2025学年"]')?.textContent).toContain('2025年3月5日');
    expect($$('.nav-item')).toHaveLength(8);
  });

  it('a page that fails to draw shows the message with 重试 and 返回 in its place; the sidebar stays', async () => {
    student();
    tamper = (n, v) => (n === 'records.personRecord' ? { ...(v as object), activities: null } : v); // a broken answer
    vi.spyOn(console, 'error').mockImplementation(() => {});
    usePeoplePage.setState({ pane: { mode: 'record', id: PID } });
    renderApp();
    const alert = await screen.findByRole('alert');
    expect(alert.classList.contains('render-failed')).toBe(true);
    expect(alert.textContent).toContain('「成员」没能显示出来');
    expect(alert.textContent).toContain('数据没有被修改');
    expect(button('重试')).toBeTruthy();
    expect($$('.nav-item').map((b) => b.textContent)).toContain('作品与获奖'); // the sidebar is still there
    expect(console.error).toHaveBeenCalled(); // and the cause is logged

    // 返回 goes back to the list
    await user.click(button('返回')!);
    const row = await waitFor(() => {
      const r = $('.person-row');
      expect(r?.textContent).toContain('邓佳');
      return r!;
    });
    expect($('.render-failed')).toBeNull();
    // opening it again fails again (the answer is still broken); 重试 once it is right draws the page
    await user.click(row);
    await found('.render-failed');
    tamper = null;
    await user.click(button('重试')!);
    expect((await found('#person-record-title')).textContent).toBe('邓佳');
    expect($('.render-failed')).toBeNull();
    // other pages still work
    await user.click(screen.getByRole('button', { name: '活动' }));
    await waitFor(() => expect($('.page-header')?.textContent).toContain('共 0 项活动'));
  });
});

describe('messages that say what is wrong', () => {
  it('2024-02-30 says the day does not exist; the red message goes once the date is right', async () => {
    useApp.setState({ page: 'activities' });
    renderApp();
    const form = await newActivityForm();
    const field = (n: string) => form.querySelector(`[name="${n}"]`) as HTMLInputElement;
    await fill(field('title'), '防震减灾演练');
    await fill(field('startDate'), '2024-02-30');
    save(form);
    const err = () => form.querySelector('label:has([name="startDate"]) .field-error');
    await waitFor(() => expect(err()?.textContent).toBe('开始日期：2024年2月没有30日'));
    expect(count('activities')).toBe(0);
    expect(field('startDate').getAttribute('aria-invalid')).toBe('true');
    await fill(field('startDate'), '2024-02-29');
    expect(err()).toBeNull();
    expect(field('startDate').getAttribute('aria-invalid')).toBe('false');
    save(form);
    await waitFor(() => expect($('form.activity-form')).toBeNull());
    expect(count('activities')).toBe(1);
  });

  it('an 8-digit ID number and a phone of "138abc" are both marked at once, before anything is sent; each cleared when fixed', async () => {
    usePeoplePage.setState({ pane: { mode: 'new', kind: 'student' } });
    renderApp();
    const form = await found('form.person-form');
    const field = (n: string) => form.querySelector(`[name="${n}"]`) as HTMLInputElement;
    await fill(field('name'), '邓佳');
    await fill(field('classNo'), '1');
    await fill(field('idNumber'), '12345678');
    await fill(field('guardianPhone'), '138abc');
    save(form);
    const err = (n: string) => form.querySelector(`label:has([name="${n}"]) .field-error`)?.textContent;
    await waitFor(() => expect(err('idNumber')).toBe('身份证号应为 18 位（或旧的 15 位），这里是 8 位'));
    // Every wrong field is marked by the first 保存, not one per try.
    expect(err('guardianPhone')).toBe('家长电话：电话只能包含数字和“-”');
    expect(field('idNumber').getAttribute('aria-invalid')).toBe('true');
    expect(field('guardianPhone').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field('idNumber')); // the first of them has the focus
    // Checked by the contract's schema before sending: the core never saw the save.
    expect(calls).not.toContain('people.create');
    expect(count('people')).toBe(0);
    await fill(field('idNumber'), ''); // left empty: nothing wrong
    expect(err('idNumber')).toBeUndefined();
    expect(err('guardianPhone')).toBe('家长电话：电话只能包含数字和“-”'); // the other mark stays
    await fill(field('guardianPhone'), '138123456');
    expect(err('guardianPhone')).toBe('手机号应为 11 位数字，这里是 9 位'); // still wrong: says what now
    await fill(field('guardianPhone'), '13812345678');
    expect(err('guardianPhone')).toBeUndefined();
    save(form);
    await waitFor(() => expect($('form.person-form')).toBeNull());
    expect(count('people')).toBe(1);
    expect(calls).toContain('people.create');
  });
});

describe('no silent duplicates', () => {
  /** Fills the open 新建学生 form and presses Ctrl+S. */
  async function addStudent(name: string, classNo: string) {
    const form = await found('form.person-form');
    await fill(form.querySelector('[name="name"]')!, name);
    await fill(form.querySelector('[name="classNo"]')!, classNo);
    save(form);
  }
  const entryNow = async () => Number((await found<HTMLInputElement>('[name="entryYear"]')).value);

  it('adding 邓佳 to the class where 邓佳 already is asks, showing the existing one; 取消 adds nobody, 仍然添加 adds', async () => {
    usePeoplePage.setState({ pane: { mode: 'new', kind: 'student' } });
    renderApp();
    student(PID, '邓佳', await entryNow(), 1); // the form's default 入学年份 is this 学年's 一年级
    await addStudent('邓佳', '1');
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('成员中已有「邓佳」');
    expect(dialog.textContent).toContain('一年级(1)班');
    expect(dialog.textContent).toContain('同班同名');
    expect(count('people')).toBe(1);
    await user.click(button('取消', '[role="dialog"]')!);
    expect($('[role="dialog"]')).toBeNull();
    expect(count('people')).toBe(1);
    expect($('form.person-form')).not.toBeNull(); // the draft is still there
    save($('form.person-form')!);
    await screen.findByRole('dialog');
    await user.click(button('仍然添加')!);
    await waitFor(() => expect($('form.person-form')).toBeNull());
    expect(count('people')).toBe(2);
  });

  it('打开已有 opens the record already there and adds nobody; another class of another year is not asked about', async () => {
    usePeoplePage.setState({ pane: { mode: 'new', kind: 'student' } });
    renderApp();
    const year = await entryNow();
    student(PID, '邓佳', year, 1);
    student('01900000-0000-7000-8000-000000000009', '李明', year - 3, 2);
    await addStudent('邓佳', '2'); // same name, same entry year, another class: still asked
    expect((await screen.findByRole('dialog')).textContent).toContain('同名，同一入学年份');
    await user.click(button('打开已有')!);
    expect((await found('#person-record-title')).textContent).toBe('邓佳');
    expect(count('people')).toBe(2);

    cleanup();
    usePeoplePage.setState({ pane: { mode: 'new', kind: 'student' } });
    renderApp();
    await addStudent('李明', '1'); // 李明 of 2020级 is another child
    await waitFor(() => expect($('form.person-form')).toBeNull());
    expect($('[role="dialog"]')).toBeNull();
    expect(count('people')).toBe(3);
  });
});

describe('a 小组 added to an activity', () => {
  it('adds its current members only; the graduated ones are named apart and added only when asked', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const year = schoolYearOf(today);
    student(PID, '邓佳', year - 2, 1); // 三年级 now
    student('01900000-0000-7000-8000-000000000007', '王小虎', year - 8, 2); // 2020-ish级: 已毕业, still on the group's list
    const g = createGroup(archive, { name: '航模队' });
    join(archive, g.id, [PID, '01900000-0000-7000-8000-000000000007'], '2015-09-01');
    useApp.setState({ page: 'activities' });
    renderApp();
    await newActivityForm();
    const groupButton = await waitFor(() => {
      const b = $$('.participant-picker button').find((x) => x.textContent?.startsWith('航模队'));
      expect(b).toBeTruthy();
      return b!;
    });
    await user.click(groupButton);
    const chips = () => $$('.name-chip').map((c) => c.firstChild?.textContent);
    await waitFor(() => expect(chips()).toEqual(['邓佳']));
    await waitFor(() => expect($('.left-out')?.textContent).toContain('「航模队」中已毕业的 1 人没有加入：王小虎'));
    await user.click(button('也添加这 1 人')!);
    await waitFor(() => expect(chips()).toEqual(['邓佳', '王小虎']));
    expect($('.left-out')).toBeNull();
  });
});

describe('the app shows what just happened', () => {
  it('after saving, the new activity is in view and marked, not the top of a long list', async () => {
    const ins = archive.db.prepare(
      `INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?,?,?,?,?,?,?)`,
    );
    for (let i = 0; i < 400; i++) {
      const d = new Date(Date.UTC(2017, 0, 1) + i * 86_400_000 * 7).toISOString().slice(0, 10);
      ins.run(
        `0192${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
        '2025-01-01',
        '2025-01-01',
        `例会 ${i}`,
        '兴趣小组例会',
        'done',
        d,
      );
    }
    useApp.setState({ page: 'activities' });
    renderApp();
    await waitFor(() => expect($('.page-header')?.textContent).toContain('共 400 项活动'));
    const form = await newActivityForm();
    await fill(form.querySelector('[name="title"]')!, '参观气象站');
    await fill(form.querySelector('[name="startDate"]')!, '2017-3-15');
    save(form);
    await waitFor(() => expect($('form.activity-form')).toBeNull());
    const marked = await waitFor(() => {
      const m = $$('.activity-row.just-saved');
      expect(m).toHaveLength(1);
      return m;
    });
    expect(marked[0].textContent).toContain('参观气象站');
    expect(marked[0].textContent).toContain('2017年3月15日'); // 2017-3-15 as typed, read as the day it is
    expect(($('.vl') as HTMLElement).scrollTop).toBeGreaterThan(0); // the list moved to it, far below the top
    // opening it and coming back keeps it in view
    await user.click(marked[0]);
    await screen.findByRole('heading', { level: 1, name: '参观气象站' });
    const back = button('← 返回');
    if (back) await user.click(back);
    else await user.keyboard('{Escape}');
    await waitFor(() => expect($('.activity-row.just-saved')?.textContent).toContain('参观气象站'));
  });

  it('after adding a student, the list shows the new student marked in their class', async () => {
    const ins = archive.db.prepare(
      `INSERT INTO people (id, created_at, updated_at, kind, name, stage, entry_year, class_no) VALUES (?,?,?,?,?,?,?,?)`,
    );
    usePeoplePage.setState({ pane: { mode: 'new', kind: 'student' } });
    renderApp();
    const year = Number((await found<HTMLInputElement>('[name="entryYear"]')).value);
    for (let i = 0; i < 300; i++)
      ins.run(
        `0193${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
        '2025-01-01',
        '2025-01-01',
        'student',
        `学生${i}`,
        '小学',
        year - (i % 6),
        1 + (i % 4),
      );
    const form = $('form.person-form')!;
    await fill(form.querySelector('[name="name"]')!, '邓佳');
    await fill(form.querySelector('[name="classNo"]')!, '9');
    save(form);
    const marked = await waitFor(() => {
      const m = $$('.person-row.just-saved');
      expect(m).toHaveLength(1);
      return m;
    });
    expect(marked[0].textContent).toContain('邓佳');
    expect(marked[0].textContent).toContain('一年级(9)班');
  });
});

describe('the sidebar and the 成长记录', () => {
  it('作品与获奖 in the sidebar opens the list, not the form left open there', async () => {
    useWorksPage.setState({ pane: { mode: 'work', id: null } });
    useApp.setState({ page: 'activities' });
    renderApp();
    await screen.findByRole('heading', { level: 1, name: '活动记录' });
    await user.click(screen.getByRole('button', { name: '作品与获奖' }));
    await screen.findByRole('heading', { level: 1, name: '作品与获奖' });
    expect(useWorksPage.getState().pane).toEqual({ mode: 'list' });
    expect($('form')).toBeNull();
  });

  it('counts only held activities as 参加, and each row opens its record', async () => {
    student();
    const ins = archive.db.prepare(
      `INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?,?,?,?,?,?,?)`,
    );
    const part = archive.db.prepare('INSERT INTO activity_participants (activity_id, person_id) VALUES (?,?)');
    [
      ['1', '科技节', 'done'],
      ['2', '下学期参观', 'planned'],
      ['3', '雨天取消', 'cancelled'],
    ].forEach(([n, title, status]) => {
      const id = `01940000-0000-7000-8000-00000000000${n}`;
      ins.run(id, '2025-01-01', '2025-01-01', title, '科普讲座', status, '2025-03-0' + n);
      part.run(id, PID);
    });
    usePeoplePage.setState({ pane: { mode: 'record', id: PID } });
    renderApp();
    await waitFor(() => expect($('.person-record')?.textContent).toContain('共参加活动 1 次'));
    const row = $$('.record-row').find((r) => r.textContent?.includes('科技节')) as HTMLElement;
    await user.click(row);
    // The activity's own page: its title as the heading, under 活动 in the sidebar.
    expect(await screen.findByRole('heading', { level: 1, name: '科技节' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '活动' }).getAttribute('aria-current')).toBe('page');
    expect(useActivities.getState().pane).toEqual({ mode: 'view', id: '01940000-0000-7000-8000-000000000001' });
  });
});

describe('small things', () => {
  it('required fields are marked (* and aria-required); the 获奖 search box says what it searches', async () => {
    useApp.setState({ page: 'activities' });
    renderApp();
    await newActivityForm();
    const required = $$('form.activity-form [aria-required="true"]').map((el) => el.getAttribute('name'));
    expect(required).toEqual(['title', 'type', 'startDate']);
    for (const n of required) expect(container.querySelector(`label:has([name="${n}"]) .req`)?.textContent).toBe('*');
    expect(container.querySelector('label:has([name="location"]) .req')).toBeNull();

    cleanup();
    useWorksPage.setState({ tab: 'awards', pane: { mode: 'list' } });
    useApp.setState({ page: 'works' });
    renderApp();
    expect((await found<HTMLInputElement>('input[type="search"]')).placeholder).toBe(
      '比赛、作品、学生或指导教师姓名、证书编号',
    );
  });
});
