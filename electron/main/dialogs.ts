// The system's open dialog for the page ('app.pick'): which files to import, which package to
// merge, where to export. The page names a kind of choice, never a path or an option: the options are ours.
import { BrowserWindow, dialog, shell, type OpenDialogOptions } from 'electron';
import { KejiError } from '../core/errors';
import type { PickKind } from '../../shared/desktop';
import { translate } from '../../shared/i18n/messages';
import { KIND_OF_EXT } from '../core/media/types';

export function pickOptions(kind: PickKind): OpenDialogOptions {
  const title = translate(`pick.${kind}`);
  switch (kind) {
    case 'mediaFiles':
      return {
        title,
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: translate('pick.filter.media'), extensions: Object.keys(KIND_OF_EXT) },
          { name: translate('pick.filter.all'), extensions: ['*'] },
        ],
      };
    case 'mediaFolder':
      return { title, properties: ['openDirectory', 'multiSelections'] };
    case 'packageFolder':
      return { title, properties: ['openDirectory'] };
    case 'exportFolder':
      return { title, properties: ['openDirectory', 'createDirectory', 'promptToCreate'] };
  }
}

/**
 * The host's answer to 'app.pick' (see HandlerContext.pick): the system's open dialog over the
 * app's window; the chosen paths, [] when cancelled. The rpc handler has checked the sender.
 */
export async function pickPaths(kind: PickKind): Promise<string[]> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const r = win ? await dialog.showOpenDialog(win, pickOptions(kind)) : await dialog.showOpenDialog(pickOptions(kind));
  return r.canceled ? [] : r.filePaths;
}

/**
 * The host's answer to 'app.openMedia': a stored original (a Word file, a video this app cannot
 * decode) opened by the program the computer uses for it. The core found the file by id.
 */
export async function openWithSystem(file: string): Promise<void> {
  const problem = await shell.openPath(file);
  if (problem) throw new KejiError('REFUSED', translate('openMedia.failed', { detail: problem }));
}
