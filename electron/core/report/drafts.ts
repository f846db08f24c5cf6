// The teacher's 工作总结 draft, saved per period. A section the teacher typed in keeps their
// text; every other section is generated from the data each time it is read. Regenerating an
// edited section happens only when the teacher asks for it (the page asks "用新数据重新生成此节?").
import { chineseNumber, formatDateZh } from '../../../shared/domain/format';
import type {
  Draft,
  DraftSection,
  PeriodInfo,
  PhotoCandidate,
  PhotoPick,
  SectionKey,
} from '../../../shared/calls/summary';
import type { ResolvedPeriod } from '../../../shared/domain/periods';
import type { Archive } from '../db/open';
import { nowIso } from '../rows';
import { gatherSummaryData, specOf, type ActivityFact, type SummaryData } from './gather';
import { exportText, generateDraft, SECTION_HEADINGS, SECTION_IDS } from './narrative';
import { resolvePeriod } from '../../../shared/domain/periods';
import { calendarOf } from '../settings';

export const periodInfo = (p: ResolvedPeriod): PeriodInfo => ({
  key: p.key,
  label: p.label,
  title: p.title,
  from: p.from,
  to: p.to,
  scope: p.scope,
  previousScope: p.previousScope,
});

/** The canonical key of any accepted spelling ('2025-2026-1' → 'term:2025-2026-1'). */
export const canonicalKey = (a: Archive, key: string) => resolvePeriod(specOf(key), calendarOf(a)).key;

interface SavedRow {
  section: string;
  text: string;
  generated: string;
  updated_at: string;
}

/** The draft as the teacher sees it, from data already gathered. */
export function draftFrom(a: Archive, d: SummaryData): Draft {
  const key = d.period.key;
  const gen = generateDraft(d);
  const generated: Record<SectionKey, string> = { title: gen.title, ...gen.sections };
  const saved = new Map(
    (
      a.db
        .prepare('SELECT section, text, generated, updated_at FROM summary_sections WHERE period_key=?')
        .all(key) as SavedRow[]
    ).map((r) => [r.section, r]),
  );
  const row = a.db
    .prepare('SELECT photos, photos_chosen, updated_at FROM summary_drafts WHERE period_key=?')
    .get(key) as { photos: string; photos_chosen: number; updated_at: string } | undefined;
  // Sections with nothing to print (only 【提示】 lines) are left out of the document, so the
  // numbers 一、二、三… count only the sections that print: never a gap.
  let n = 0;
  const sections: DraftSection[] = (['title', ...SECTION_IDS] as SectionKey[]).map((k) => {
    const s = saved.get(k);
    const text = s ? s.text : generated[k];
    const name = k === 'title' ? '' : SECTION_HEADINGS[k as keyof typeof SECTION_HEADINGS];
    return {
      key: k,
      heading: k === 'title' ? '' : exportText(text).length ? `${chineseNumber(++n)}、${name}` : name,
      text,
      edited: !!s,
      stale: !!s && s.generated !== generated[k],
      generated: generated[k],
    };
  });
  const chosen = row?.photos_chosen === 1;
  // A picked photo moved to the trash is left out (and comes back if it is restored).
  const live = a.db.prepare("SELECT 1 FROM media WHERE id=? AND kind='photo' AND deleted_at IS NULL").pluck();
  return {
    period: periodInfo(d.period),
    sections,
    photos: chosen
      ? (JSON.parse(row!.photos) as PhotoPick[]).filter((p) => live.get(p.mediaId))
      : photoCandidates(a, d.activities)
          .filter((c) => c.suggested)
          .map((c) => ({ mediaId: c.mediaId, caption: c.caption })),
    photosChosen: chosen,
    updatedAt: row?.updated_at ?? null,
  };
}

export function getDraft(a: Archive, key: string): Draft {
  return draftFrom(a, gatherSummaryData(a, key));
}

function ensureDraftRow(a: Archive, key: string): void {
  const t = nowIso(a);
  a.db
    .prepare(
      'INSERT INTO summary_drafts (period_key, created_at, updated_at) VALUES (?,?,?) ON CONFLICT(period_key) DO UPDATE SET updated_at=excluded.updated_at',
    )
    .run(key, t, t);
}

/** Keeps the teacher's text; an empty text means "use the generated one again". */
export function saveSection(a: Archive, key: string, section: SectionKey, text: string): Draft {
  const d = gatherSummaryData(a, key);
  const k = d.period.key;
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+$/gm, '')
    .trim();
  if (!clean) return regenerateSection(a, k, section);
  const gen = generateDraft(d);
  const generated = section === 'title' ? gen.title : gen.sections[section];
  ensureDraftRow(a, k);
  a.db
    .prepare(
      `INSERT INTO summary_sections (period_key, section, text, generated, updated_at) VALUES (?,?,?,?,?)
    ON CONFLICT(period_key, section) DO UPDATE SET text=excluded.text, generated=excluded.generated, updated_at=excluded.updated_at`,
    )
    .run(k, section, clean, generated, nowIso(a));
  return draftFrom(a, d);
}

export function regenerateSection(a: Archive, key: string, section: SectionKey): Draft {
  const k = canonicalKey(a, key);
  a.db.prepare('DELETE FROM summary_sections WHERE period_key=? AND section=?').run(k, section);
  if (a.db.prepare('SELECT 1 FROM summary_drafts WHERE period_key=?').get(k)) ensureDraftRow(a, k);
  return getDraft(a, k);
}

export function setPhotos(a: Archive, key: string, photos: PhotoPick[] | null): Draft {
  const k = canonicalKey(a, key);
  ensureDraftRow(a, k);
  const live = a.db.prepare("SELECT 1 FROM media WHERE id=? AND kind='photo' AND deleted_at IS NULL").pluck();
  const kept = (photos ?? []).filter(
    (p, i, all) => live.get(p.mediaId) && all.findIndex((x) => x.mediaId === p.mediaId) === i,
  );
  a.db
    .prepare('UPDATE summary_drafts SET photos=?, photos_chosen=? WHERE period_key=?')
    .run(JSON.stringify(kept), photos ? 1 : 0, k);
  return getDraft(a, k);
}

/** Photos of the period's activities, biggest activities first; their covers are suggested. */
export function photoCandidates(a: Archive, activities: readonly ActivityFact[], suggest = 6): PhotoCandidate[] {
  const acts = activities
    .filter((x) => x.status === 'done' && x.photoCount > 0)
    .sort(
      (x, y) =>
        (y.headCount ?? y.participantIds.length) - (x.headCount ?? x.participantIds.length) ||
        x.startDate.localeCompare(y.startDate),
    );
  const photosOf = a.db.prepare(`SELECT m.id, m.caption FROM media_links l JOIN media m ON m.id=l.media_id
    WHERE l.target_kind='activity' AND l.target_id=? AND m.kind='photo' AND m.deleted_at IS NULL ORDER BY (m.id=?) DESC, l.position, m.taken_at, m.id`);
  const out: PhotoCandidate[] = [];
  const seen = new Set<string>();
  acts.forEach((x, i) => {
    const rows = photosOf.all(x.id, x.coverMediaId ?? '') as { id: string; caption: string | null }[];
    rows.forEach((m, j) => {
      if (seen.has(m.id) || out.length >= 300) return;
      seen.add(m.id);
      out.push({
        mediaId: m.id,
        activityId: x.id,
        activityTitle: x.title,
        date: x.startDate,
        caption: (m.caption ?? `${x.title}（${formatDateZh(x.startDate)}）`).slice(0, 80),
        suggested: j === 0 && i < suggest,
      });
    });
  });
  return out;
}
