import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/** The app menu: the platform's standard roles (so copy/paste and quit work everywhere), plus help. */
export function installMenu(opts: { checkForUpdates(): void }): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Check for Updates…', click: () => opts.checkForUpdates(), enabled: app.isPackaged },
        { label: `Reelforge ${app.getVersion()}`, enabled: false },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
