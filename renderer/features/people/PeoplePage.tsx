// 成员: students by 班级 with the 年级 computed for the chosen 学年, teachers, and 小组.
// Graduated students are archived (hidden unless asked), never deleted.
import { TabPanel, Tabs } from '../../components/Tabs';
import { useMemo, useState } from 'react';
import { schoolYearLabel } from '../../../shared/domain/calendar';
import { formatDateZh } from '../../../shared/domain/format';
import type { Person } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useApp } from '../../stores/app';
import {
  classOn,
  classSortKey,
  currentSchoolYear,
  matchesPerson,
  useEveryone,
  useRecords,
  yearStart,
} from '../../stores/records';
import { usePeople, usePeoplePage, type PeopleTab } from '../../stores/people';
import { VirtualList } from '../../components/VirtualList';
import { ConfirmDialog, useHotkey } from '../../components/records/form';
import { GroupsTab } from './GroupsTab';
import { PersonForm } from './PersonForm';
import { PersonRecordView } from './PersonRecord';
import { ExportSlot, ImportSlot } from '../../components/records/SheetSlots';
import { Toast } from '../../components/records/Toast';
import { SavedHiddenNotice } from '../../components/records/SavedHidden';

export function PeoplePage() {
  const t = useT();
  const { tab, pane, set } = usePeoplePage();
  useEveryone();
  useHotkey('n', () => {
    const s = usePeoplePage.getState();
    if (s.pane.mode !== 'list' || s.tab === 'groups') return;
    set({ pane: { mode: 'new', kind: s.tab === 'teachers' ? 'teacher' : 'student' } });
  });

  if (pane.mode === 'new' || pane.mode === 'edit') {
    return (
      <section className="page" aria-labelledby="person-form-title">
        <PersonForm
          id={pane.mode === 'edit' ? pane.id : undefined}
          kind={pane.mode === 'new' ? pane.kind : undefined}
          onClose={(savedId) =>
            set({
              // Back on the list with the saved person in view and marked, in their tab.
              ...(savedId ? { focus: { id: savedId, mark: true } } : {}),
              ...(savedId && pane.mode === 'new'
                ? { tab: pane.kind === 'teacher' ? ('teachers' as const) : ('students' as const) }
                : {}),
              pane: pane.mode === 'edit' ? { mode: 'record', id: pane.id } : { mode: 'list' },
            })
          }
        />
        <Toast />
      </section>
    );
  }
  if (pane.mode === 'record') {
    return (
      <section className="page" aria-labelledby="person-record-title">
        <PersonRecordView
          id={pane.id}
          onBack={() => {
            const f = usePeoplePage.getState().focus;
            set({ pane: { mode: 'list' }, focus: { id: pane.id, mark: !!f && f.id === pane.id && f.mark } });
          }}
          onEdit={() => set({ pane: { mode: 'edit', id: pane.id } })}
        />
        <Toast />
      </section>
    );
  }
  const tabs: PeopleTab[] = ['students', 'teachers', 'groups'];
  return (
    <section className="page page-fill" aria-labelledby="people-title">
      <header className="page-header">
        <h1 id="people-title">{t('people.title')}</h1>
        <Tabs className="tabs" label={t('people.title')} tabs={tabs} current={tab} onChange={(k) => set({ tab: k })}>
          {(k) => t(`people.tab.${k}`)}
        </Tabs>
      </header>
      <TabPanel current={tab} className="tab-panel">
        {tab === 'students' ? <StudentsTab /> : tab === 'teachers' ? <TeachersTab /> : <GroupsTab />}
      </TabPanel>
      <Toast />
    </section>
  );
}

const nullIfMissing = (i: number) => (i < 0 ? null : i);

type StudentRow = { kind: 'head'; label: string; n: number } | { kind: 'p'; p: Person; label: string };

function StudentsTab() {
  const t = useT();
  const { people, peopleLeftOut, initials, calendar, showToast, loaded } = useRecords();
  const { schoolYear, showArchived, text, set, focus } = usePeoplePage();
  const year = schoolYear ?? currentSchoolYear(calendar);
  const asOf = yearStart(year, calendar);
  const [confirm, setConfirm] = useState(false);
  // From a few years ahead (planning next year's classes) back to the oldest entry year on record.
  const years = useMemo(() => {
    const c = currentSchoolYear(calendar);
    const oldest = Math.min(c - 9, ...people.filter((p) => p.entryYear != null).map((p) => p.entryYear!));
    return Array.from({ length: c + 3 - oldest + 1 }, (_, i) => c + 3 - i);
  }, [calendar, people]);

  const rows = useMemo(() => {
    const list = people
      .filter((p) => p.kind === 'student' && (showArchived || !p.archivedAt) && matchesPerson(p, text, initials))
      .map((p) => ({ p, label: classOn(p, asOf, calendar), key: classSortKey(p, asOf, calendar) }))
      .sort(
        (a, b) =>
          a.key - b.key ||
          (initials[a.p.name] ?? '').localeCompare(initials[b.p.name] ?? '') ||
          a.p.name.localeCompare(b.p.name),
      );
    const out: StudentRow[] = [];
    let head = { kind: 'head' as const, label: '\u0000', n: 0 };
    for (const x of list) {
      if (x.label !== head.label) {
        head = { kind: 'head', label: x.label, n: 0 };
        out.push(head);
      }
      head.n++;
      out.push({ kind: 'p', p: x.p, label: x.label });
    }
    return out;
  }, [people, showArchived, text, initials, asOf, calendar]);
  const count = rows.filter((r) => r.kind === 'p').length;
  // The student just saved, left out by the search word or by 显示已毕业 being off.
  const savedHidden = focus?.mark
    ? people.find(
        (p) => p.id === focus.id && p.kind === 'student' && !rows.some((r) => r.kind === 'p' && r.p.id === p.id),
      )
    : undefined;

  async function archiveGraduated() {
    setConfirm(false);
    try {
      const n = await usePeople.getState().archiveGraduated(asOf);
      showToast(t('people.archiveGraduated.done', { n }));
    } catch (e) {
      useApp.getState().setError((e as Error).message);
    }
  }
  return (
    <>
      <div className="filter-bar">
        <label className="inline-field">
          <span>{t('records.schoolYear')}</span>
          <select
            value={year}
            onChange={(e) => set({ schoolYear: Number(e.target.value) })}
            aria-describedby="grade-hint"
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {schoolYearLabel(y)}
              </option>
            ))}
          </select>
        </label>
        <span id="grade-hint" className="muted small">
          {t('people.gradeFor')}
        </span>
        <label className="inline-field grow">
          <span>{t('common.search')}</span>
          <input
            type="search"
            value={text}
            placeholder={t('records.searchPlaceholder')}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={showArchived} onChange={(e) => set({ showArchived: e.target.checked })} />{' '}
          {t('people.showArchived')}
        </label>
        <span className="muted">{t('people.studentCount', { n: count })}</span>
        {peopleLeftOut > 0 && (
          <span className="muted" role="status">
            {t('list.more', { n: peopleLeftOut })}
          </span>
        )}
      </div>
      <div className="filter-bar">
        <button
          type="button"
          className="primary"
          title="Ctrl+N"
          onClick={() => set({ pane: { mode: 'new', kind: 'student' } })}
        >
          {t('people.newStudent')}
        </button>
        <ImportSlot kind="roster" />
        <ExportSlot
          list="students"
          filter={{ kind: 'student', asOf, includeArchived: showArchived, ...(text ? { text } : {}) }}
        />
        <button type="button" onClick={() => setConfirm(true)}>
          {t('people.archiveGraduated')}
        </button>
      </div>
      {savedHidden && (
        <SavedHiddenNotice
          title={savedHidden.name}
          onShowAll={() => set({ text: '', ...(savedHidden.archivedAt ? { showArchived: true } : {}) })}
        />
      )}
      {count === 0 ? (
        <p className="muted">{t(loaded ? 'common.empty' : 'common.loading')}</p>
      ) : (
        <VirtualList
          className="list-box student-list"
          label={t('people.tab.students')}
          items={rows}
          renderAllBelow={150}
          scrollAlign="center"
          scrollToIndex={focus ? nullIfMissing(rows.findIndex((r) => r.kind === 'p' && r.p.id === focus.id)) : null}
          itemHeight={(r) => (r.kind === 'head' ? 38 : 40)}
          getKey={(r) => (r.kind === 'head' ? `h:${r.label}` : r.p.id)}
          renderItem={(r) =>
            r.kind === 'head' ? (
              <div className="list-head">
                {r.label}
                <span className="muted">{t('people.studentCount', { n: r.n })}</span>
              </div>
            ) : (
              <button
                type="button"
                className={`list-row person-row${focus?.mark && focus.id === r.p.id ? ' just-saved' : ''}`}
                data-id={r.p.id}
                onClick={() => set({ pane: { mode: 'record', id: r.p.id } })}
              >
                <span className="name">{r.p.name}</span>
                <span>{r.p.gender ?? ''}</span>
                <span className="class-label">{r.label}</span>
                <span className="muted">{r.p.studentNo ?? ''}</span>
                <span>{r.p.archivedAt ? <span className="chip">{t('people.archived')}</span> : null}</span>
              </button>
            )
          }
        />
      )}
      {confirm && (
        <ConfirmDialog
          title={t('people.archiveGraduated')}
          body={t('people.archiveGraduated.confirm', { date: formatDateZh(asOf) })}
          confirmLabel={t('people.archiveGraduated')}
          onCancel={() => setConfirm(false)}
          onConfirm={() => void archiveGraduated()}
        />
      )}
    </>
  );
}

function TeachersTab() {
  const t = useT();
  const { people, initials, loaded } = useRecords();
  const { text, set, focus } = usePeoplePage();
  const teachers = useMemo(
    () =>
      people
        .filter((p) => p.kind === 'teacher' && matchesPerson(p, text, initials))
        .sort((a, b) => (initials[a.name] ?? '').localeCompare(initials[b.name] ?? '')),
    [people, text, initials],
  );
  const savedHidden = focus?.mark
    ? people.find((p) => p.id === focus.id && p.kind === 'teacher' && !teachers.some((x) => x.id === p.id))
    : undefined;
  return (
    <>
      <div className="filter-bar">
        <label className="inline-field grow">
          <span>{t('common.search')}</span>
          <input
            type="search"
            value={text}
            placeholder={t('records.searchPlaceholder')}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <span className="muted">{t('people.teacherCount', { n: teachers.length })}</span>
        <button
          type="button"
          className="primary"
          title="Ctrl+N"
          onClick={() => set({ pane: { mode: 'new', kind: 'teacher' } })}
        >
          {t('people.newTeacher')}
        </button>
        <ExportSlot list="teachers" filter={{ kind: 'teacher', ...(text ? { text } : {}) }} />
      </div>
      {savedHidden && <SavedHiddenNotice title={savedHidden.name} onShowAll={() => set({ text: '' })} />}
      {teachers.length === 0 ? (
        <p className="muted">{t(loaded ? 'common.empty' : 'common.loading')}</p>
      ) : (
        <VirtualList
          className="list-box teacher-list"
          label={t('people.tab.teachers')}
          items={teachers}
          itemHeight={40}
          renderAllBelow={150}
          getKey={(p) => p.id}
          scrollAlign="center"
          scrollToIndex={focus ? nullIfMissing(teachers.findIndex((p) => p.id === focus.id)) : null}
          renderItem={(p) => (
            <button
              type="button"
              className={`list-row person-row${focus?.mark && focus.id === p.id ? ' just-saved' : ''}`}
              data-id={p.id}
              onClick={() => set({ pane: { mode: 'record', id: p.id } })}
            >
              <span className="name">{p.name}</span>
              <span>{p.gender ?? ''}</span>
              <span>{p.subject ?? ''}</span>
              <span className="muted">{p.title ?? ''}</span>
              <span className="muted">{p.phone ?? ''}</span>
            </button>
          )}
        />
      )}
    </>
  );
}
