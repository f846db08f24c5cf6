// 'app.about': the facts a teacher reads out when asking for help. The host (desktop, web,
// command line) says where its logs are and whether it runs portable; the archive says the rest.
// 'app.pick': the system's open dialog, which only the desktop host has.
import type { ApiPart } from '../../shared/contract';
import type { appCalls, HostKind } from '../../shared/calls/app';
import type { Archive } from './db/open';
import type { HandlerContext } from './handlers';
import { KejiError } from './errors';
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
