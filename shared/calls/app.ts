// The app itself: what the 关于 section on 设置 shows and a teacher reads out when asking for
// help — version, where the archive is, schema version, where the logs are, and whether this copy
// runs portable from a USB stick — and the desktop's open dialog.
import { z } from 'zod';
import { PICK_KINDS } from '../desktop';

export const HostKind = z.enum(['desktop', 'web', 'cli']);
export type HostKind = z.infer<typeof HostKind>;

export const AboutInfo = z.object({
  appVersion: z.string(),
  /** The archive's database schema version (user_version). */
  schemaVersion: z.number().int(),
  archiveDir: z.string(),
  host: HostKind,
  /** Archive, settings and logs beside the program (USB stick), not in Documents. */
  portable: z.boolean(),
  /** Folder of keji.log (null when this host keeps no log). */
  logDir: z.string().nullable(),
  /** 'win32 x64', 'linux arm64', … */
  platform: z.string(),
  /** 'Electron 45.4.1', 'Node 20.19.0' */
  runtime: z.string(),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

export const appCalls = {
  'app.about': { input: z.object({}).strict().default({}), output: AboutInfo, effect: 'read', run: 'tx' },
  /**
   * The system's open dialog (desktop only): the page names a kind of choice, the host owns the
   * options. Paths chosen, [] when cancelled. A job only because it waits for the teacher outside
   * the archive's transaction.
   */
  'app.pick': {
    input: z.object({ jobId: z.string().uuid(), kind: z.enum(PICK_KINDS) }),
    output: z.array(z.string()),
    effect: 'session',
    run: 'async',
  },
  /**
   * Opens a stored original with the computer's own program (desktop only): a Word or PDF file, a
   * video this app cannot decode. The page names the media by id, never a path.
   */
  'app.openMedia': {
    input: z.object({ jobId: z.string().uuid(), id: z.string().uuid() }),
    output: z.object({ ok: z.literal(true) }),
    effect: 'session',
    run: 'async',
  },
} as const;
