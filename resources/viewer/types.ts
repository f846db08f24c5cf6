// The data of the offline viewer: written by the export as viewer/data.js
// (`window.KEJI_DATA = {...}`), read by viewer.ts. Everything is display-ready (labels in Chinese,
// names already masked when the teacher asked), so the viewer only lays it out.

export interface ViewerMedia {
  /** Path relative to index.html: media/ab/<sha256>.<ext>. */
  src: string;
  /** Small preview (thumbs/…), when the archive had one. */
  thumb: string | null;
  kind: 'photo' | 'video' | 'document';
  name: string;
  caption: string | null;
  /** 'YYYY-MM-DD' or null. */
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
  schoolYear: string;
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
  /** Indexes into ViewerData.media. */
  media: number[];
  reschedules: string[];
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
  media: number[];
}

export interface ViewerAward {
  id: string;
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
  media: number[];
}

export interface ViewerData {
  school: string;
  exportedAt: string;
  scopeLabel: string;
  maskedNames: boolean;
  activities: ViewerActivity[];
  works: ViewerWork[];
  awards: ViewerAward[];
  media: ViewerMedia[];
}
