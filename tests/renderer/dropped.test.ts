// A folder dropped on the page in the browser: walked through its entries like 从U盘导入 walks a
// folder (name order with numbers, subfolders, hidden and system files left out, big folders
// that answer in batches).
import { describe, expect, it } from 'vitest';
import { droppedFiles } from '../../renderer/features/gallery/dropped';

type Entry = {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  file?(ok: (f: File) => void): void;
  createReader?(): { readEntries(ok: (e: Entry[]) => void): void };
};

const file = (name: string): Entry => ({
  name,
  isFile: true,
  isDirectory: false,
  file: (ok) => ok(new File([name], name)),
});
/** A folder whose reader answers `batch` entries at a time, then an empty batch, as Chromium does. */
function folder(name: string, children: Entry[], batch = 100): Entry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          const part = children.slice(at, at + batch);
          at += batch;
          setTimeout(() => ok(part), 0);
        },
      };
    },
  };
}
const transfer = (entries: (Entry | null)[], files: File[] = []) =>
  ({
    files,
    items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })),
  }) as unknown as DataTransfer;

describe('droppedFiles', () => {
  it('walks a dropped folder in name order, into subfolders, leaving out hidden and system files', async () => {
    const dcim = folder('DCIM', [
      file('IMG_10.jpg'),
      file('IMG_2.jpg'),
      file('Thumbs.db'),
      file('.DS_Store'),
      file('desktop.ini'),
      folder('100APPLE', [file('IMG_0001.HEIC'), file('~$说明.docx'), file('视频.mp4')]),
      folder('.Trashes', [file('deleted.jpg')]),
    ]);
    const names = (await droppedFiles(transfer([dcim, file('证书.pdf')]))).map((f) => f.name);
    // The same order as the core's folder walk (zh-CN collation: Chinese names before Latin, numbers by value).
    expect(names).toEqual(['视频.mp4', 'IMG_0001.HEIC', 'IMG_2.jpg', 'IMG_10.jpg', '证书.pdf']);
  });

  it('reads a folder of 250 photos that answers in batches of 100', async () => {
    const many = Array.from({ length: 250 }, (_, i) => file(`P${i + 1}.jpg`));
    const got = await droppedFiles(transfer([folder('活动照片', many)]));
    expect(got).toHaveLength(250);
    expect(got[0].name).toBe('P1.jpg');
    expect(got.at(-1)!.name).toBe('P250.jpg');
  });

  it('plain files without entries (a script or an old browser) are taken as they are, system files left out', async () => {
    const files = [new File(['a'], 'a.jpg'), new File(['b'], 'Thumbs.db')];
    expect((await droppedFiles(transfer([null, null], files))).map((f) => f.name)).toEqual(['a.jpg']);
  });
});
