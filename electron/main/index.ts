// Composition root of the desktop shell: starts the bundled forum, then one hardened window
// on it, and wires settings and IPC. Every rule lives in a module of its own; this file
// only decides the order things happen in (architecture.md, electron/).
import path from 'node:path';
import { app, BrowserWindow, dialog, nativeTheme, session, shell } from 'electron';
import { backendCommand, createLaunchToken, resolveForumDataDir } from './backend-launch';
import { BackendSupervisor } from './backend-supervisor';
import { registerIpcHandlers } from './ipc';
import { externalUrl, isAppUrl } from './policy';
import { createSettings } from './settings';
import { createMainWindow, installSessionPolicy, type BackendAccess } from './window';

// This file is bundled to electron/dist/main.cjs (CommonJS), so __dirname is electron/dist
// in a checkout and <app.asar>/electron/dist when packaged; the preload sits beside it.
const distDir = __dirname;
const repoRoot = path.resolve(distDir, '..', '..');

function startApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  // Belt and braces for any web contents we did not create ourselves.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  const token = createLaunchToken();
  const dataDir = resolveForumDataDir(app.getPath('userData'), process.env);
  // electron-store needs no ready app: the remembered port is read before the backend starts.
  const settings = createSettings();
  const supervisor = new BackendSupervisor({
    preferredPort: settings.backendPort.get(),
    command: (port) =>
      backendCommand({
        packaged: app.isPackaged,
        execPath: process.execPath,
        resourcesPath: process.resourcesPath,
        repoRoot,
        dataDir,
        token,
        port,
        env: process.env,
      }),
    log: (line, stream) => (stream === 'stderr' ? console.error : console.log)(`[backend] ${line}`),
  });
  const backend: BackendAccess = { origin: () => supervisor.current()?.url ?? null, token };
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void supervisor.stop().finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  supervisor.onReady((address) => settings.backendPort.set(address.port));

  void app.whenReady().then(async () => {
    let win: BrowserWindow | null = null;
    const showWindow = (url: string): void => {
      if (win && !win.isDestroyed()) {
        if (win.isMinimized()) win.restore();
        win.focus();
        return;
      }
      win = createMainWindow({
        preloadPath: path.join(distDir, 'preload.cjs'),
        windowState: settings.windowState,
        backend,
        devTools: !app.isPackaged,
      });
      win.on('closed', () => (win = null));
      void win.loadURL(`${url}/`);
    };
    app.on('second-instance', () => {
      const address = supervisor.current();
      if (address) showWindow(address.url);
    });
    // A restart may have moved the backend to another port: follow it.
    supervisor.onReady((address) => {
      if (win && !win.isDestroyed() && !isAppUrl(win.webContents.getURL(), address.url)) {
        void win.loadURL(`${address.url}/`);
      }
    });

    nativeTheme.themeSource = settings.preferences.get().theme;
    installSessionPolicy(session.defaultSession, backend);
    registerIpcHandlers(
      {
        'foyer:backend': async () => ({ url: (await supervisor.ready()).url, token }),
        'foyer:open-external': async (url) => {
          const safe = externalUrl(url);
          if (!safe) return false;
          await shell.openExternal(safe);
          return true;
        },
        'foyer:get-preferences': () => settings.preferences.get(),
        'foyer:set-preference': (...change) => {
          const next = settings.preferences.set(change);
          nativeTheme.themeSource = next.theme;
          return next;
        },
      },
      backend.origin,
    );

    try {
      const address = await supervisor.start();
      showWindow(address.url);
    } catch (error) {
      dialog.showErrorBox(
        'Foyer could not start its forum',
        `${error instanceof Error ? error.message : String(error)}\n\nData folder: ${dataDir}`,
      );
      app.exit(1);
      return;
    }
    app.on('activate', () => {
      const address = supervisor.current();
      if (address && BrowserWindow.getAllWindows().length === 0) showWindow(address.url);
    });
  });
}

startApp();
