// @vitest-environment happy-dom
// 数据与U盘 against the real core through an in-memory transport (events included): checking and
// running an export, a merge whose conflict the teacher decides, and a backup restored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getActivity, updateActivity } from '../../electron/core/activities/queries';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { exportPackage } from '../../electron/core/package/export';
import { mergePackage } from '../../electron/core/package/merge';
import { moveToTrash } from '../../electron/core/trash';
import type { EventName } from '../../shared/contract';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { usePackage } from '../../renderer/stores/package';
import { makeSchool } from '../unit/package-fixtures';
import { testClock } from '../unit/helpers';
import { screen, show, startCore, userEvent, waitFor } from './kit';

const made: string[] = [];
const tmp = (p = 'keji-r-') => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  made.push(d);
  return d;
};
let archive: Archive;
let events: { name: EventName; payload: unknown }[];

beforeEach(() => {
  archive = openArchive(path.join(tmp(), '科技档案'), { create: true, clock: testClock('2025-11-01T08:00:00Z', 7) });
  events = [];
  const core = startCore({ archive, events: true });
  for (const name of ['job.progress', 'archive.changed'] as EventName[])
    core.transport.on(name, (payload) => events.push({ name, payload }));
  useApp.setState({ client: core.client, page: 'package', info: null, error: null, leaveGuard: null });
  usePackage.setState({
    targets: [],
    plan: null,
    exportResult: null,
    running: null,
    error: null,
    busy: null,
    verifyReport: null,
    preview: null,
    mergeReport: null,
    choices: {},
    backups: [],
  });
});
afterEach(() => {
  archive.close();
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const container = document.body;
const text = () => container.textContent ?? '';
const button = (label: string) =>
  [...container.querySelectorAll('button')].find((b) => b.textContent === label) as HTMLButtonElement;
let user: ReturnType<typeof userEvent.setup>;
function renderApp() {
  ({ user } = show(<App />));
}
const click = (el: Element) => user.click(el);
/** Puts a path into a field as a paste does. */
async function typeInto(el: Element, value: string) {
  await user.clear(el);
  await user.paste(value);
}
// Jobs run real file work (hashing, fsync, read-back): up to 20 s for what they show.
// A test that writes and merges whole packages (each fsynced and read back) gets 60 s on a loaded box.
const PACKAGE_TEST_MS = 60_000;
const says = (s: string | RegExp) => waitFor(() => expect(text()).toMatch(s), { timeout: 20_000 });
const shown = (sel: string) =>
  waitFor(
    () => {
      const el = container.querySelector(sel);
      expect(el, sel).not.toBeNull();
      return el!;
    },
    { timeout: 20_000 },
  );

describe('数据与U盘', () => {
  it(
    'checks an export (size, notes), runs it with progress, and reports the verified package',
    async () => {
      makeSchool(archive);
      const usb = tmp('keji-usb-');
      renderApp();
      await says('导出位置');
      expect(container.querySelector('.nav-item.active')?.textContent).toBe('数据与U盘');
      const folder = container.querySelector('.custom-folder input[type=text]') as HTMLInputElement;
      await typeInto(folder, usb);
      await click(container.querySelector('input[type=checkbox]')!); // 隐去学生姓名
      await click(button('检查'));
      await shown('.plan');
      expect(text()).toContain('科技档案_青山镇中心小学_20251101');
      expect(text()).toContain('活动 3 项，学生 3 人');
      expect(text()).toContain('学生姓名已隐去');
      expect(fs.readdirSync(usb)).toEqual([]); // checking writes nothing

      await click(button('开始导出'));
      await says('导出完成');
      expect(text()).toMatch(/全部 \d+ 个文件已逐个读回核对/); // a first export reads back every file it wrote
      expect(fs.readdirSync(usb)).toEqual(['科技档案_青山镇中心小学_20251101']);
      const progress = events
        .filter((e) => e.name === 'job.progress')
        .map((e) => e.payload as { bytesTotal?: number; finished?: boolean });
      expect(progress.some((p) => p.bytesTotal && p.bytesTotal > 0)).toBe(true);
      expect(progress.at(-1)?.finished).toBe(true);
    },
    PACKAGE_TEST_MS,
  );

  it('shows a refusal in Chinese and writes nothing when the folder does not exist', async () => {
    renderApp();
    await says('导出位置');
    const missing = path.join(tmp(), '没有这个U盘');
    await typeInto(container.querySelector('.custom-folder input[type=text]') as HTMLInputElement, missing);
    await click(button('开始导出'));
    await shown('[role=alert]');
    expect(container.querySelector('[role=alert]')?.textContent).toContain('找不到导出位置');
    expect(fs.existsSync(missing)).toBe(false);
  });

  it(
    'previews a merge, asks the teacher to pick for a record both PCs changed, and merges',
    async () => {
      // The other PC (A) sent a package earlier; since then both edited the same activity.
      const other = openArchive(path.join(tmp(), 'A'), { create: true, clock: testClock('2025-09-01T08:00:00Z', 1) });
      const s = makeSchool(other);
      await mergePackage(
        archive,
        (
          await exportPackage(other, {
            target: tmp('keji-usb-'),
            scope: { kind: 'all' },
            maskNames: false,
            includeSensitive: false,
          })
        ).path,
      );
      const edit = (a: Archive, location: string) => {
        const x = getActivity(a, s.lecture);
        updateActivity(a, s.lecture, { ...x, location } as never);
      };
      edit(other, '报告厅（A）');
      edit(archive, '礼堂（本机）');
      const pkg = (
        await exportPackage(other, {
          target: tmp('keji-usb-'),
          scope: { kind: 'all' },
          maskNames: false,
          includeSensitive: false,
        })
      ).path;
      other.close();

      renderApp();
      await click(await screen.findByRole('tab', { name: '合并数据包' }));
      await typeInto(container.querySelector('.path-field input') as HTMLInputElement, pkg);
      await click(button('校验'));
      await says('数据包完整，没有被改动');
      await click(button('预览合并'));
      await shown('.conflict');
      expect(text()).toContain('需要您决定的记录：1 条');
      const card = container.querySelector('.conflict')!;
      expect(card.textContent).toContain('科普讲座：走进中国航天');
      const row = [...card.querySelectorAll('tbody tr')].find((r) => r.textContent?.startsWith('地点'))!;
      expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['礼堂（本机）', '报告厅（A）']);
      expect(button('开始合并').disabled).toBe(true); // a pick is needed first
      await click(card.querySelectorAll('input[type=radio]')[1]); // 采用数据包
      await waitFor(() => expect(button('开始合并').disabled).toBe(false));
      await click(button('开始合并'));
      await says('合并完成');
      expect(text()).toMatch(/合并前已自动备份（\d{8}-\d{6}-before-merge\.sqlite）/);
      expect(getActivity(archive, s.lecture).location).toBe('报告厅（A）');
    },
    PACKAGE_TEST_MS,
  );

  it(
    'a package that deletes one of our records: listed before merging, trashed only once the teacher ticks the confirmation',
    async () => {
      const other = openArchive(path.join(tmp(), 'A'), { create: true, clock: testClock('2025-09-01T08:00:00Z', 1) });
      const s = makeSchool(other);
      const pkgOf = async () =>
        (
          await exportPackage(other, {
            target: tmp('keji-usb-'),
            scope: { kind: 'all' },
            maskNames: false,
            includeSensitive: false,
          })
        ).path;
      await mergePackage(archive, await pkgOf());
      moveToTrash(other, 'activity', s.model);
      const pkg = await pkgOf();
      other.close();
      const trashed = () => archive.db.prepare('SELECT deleted_at FROM activities WHERE id=?').pluck().get(s.model);

      renderApp();
      await click(await screen.findByRole('tab', { name: '合并数据包' }));
      await typeInto(container.querySelector('.path-field input') as HTMLInputElement, pkg);
      await click(button('预览合并'));
      await shown('.trash-confirm');
      expect(text()).toContain('移到回收站（本机的记录）');
      expect(text()).toContain('活动 1 航模训练');
      expect(text()).toContain('数据包删除了本机的 1 条记录');
      const box = container.querySelector('.trash-confirm input[type=checkbox]') as HTMLInputElement;
      expect(box.checked).toBe(false);
      // Merged without the tick: ours stays, and the report says why.
      await click(button('开始合并'));
      await shown('.result.ok');
      expect(text()).toContain('没有确认，已保留本机版本');
      expect(trashed()).toBeNull();
      // With it: moved to the trash.
      await click(button('预览合并'));
      await shown('.trash-confirm');
      await click(container.querySelector('.trash-confirm input[type=checkbox]')!);
      await click(button('开始合并'));
      await says('合并完成');
      expect(trashed()).not.toBeNull();
    },
    PACKAGE_TEST_MS,
  );

  it(
    'names every problem of a damaged package',
    async () => {
      makeSchool(archive);
      const pkg = (
        await exportPackage(archive, {
          target: tmp('keji-usb-'),
          scope: { kind: 'all' },
          maskNames: false,
          includeSensitive: false,
        })
      ).path;
      fs.writeFileSync(path.join(pkg, 'viewer', 'data.js'), 'window.KEJI_DATA = {}');
      renderApp();
      await click(await screen.findByRole('tab', { name: '合并数据包' }));
      await typeInto(container.querySelector('.path-field input') as HTMLInputElement, pkg);
      await click(button('校验'));
      await shown('.result.bad');
      expect(container.querySelector('.result.bad')?.textContent).toContain('viewer/data.js');
    },
    PACKAGE_TEST_MS,
  );

  it('backs up on request and restores a backup after asking', async () => {
    renderApp();
    await click(await screen.findByRole('tab', { name: '备份与恢复' }));
    await says('还没有备份');
    await click(button('立即备份'));
    await shown('table.backups');
    expect(container.querySelector('table.backups tbody')?.textContent).toContain('手动备份');
    makeSchool(archive); // data after the backup
    await click(button('恢复'));
    expect((await screen.findByRole('dialog')).textContent).toContain('当前的数据会先自动备份');
    await click(button('确定恢复'));
    await says('已恢复到');
    expect(archive.db.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(0);
    expect(container.querySelector('table.backups tbody')?.textContent).toContain('恢复备份之前');
  });
});
