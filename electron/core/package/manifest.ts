// manifest.json of a USB package (format v1): what the package is, and the size and sha256 of
// every other file in it. Read from a stick we did not write, so every field is distrusted:
// size caps before parsing, a cap on the number of files, and paths that cannot leave the folder.
import fs from 'node:fs';
import { z } from 'zod';
import type { PackageProblem, PackageSummary } from '../../../shared/calls/package';
import { translate } from '../../../shared/i18n/messages';

export const MANIFEST_FILE = 'manifest.json';
export const PACKAGE_FORMAT = 'keji-package';
export const FORMAT_VERSION = 1;
/** A school's archive has tens of thousands of files; ten times that is refused. */
export const MAX_FILES = 200_000;
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const MAX_REL_PATH = 200;

export const FileEntry = z.object({
  path: z.string().min(1).max(MAX_REL_PATH),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * The file's modification time on the stick (ms) when the export that wrote this manifest last
   * read it back and found its sha256. A later export keeps a file unread while its size and this
   * time are unchanged (and says so); a 全部重新核对 export reads every one. Older packages lack it.
   */
  mtime: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const ManifestScope = z.object({
  kind: z.enum(['all', 'period', 'activities']),
  from: z.string().optional(),
  to: z.string().optional(),
  activities: z.number().optional(),
  label: z.string(),
});
export type ManifestScope = z.infer<typeof ManifestScope>;

export const Manifest = z.object({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  schemaVersion: z.number().int().min(1),
  appVersion: z.string().max(40),
  createdAt: z.string().max(40),
  name: z.string().max(120),
  school: z.string().max(120),
  /** The archive that exported it (settings 'archiveId'). */
  archiveId: z.string().max(64),
  scope: ManifestScope,
  privacy: z.object({
    maskedNames: z.boolean(),
    /** Columns of `people` left out (NULL in the snapshot): never copied over ours by a merge. */
    omitted: z.array(z.string().max(40)).max(20),
  }),
  counts: z.record(z.string(), z.number()),
  /**
   * What the package was made from: `identity`, a sha256 over the archive's database bytes, the
   * names in its media/ and thumbs/ folders, the export's options, date and versions (export.ts
   * `archiveIdentity`); `notes`, the export's notes about media it left out. An export of an
   * archive with the same identity keeps this package's database and viewer data. Older packages lack it.
   */
  source: z
    .object({
      identity: z.string().regex(/^[0-9a-f]{64}$/),
      notes: z.array(z.string().max(1000)).max(MAX_FILES),
    })
    .optional(),
  totalBytes: z.number(),
  files: z.array(FileEntry).max(MAX_FILES),
});
export type Manifest = z.infer<typeof Manifest>;

/**
 * A manifest path is safe when it is relative, uses '/', and every part is a plain name:
 * no '..', no drive letters or ':' (NTFS streams), no backslashes, no control characters.
 */
export function unsafePathReason(p: string): string | null {
  if (p.startsWith('/') || /^[a-z]:/i.test(p) || p.startsWith('\\')) return translate('package.path.absolute');
  if (p.includes('\\')) return translate('package.path.backslash');
  if (/[\u0000-\u001f\u007f]/.test(p)) return translate('package.path.control');
  if (p.includes(':')) return translate('package.path.colon');
  const parts = p.split('/');
  if (parts.some((s) => s === '..')) return translate('package.path.dotdot');
  if (parts.some((s) => s === '' || s === '.')) return translate('package.path.malformed');
  if (p.length > MAX_REL_PATH) return translate('package.path.tooLong');
  return null;
}

export type ManifestRead = { ok: true; manifest: Manifest } | { ok: false; problem: PackageProblem };

const problem = (code: PackageProblem['code'], message: string, p?: string): ManifestRead => ({
  ok: false,
  problem: { code, message, ...(p ? { path: p } : {}) },
});

/** Reads and checks manifest.json; unknown format versions and absurd file counts are named. */
export function readManifest(file: string): ManifestRead {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return problem('no-manifest', translate('package.manifest.missing'), MANIFEST_FILE);
  }
  if (st.isSymbolicLink()) return problem('symlink', translate('package.manifest.symlink'), MANIFEST_FILE);
  if (!st.isFile()) return problem('bad-manifest', translate('package.manifest.notFile'), MANIFEST_FILE);
  if (st.size > MAX_MANIFEST_BYTES)
    return problem(
      'too-many-files',
      translate('package.manifest.tooBig', { mb: Math.round(st.size / 1048576) }),
      MANIFEST_FILE,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return problem('bad-manifest', translate('package.manifest.notJson'), MANIFEST_FILE);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return problem('bad-manifest', translate('package.manifest.notObject'), MANIFEST_FILE);
  const obj = raw as Record<string, unknown>;
  if (obj.format !== PACKAGE_FORMAT)
    return problem('bad-manifest', translate('package.manifest.notOurs'), MANIFEST_FILE);
  if (obj.formatVersion !== FORMAT_VERSION) {
    return problem(
      'unknown-format',
      translate('package.manifest.unknownFormat', { version: String(obj.formatVersion).slice(0, 20) }),
      MANIFEST_FILE,
    );
  }
  // Count before validating entry by entry: a manifest of ten million files stops here.
  if (Array.isArray(obj.files) && obj.files.length > MAX_FILES) {
    return problem(
      'too-many-files',
      translate('package.manifest.tooManyFiles', { n: obj.files.length, max: MAX_FILES }),
      MANIFEST_FILE,
    );
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    const at = parsed.error.issues[0]?.path.join('.') ?? '';
    return problem('bad-manifest', translate('package.manifest.invalid', { at }), MANIFEST_FILE);
  }
  return { ok: true, manifest: parsed.data };
}

export function summaryOf(m: Manifest): PackageSummary {
  return {
    name: m.name,
    school: m.school,
    createdAt: m.createdAt,
    appVersion: m.appVersion,
    schemaVersion: m.schemaVersion,
    archiveId: m.archiveId,
    scopeLabel: m.scope.label,
    maskedNames: m.privacy.maskedNames,
    counts: m.counts,
    files: m.files.length,
    bytes: m.totalBytes,
  };
}

/** What an export takes from the package it updates (readReusableManifest). */
export interface ReusableManifest {
  files: FileEntry[];
  counts: Record<string, number>;
  archiveId: string;
  scopeKind: string;
  source: { identity: string; notes: string[] } | null;
}

const SHA256 = /^[0-9a-f]{64}$/;
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The manifest of a package an export is about to update, read for reuse only: every field the
 * export compares is type-checked (a wrong one and nothing is reused), without zod's per-entry
 * cost on tens of thousands of entries. Nothing read here is shown or trusted beyond equality with
 * what the export computed itself; `verify` (readManifest) stays the check of a package.
 */
export function readReusableManifest(file: string): ReusableManifest | null {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return null;
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (!m || m.format !== PACKAGE_FORMAT || m.formatVersion !== FORMAT_VERSION) return null;
    const files = m.files;
    if (!Array.isArray(files) || files.length > MAX_FILES) return null;
    for (const f of files as Record<string, unknown>[]) {
      if (
        !f ||
        typeof f.path !== 'string' ||
        !isCount(f.size) ||
        typeof f.sha256 !== 'string' ||
        !SHA256.test(f.sha256) ||
        (f.mtime !== undefined && !isCount(f.mtime))
      )
        return null;
    }
    const counts = m.counts as Record<string, unknown> | undefined;
    if (!counts || typeof counts !== 'object' || !Object.values(counts).every(isCount)) return null;
    const scope = m.scope as { kind?: unknown } | undefined;
    const src = m.source as { identity?: unknown; notes?: unknown } | undefined;
    const source =
      src &&
      typeof src.identity === 'string' &&
      SHA256.test(src.identity) &&
      Array.isArray(src.notes) &&
      src.notes.every((n) => typeof n === 'string')
        ? { identity: src.identity, notes: src.notes as string[] }
        : null;
    return {
      files: files as FileEntry[],
      counts: counts as Record<string, number>,
      archiveId: typeof m.archiveId === 'string' ? m.archiveId : '',
      scopeKind: typeof scope?.kind === 'string' ? scope.kind : '',
      source,
    };
  } catch {
    return null;
  }
}
