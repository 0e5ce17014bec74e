import { BrowserWindow, dialog } from 'electron';

/** The main process's open-file dialog: the only way a binary path (FFmpeg) enters the settings. */
export async function chooseFileWithDialog(opts: { title: string }): Promise<string | undefined> {
  const win = BrowserWindow.getFocusedWindow();
  const props: Electron.OpenDialogOptions = { title: opts.title, properties: ['openFile', 'dontAddToRecent'] };
  const result = win ? await dialog.showOpenDialog(win, props) : await dialog.showOpenDialog(props);
  return result.canceled ? undefined : result.filePaths[0];
}

/** The main process's choose-folder dialog: where an export is written. */
export async function chooseFolderWithDialog(opts: { title: string }): Promise<string | undefined> {
  const win = BrowserWindow.getFocusedWindow();
  const props: Electron.OpenDialogOptions = { title: opts.title, properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] };
  const result = win ? await dialog.showOpenDialog(win, props) : await dialog.showOpenDialog(props);
  return result.canceled ? undefined : result.filePaths[0];
}
