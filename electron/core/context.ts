// What every feature's handler factory gets besides the archive, and the shapes hosts and the
// session share. Its own module, importing only types from shared/ and jobs.ts, so no feature
// imports handlers.ts (which imports them all) and nothing here closes a cycle.
import type { HostKind } from '../../shared/calls/app';
import type { Result } from '../../shared/contract';
import type { PickKind } from '../../shared/desktop';
import type { VerifyOptions } from './package/verify';
import type { Emit } from './jobs';

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

/** What the handlers may ask of the session (HandlerContext.viewing): see viewing.ts. */
export interface Viewing {
  /** Checks the package and shows it instead of home; a package shown before is closed. */
  open(dir: string, opts?: VerifyOptions): Promise<void>;
  /** Back to the teacher's own archive (nothing to do when already there). */
  close(): void;
  /** True while a package, not home, is shown. */
  away(): boolean;
}

/** A way to push events, which host runs the core, (in the app) the session that switches to a
 * package opened read-only and back, and the computer's open dialog and programs. */
export interface HandlerContext {
  emit: Emit;
  host?: HostInfo;
  viewing?: Viewing;
  /** The system's open dialog (desktop host only). */
  pick?: (kind: PickKind) => Promise<string[]>;
  /** Opens a file of the archive with the computer's own program (desktop host only). */
  openFile?: (file: string) => Promise<void>;
}

/** The one entry point every host uses: a call by name, its answer. Never throws. */
export interface Dispatcher {
  (name: unknown, input: unknown): Promise<Result<unknown>>;
}
