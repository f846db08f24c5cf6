// 'app.about': the facts a teacher reads out when asking for help. The host (desktop, web,
// command line) says where its logs are and whether it runs portable; the archive says the rest.
// 'app.pick' and 'app.openMedia': the system's open dialog and its programs, which only the desktop host has.
import type { ApiPart } from '../../shared/contract';
import type { appCalls, HostKind } from '../../shared/calls/app';
import type { Archive } from './db/open';
import type { HandlerContext } from './handlers';
import fs from 'node:fs';
import path from 'node:path';
import { KejiError, notFound } from './errors';
import { mediaRelPath } from './media/store';
import { translate } from '../../shared/i18n/messages';

/** What a host tells the core about itself (HandlerContext.host). */
export interface HostInfo {
  kind: HostKind;
  portable: boolean;
  logDir: string | null;
  /** Electron's app.getVersion() on the desktop; else package.json's version via APP_VERSION. */
  appVersion?: string;
  /** 'Electron 45.4.1'; default 'Node <version>'. */
  runtime?: string;
}

export function aboutHandlers(a: Archive, ctx: HandlerContext, appVersion: string): ApiPart<typeof appCalls> {
  return {
    'app.pick': async (i) => {
      if (!ctx.pick) throw new KejiError('REFUSED', translate('pick.unsupported'));
      return ctx.pick(i.kind);
    },
    'app.openMedia': async (i) => {
      if (!ctx.openFile) throw new KejiError('REFUSED', translate('openMedia.unsupported'));
      const row = a.db.prepare('SELECT sha256, ext FROM media WHERE id=? AND deleted_at IS NULL').get(i.id) as { sha256: string; ext: string } | undefined;
      if (!row) throw notFound(i.id);
      const file = path.join(a.dir, mediaRelPath(row.sha256, row.ext));
      if (!fs.existsSync(file)) throw new KejiError('NOT_FOUND', translate('openMedia.missing'));
      await ctx.openFile(file);
      return { ok: true as const };
    },
    'app.about': () => {
      const host: HostInfo = ctx.host ?? { kind: 'cli', portable: false, logDir: null };
      return {
        appVersion: host.appVersion ?? appVersion,
        schemaVersion: a.db.pragma('user_version', { simple: true }) as number,
        archiveDir: a.dir,
        host: host.kind,
        portable: host.portable,
        logDir: host.logDir,
        platform: `${process.platform} ${process.arch}`,
        runtime: host.runtime ?? `Node ${process.versions.node}`,
      };
    },
  };
}
