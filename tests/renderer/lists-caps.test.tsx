// @vitest-environment happy-dom
// No silent caps, as the teacher sees it: 总结导出 chooses a student out of many in a picker that
// shows a page of them and says how many more there are (it used to list people.list's first 10,000
// in a <select>, the rest left out without a word).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/core/db/open';
import { setArchived } from '../../electron/core/people/queries';
import { ExportPanel } from '../../renderer/features/summary/ExportPanel';
import { useApp } from '../../renderer/stores/app';
import { screen, show, startCore, waitFor, within } from './kit';

let archive: Archive;
let calls: string[];
beforeEach(() => {
  const core = startCore({ prefix: 'keji-rc-' });
  archive = core.archive;
  calls = core.calls;
  useApp.setState({ client: core.client, page: 'summary', info: null, error: null });
});
afterEach(() => archive.close());

/** `n` students, 学生000 … (ids 0198…), straight into SQLite. */
function students(n: number): string[] {
  const ins = archive.db.prepare(
    `INSERT INTO people (id, created_at, updated_at, kind, name, stage, entry_year, class_no) VALUES (?,?,?,?,?,?,?,?)`,
  );
  const ids: string[] = [];
  archive.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `0198${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`;
      ids.push(id);
      ins.run(id, 't', 't', 'student', `学生${String(i).padStart(3, '0')}`, '小学', 2020, 1);
    }
  })();
  return ids;
}

describe('总结导出 chooses a student out of many', () => {
  it('shows a page of them, says how many more there are, and finds a graduate by name', async () => {
    const ids = students(80);
    setArchived(archive, ids[77], true); // graduated: still someone whose record can be exported
    const { user } = show(<ExportPanel spec={{ kind: 'year', year: 2024 }} />);
    const card = screen.getByRole('heading', { name: '学生科技活动记录（综合素质评价）' }).closest('section')!;
    const word = within(card).getByRole('button', { name: /Word/ });
    expect((word as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(card).getByRole('combobox', { name: '选择学生' }));
    const list = await within(card).findByRole('listbox');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(50));
    expect(within(card).getByRole('status').textContent).toContain('还有 30 项');
    await user.keyboard('学生077');
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toHaveLength(1),
    );
    expect(within(list).getByRole('option').textContent).toContain('已毕业');
    await user.keyboard('{Enter}');
    await waitFor(() => expect((word as HTMLButtonElement).disabled).toBe(false));
    expect(calls).not.toContain('people.list');
  });
});
