// Where the archive, the settings (Electron's userData) and the logs live. A pure function of
// what the host reports, so it is tested without Electron.
//
// Portable mode — the app started from a USB stick keeps everything beside itself:
//   - electron-builder's portable .exe sets PORTABLE_EXECUTABLE_DIR to the folder it sits in;
//   - an unpacked folder or an AppImage becomes portable when a file named `portable`
//     (or `portable.txt`: Windows hides the extension it added) is next to the executable
//     (next to the .AppImage file, which is what $APPIMAGE names).
// Otherwise the archive is Documents/科技档案 and settings and logs go to userData.
import path from 'node:path';

export const ARCHIVE_FOLDER = '科技档案';
/** Beside the archive on the stick: Electron's own files and our logs, kept out of the archive. */
export const PORTABLE_DATA_FOLDER = '科技档案-程序数据';
export const PORTABLE_MARKERS = ['portable', 'portable.txt'] as const;

export interface HostFacts {
  /** process.execPath */
  execPath: string;
  /** app.getPath('documents') */
  documentsDir: string;
  /** app.getPath('userData') before any change */
  userDataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  argv: readonly string[];
  /** Whether a file exists (fs.existsSync in the app; a set in tests). */
  exists(file: string): boolean;
  /** 'win32' | 'linux' | …: decides which path rules apply (default: this process's). */
  platform?: NodeJS.Platform;
}

export interface AppPaths {
  portable: boolean;
  /** Why portable (or why not): shown on 关于 and written to the log at start. */
  reason: 'portable-exe' | 'marker' | 'installed';
  /** The folder the portable marker or portable exe sits in (null when installed). */
  baseDir: string | null;
  archiveDir: string;
  /** true when --archive=<dir> chose the archive. */
  archiveFromArgv: boolean;
  userDataDir: string;
  logDir: string;
}

/** `--archive=<dir>` opens another folder (an archive on a USB stick, for instance). */
export function archiveDirFromArgv(argv: readonly string[], p: path.PlatformPath = path): string | null {
  const arg = argv.find((a) => a.startsWith('--archive='));
  const dir = arg?.slice('--archive='.length).trim();
  return dir ? p.resolve(dir) : null;
}

/** The folder a portable marker is looked for in: the .AppImage's own folder, else the executable's. */
function executableDir(f: HostFacts, p: path.PlatformPath): string {
  const appImage = f.env.APPIMAGE?.trim();
  return p.dirname(appImage ? appImage : f.execPath);
}

export function resolveAppPaths(f: HostFacts): AppPaths {
  const p = (f.platform ?? process.platform) === 'win32' ? path.win32 : path.posix;
  const fromArgv = archiveDirFromArgv(f.argv, p);
  const portableExeDir = f.env.PORTABLE_EXECUTABLE_DIR?.trim();
  let baseDir: string | null = null;
  let reason: AppPaths['reason'] = 'installed';
  if (portableExeDir) {
    baseDir = p.resolve(portableExeDir);
    reason = 'portable-exe';
  } else {
    const dir = executableDir(f, p);
    if (PORTABLE_MARKERS.some((m) => f.exists(p.join(dir, m)))) {
      baseDir = dir;
      reason = 'marker';
    }
  }
  if (baseDir) {
    const data = p.join(baseDir, PORTABLE_DATA_FOLDER);
    return {
      portable: true,
      reason,
      baseDir,
      archiveDir: fromArgv ?? p.join(baseDir, ARCHIVE_FOLDER),
      archiveFromArgv: !!fromArgv,
      userDataDir: data,
      logDir: p.join(data, 'logs'),
    };
  }
  return {
    portable: false,
    reason,
    baseDir: null,
    archiveDir: fromArgv ?? p.join(f.documentsDir, ARCHIVE_FOLDER),
    archiveFromArgv: !!fromArgv,
    userDataDir: f.userDataDir,
    logDir: p.join(f.userDataDir, 'logs'),
  };
}
