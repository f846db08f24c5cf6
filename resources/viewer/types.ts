// The data of the offline viewer, written by the export (electron/core/package/viewer-data.ts) and
// read by viewer.ts. Everything is display-ready (labels in Chinese, names already masked when the
// teacher asked), so the viewer only lays it out.
//
// Split so a ten-year package opens at once: viewer/data.js is a small index
// (`window.KEJI_DATA = {...}`: counts per 学年, term and month, file names); the records live in
// chunks, classic scripts under viewer/data/ that call `KEJI_CHUNK(key, {...})` and are loaded only
// when a page needs them (Chromium refuses fetch() and modules from file://):
//   y:<学年>         viewer/data/2024-2025.js          the 学年's activities and awards
//   m:<学年>:<part>  viewer/data/2024-2025-media-1.js  up to MEDIA_PART photos/files of its gallery slice
//   works            viewer/data/works.js              every work, with its awards
//   search           viewer/data/search.js             one lower-cased text per record (loaded on the first search)
// A small package carries every chunk inside data.js (`chunks`), so it is one file as before.

export interface ViewerMedia {
  /** Path relative to index.html: media/ab/<sha256>.<ext> (a HEIC: its display JPEG). */
  src: string;
  /** Small preview (thumbs/…), when the archive had one. */
  thumb: string | null;
  kind: 'photo' | 'video' | 'document';
  name: string;
  caption: string | null;
  /** 'YYYY-MM-DD' when the photo's date is known, else null. */
  date: string | null;
  /** Clockwise turn for display (0, 90, 180, 270). */
  rotation: number;
}

export interface ViewerActivity {
  id: string;
  title: string;
  type: string;
  status: string;
  /** '2025年3月5日' or a range. */
  dateLabel: string;
  startDate: string;
  term: string;
  location: string | null;
  teachers: string[];
  participants: string[];
  headCount: string | null;
  group: string | null;
  content: string | null;
  process: string | null;
  reflection: string | null;
  tags: string[];
  /** Gallery numbers (0 … counts.media-1) of its photos and files. */
  media: number[];
  reschedules: string[];
}

export interface ViewerAward {
  id: string;
  /** The 学年 key it is listed under ('2024-2025'). */
  year: string;
  date: string;
  dateLabel: string;
  competition: string;
  level: string;
  grade: string;
  category: string | null;
  recipient: string;
  students: string[];
  advisors: string[];
  certificateNo: string | null;
  /** Gallery numbers. */
  media: number[];
}

export interface ViewerWork {
  id: string;
  title: string;
  category: string;
  subject: string | null;
  stage: string | null;
  authors: string[];
  advisors: string[];
  group: string | null;
  summary: string | null;
  best: string | null;
  /** Gallery numbers. */
  media: number[];
  awards: ViewerAward[];
}

export interface ViewerYear {
  /** '2024-2025': the chunk key and file name. */
  key: string;
  /** '2024—2025学年'. */
  label: string;
  /** viewer/data/2024-2025.js, or null when data.js carries it. */
  file: string | null;
  activities: number;
  /** [term label, activities], in list order (newest first). */
  terms: [string, number][];
  awards: number;
  /** Its slice of the gallery: numbers mediaStart … mediaStart+media-1. */
  mediaStart: number;
  media: number;
  /** ['2025-03', photos], newest first. */
  months: [string, number][];
  /** One file per MEDIA_PART photos of its slice (null: in data.js). */
  mediaFiles: (string | null)[];
}

export interface ViewerIndex {
  version: 2;
  school: string;
  exportedAt: string;
  scopeLabel: string;
  maskedNames: boolean;
  counts: { activities: number; media: number; works: number; awards: number };
  /** Newest first. */
  years: ViewerYear[];
  mediaPart: number;
  worksFile: string | null;
  searchFile: string | null;
  /**
   * The first screen of the activity list (the newest 学年's first rows: id, title, dateLabel,
   * type, status, photos), so it is drawn before that 学年's file has arrived.
   */
  first?: { year: string; rows: [string, string, string, string, string, number][] };
  /** Chunks carried inline (a small package: all of them). */
  chunks?: Record<string, unknown>;
}

export interface YearChunk {
  activities: ViewerActivity[];
  awards: ViewerAward[];
}
export interface MediaChunk {
  media: ViewerMedia[];
}
export interface WorksChunk {
  works: ViewerWork[];
}
/**
 * The search index: per record what a result row shows and one lower-cased text of everything
 * searchable. a: [学年, id, title, dateLabel, type, text]; w: [id, title, category, text];
 * r: [学年, id, dateLabel, competition, recipient, level+grade, text]; m: [gallery number, text].
 */
export interface SearchChunk {
  a: [string, string, string, string, string, string][];
  w: [string, string, string, string][];
  r: [string, string, string, string, string, string, string][];
  m: [number, string][];
}
