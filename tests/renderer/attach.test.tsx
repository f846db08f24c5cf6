// @vitest-environment happy-dom
// Adding files to a record on the desktop host: the preload's bridge (invoke, on) in front of the
// real core. Dropped files travel by their bytes (media.stage, in chunks); 选择文件… asks the
// host's open dialog (app.pick), answered here the way Electron's dialog would.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createCompetition } from '../../electron/core/competitions/queries';
import { createAward } from '../../electron/core/awards/queries';
import { closeThumbWorker } from '../../electron/core/media/thumbs';
import type { PickKind } from '../../shared/desktop';
import { AttachZone } from '../../renderer/features/gallery/AttachZone';
import { useApp } from '../../renderer/stores/app';
import { useGallery } from '../../renderer/stores/gallery';
import { jpeg, mp4, write } from '../unit/media-fixtures';
import { STAGE_CHUNK } from '../../shared/calls/media';
import { act, fireEvent, screen, show, startCore, waitFor, type Core } from './kit';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

let archive: Archive;
let core: Core;
let src: string;
let awardId: string;
/** What the host's open dialog answers. */
let chosen: string[] = [];
const pick = vi.fn(async (_kind: PickKind) => chosen);

beforeEach(() => {
  core = startCore({ prefix: 'keji-ra-', events: true, pick });
  archive = core.archive;
  src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-ra-src-'));
  window.keji = { invoke: core.transport.invoke, on: core.transport.on };
  useApp.setState({ client: core.client, page: 'works', info: null, error: null });
  useGallery.getState().closeImport();
  const comp = createCompetition(archive, {
    name: '青少年科技创新大赛',
    level: '县级',
    session: null,
    year: 2025,
    organizer: null,
  });
  awardId = createAward(archive, {
    competitionId: comp.id,
    recipientKind: 'school',
    level: '县级',
    grade: '优秀组织奖',
    awardedOn: '2025-11-01',
  }).id;
  pick.mockClear();
});
afterEach(async () => {
  delete window.keji;
  archive.close();
  await closeThumbWorker();
});

const container = document.body;
const linked = () =>
  archive.db
    .prepare(
      `SELECT m.original_name FROM media_links l JOIN media m ON m.id=l.media_id
  WHERE l.target_kind='award' AND l.target_id=? ORDER BY l.position`,
    )
    .pluck()
    .all(awardId);

/** Drags files from the desktop onto `el` and lets go (user-event has no file drag and drop). */
function dropFiles(el: Element, files: File[]) {
  const dataTransfer = { files, types: ['Files'], dropEffect: 'none' };
  fireEvent.dragEnter(el, { dataTransfer });
  fireEvent.dragOver(el, { dataTransfer });
  fireEvent.drop(el, { dataTransfer });
}
const zone = () => show(<AttachZone target={{ kind: 'award', id: awardId }} label="证书扫描件" />);
const pickButton = () => screen.getByRole('button', { name: '选择文件…' });

describe('a record’s files on the desktop host', () => {
  it('files dropped on an award are sent by their bytes, imported and linked to it; the zone shows them', async () => {
    const fa = new File([new Uint8Array(await jpeg(1))], '证书正面.jpg', { type: 'image/jpeg' });
    const fb = new File([new Uint8Array(await jpeg(2))], '证书背面.jpg', { type: 'image/jpeg' });
    zone();
    await screen.findByText(/还没有文件/); // empty at first
    dropFiles(container.querySelector('.attach-zone')!, [fa, fb]);
    await screen.findByText(/已添加 2 个文件/, undefined, { timeout: 30_000 }); // the outcome shows in place
    expect(linked()).toEqual(['证书正面.jpg', '证书背面.jpg']);
    await waitFor(() => expect(container.querySelectorAll('.attach-item')).toHaveLength(2)); // both thumbnails listed
    expect([...container.querySelectorAll('.attach-item')].map((x) => x.getAttribute('aria-label'))).toEqual([
      '证书正面.jpg',
      '证书背面.jpg',
    ]);
    // The stored originals are the dropped bytes, and nothing is left in the upload folder.
    const shas = archive.db.prepare('SELECT sha256 FROM media ORDER BY original_name').pluck().all() as string[];
    expect(shas.sort()).toEqual([sha(await jpeg(1)), sha(await jpeg(2))].sort());
    expect(
      fs.existsSync(path.join(archive.dir, '.incoming'))
        ? fs
            .readdirSync(path.join(archive.dir, '.incoming'), { recursive: true })
            .filter((f) => /\.jpg$/.test(String(f)))
        : [],
    ).toEqual([]);
    // The importer is free again for the next record.
    expect(useGallery.getState().importing.phase).toBe('idle');
  });

  it('a video larger than one chunk arrives whole (sent in 4 MiB pieces)', async () => {
    const big = Buffer.concat([mp4(), crypto.randomBytes(STAGE_CHUNK + 12345)]);
    zone();
    dropFiles(container.querySelector('.attach-zone')!, [
      new File([new Uint8Array(big)], '颁奖现场.mp4', { type: 'video/mp4' }),
    ]);
    await screen.findByText(/已添加 1 个文件/, undefined, { timeout: 30_000 }); // the video was added
    expect(archive.db.prepare('SELECT sha256, size FROM media').get()).toEqual({ sha256: sha(big), size: big.length });
  });

  it('选择文件… opens the system dialog for media; a bad file gets its Chinese reason, the good one lands', async () => {
    chosen = [write(src, '奖状.jpg', await jpeg(3)), write(src, '坏的.jpg', 'not a photo at all')];
    const { user } = zone();
    await user.click(pickButton());
    expect(pick).toHaveBeenCalledWith('mediaFiles');
    await waitFor(() => expect(container.querySelector('.attach-warn')?.textContent).toContain('1 个文件未能导入'), {
      timeout: 30_000,
    });
    expect(container.querySelector('.attach-failed')!.textContent).toBe(
      '坏的.jpg：文件内容不是图片（可能是改了扩展名的其他文件）',
    );
    expect(linked()).toEqual(['奖状.jpg']);
  });

  it('a cancelled dialog imports nothing', async () => {
    chosen = [];
    const { user } = zone();
    await screen.findByText(/还没有文件/);
    await user.click(pickButton());
    expect(pick).toHaveBeenCalledWith('mediaFiles');
    // Nothing to wait for after a cancel, so the teacher simply picks again: the importer was left
    // free, says nothing about the cancelled pick, and only the second choice is added.
    chosen = [write(src, '奖状.jpg', await jpeg(5))];
    await user.click(pickButton());
    await screen.findByText(/已添加 1 个文件/, undefined, { timeout: 30_000 });
    expect(pick).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.querySelector('.attach-warn')).toBeNull();
    expect(linked()).toEqual(['奖状.jpg']);
    expect(useGallery.getState().importing.phase).toBe('idle');
  });

  it('while another import runs, a drop is refused with a message and nothing is lost', async () => {
    const f = new File([new Uint8Array(await jpeg(4))], 'a.jpg');
    useGallery.setState({ importing: { ...useGallery.getState().importing, phase: 'importing', done: 3, total: 200 } });
    zone();
    dropFiles(container.querySelector('.attach-zone')!, [f]);
    expect((await screen.findByRole('alert')).textContent).toBe('另一项导入正在进行，请稍候再试');
    expect(useGallery.getState().importing.total).toBe(200);
    expect(linked()).toEqual([]);
  });

  it('a file linked to the record elsewhere (the lightbox, another window) appears in its zone', async () => {
    const id = archive.clock.newId();
    archive.db
      .prepare(
        `INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at)
        VALUES (?, 't', 't', ?, 'jpg', 'photo', 'image/jpeg', 1, '领奖合影.jpg', '2025-11-01T10:00:00')`,
      )
      .run(id, 'a'.repeat(64));
    zone();
    await screen.findByText(/还没有文件/);
    await act(async () => {
      await core.client.call('media.link', { ids: [id], target: { kind: 'award', id: awardId } });
    });
    await waitFor(() =>
      expect([...container.querySelectorAll('.attach-item')].map((x) => x.getAttribute('aria-label'))).toEqual([
        '领奖合影.jpg',
      ]),
    );
    expect(screen.queryByText(/还没有文件/)).toBeNull();
  });
});
