// Opening a package from a stick read-only (in the app, or `keji web <package> --readonly`): it is
// opened only after it verifies, and nothing is ever written to the stick — the database is the
// checked temp copy (migrated there when the package is older), thumbnails that are missing are
// made in that temp folder, and only the photos themselves are read from the stick.
import fs from 'node:fs';
import path from 'node:path';
import { openArchive, DB_FILE, type Archive } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations/index';
import { KejiError } from '../errors';
import { translate } from '../../../shared/i18n/messages';
import { MANIFEST_FILE } from './manifest';
import { inspectPackage, type VerifyOptions } from './verify';

export async function openPackageReadonly(dir: string, opts: VerifyOptions = {}): Promise<Archive> {
  const root = path.resolve(dir);
  // A folder without a manifest has nothing to check it against: refused, saying what it is.
  if (!fs.existsSync(path.join(root, MANIFEST_FILE))) {
    const isArchive = fs.existsSync(path.join(root, DB_FILE));
    throw new KejiError(
      'REFUSED',
      translate(isArchive ? 'package.open.isArchive' : 'package.open.noManifest', { path: root }),
    );
  }
  const ins = await inspectPackage(root, opts);
  if (!ins.report.ok || !ins.manifest || !ins.dbCopy) {
    ins.dispose();
    throw new KejiError(
      'REFUSED',
      translate('core.package.openRefused', {
        problems: ins.report.problems
          .slice(0, 3)
          .map((p) => p.message)
          .join('；'),
      }),
    );
  }
  const tmp = path.dirname(ins.dbCopy);
  try {
    // Older: migrated in the checked copy (never on the stick).
    if (ins.manifest.schemaVersion !== SCHEMA_VERSION) openArchive(tmp).close();
    const a = openArchive(tmp, { readonly: true });
    const close = a.close.bind(a);
    return Object.assign(a, {
      dir: root,
      cacheDir: tmp,
      close() {
        close();
        ins.dispose();
      },
    });
  } catch (e) {
    ins.dispose();
    throw e;
  }
}
