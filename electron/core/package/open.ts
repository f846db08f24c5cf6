// Opening a package from a stick read-only (in the app, or `keji web <package> --readonly`): checked first, and
// never written to — a package made by an older version is migrated in a temp copy, while its
// photos are still served from the stick.
import fs from 'node:fs';
import path from 'node:path';
import { openArchive, type Archive } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations/index';
import { KejiError } from '../errors';
import { MANIFEST_FILE } from './manifest';
import { inspectPackage, type VerifyOptions } from './verify';

export async function openPackageReadonly(dir: string, opts: VerifyOptions = {}): Promise<Archive> {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, MANIFEST_FILE))) return openArchive(root, { readonly: true }); // a plain archive folder
  const ins = await inspectPackage(root, opts);
  if (!ins.report.ok || !ins.manifest || !ins.dbCopy) {
    ins.dispose();
    throw new KejiError('REFUSED', `数据包未通过校验，不能打开：${ins.report.problems.slice(0, 3).map((p) => p.message).join('；')}`);
  }
  if (ins.manifest.schemaVersion === SCHEMA_VERSION) {
    ins.dispose();
    return openArchive(root, { readonly: true });
  }
  // Older: migrate the checked copy, open that read-only, and keep media coming from the package.
  const tmp = path.dirname(ins.dbCopy);
  openArchive(tmp).close();
  const a = openArchive(tmp, { readonly: true });
  const close = a.close.bind(a);
  return Object.assign(a, {
    dir: root,
    close() { close(); fs.rmSync(tmp, { recursive: true, force: true }); },
  });
}
