// @vitest-environment happy-dom
// Pickers and lists that scale, against the real core: an activity older than the 5,000 newest and
// a graduate found by pinyin initials; answers that hold back rows say how many; the keyboard
// cursor of the one virtualiser in a list and in the 相册 grid.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { createActivity } from '../../electron/core/activities/queries';
import { createPerson, setArchived } from '../../electron/core/people/queries';
import { Picker } from '../../renderer/components/Picker';
import { VirtualList } from '../../renderer/components/VirtualList';
import { GalleryPage } from '../../renderer/features/gallery/GalleryPage';
import { useApp } from '../../renderer/stores/app';
import { useGallery } from '../../renderer/stores/gallery';
import type { Client } from '../../renderer/api/client';
import { act, screen, show, startCore, waitFor, within } from './kit';
import { useState } from 'react';

let archive: Archive;
let client: Client;

beforeEach(() => {
  const core = startCore({ prefix: 'keji-rp-', events: true });
  archive = core.archive;
  client = core.client;
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

/** 5,100 activities, one a day back from mid-2026, and the oldest of all, 2008's 气象站参观. */
function tenYears(): string {
  const oldest = createActivity(archive, {
    title: '气象站参观',
    type: '参观考察',
    status: 'done',
    startDate: '2008-03-01',
    teacherIds: [],
    participantIds: [],
    tags: [],
  }).id;
  const ins = archive.db.prepare(
    "INSERT INTO activities (id, created_at, updated_at, title, type, status, start_date) VALUES (?, 't', 't', ?, '科普讲座', 'done', ?)",
  );
  const day = Date.UTC(2026, 5, 30);
  archive.db.transaction(() => {
    for (let i = 0; i < 5100; i++)
      ins.run(archive.clock.newId(), `讲座${i + 1}`, new Date(day - i * 86400_000).toISOString().slice(0, 10));
  })();
  return oldest;
}

function PickOne({ kind, onPicked }: { kind: 'activity' | 'person'; onPicked(id: string): void }) {
  const [v, setV] = useState('');
  return (
    <Picker
      kind={kind}
      label="选择"
      emptyLabel="全部"
      value={v}
      onChange={(id) => {
        setV(id);
        onPicked(id);
      }}
    />
  );
}

describe('pickers and lists that say what they hold back', () => {
  it('finds an activity older than the 5,000 newest by pinyin initials, says how many more there are; activities.page pages them', async () => {
    const oldest = tenYears();
    let picked = '';
    const { user } = show(
      <PickOne
        kind="activity"
        onPicked={(id) => {
          picked = id;
        }}
      />,
    );
    const box = screen.getByRole('combobox', { name: '选择' });
    await user.click(box);
    // No text: the newest first, one page of them, and the count of the rest.
    const list = await screen.findByRole('listbox', { name: '选择' });
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBe(51)); // 全部 + 50
    expect(screen.getByRole('status').textContent).toContain('还有 5051 项');
    await user.click(within(screen.getByRole('status')).getByRole('button', { name: '显示更多' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('还有 5001 项'));
    // qxz: 气象站
    await user.type(box, 'qxz');
    const option = await screen.findByRole('option', { name: /气象站参观/ });
    expect(option.textContent).toContain('2008年3月1日');
    await user.keyboard('{Enter}');
    expect(picked).toBe(oldest);
    expect((box as HTMLInputElement).value).toBe('2008-03-01 气象站参观');

    // The 活动 list's page call: a page, the total, the headings, where an activity stands.
    const page = await client.call('activities.page', { offset: 0, limit: 100, locate: oldest });
    expect(page.items).toHaveLength(100);
    expect(page.total).toBe(5101);
    expect(page.groups.reduce((s, g) => s + g.count, 0)).toBe(5101);
    expect(page.groups[0]).toMatchObject({ schoolYear: 2025, term: 2 });
    expect(page.located).toBe(5100);
    const last = await client.call('activities.page', { offset: 5100, limit: 100 });
    expect(last.items.map((a) => a.title)).toEqual(['气象站参观']);
    const y = await client.call('activities.page', { schoolYear: 2007, limit: 10 });
    expect(y).toMatchObject({ total: 1, groups: [{ schoolYear: 2007, term: 2, count: 1 }] });
  }, 120_000);

  it('finds a graduate by pinyin initials, marked 已毕业', async () => {
    const grad = createPerson(archive, { kind: 'student', name: '张树茂', entryYear: 2010, classNo: 2 });
    setArchived(archive, grad.id, true);
    createPerson(archive, { kind: 'student', name: '张小明', entryYear: 2023, classNo: 1 });
    let picked = '';
    const { user } = show(
      <PickOne
        kind="person"
        onPicked={(id) => {
          picked = id;
        }}
      />,
    );
    const box = screen.getByRole('combobox', { name: '选择' });
    await user.click(box);
    await user.type(box, 'zsm');
    await waitFor(() => expect(screen.queryByRole('option', { name: /张小明/ })).toBeNull());
    const option = await screen.findByRole('option', { name: /张树茂/ });
    expect(option.textContent).toContain('已毕业');
    await user.click(option);
    expect(picked).toBe(grad.id);
  });

  it('the 相册 人员 filter reaches a graduate; the 活动 filter is no <select> of thousands', async () => {
    const grad = createPerson(archive, { kind: 'student', name: '李梓涵', entryYear: 2009, classNo: 1 });
    setArchived(archive, grad.id, true);
    const { user } = show(<GalleryPage />);
    await screen.findByText(/^还没有照片/);
    expect(document.querySelectorAll('.gallery-filters option').length).toBeLessThan(20); // 分组 and 学年 and 类型 only
    const person = screen.getByRole('combobox', { name: '人员' });
    await user.click(person);
    await user.type(person, 'lzh');
    await user.click(await screen.findByRole('option', { name: /李梓涵.*已毕业/ }));
    expect(useGallery.getState().filter.personId).toBe(grad.id);
  });

  it('arrow keys move the cursor in a list; Home and End reach the ends of 1,000 rows', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? `H${i}` : `r${i}`));
    const opened: string[] = [];
    const { user } = show(
      <VirtualList
        items={items}
        itemHeight={(x) => (x.startsWith('H') ? 50 : 30)}
        fallbackHeight={300}
        label="测试列表"
        getKey={(x) => x}
        isItem={(x) => !x.startsWith('H')}
        renderItem={(x) => (x.startsWith('H') ? <h3>{x}</h3> : <button onClick={() => opened.push(x)}>{x}</button>)}
      />,
    );
    const list = screen.getByRole('region', { name: '测试列表' });
    list.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('r1'); // headings are skipped
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('r3');
    await user.keyboard('{Enter}');
    expect(opened).toEqual(['r3']);
    await user.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('r999'));
    expect(list.scrollTop).toBeGreaterThan(0);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement?.textContent).toBe('r998');
    await user.keyboard('{Home}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('r1'));
    expect(list.scrollTop).toBe(0);
  });

  it('arrow keys move the cursor over the 相册 tiles, a row at a time up and down; Enter opens', async () => {
    const ins = archive.db
      .prepare(`INSERT INTO media (id, created_at, updated_at, sha256, ext, kind, mime, size, original_name, taken_at)
      VALUES (?, 't', 't', ?, 'jpg', 'photo', 'image/jpeg', 1, ?, ?)`);
    archive.db.transaction(() => {
      for (let i = 0; i < 300; i++)
        ins.run(
          archive.clock.newId(),
          i.toString(16).padStart(64, '0'),
          `F${i}.jpg`,
          `2024-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00`,
        );
    })();
    const { user } = show(<GalleryPage />);
    await waitFor(() => expect(document.querySelectorAll('.tile:not(.placeholder)').length).toBeGreaterThan(10));
    const grid = document.querySelector('.vgrid') as HTMLElement;
    const cols = Number(
      grid
        .querySelector('.vgrid-row')!
        .getAttribute('style')!
        .match(/repeat\((\d+)/)![1],
    );
    grid.focus();
    await user.keyboard('{ArrowRight}');
    const at = () => Number((document.activeElement as HTMLElement).dataset.item);
    expect(at()).toBe(0);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(at()).toBe(2);
    await user.keyboard('{ArrowDown}');
    expect(at()).toBe(2 + cols);
    await user.keyboard('{ArrowLeft}{ArrowUp}');
    expect(at()).toBe(1);
    await user.keyboard('{End}');
    await waitFor(() => expect(at()).toBe(299));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(useGallery.getState().lightbox).toBe(299));
    await act(async () => useGallery.getState().open(null));
  });
});
