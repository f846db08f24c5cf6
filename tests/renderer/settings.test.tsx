// @vitest-environment happy-dom
// 设置 against the real core through an in-memory transport: school name and term dates saved
// into the archive, a wrong term order explained next to the field, and 关于 showing the facts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { getSettings, setSettings } from '../../electron/core/settings';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { useSettings } from '../../renderer/stores/settings';
import { screen, show, startCore, waitFor } from './kit';

let archive: Archive;
beforeEach(() => {
  const core = startCore({
    host: {
      kind: 'desktop',
      portable: true,
      logDir: '/media/usb/科技档案-程序数据/logs',
      appVersion: '0.1.0',
      runtime: 'Electron 45.4.1',
    },
  });
  archive = core.archive;
  useApp.setState({ client: core.client, page: 'settings', info: null, error: null, leaveGuard: null });
  useSettings.setState({ settings: null, about: null, error: null });
});
afterEach(() => archive.close());

const q = <T extends Element>(sel: string) => document.querySelector(sel) as T;
const selects = (field: string) =>
  [...document.querySelectorAll(`fieldset[data-field="${field}"] select`)] as HTMLSelectElement[];
const save = () => q<HTMLButtonElement>('form button[type="submit"]');

describe('设置', () => {
  it('saves the school name and term dates into the archive; the sidebar follows', async () => {
    setSettings(archive, { schoolName: '青山镇中心小学' });
    const { user } = show(<App />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('设置');
    const name = await waitFor(() => {
      const el = q<HTMLInputElement>('input[name="schoolName"]');
      expect(el.value).toBe('青山镇中心小学');
      return el;
    });
    expect(selects('autumnStart').map((s) => s.value)).toEqual(['9', '1']);
    expect(save().disabled).toBe(true); // nothing to save yet

    await user.clear(name);
    await user.paste('青山镇第二小学'); // typed by an input method: one commit, not key by key
    const [am, ad] = selects('autumnStart');
    await user.selectOptions(am, '8');
    await user.selectOptions(ad, '28');
    const [sm, sd] = selects('springStart');
    await user.selectOptions(sm, '2');
    await user.selectOptions(sd, '17');
    await user.click(save());

    expect((await screen.findByRole('status')).textContent).toBe('已保存');
    expect(getSettings(archive)).toEqual({
      schoolName: '青山镇第二小学',
      calendar: { autumnStart: '08-28', springStart: '02-17' },
    });
    await waitFor(() => expect(q('.brand-school').textContent).toBe('青山镇第二小学'));
  });

  it('a second term after the first is explained next to the field and nothing is saved', async () => {
    const { user } = show(<App />);
    await waitFor(() => expect(selects('springStart')).toHaveLength(2));
    const [sm] = selects('springStart');
    await user.selectOptions(sm, '10');
    // February has 29 days at most: picking the 30th of September, then February, clamps the day.
    const [am, ad] = selects('autumnStart');
    await user.selectOptions(ad, '30');
    await user.selectOptions(am, '2');
    expect(selects('autumnStart')[1].value).toBe('29');
    expect(selects('autumnStart')[1].options).toHaveLength(29);
    await user.click(save());
    await waitFor(() =>
      expect(document.querySelector('fieldset[data-field="springStart"] .field-error')?.textContent).toContain(
        '第二学期的开始日期必须在第一学期开始之前',
      ),
    );
    expect(getSettings(archive).calendar).toEqual({ autumnStart: '09-01', springStart: '02-01' });
    // Leaving with the unsaved change asks first.
    let asked = 0;
    window.confirm = () => {
      asked++;
      return false;
    };
    await user.click(screen.getByRole('button', { name: '活动' }));
    expect(asked).toBe(1);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('设置');
  });

  it('关于 shows version, archive location, schema version, portable mode and the log folder', async () => {
    const { user } = show(<App />);
    const rows = () =>
      Object.fromEntries(
        [...document.querySelectorAll('.about-row')].map((r) => [
          r.querySelector('dt')!.textContent,
          r.querySelector('dd')!.textContent,
        ]),
      );
    await waitFor(() =>
      expect(rows()).toEqual({
        版本: '0.1.0',
        档案位置: archive.dir,
        数据库版本: String(SCHEMA_VERSION),
        运行方式: '便携版（档案、设置和日志都保存在程序旁边，可随 U 盘携带）',
        日志文件夹: '/media/usb/科技档案-程序数据/logs',
        系统: `${process.platform} ${process.arch} · Electron 45.4.1`,
      }),
    );
    expect(document.body.textContent).toContain('不含学生信息');
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      value: {
        writeText: async (t: string) => {
          copied = t;
        },
      },
      configurable: true,
    });
    await user.click(screen.getByRole('button', { name: '复制以上信息' }));
    await screen.findByText('已复制');
    expect(copied.split('\n')).toEqual([
      '关于科技档案',
      '版本：0.1.0',
      `档案位置：${archive.dir}`,
      `数据库版本：${SCHEMA_VERSION}`,
      '运行方式：便携版（档案、设置和日志都保存在程序旁边，可随 U 盘携带）',
      '日志文件夹：/media/usb/科技档案-程序数据/logs',
      `系统：${process.platform} ${process.arch} · Electron 45.4.1`,
    ]);
  });
});
