// The system's open dialog for the page: which files to import, which package to merge, where
// to export. The page names a kind of choice, never a path or an option: the options are ours.
import { BrowserWindow, dialog, ipcMain, type OpenDialogOptions } from 'electron';
import { isPickKind, PICK_CHANNEL, type PickKind } from '../../shared/desktop';
import { translate } from '../../shared/i18n/messages';
import { KIND_OF_EXT } from '../core/media/types';
import { isTrustedSender } from './ipc';
import type { OwnPage } from './window';

export function pickOptions(kind: PickKind): OpenDialogOptions {
  const title = translate(`pick.${kind}`);
  switch (kind) {
    case 'mediaFiles':
      return {
        title, properties: ['openFile', 'multiSelections'],
        filters: [{ name: translate('pick.filter.media'), extensions: Object.keys(KIND_OF_EXT) }, { name: translate('pick.filter.all'), extensions: ['*'] }],
      };
    case 'mediaFolder':
      return { title, properties: ['openDirectory', 'multiSelections'] };
    case 'packageFolder':
      return { title, properties: ['openDirectory'] };
    case 'exportFolder':
      return { title, properties: ['openDirectory', 'createDirectory', 'promptToCreate'] };
  }
}

/** Answers the page's 'pick' with the chosen paths ([] when cancelled or not our page). */
export function registerPicker(page: OwnPage): () => void {
  ipcMain.handle(PICK_CHANNEL, async (event, kind: unknown): Promise<string[]> => {
    if (!isTrustedSender(event, page) || !isPickKind(kind)) return [];
    const win = BrowserWindow.fromWebContents(event.sender);
    const r = win ? await dialog.showOpenDialog(win, pickOptions(kind)) : await dialog.showOpenDialog(pickOptions(kind));
    return r.canceled ? [] : r.filePaths;
  });
  return () => ipcMain.removeHandler(PICK_CHANNEL);
}
