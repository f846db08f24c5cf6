// @vitest-environment happy-dom
// Adding files to a record on the desktop host: the preload's bridge (invoke, on) in front of the
// real core. Dropped files travel by their bytes (media.stage, in chunks); 选择文件… asks the
// host's open dialog (app.pick), answered here the way Electron's dialog would.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import { createCompetition } from '../../electron/core/competitions';
import { createAward } from '../../electron/core/awards';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import type { EventName } from '../../shared/contract';
import type { PickKind } from '../../shared/desktop';
import { createClient, type Transport } from '../../renderer/api/client';
import { AttachZone } from '../../renderer/features/gallery/AttachZone';
import { useApp } from '../../renderer/stores/app';
import { useGallery } from '../../renderer/stores/gallery';
import { jpeg, mp4, write } from '../unit/media-fixtures';
import { STAGE_CHUNK } from '../../shared/calls/media';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let archive: Archive;
let container: HTMLElement;
let root: Root;
let src: string;
let awardId: string;
/** What the host's open dialog answers. */
let chosen: string[] = [];
const pick = vi.fn(async (_kind: PickKind) => chosen);

beforeEach(() => {
  archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'keji-ra-')), { create: true });
  src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-ra-src-'));
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const emit = (e: string, p: unknown) => { for (const l of listeners.get(e as EventName) ?? []) l(p); };
  const dispatch = createDispatcher(archive, { validateOutput: true, emit, pick });
  const transport: Transport = {
    invoke: (n, i) => dispatch(n, JSON.parse(JSON.stringify(i ?? {}))),
    on: (e, cb) => { const s = listeners.get(e) ?? new Set(); listeners.set(e, s); s.add(cb); return () => s.delete(cb); },
  };
  window.keji = { invoke: transport.invoke, on: transport.on };
  useApp.setState({ client: createClient(transport), page: 'works', info: null, error: null });
  useGallery.getState().closeImport();
  const comp = createCompetition(archive, { name: '青少年科技创新大赛', level: '县级', session: null, year: 2025, organizer: null });
  awardId = createAward(archive, { competitionId: comp.id, recipientKind: 'school', level: '县级', grade: '优秀组织奖', awardedOn: '2025-11-01' }).id;
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  pick.mockClear();
});
afterEach(async () => {
  act(() => root.unmount());
  container.remove();
  delete window.keji;
  archive.close();
  await closeThumbWorker();
});

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !cond(); i++) await act(async () => { await new Promise((r) => setTimeout(r, 20)); });
  expect(cond(), what).toBe(true);
};
const linked = () => archive.db.prepare(`SELECT m.original_name FROM media_links l JOIN media m ON m.id=l.media_id
  WHERE l.target_kind='award' AND l.target_id=? ORDER BY l.position`).pluck().all(awardId);

async function dropFiles(el: Element, files: File[]) {
  const dt = { files, types: ['Files'], dropEffect: 'none' };
  await act(async () => {
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const e = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'dataTransfer', { value: dt });
      el.dispatchEvent(e);
    }
  });
}

describe('a record’s files on the desktop host', () => {
  it('files dropped on an award are sent by their bytes, imported and linked to it; the zone shows them', async () => {
    const fa = new File([new Uint8Array(await jpeg(1))], '证书正面.jpg', { type: 'image/jpeg' });
    const fb = new File([new Uint8Array(await jpeg(2))], '证书背面.jpg', { type: 'image/jpeg' });
    await act(async () => root.render(<AttachZone target={{ kind: 'award', id: awardId }} label="证书扫描件" />));
    await until(() => !!container.textContent?.includes('还没有文件'), 'empty at first');
    await dropFiles(container.querySelector('.attach-zone')!, [fa, fb]);
    await until(() => !!container.textContent?.includes('已添加 2 个文件'), 'the outcome shows in place');
    expect(linked()).toEqual(['证书正面.jpg', '证书背面.jpg']);
    await until(() => container.querySelectorAll('.attach-item').length === 2, 'both thumbnails listed');
    expect([...container.querySelectorAll('.attach-item')].map((x) => x.getAttribute('aria-label'))).toEqual(['证书正面.jpg', '证书背面.jpg']);
    // The stored originals are the dropped bytes, and nothing is left in the upload folder.
    const shas = archive.db.prepare('SELECT sha256 FROM media ORDER BY original_name').pluck().all() as string[];
    expect(shas.sort()).toEqual([sha(await jpeg(1)), sha(await jpeg(2))].sort());
    expect(fs.existsSync(path.join(archive.dir, '.incoming')) ? fs.readdirSync(path.join(archive.dir, '.incoming'), { recursive: true }).filter((f) => /\.jpg$/.test(String(f))) : []).toEqual([]);
    // The importer is free again for the next record.
    expect(useGallery.getState().importing.phase).toBe('idle');
  });

  it('a video larger than one chunk arrives whole (sent in 4 MiB pieces)', async () => {
    const big = Buffer.concat([mp4(), crypto.randomBytes(STAGE_CHUNK + 12345)]);
    await act(async () => root.render(<AttachZone target={{ kind: 'award', id: awardId }} label="证书扫描件" />));
    await dropFiles(container.querySelector('.attach-zone')!, [new File([new Uint8Array(big)], '颁奖现场.mp4', { type: 'video/mp4' })]);
    await until(() => !!container.textContent?.includes('已添加 1 个文件'), 'the video was added');
    expect(archive.db.prepare('SELECT sha256, size FROM media').get()).toEqual({ sha256: sha(big), size: big.length });
  });

  it('选择文件… opens the system dialog for media; a bad file gets its Chinese reason, the good one lands', async () => {
    chosen = [write(src, '奖状.jpg', await jpeg(3)), write(src, '坏的.jpg', 'not a photo at all')];
    await act(async () => root.render(<AttachZone target={{ kind: 'award', id: awardId }} label="证书扫描件" />));
    const button = [...container.querySelectorAll('button')].find((x) => x.textContent === '选择文件…')!;
    await act(async () => { button.click(); });
    expect(pick).toHaveBeenCalledWith('mediaFiles');
    await until(() => !!container.querySelector('.attach-warn'), 'the outcome shows');
    expect(container.querySelector('.attach-warn')!.textContent).toContain('1 个文件未能导入');
    expect(container.querySelector('.attach-failed')!.textContent).toBe('坏的.jpg：文件内容不是图片（可能是改了扩展名的其他文件）');
    expect(linked()).toEqual(['奖状.jpg']);
  });

  it('a cancelled dialog imports nothing', async () => {
    chosen = [];
    await act(async () => root.render(<AttachZone target={{ kind: 'award', id: awardId }} label="证书扫描件" />));
    const button = [...container.querySelectorAll('button')].find((x) => x.textContent === '选择文件…')!;
    await act(async () => { button.click(); });
    await act(async () => { await new Promise((r) => setTimeout(r, 50)); });
    expect(pick).toHaveBeenCalledWith('mediaFiles');
    expect(useGallery.getState().importing.phase).toBe('idle');
    expect(linked()).toEqual([]);
  });

  it('while another import runs, a drop is refused with a message and nothing is lost', async () => {
    const f = new File([new Uint8Array(await jpeg(4))], 'a.jpg');
    useGallery.setState({ importing: { ...useGallery.getState().importing, phase: 'importing', done: 3, total: 200 } });
    await act(async () => root.render(<AttachZone target={{ kind: 'award', id: awardId }} label="证书扫描件" />));
    await dropFiles(container.querySelector('.attach-zone')!, [f]);
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('另一项导入正在进行，请稍候再试');
    expect(useGallery.getState().importing.total).toBe(200);
    expect(linked()).toEqual([]);
  });
});
