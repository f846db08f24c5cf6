// v3: what the gallery needs to stay fast at 20,000 photos and to remember how a photo is shown.
// - rotation: the teacher's rotate-for-display (0/90/180/270, clockwise). The original is never
//   altered (content-addressed), and thumbnails stay regenerable, so the turn is kept here and
//   applied when the photo is drawn.
// - indexes for the gallery's order (date) and filters (kind), and for the reverse look-up from
//   a record to its certificate / cover photo.
import type { Migration } from './migration';

export const m0003: Migration = {
  version: 3,
  name: 'media_display',
  up: (db) => {
    db.exec(`
ALTER TABLE media ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270));
CREATE INDEX media_taken ON media(taken_at);
CREATE INDEX media_kind_taken ON media(kind, taken_at);
CREATE INDEX awards_certificate ON awards(certificate_media_id);
`);
  },
};
