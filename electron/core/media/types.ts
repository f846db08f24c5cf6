// The archive's media types come from the one allow-list in shared/domain/media.ts.
export { extOf, IMPORT_EXTS as KIND_OF_EXT, mimeOfStored, type MediaKind } from '../../../shared/domain/media';

/** Decompression-bomb cap: 100 million pixels (a 200-megapixel phone photo is refused, 50 MP is fine). */
export const MAX_PIXELS = 100_000_000;

export { isSystemFile } from '../../../shared/domain/folders';
