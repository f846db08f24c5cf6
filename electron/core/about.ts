// 'app.about': the facts a teacher reads out when asking for help. The host (desktop, web,
// command line) says where its logs are and whether it runs portable; the archive says the rest.
// 'app.pick' and 'app.openMedia': the system's open dialog and its programs, which only the desktop host has.
import type { ApiPart } from '../../shared/contract';
import type { appCalls } from '../../shared/calls/app';
import type { Archive } from './db/open';
import type { HandlerContext, HostInfo } from './context';
import { KejiError, notFound } from './errors';
import { refusalMessage, storedFile } from './media/files';
import { OPENABLE_KINDS } from '../../shared/domain/media';
import { translate } from '../../shared/i18n/messages';

export type { HostInfo } from './context';

export function aboutHandlers(a: Archive, ctx: HandlerContext, appVersion: string): ApiPart<typeof appCalls> {
  return {
    'app.pick': async (i) => {
      if (!ctx.pick) throw new KejiError('REFUSED', translate('pick.unsupported'));
      return ctx.pick(i.kind);
    },
    'app.openMedia': async (i) => {
      if (!ctx.openFile) throw new KejiError('REFUSED', translate('openMedia.unsupported'));
      const row = a.db
        .prepare('SELECT sha256, ext, kind, original_name FROM media WHERE id=? AND deleted_at IS NULL')
        .get(i.id) as { sha256: string; ext: string; kind: string; original_name: string } | undefined;
      if (!row) throw notFound(i.id);
      // By id only, and only an allow-listed document or video whose bytes are what its type says,
      // inside the open archive or package: never a program, a link, or a path built from a row.
      const stored = storedFile(a.dir, row, { content: true });
      if (!stored.ok) {
        if (stored.why === 'missing') throw new KejiError('NOT_FOUND', translate('openMedia.missing'));
        throw new KejiError('REFUSED', refusalMessage(stored.why, row));
      }
      if (!(OPENABLE_KINDS as readonly string[]).includes(row.kind))
        throw new KejiError('REFUSED', translate('openMedia.photo'));
      await ctx.openFile(stored.file);
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
