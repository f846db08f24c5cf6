// Where a package can go: free space and file system of a folder, and the USB sticks we can see.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TargetInfo {
  path: string;
  /** Free bytes for us (not counting the root-reserved part). */
  free: number;
  total: number;
  /** The OS's name for the file system ('vfat', 'exfat', 'ntfs3', 'ext4'…), when it tells. */
  fsType: string | null;
  /** The teacher's name for it: 'FAT32', 'exFAT', 'NTFS', or fsType. */
  fsLabel: string | null;
  /** Where the stick is mounted (its root), when known. */
  mountPoint: string | null;
}

/** Hooks for tests: a small stick or another file system without owning one. */
export interface TargetProbe {
  statfs?: (p: string) => { bavail: number; bsize: number; blocks: number };
  mounts?: () => string;
}

const decodeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Mount table entries (Linux: /proc/mounts), longest mount point first. */
function mountTable(probe: TargetProbe): { mountPoint: string; type: string; rw: boolean }[] {
  let text = '';
  try {
    text = probe.mounts ? probe.mounts() : fs.readFileSync('/proc/mounts', 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length >= 3)
    .map((f) => ({ mountPoint: decodeMount(f[1]), type: f[2], rw: (f[3] ?? '').split(',').includes('rw') }))
    .sort((a, b) => b.mountPoint.length - a.mountPoint.length);
}

export function fsLabel(type: string | null): string | null {
  if (!type) return null;
  if (type === 'vfat' || type === 'msdos' || type === 'fat') return 'FAT32';
  if (type === 'exfat') return 'exFAT';
  if (/^ntfs/.test(type) || type === 'fuseblk') return 'NTFS';
  return type;
}

export function isFat32(info: Pick<TargetInfo, 'fsType'>): boolean {
  return fsLabel(info.fsType) === 'FAT32';
}

/** Free space and file system of `target` (which must exist). */
export function targetInfo(target: string, probe: TargetProbe = {}): TargetInfo {
  const real = fs.realpathSync(target);
  const st = probe.statfs ? probe.statfs(real) : fs.statfsSync(real);
  let mount: { mountPoint: string; type: string } | undefined;
  if (process.platform !== 'win32') {
    mount = mountTable(probe).find(
      (m) => real === m.mountPoint || real.startsWith(m.mountPoint.endsWith('/') ? m.mountPoint : m.mountPoint + '/'),
    );
  }
  const type = mount?.type ?? null;
  return {
    path: real,
    free: st.bavail * st.bsize,
    total: st.blocks * st.bsize,
    fsType: type,
    fsLabel: fsLabel(type),
    mountPoint: mount?.mountPoint ?? (process.platform === 'win32' ? path.parse(real).root : null),
  };
}

const REMOVABLE_TYPES = /^(vfat|msdos|exfat|ntfs.*|fuseblk)$/;
/** Kernel and memory file systems: never a stick. */
const PSEUDO_TYPES =
  /^(tmpfs|devtmpfs|proc|sysfs|cgroup2?|overlay|squashfs|autofs|devpts|mqueue|debugfs|tracefs|securityfs|pstore|bpf|fusectl|configfs|binfmt_misc|hugetlbfs|nsfs|ramfs|efivarfs)$/;

/** Sticks and removable drives we can see: Linux /media, /run/media, /mnt; macOS /Volumes; Windows D:–Z:. */
export function listTargets(probe: TargetProbe = {}): TargetInfo[] {
  const out: TargetInfo[] = [];
  const add = (p: string) => {
    try {
      if (!fs.statSync(p).isDirectory()) return;
      const info = targetInfo(p, probe);
      if (!out.some((o) => o.path === info.path)) out.push(info);
    } catch {
      /* not mounted, no permission: not a target */
    }
  };
  if (process.platform === 'win32') {
    for (let c = 'D'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) add(`${String.fromCharCode(c)}:\\`);
  } else if (process.platform === 'darwin') {
    try {
      for (const v of fs.readdirSync('/Volumes')) add(path.join('/Volumes', v));
    } catch {
      /* none */
    }
  } else {
    const user = os.userInfo().username;
    for (const m of mountTable(probe)) {
      if (!m.rw || PSEUDO_TYPES.test(m.type)) continue;
      const underMedia = /^\/(media|run\/media|mnt)\//.test(m.mountPoint) || m.mountPoint.startsWith(`/media/${user}/`);
      if (underMedia || (REMOVABLE_TYPES.test(m.type) && m.mountPoint !== '/' && !m.mountPoint.startsWith('/boot')))
        add(m.mountPoint);
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
