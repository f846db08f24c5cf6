// Where the desktop app keeps the archive, its settings and its log: installed, portable .exe,
// unpacked folder or AppImage with a `portable` marker, and --archive=<dir>. Imported without
// any Electron mock: paths.ts must stay a plain function of what the host reports.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths, type HostFacts } from '../../electron/main/paths';

const win = (f: Partial<HostFacts> & { files?: string[] }): HostFacts => ({
  execPath: 'C:\\Users\\李老师\\AppData\\Local\\Programs\\科技档案\\keji-archive.exe',
  documentsDir: 'C:\\Users\\李老师\\Documents',
  userDataDir: 'C:\\Users\\李老师\\AppData\\Roaming\\科技档案',
  env: {},
  argv: ['keji-archive.exe'],
  platform: 'win32',
  exists: (file) => (f.files ?? []).includes(file),
  ...f,
});
const linux = (f: Partial<HostFacts> & { files?: string[] }): HostFacts => ({
  execPath: '/opt/科技档案/keji-archive',
  documentsDir: '/home/teacher/文档',
  userDataDir: '/home/teacher/.config/科技档案',
  env: {},
  argv: ['/opt/科技档案/keji-archive'],
  platform: 'linux',
  exists: (file) => (f.files ?? []).includes(file),
  ...f,
});

describe('resolveAppPaths', () => {
  it('installed: archive in Documents/科技档案, settings and logs in userData', () => {
    expect(resolveAppPaths(win({}))).toEqual({
      portable: false,
      reason: 'installed',
      baseDir: null,
      archiveDir: 'C:\\Users\\李老师\\Documents\\科技档案',
      archiveFromArgv: false,
      userDataDir: 'C:\\Users\\李老师\\AppData\\Roaming\\科技档案',
      logDir: 'C:\\Users\\李老师\\AppData\\Roaming\\科技档案\\logs',
    });
    const l = resolveAppPaths(linux({}));
    expect([l.portable, l.archiveDir, l.logDir]).toEqual([
      false,
      '/home/teacher/文档/科技档案',
      '/home/teacher/.config/科技档案/logs',
    ]);
  });

  it('the portable .exe (PORTABLE_EXECUTABLE_DIR) keeps everything on the stick, not in its temp folder', () => {
    const p = resolveAppPaths(
      win({
        execPath: 'C:\\Users\\李老师\\AppData\\Local\\Temp\\2x9Qk\\keji-archive.exe',
        env: { PORTABLE_EXECUTABLE_DIR: 'E:\\', PORTABLE_EXECUTABLE_FILE: 'E:\\keji-archive-0.1.0-portable-x64.exe' },
      }),
    );
    expect(p).toEqual({
      portable: true,
      reason: 'portable-exe',
      baseDir: 'E:\\',
      archiveDir: 'E:\\科技档案',
      archiveFromArgv: false,
      userDataDir: 'E:\\科技档案-程序数据',
      logDir: 'E:\\科技档案-程序数据\\logs',
    });
  });

  it('a `portable` (or portable.txt) file next to the executable makes an unpacked copy portable', () => {
    const exe = 'F:\\科技档案\\keji-archive.exe';
    for (const marker of ['F:\\科技档案\\portable', 'F:\\科技档案\\portable.txt']) {
      const p = resolveAppPaths(win({ execPath: exe, files: [marker] }));
      expect(p, marker).toMatchObject({
        portable: true,
        reason: 'marker',
        baseDir: 'F:\\科技档案',
        archiveDir: 'F:\\科技档案\\科技档案',
        userDataDir: 'F:\\科技档案\\科技档案-程序数据',
      });
    }
    // A marker anywhere else (in Documents, one folder up) changes nothing.
    expect(
      resolveAppPaths(
        win({
          execPath: exe,
          files: ['C:\\Users\\李老师\\Documents\\portable', 'F:\\portable', 'F:\\科技档案\\portable.bak'],
        }),
      ).portable,
    ).toBe(false);
  });

  it('an AppImage looks for the marker beside the .AppImage file, not in its mount point', () => {
    const env = { APPIMAGE: '/media/teacher/U盘/keji-archive-0.1.0-arm64.AppImage' };
    const execPath = '/tmp/.mount_kejiAbC/keji-archive';
    const p = resolveAppPaths(linux({ env, execPath, files: ['/media/teacher/U盘/portable'] }));
    expect(p).toMatchObject({
      portable: true,
      reason: 'marker',
      baseDir: '/media/teacher/U盘',
      archiveDir: '/media/teacher/U盘/科技档案',
      userDataDir: '/media/teacher/U盘/科技档案-程序数据',
      logDir: '/media/teacher/U盘/科技档案-程序数据/logs',
    });
    expect(resolveAppPaths(linux({ env, execPath, files: ['/tmp/.mount_kejiAbC/portable'] })).portable).toBe(false);
  });

  it('--archive=<dir> chooses the archive in either mode; settings and logs stay where the mode puts them', () => {
    const installed = resolveAppPaths(linux({ argv: ['keji-archive', '--archive=/media/usb/科技档案'] }));
    expect(installed).toMatchObject({
      portable: false,
      archiveDir: '/media/usb/科技档案',
      archiveFromArgv: true,
      userDataDir: '/home/teacher/.config/科技档案',
    });
    const portable = resolveAppPaths(
      win({ env: { PORTABLE_EXECUTABLE_DIR: 'E:\\' }, argv: ['x.exe', '--archive=D:\\学校档案'] }),
    );
    expect(portable).toMatchObject({
      portable: true,
      archiveDir: 'D:\\学校档案',
      archiveFromArgv: true,
      userDataDir: 'E:\\科技档案-程序数据',
    });
    // An empty value is ignored rather than opening the current folder.
    expect(resolveAppPaths(linux({ argv: ['keji-archive', '--archive='] })).archiveDir).toBe(
      '/home/teacher/文档/科技档案',
    );
  });

  it('on this machine, with real paths', () => {
    const exe = path.resolve('/srv/stick/keji-archive');
    const p = resolveAppPaths({
      execPath: exe,
      documentsDir: '/d',
      userDataDir: '/u',
      env: {},
      argv: [],
      exists: (f) => f === path.join('/srv/stick', 'portable'),
    });
    expect(p.archiveDir).toBe(path.join('/srv/stick', '科技档案'));
  });
});
