// Choosing who took part: a whole 班级 or 小组 in one click, or one student by name / pinyin
// initials. Classes are computed for the activity's own date (五年级 this year, 六年级 next).
import { useMemo, useState } from 'react';
import { atSchoolOn } from '../../../shared/domain/calendar';
import type { Person } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { groupMembers } from '../../stores/activities';
import { reportLoadError } from '../../stores/live';
import { classOn, classSortKey, useRecords } from '../../stores/records';
import { PersonSearch } from '../../components/records/pickers';
import { isRealDate, localIsoDate, normalizeDate } from '../../../shared/domain/format';

export function ParticipantPicker({
  date,
  ids,
  onChange,
}: {
  date: string;
  ids: readonly string[];
  onChange(ids: string[]): void;
}) {
  const t = useT();
  const { people, groups, calendar } = useRecords();
  const [busy, setBusy] = useState(false);
  /** Graduated members of the group just added, left out and offered apart. */
  const [leftOut, setLeftOut] = useState<{ group: string; ids: string[] } | null>(null);
  const typed = normalizeDate(date);
  const validDate = isRealDate(typed) ? typed : localIsoDate(new Date());
  /** At school on the activity's date: not archived, 年级 within the stage (not 已毕业 / 未入学). */
  const atSchool = (p: Person) => {
    if (p.archivedAt) return false;
    return atSchoolOn(p.stage, p.entryYear ?? 0, validDate, calendar);
  };
  const students = useMemo(() => people.filter((p) => p.kind === 'student'), [people]);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const chosen = useMemo(() => new Set(ids), [ids]);

  // Classes of students still at school on that date, in school order.
  const classes = useMemo(() => {
    const m = new Map<string, { label: string; key: number; ids: string[] }>();
    for (const p of students) {
      if (!atSchool(p)) continue; // not at school on that date
      const label = classOn(p, validDate, calendar);
      const c = m.get(label) ?? m.set(label, { label, key: classSortKey(p, validDate, calendar), ids: [] }).get(label)!;
      c.ids.push(p.id);
    }
    return [...m.values()].sort((a, b) => a.key - b.key);
  }, [students, validDate, calendar]); // eslint-disable-line react-hooks/exhaustive-deps

  const add = (more: readonly string[]) => onChange([...ids, ...more.filter((x) => !chosen.has(x))]);
  async function addGroup(groupId: string) {
    setBusy(true);
    try {
      const members = await groupMembers(groupId);
      // Members on the activity's date: joined by then, not yet left; students still at school.
      // Graduated ones (2020级 已毕业 still on the list) are not added but offered apart.
      const on = members.filter(
        (m) =>
          m.joinedOn <= validDate && (!m.leftOn || m.leftOn >= validDate) && byId.get(m.personId)?.kind === 'student',
      );
      const current = on.filter((m) => atSchool(byId.get(m.personId)!)).map((m) => m.personId);
      const graduated = on
        .filter((m) => !atSchool(byId.get(m.personId)!) && !chosen.has(m.personId))
        .map((m) => m.personId);
      add(current);
      setLeftOut(graduated.length ? { group: groups.find((g) => g.id === groupId)?.name ?? '', ids: graduated } : null);
    } catch (e) {
      reportLoadError(e); // no one added, and the banner says why
    } finally {
      setBusy(false);
    }
  }

  // The chosen students, grouped by class for reading.
  const chosenByClass = useMemo(() => {
    const m = new Map<string, Person[]>();
    for (const id of ids) {
      const p = byId.get(id);
      if (!p) continue;
      const label = classOn(p, validDate, calendar);
      (m.get(label) ?? m.set(label, []).get(label)!).push(p);
    }
    return [...m.entries()];
  }, [ids, byId, validDate, calendar]);

  return (
    <div className="participant-picker" data-field="participantIds">
      <div className="pick-row">
        <span className="pick-label">{t('activity.pick.byClass')}</span>
        <div className="pick-buttons">
          {classes.map((c) => (
            <button
              type="button"
              key={c.label}
              className="small-btn"
              onClick={() => add(c.ids)}
              disabled={c.ids.every((x) => chosen.has(x))}
            >
              {c.label}
              <span className="muted"> {c.ids.length}</span>
            </button>
          ))}
        </div>
      </div>
      {groups.length > 0 && (
        <div className="pick-row">
          <span className="pick-label">{t('activity.pick.byGroup')}</span>
          <div className="pick-buttons">
            {groups.map((g) => (
              <button
                type="button"
                key={g.id}
                className="small-btn"
                disabled={busy}
                onClick={() => void addGroup(g.id)}
              >
                {g.name}
                <span className="muted"> {g.memberCount}</span>
              </button>
            ))}
          </div>
        </div>
      )}
      {leftOut && (
        <div className="pick-row left-out" role="status">
          <span>
            {t('activity.pick.graduatedLeftOut', {
              group: leftOut.group,
              n: leftOut.ids.length,
              names: leftOut.ids.map((x) => byId.get(x)?.name ?? '').join('、'),
            })}
          </span>
          <button
            type="button"
            className="small-btn"
            onClick={() => {
              add(leftOut.ids);
              setLeftOut(null);
            }}
          >
            {t('activity.pick.addGraduated', { n: leftOut.ids.length })}
          </button>
        </div>
      )}
      <div className="pick-row">
        <span className="pick-label">{t('activity.field.participants')}</span>
        <PersonSearch
          label={t('activity.pick.search')}
          placeholder={t('activity.pick.search')}
          candidates={students}
          exclude={chosen}
          date={validDate}
          onPick={(p) => add([p.id])}
        />
      </div>
      <div className="chosen">
        <div className="chosen-head">
          <strong>{t('activity.pick.selected', { n: ids.length })}</strong>
          {ids.length > 0 && (
            <button type="button" className="small-btn" onClick={() => onChange([])}>
              {t('activity.pick.clear')}
            </button>
          )}
        </div>
        {chosenByClass.length > 0 && (
          <div className="chosen-list">
            {chosenByClass.map(([label, ps]) => (
              <div key={label} className="chosen-class">
                <span className="muted">{label}：</span>
                {ps.map((p) => (
                  <span key={p.id} className="name-chip">
                    {p.name}
                    <button
                      type="button"
                      className="icon"
                      aria-label={`${t('records.remove')} ${p.name}`}
                      onClick={() => onChange(ids.filter((x) => x !== p.id))}
                    >
                      ×
                    </button>
                  </span>
                ))}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
