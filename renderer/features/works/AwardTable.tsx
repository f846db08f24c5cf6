// 获奖统计表: 级别 × 等级 with 项 and 人次 side by side, for one 学年 or all years, from stats.get.
// The school's own awards (优秀组织奖) are listed apart, as summaries do.
import { useMemo } from 'react';
import { schoolYearLabel, schoolYearRange } from '../../../shared/domain/calendar';
import { formatDateZh } from '../../../shared/domain/format';
import { AWARD_GRADES, AWARD_LEVELS, rankOf } from '../../../shared/domain/vocab';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import { useRecords } from '../../stores/records';
import { useVocabList } from '../../stores/vocab';
import { useAwardStats, useWorksPage } from '../../stores/works';

const ALL = { from: '1990-01-01', to: '2100-12-31' };

export function AwardTable() {
  const t = useT();
  const info = useApp((s) => s.info);
  const calendar = useRecords((s) => s.calendar);
  const { tableYear, set } = useWorksPage();
  // Asked again when the 学年 or the archive changes (an award saved, an import, a restore).
  const { stats, error } = useAwardStats(tableYear == null ? ALL : schoolYearRange(tableYear, calendar));
  const gradeList = useVocabList('grade');
  const grades: readonly string[] = gradeList.length ? gradeList : AWARD_GRADES;

  const { levels, cols, rowTotal, colTotal, total } = useMemo(() => {
    const lg = stats?.levelGrade ?? {};
    const levels = Object.keys(lg).sort(
      (a, b) => rankOf(AWARD_LEVELS, a) - rankOf(AWARD_LEVELS, b) || a.localeCompare(b),
    );
    const present = new Set(levels.flatMap((l) => Object.keys(lg[l])));
    const cols = [...present].sort((a, b) => rankOf(grades, a) - rankOf(grades, b) || a.localeCompare(b));
    const zero = () => ({ items: 0, personTimes: 0 });
    const rowTotal = Object.fromEntries(
      levels.map((l) => [
        l,
        Object.values(lg[l]).reduce(
          (s, c) => ({ items: s.items + c.items, personTimes: s.personTimes + c.personTimes }),
          zero(),
        ),
      ]),
    );
    const colTotal = Object.fromEntries(
      cols.map((g) => [
        g,
        levels.reduce(
          (s, l) => ({
            items: s.items + (lg[l][g]?.items ?? 0),
            personTimes: s.personTimes + (lg[l][g]?.personTimes ?? 0),
          }),
          zero(),
        ),
      ]),
    );
    const total = Object.values(rowTotal).reduce(
      (s, c) => ({ items: s.items + c.items, personTimes: s.personTimes + c.personTimes }),
      zero(),
    );
    return { levels, cols, rowTotal, colTotal, total };
  }, [stats, grades]);

  return (
    <div className="award-table detail-card">
      <div className="filter-bar">
        <label className="inline-field">
          <span>{t('table.period')}</span>
          <select
            value={tableYear ?? ''}
            onChange={(e) => set({ tableYear: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('table.allYears')}</option>
            {info?.schoolYears.map((y) => (
              <option key={y} value={y}>
                {schoolYearLabel(y)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {stats &&
        (levels.length === 0 ? (
          <p className="muted">{t('common.empty')}</p>
        ) : (
          <table className="data-table level-grade">
            <caption>
              {t('table.title')}
              {tableYear != null ? `（${schoolYearLabel(tableYear)}）` : ''}
            </caption>
            <thead>
              <tr>
                <th rowSpan={2} scope="col">
                  {t('table.level')}
                </th>
                {cols.map((g) => (
                  <th key={g} colSpan={2} scope="colgroup">
                    {g}
                  </th>
                ))}
                <th colSpan={2} scope="colgroup">
                  {t('table.total')}
                </th>
              </tr>
              <tr>
                {[...cols, '__total'].flatMap((g) => [
                  <th key={`${g}i`} scope="col">
                    {t('records.items')}
                  </th>,
                  <th key={`${g}p`} scope="col">
                    {t('records.personTimes')}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {levels.map((l) => (
                <tr key={l}>
                  <th scope="row" className="row-head">
                    {l}
                  </th>
                  {cols.flatMap((g) => {
                    const c = stats.levelGrade[l][g];
                    return [
                      <td key={`${g}i`} className="num">
                        {c?.items || ''}
                      </td>,
                      <td key={`${g}p`} className="num">
                        {c?.personTimes || ''}
                      </td>,
                    ];
                  })}
                  <td className="num strong">{rowTotal[l].items}</td>
                  <td className="num strong">{rowTotal[l].personTimes}</td>
                </tr>
              ))}
              <tr className="total-row">
                <th scope="row" className="row-head">
                  {t('table.total')}
                </th>
                {cols.flatMap((g) => [
                  <td key={`${g}i`} className="num">
                    {colTotal[g].items}
                  </td>,
                  <td key={`${g}p`} className="num">
                    {colTotal[g].personTimes}
                  </td>,
                ])}
                <td className="num strong">{total.items}</td>
                <td className="num strong">{total.personTimes}</td>
              </tr>
            </tbody>
          </table>
        ))}
      {stats && <p className="muted small">{t('table.note')}</p>}
      {stats && stats.awardedWorks > 0 && <p>{t('table.awardedWorks', { n: stats.awardedWorks })}</p>}
      {stats && stats.schoolAwards.length > 0 && (
        <>
          <h3 className="section-title">{t('table.schoolAwards')}</h3>
          <ul className="school-awards">
            {stats.schoolAwards.map((s) => (
              <li key={s.id}>
                {formatDateZh(s.awardedOn)} {s.competition} {s.level}
                {s.grade}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
