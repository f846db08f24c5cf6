// @vitest-environment happy-dom
// 设置 against the real core through an in-memory transport: school name and term dates saved
// into the archive, a wrong term order explained next to the field, and 关于 showing the facts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations/index';
import { getSettings, setSettings } from '../../electron/core/settings';
import { createClient, type Transport } from '../../renderer/api/client';
import { App } from '../../renderer/App';
import { useApp } from '../../renderer/stores/app';
import { useSettings } from '../../renderer/stores/settings';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let container: HTMLElement;
let root: Root;
beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-r-')), { create: true });
  const dispatch = createDispatcher(archive, { validateOutput: true, host: { kind: 'desktop', portable: true, logDir: '/media/usb/科技档案-程序数据/logs', appVersion: '0.1.0', runtime: 'Electron 45.4.1' } });
  const transport: Transport = { invoke: (n, i) => dispatch(n, JSON.parse(JSON.stringify(i ?? {}))), on: () => () => {} };
  useApp.setState({ client: createClient(transport), page: 'settings', info: null, error: null, leaveGuard: null });
  useSettings.setState({ settings: null, about: null, error: null });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => { act(() => root.unmount()); archive.close(); container.remove(); });

const flush = async () => { for (let i = 0; i < 5; i++) await act(async () => { await new Promise((r) => setTimeout(r, 10)); }); };
const q = <T extends Element>(sel: string) => container.querySelector(sel) as T;
function setValue(el: HTMLInputElement | HTMLSelectElement, value: string) {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}
const selects = (field: string) => [...container.querySelectorAll(`fieldset[data-field="${field}"] select`)] as HTMLSelectElement[];

describe('设置', () => {
  it('saves the school name and term dates into the archive; the sidebar follows', async () => {
    setSettings(archive, { schoolName: '青山镇中心小学' });
    await act(async () => root.render(<App />));
    await flush();
    expect(q('h1').textContent).toBe('设置');
    const name = q<HTMLInputElement>('input[name="schoolName"]');
    expect(name.value).toBe('青山镇中心小学');
    expect(selects('autumnStart').map((s) => s.value)).toEqual(['9', '1']);
    expect(q<HTMLButtonElement>('button[type="submit"]').disabled).toBe(true); // nothing to save yet

    await act(async () => setValue(name, '青山镇第二小学'));
    const [am, ad] = selects('autumnStart');
    await act(async () => setValue(am, '8'));
    await act(async () => setValue(ad, '28'));
    const [sm, sd] = selects('springStart');
    await act(async () => setValue(sm, '2'));
    await act(async () => setValue(sd, '17'));
    await act(async () => q<HTMLButtonElement>('button[type="submit"]').click());
    await flush();

    expect(getSettings(archive)).toEqual({ schoolName: '青山镇第二小学', calendar: { autumnStart: '08-28', springStart: '02-17' } });
    expect(q('.brand-school').textContent).toBe('青山镇第二小学');
    expect(q('[role="status"]').textContent).toBe('已保存');
  });

  it('a second term after the first is explained next to the field and nothing is saved', async () => {
    await act(async () => root.render(<App />));
    await flush();
    const [sm] = selects('springStart');
    await act(async () => setValue(sm, '10'));
    // February has 29 days at most: picking the 30th of September, then February, clamps the day.
    const [am, ad] = selects('autumnStart');
    await act(async () => setValue(ad, '30'));
    await act(async () => setValue(am, '2'));
    expect(selects('autumnStart')[1].value).toBe('29');
    expect(selects('autumnStart')[1].options).toHaveLength(29);
    await act(async () => q<HTMLButtonElement>('button[type="submit"]').click());
    await flush();
    const err = container.querySelector('fieldset[data-field="springStart"] .field-error');
    expect(err?.textContent).toContain('第二学期的开始日期必须在第一学期开始之前');
    expect(getSettings(archive).calendar).toEqual({ autumnStart: '09-01', springStart: '02-01' });
    // Leaving with the unsaved change asks first.
    let asked = 0;
    window.confirm = () => { asked++; return false; };
    const activities = [...container.querySelectorAll('.nav-item')].find((b) => b.textContent === '活动') as HTMLButtonElement;
    await act(async () => activities.click());
    expect(asked).toBe(1);
    expect(q('h1').textContent).toBe('设置');
  });

  it('关于 shows version, archive location, schema version, portable mode and the log folder', async () => {
    await act(async () => root.render(<App />));
    await flush();
    const rows = Object.fromEntries([...container.querySelectorAll('.about-row')].map((r) => [r.querySelector('dt')!.textContent, r.querySelector('dd')!.textContent]));
    expect(rows).toEqual({
      版本: '0.1.0',
      档案位置: archive.dir,
      数据库版本: String(SCHEMA_VERSION),
      运行方式: '便携版（档案、设置和日志都保存在程序旁边，可随 U 盘携带）',
      日志文件夹: '/media/usb/科技档案-程序数据/logs',
      系统: `${process.platform} ${process.arch} · Electron 45.4.1`,
    });
    expect(container.textContent).toContain('不含学生信息');
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t: string) => { copied = t; } }, configurable: true });
    const copy = [...container.querySelectorAll('button')].find((b) => b.textContent === '复制以上信息') as HTMLButtonElement;
    await act(async () => copy.click());
    await flush();
    expect(copied.split('\n')).toEqual(['关于科技档案', '版本：0.1.0', `档案位置：${archive.dir}`, `数据库版本：${SCHEMA_VERSION}`,
      '运行方式：便携版（档案、设置和日志都保存在程序旁边，可随 U 盘携带）', '日志文件夹：/media/usb/科技档案-程序数据/logs', `系统：${process.platform} ${process.arch} · Electron 45.4.1`]);
  });
});
