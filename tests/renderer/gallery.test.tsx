// @vitest-environment happy-dom
// The 相册 against the real core through an in-memory transport: a windowed grid at 5,000
// items, the grouping headings, the import dialog following job progress, and the layout maths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { GalleryPage } from '../../renderer/features/gallery/GalleryPage';
import { firstRowBelow, layoutRows } from '../../renderer/features/gallery/VirtualGrid';
import { useApp } from '../../renderer/stores/app';
import { useGallery } from '../../renderer/stores/gallery';
import { act, screen, show, startCore, texts, waitFor, type Core } from './kit';

let archive: Archive;
let core: Core;

beforeEach(() => {
  core = startCore({ prefix: 'keji-rg-', events: true });
  archive = core.archive;
  useApp.setState({ client: core.client, page: 'gallery', info: null, error: null });
  useGallery.setState({
    filter: { groupBy: 'month' },
    groups: [],
    total: 0,
    pages: new Map(),
    loaded: false,
    lightbox: null,
  });
});
afterEach(() => archive.close());

const container = document.body;
const count = () => container.querySelector('.gallery-count')?.textContent;
const button = (text: string) =>
  [...container.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;

function fakeRows(n: number) {
  const ins = archive.db
    .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at)
    VALUES (?, 't', 't', ?, ?, ?, ?, 1, ?, ?)`);
  archive.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const d = new Date(Date.UTC(2024, 0, 1) + i * 6 * 3600_000).toISOString().slice(0, 19);
      const video = i % 50 === 0;
      ins.run(
        archive.clock.newId(),
        i.toString(16).padStart(64, '0'),
        video ? 'mp4' : 'jpg',
        video ? 'video' : 'photo',
        video ? 'video/mp4' : 'image/jpeg',
        `F${i}.${video ? 'mp4' : 'jpg'}`,
        d,
      );
    }
  })();
}

describe('layout maths', () => {
  it('puts a heading above each group and fills rows column by column', () => {
    const { rows, height } = layoutRows(
      [
        { key: '2025-05', count: 7, title: null, date: null },
        { key: '2025-04', count: 3, title: null, date: null },
      ],
      3,
      100,
    );
    expect(rows.map((r) => (r.type === 'header' ? `h:${r.group.key}` : `${r.start}+${r.count}`))).toEqual([
      'h:2025-05',
      '0+3',
      '3+3',
      '6+1',
      'h:2025-04',
      '7+3',
    ]);
    expect(height).toBe(2 * 44 + 4 * 108);
    expect(firstRowBelow(rows, 0)).toBe(0);
    expect(firstRowBelow(rows, 44 + 108 + 1)).toBe(2);
    expect(firstRowBelow(rows, height + 10)).toBe(rows.length);
  });
});

describe('相册 page', () => {
  it('shows 5,000 items with only a window of tiles in the DOM, headed by month', async () => {
    fakeRows(5000);
    const { user } = show(<GalleryPage />);
    await waitFor(() => expect(count()).toBe('共 5000 项'));
    await waitFor(() => expect(container.querySelectorAll('.vgrid-title').length).toBeGreaterThan(1));
    const heads = [...container.querySelectorAll('.vgrid-title')].map((h) => h.textContent);
    expect(heads[0]).toMatch(/^2027年6月/);
    expect(heads[1]).toMatch(/^2027年5月（124）/);
    const cells = container.querySelectorAll('.vgrid-cell').length;
    expect(cells).toBeGreaterThan(6);
    expect(cells).toBeLessThan(150);
    // Only the first page of items was asked for and kept.
    expect(useGallery.getState().pages.size).toBe(1);
    // Grouping by 学年 asks the core again.
    await user.selectOptions(container.querySelector('.gallery-filters select')!, 'year');
    await waitFor(() => expect(texts('.vgrid-title')[0]).toMatch(/^2026—2027学年/));
  });

  it('follows the import job: progress with count and current file, then the summary with reasons', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-rg-src-'));
    const { jpeg } = await import('../unit/media-fixtures');
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(src, `IMG_${i}.jpg`), await jpeg(i));
    fs.writeFileSync(path.join(src, 'empty.jpg'), '');
    const { user } = show(<GalleryPage />);
    await screen.findByText(/还没有照片/);
    const seen: string[] = [];
    const unsub = useGallery.subscribe((s) => {
      if (s.importing.phase === 'importing') seen.push(`${s.importing.done}/${s.importing.total}`);
    });
    await user.click(container.querySelector('.page-header button.primary')!);
    await user.click(container.querySelector('.import-dialog textarea')!);
    await user.paste(src);
    await user.click(button('开始导入'));
    await waitFor(
      () =>
        expect(container.querySelector('.import-result [role=status]')?.textContent).toBe(
          '导入完成：新增 4 项，已存在 0 项，失败 1 项',
        ),
      { timeout: 30_000 },
    );
    unsub();
    expect(seen.some((x) => /^\d+\/5$/.test(x))).toBe(true);
    expect(container.querySelector('.import-failed')?.textContent).toContain('空文件（0 字节）');
    await waitFor(() => expect(count()).toBe('共 4 项'));
    fs.rmSync(src, { recursive: true, force: true });
  });

  it('after an import, clears an activity filter that hides every new file and scrolls to them', async () => {
    // The case: 查看本活动相册 left a filter on an activity with 28 photos; 3 photos from a
    // stick (taken in 2020, so at the far end of the grid) are imported without an activity.
    const { createActivity } = await import('../../electron/core/activities/queries');
    const act1 = createActivity(archive, {
      title: '科技馆参观',
      type: '参观考察',
      status: 'done',
      startDate: '2024-12-17',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    fakeRows(28);
    archive.db
      .prepare(
        "INSERT INTO media_links (media_id, target_kind, target_id, position, created_at) SELECT id, 'activity', ?, 0, 't' FROM media",
      )
      .run(act1.id);
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-rg-src-'));
    const { jpeg } = await import('../unit/media-fixtures');
    for (let i = 0; i < 3; i++) {
      const f = path.join(src, `U盘${i}.jpg`);
      fs.writeFileSync(f, await jpeg(40 + i));
      fs.utimesSync(f, new Date('2020-03-0' + (i + 1) + 'T10:00:00'), new Date('2020-03-0' + (i + 1) + 'T10:00:00'));
    }
    useGallery.setState({ filter: { groupBy: 'month', activityId: act1.id } });
    show(<GalleryPage />);
    await waitFor(() => expect(count()).toBe('共 28 项'));
    await act(async () => {
      await useGallery.getState().importPaths([src]);
    });
    await waitFor(() => expect(count()).toBe('共 31 项'));
    expect(useGallery.getState().filter).toEqual({ groupBy: 'month' });
    // Scrolled to them: the three new tiles (marked) are in the window, under their month.
    await waitFor(() =>
      expect([...container.querySelectorAll('.tile.fresh')].map((t) => t.getAttribute('aria-label')).sort()).toEqual([
        'U盘0.jpg',
        'U盘1.jpg',
        'U盘2.jpg',
      ]),
    );
    expect((container.querySelector('.vgrid') as HTMLElement).scrollTop).toBeGreaterThan(0);
    expect(texts('.vgrid-title')).toContainEqual(expect.stringMatching(/^2020年3月/));
    fs.rmSync(src, { recursive: true, force: true });
  });

  it('after an import, says how many new files a filter hides, and 显示全部 shows them', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'keji-rg-src-'));
    const { jpeg, pdf } = await import('../unit/media-fixtures');
    fs.writeFileSync(path.join(src, 'a.jpg'), await jpeg(50));
    fs.writeFileSync(path.join(src, 'b.jpg'), await jpeg(51));
    fs.writeFileSync(path.join(src, '活动方案.pdf'), pdf());
    useGallery.setState({ filter: { groupBy: 'month', kind: 'photo' } });
    const { user } = show(<GalleryPage />);
    await screen.findByText('没有符合条件的照片');
    await act(async () => {
      await useGallery.getState().importPaths([src]);
    });
    // Two photos show; the PDF is hidden by 类型=照片, and the page says so.
    await waitFor(() => expect(count()).toBe('共 2 项'));
    const note = await waitFor(() => {
      const n = container.querySelector('.gallery-hidden-new')!;
      expect(n?.textContent).toBe('刚导入的 1 项被筛选隐藏 · 显示全部');
      return n;
    });
    await user.click(note.querySelector('button')!);
    await waitFor(() => expect(count()).toBe('共 3 项'));
    expect(useGallery.getState().filter).toEqual({ groupBy: 'month' });
    expect(container.querySelector('.gallery-hidden-new')).toBeNull();
    await waitFor(() => expect(container.querySelectorAll('.tile.fresh')).toHaveLength(3));
    fs.rmSync(src, { recursive: true, force: true });
  });

  it('filters 日期不确定 and the lightbox says where each date came from', async () => {
    fakeRows(3);
    const ids = archive.db.prepare('SELECT id FROM media ORDER BY taken_at').pluck().all() as string[];
    archive.db.prepare("UPDATE media SET taken_source='file' WHERE id=?").run(ids[0]);
    archive.db.prepare("UPDATE media SET taken_source='video' WHERE id=?").run(ids[1]);
    const { user } = show(<GalleryPage />);
    await waitFor(() => expect(count()).toBe('共 3 项'));
    await user.click(screen.getByRole('checkbox', { name: '日期不确定' }));
    await waitFor(() => expect(count()).toBe('共 1 项'));
    await waitFor(() => expect(container.querySelectorAll('.tile')).toHaveLength(1));
    await user.click(container.querySelector('.tile')!);
    await waitFor(() =>
      expect(container.querySelector('.lb-source')?.textContent).toBe(
        '不确定：文件中没有时间，按文件修改时间（可用“调整拍摄时间”改正）',
      ),
    );
  });

  it('选择 two photos, 调整拍摄时间 by +1 year moves them to their month, and 撤销 puts them back', async () => {
    fakeRows(3); // January 2024, 00:00, 06:00, 12:00
    const { user } = show(<GalleryPage />);
    await waitFor(() => expect(container.querySelectorAll('.tile')).toHaveLength(3));
    await user.click(button('选择'));
    const tiles = [...container.querySelectorAll('.tile')] as HTMLButtonElement[];
    await user.click(tiles[0]);
    await user.click(tiles[1]);
    expect(container.querySelector('.gallery-selectbar')?.textContent).toContain('已选 2 项');
    expect(useGallery.getState().lightbox).toBeNull(); // selecting does not open the lightbox
    await user.click(button('调整拍摄时间…'));
    await user.clear(container.querySelector('.retime-unit input')!);
    await user.type(container.querySelector('.retime-unit input')!, '1');
    await user.click(button('调整'));
    await waitFor(() =>
      expect(container.querySelector('.gallery-retimed')?.textContent).toBe('已调整 2 项的拍摄时间 · 撤销'),
    );
    expect(
      archive.db
        .prepare(
          "SELECT original_name || ' ' || taken_at || ' ' || taken_source FROM media WHERE taken_source='manual' ORDER BY taken_at",
        )
        .pluck()
        .all(),
    ).toEqual(['F0.mp4 2025-01-01T00:00:00 manual', 'F1.jpg 2025-01-01T06:00:00 manual']);
    await waitFor(() => expect(texts('.vgrid-title')).toEqual(['2025年1月（2）', '2024年1月（1）']));
    await user.click(button('撤销'));
    await waitFor(() => expect(container.querySelector('.gallery-retimed')?.textContent).toBe('已撤销调整'));
    expect(
      archive.db
        .prepare("SELECT COUNT(*) FROM media WHERE taken_source IS NULL AND taken_at LIKE '2024-01-01%'")
        .pluck()
        .get(),
    ).toBe(3);
    await waitFor(() => expect(texts('.vgrid-title')).toEqual(['2024年1月（3）']));
  });

  it('the grid and the open lightbox follow changes made elsewhere in the archive', async () => {
    const { createActivity } = await import('../../electron/core/activities/queries');
    const trip = createActivity(archive, {
      title: '气象站观测',
      type: '参观考察',
      status: 'done',
      startDate: '2024-01-02',
      teacherIds: [],
      participantIds: [],
      tags: [],
    });
    fakeRows(3);
    const { user } = show(<GalleryPage />);
    await waitFor(() => expect(container.querySelectorAll('.tile')).toHaveLength(3));
    const [first, , last] = [...container.querySelectorAll('.tile')] as HTMLButtonElement[];
    await user.click(first);
    await screen.findByText('未关联任何记录');
    // Another window (or a sheet import, a merge) links the photo shown and trashes another one.
    await act(async () => {
      await core.client.call('media.link', { ids: [first.dataset.id!], target: { kind: 'activity', id: trip.id } });
    });
    await waitFor(() => expect(texts('.lb-link-title')).toEqual(['气象站观测 · 2024年1月2日']));
    await act(async () => {
      await core.client.call('trash.delete', { kind: 'media', id: last.dataset.id! });
    });
    await waitFor(() => expect(count()).toBe('共 2 项'));
    expect(container.querySelector('.lb-pos')?.textContent).toBe('第 1 / 2 项');
  });

  it('the 证书墙 shows a certificate photo set elsewhere, without leaving the tab', async () => {
    const { createCompetition } = await import('../../electron/core/competitions/queries');
    const { createAward } = await import('../../electron/core/awards/queries');
    const comp = createCompetition(archive, {
      name: '青少年科技创新大赛',
      level: '县级',
      session: null,
      year: 2024,
      organizer: null,
    });
    const award = createAward(archive, {
      competitionId: comp.id,
      recipientKind: 'school',
      level: '县级',
      grade: '优秀组织奖',
      awardedOn: '2024-11-01',
    });
    fakeRows(2);
    const photo = archive.db.prepare("SELECT id FROM media WHERE kind='photo'").pluck().get() as string;
    const { user } = show(<GalleryPage />);
    await user.click(screen.getByRole('tab', { name: '证书墙' }));
    await screen.findByText(/还没有证书照片/);
    await act(async () => {
      await core.client.call('media.setCover', { id: photo, target: { kind: 'award', id: award.id } });
    });
    await waitFor(() => expect(texts('.cert-grade')).toEqual(['县级 优秀组织奖']));
    expect(screen.queryByText(/还没有证书照片/)).toBeNull();
  });
});
