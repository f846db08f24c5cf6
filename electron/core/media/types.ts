// Which files the archive takes, by extension, and the mime type each stored extension is served as.
export type MediaKind = 'photo' | 'video' | 'document';

/** Extension (lower case, no dot) → what the file should be. The content is checked too. */
export const KIND_OF_EXT: Readonly<Record<string, MediaKind>> = {
  jpg: 'photo', jpeg: 'photo', jpe: 'photo', jfif: 'photo', png: 'photo', webp: 'photo', gif: 'photo',
  heic: 'photo', heif: 'photo', hif: 'photo', avif: 'photo',
  mp4: 'video', m4v: 'video', mov: 'video', webm: 'video',
  pdf: 'document', doc: 'document', docx: 'document', xls: 'document', xlsx: 'document', ppt: 'document', pptx: 'document',
};

/** Stored extension → mime type. */
export const MIME_OF_EXT: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', heic: 'image/heic', avif: 'image/avif',
  mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', pdf: 'application/pdf',
  doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Decompression-bomb cap: 100 million pixels (a 200-megapixel phone photo is refused, 50 MP is fine). */
export const MAX_PIXELS = 100_000_000;

export { isSystemFile } from '../../../shared/domain/folders';

export const extOf = (name: string) => {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
};
