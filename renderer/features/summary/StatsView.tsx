// The numbers of the period: cards with the change against the previous period, the 级别×等级
// and 类别×等级 tables with 项 and 人次 apart, the comparison, and per student / per 指导教师.
import type { SummaryStats } from '../../../shared/calls/summary';
import { AWARD_GRADES, AWARD_LEVELS, CATEGORY_SHORT, rankOf } from '../../../shared/domain/vocab';
import type { Stats } from '../../../shared/schemas';
import { useT } from '../../i18n';

const SHOWN = 30;
const byLevel = (x: string, y: string) =>
  rankOf(AWARD_LEVELS, x) - rankOf(AWARD_LEVELS, y) || x.localeCompare(y, 'zh-Hans-CN');
const byGrade = (x: string, y: string) =>
  rankOf(AWARD_GRADES, x) - rankOf(AWARD_GRADES, y) || x.localeCompare(y, 'zh-Hans-CN');

function Grid({
  caption,
  rowLabel,
  grid,
  sortRows,
  name = (k) => k,
}: {
  caption: string;
  rowLabel: string;
  grid: Stats['levelGrade'];
  sortRows(x: string, y: string): number;
  name?(k: string): string;
}) {
  const t = useT();
  const rows = Object.keys(grid).sort(sortRows);
  const grades = [...new Set(rows.flatMap((r) => Object.keys(grid[r])))].sort(byGrade);
  const total = (cells: { items: number; personTimes: number }[]) =>
    cells.reduce((a, c) => ({ items: a.items + c.items, personTimes: a.personTimes + c.personTimes }), {
      items: 0,
      personTimes: 0,
    });
  const cols = grades.map((g) => total(rows.map((r) => grid[r][g]).filter(Boolean)));
  return (
    <table className="sum-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th rowSpan={2} scope="col">
            {rowLabel}
          </th>
          {[...grades, t('summary.col.total')].map((g) => (
            <th key={g} colSpan={2} scope="colgroup">
              {g}
            </th>
          ))}
        </tr>
        <tr>
          {[...grades, 'total'].map((g) => [
            <th key={`${g}i`} scope="col">
              {t('summary.unit.items')}
            </th>,
            <th key={`${g}p`} scope="col">
              {t('summary.unit.personTimes')}
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const sum = total(Object.values(grid[r]));
          return (
            <tr key={r}>
              <th scope="row">{name(r)}</th>
              {grades.map((g) => [
                <td key={`${g}i`}>{grid[r][g]?.items ?? ''}</td>,
                <td key={`${g}p`}>{grid[r][g]?.personTimes ?? ''}</td>,
              ])}
              <td className="sum-total">{sum.items}</td>
              <td className="sum-total">{sum.personTimes}</td>
            </tr>
          );
        })}
        <tr className="sum-total-row">
          <th scope="row">{t('summary.col.total')}</th>
          {cols.map((c, i) => [<td key={`${i}i`}>{c.items}</td>, <td key={`${i}p`}>{c.personTimes}</td>])}
          <td>{total(cols).items}</td>
          <td>{total(cols).personTimes}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function StatsView({ data }: { data: SummaryStats }) {
  const t = useT();
  const s = data.stats,
    p = data.previousStats;
  const prev = data.previous.label;
  const cards: [string, number, number, string][] = [
    [t('summary.card.activities'), s.activities, p.activities, t('summary.unit.items')],
    [
      t('summary.card.participation'),
      s.participantPersonTimes,
      p.participantPersonTimes,
      t('summary.unit.personTimes'),
    ],
    [t('summary.card.works'), s.awardedWorks, p.awardedWorks, t('summary.unit.items')],
    [t('summary.card.students'), s.studentsAwarded, p.studentsAwarded, t('summary.unit.people')],
    [t('summary.card.photos'), s.photos, p.photos, t('summary.unit.photos')],
  ];
  const change = (c: number, q: number) => (c === q ? t('summary.same') : `${c > q ? '+' : ''}${c - q}`);
  // One column per level that occurs in the table's rows (no empty 乡镇/学区级 column for a school without one).
  const levelsIn = (rows: readonly { byLevel: Record<string, number> }[]) =>
    [...new Set(rows.flatMap((r) => Object.keys(r.byLevel).filter((l) => r.byLevel[l])))].sort(byLevel);
  const studentLevels = levelsIn(s.byStudent);
  const teacherLevels = levelsIn(s.byTeacher);
  const levels = (list: readonly string[], counts: Record<string, number>) =>
    list.map((l) => <td key={l}>{counts[l] ?? ''}</td>);
  return (
    <div className="sum-stats">
      <ul className="sum-cards">
        {cards.map(([label, cur, before, unit]) => (
          <li key={label} className="sum-card">
            <span className="sum-card-label">{label}</span>
            <span className="sum-card-value">
              {cur}
              <small>{unit}</small>
            </span>
            {data.comparable && (
              <span className="sum-card-prev muted">
                {t('summary.vsPrevious', { prev, n: before })}（{change(cur, before)}）
              </span>
            )}
            {label === t('summary.card.photos') && (
              <span className="sum-card-prev muted">
                {t('summary.photoSplit', { linked: data.photoSplit.linked, unlinked: data.photoSplit.unlinked })}
              </span>
            )}
          </li>
        ))}
      </ul>
      {!data.comparable && <p className="muted sum-note">{t('summary.noComparison', { prev })}</p>}
      <p className="muted sum-note">{t('summary.itemsNote')}</p>
      {Object.keys(s.levelGrade).length === 0 ? (
        <p className="muted">{t('summary.noAwards')}</p>
      ) : (
        <div className="sum-tables">
          <Grid
            caption={t('summary.table.levelGrade')}
            rowLabel={t('summary.col.level')}
            grid={s.levelGrade}
            sortRows={byLevel}
          />
          <Grid
            caption={t('summary.table.categoryGrade')}
            rowLabel={t('summary.col.category')}
            grid={s.categoryGrade}
            sortRows={(x, y) => x.localeCompare(y, 'zh-Hans-CN')}
            name={(k) => CATEGORY_SHORT[k] ?? k}
          />
        </div>
      )}
      <div className="sum-tables">
        {data.comparable && (
          <table className="sum-table">
            <caption>{t('summary.table.compare', { prev })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('summary.col.item')}</th>
                <th scope="col">{t('summary.col.unit')}</th>
                <th scope="col">{t('summary.col.current')}</th>
                <th scope="col">{t('summary.col.previous')}</th>
                <th scope="col">{t('summary.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {data.comparison.map((r) => (
                <tr key={r.label}>
                  <th scope="row" className="l">
                    {r.label}
                  </th>
                  <td>{r.unit}</td>
                  <td>{r.current}</td>
                  <td>{r.previous}</td>
                  <td>{change(r.current, r.previous)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {s.schoolAwards.length > 0 && (
          <table className="sum-table">
            <caption>{t('summary.table.schoolAwards')}</caption>
            <tbody>
              {s.schoolAwards.map((x) => (
                <tr key={x.id}>
                  <td className="l">{x.competition}</td>
                  <td>{x.level}</td>
                  <td>{x.grade}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {s.byStudent.length > 0 && (
        <table className="sum-table wide">
          <caption>{t('summary.table.students')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('summary.col.name')}</th>
              <th scope="col">{t('summary.col.class')}</th>
              <th scope="col">{t('summary.col.works')}</th>
              <th scope="col">{t('summary.col.awards')}</th>
              {studentLevels.map((l) => (
                <th key={l} scope="col">
                  {l}
                </th>
              ))}
              <th scope="col" className="l">
                {t('summary.col.works')}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.byStudent.slice(0, SHOWN).map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>{r.classLabel}</td>
                <td>{r.works}</td>
                <td>{r.awards}</td>
                {levels(studentLevels, r.byLevel)}
                <td className="l">{r.items.map((x) => `《${x.title}》${x.level}${x.grade}`).join('；')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.byStudent.length > SHOWN && (
        <p className="muted">{t('summary.moreRows', { n: s.byStudent.length, shown: SHOWN })}</p>
      )}
      {s.byTeacher.length > 0 && (
        <table className="sum-table wide">
          <caption>{t('summary.table.teachers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('summary.col.name')}</th>
              <th scope="col">{t('summary.col.subject')}</th>
              <th scope="col">{t('summary.col.works')}</th>
              <th scope="col">{t('summary.col.awards')}</th>
              <th scope="col">{t('summary.col.studentPersonTimes')}</th>
              {teacherLevels.map((l) => (
                <th key={l} scope="col">
                  {l}
                </th>
              ))}
              <th scope="col">{t('summary.col.own')}</th>
            </tr>
          </thead>
          <tbody>
            {s.byTeacher.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>{r.subject ?? ''}</td>
                <td>{r.works}</td>
                <td>{r.awards}</td>
                <td>{r.studentPersonTimes}</td>
                {levels(teacherLevels, r.byLevel)}
                <td>{r.ownAwards}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
