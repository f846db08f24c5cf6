// v8: where a photo's or video's date came from, so the lightbox can say it and the
// gallery can list the files whose date is only a guess (日期不确定).
// - taken_source: 'original' (EXIF DateTimeOriginal), 'digitized' (EXIF CreateDate), 'ifd0' (IFD0
//   DateTime), 'xmp' (XMP CreateDate / DateCreated), 'video' (QuickTime/MP4 mvhd or tkhd creation
//   time), 'activity' (no date in the file: the date of the activity it was imported onto),
//   'file' (the file's modified time: 不确定), 'manual' (调整拍摄时间 by the teacher).
//   NULL for rows stored before v8 (EXIF or the file's time; which one was not recorded).
// Frozen: a later change is a new migration.
import type { Migration } from './migration';

export const m0008: Migration = {
  version: 8,
  name: 'media_date_source',
  up: (db) => {
    db.exec(`
ALTER TABLE media ADD COLUMN taken_source TEXT CHECK (taken_source IN ('original','digitized','ifd0','xmp','video','activity','file','manual'));
CREATE INDEX media_taken_source ON media(taken_source) WHERE taken_source IN ('file','activity');
`);
  },
};
