// After a save, the row may not be in the list the teacher comes back to: the list's filter (a
// search word, a 类型, a 学年…) leaves it out. Saying nothing looks like the save was lost, so the
// list says it was saved and offers to clear the filter; the row is then scrolled to and marked.
import { useT } from '../../i18n';

export function SavedHiddenNotice({ title, onShowAll }: { title?: string; onShowAll(): void }) {
  const t = useT();
  return (
    <div role="status" className="banner ok saved-hidden">
      <span>{title ? t('records.savedHidden.named', { title }) : t('records.savedHidden')}</span>
      <button type="button" onClick={onShowAll}>
        {t('records.savedHidden.showAll')}
      </button>
    </div>
  );
}
