// The main window and the session rules around it. The policies themselves are pure
// (policy.ts, window-bounds.ts); this file wires them to Electron.
import { BrowserWindow, screen, shell, type Event, type Session } from 'electron';
import {
  contentSecurityPolicy,
  externalUrl,
  isAppUrl,
  isPermissionAllowed,
  navigationDecision,
} from './policy';
import type { WindowStateStore } from './preferences';
import { restoreBounds } from './window-bounds';

export interface BackendAccess {
  /** Origin of the running backend, or null while it restarts. */
  origin(): string | null;
  token: string;
}

function openExternally(raw: string): void {
  const url = externalUrl(raw);
  if (url) void shell.openExternal(url);
}

/**
 * Session-wide rules: the launch token is added to requests for the backend (including
 * the page itself and its scripts, which the renderer cannot decorate), the CSP header to
 * its responses, and permissions outside the allowlist are refused.
 */
export function installSessionPolicy(ses: Session, backend: BackendAccess): void {
  ses.webRequest.onBeforeSendHeaders((details, callback) => {
    const headers = { ...details.requestHeaders };
    if (isAppUrl(details.url, backend.origin())) headers['X-Foyer-Launch-Token'] = backend.token;
    callback({ requestHeaders: headers });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [contentSecurityPolicy()];
    callback({ responseHeaders: headers });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, backend.origin()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, backend.origin()),
  );
}

export interface MainWindowOptions {
  preloadPath: string;
  windowState: WindowStateStore;
  backend: BackendAccess;
  devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = options.windowState.get();
  const bounds = restoreBounds(
    state.bounds,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Foyer',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.devTools,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // Links with target=_blank and window.open never create windows; safe ones go to the OS.
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  const guardNavigation = (event: Event, url: string): void => {
    const decision = navigationDecision(url, options.backend.origin());
    if (decision.kind === 'allow') return;
    event.preventDefault();
    if (decision.kind === 'open-external') void shell.openExternal(decision.url);
  };
  win.webContents.on('will-navigate', (event) => guardNavigation(event, event.url));
  win.webContents.on('will-redirect', (event) => guardNavigation(event, event.url));

  rememberBounds(win, options.windowState);
  return win;
}

/** Saves bounds while the window moves (debounced, so a crash keeps them) and on close. */
function rememberBounds(win: BrowserWindow, store: WindowStateStore): void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    store.set({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
