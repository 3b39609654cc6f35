// What `npm start` runs. With an Electron binary: build the renderer and the shell, open
// the desktop app. Without one (this machine class cannot download it), say so in one
// line and serve the same renderer from the forum backend for a browser tab instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { tsImport } from 'tsx/esm/api';
import { electronBinaryPath } from './electron-binary.mjs';
import { ensureRendererBuild, repoRoot } from './ensure-renderer-build.mjs';

/**
 * The per-user forum folder: the same `<userData>/forum` the desktop app uses (Electron's
 * userData for an app named "Foyer"), so the browser fallback and the desktop app open one forum.
 */
function userDataDir(env = process.env, platform = process.platform) {
  if (env.FOYER_DATA?.trim()) return path.resolve(env.FOYER_DATA.trim());
  let userData;
  if (platform === 'win32')
    userData = path.join(env.APPDATA || path.join(homedir(), 'AppData', 'Roaming'), 'Foyer');
  else if (platform === 'darwin') userData = path.join(homedir(), 'Library', 'Application Support', 'Foyer');
  else userData = path.join(env.XDG_CONFIG_HOME?.trim() || path.join(homedir(), '.config'), 'Foyer');
  return path.join(userData, 'forum');
}

/** Runs a child with our stdio; SIGINT/SIGTERM sent to us go to it; we exit with its code. */
function runForwardingSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not start ${child.spawnfile}: ${error.message}`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    // A child stopped by the signal we forwarded is a normal stop, not a failure.
    process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
  });
}

function startDesktop(electron) {
  ensureRendererBuild();
  const built = spawnSync(process.execPath, ['build/scripts/build-electron.mjs', '--no-backend'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
  runForwardingSignals(spawn(electron, ['electron/dist/main.cjs'], { cwd: repoRoot, stdio: 'inherit' }));
}

async function startBrowserMode() {
  console.log(
    'Electron is not available on this machine (its binary could not be downloaded): serving Foyer in your browser instead.',
  );
  if (!existsSync(path.join(repoRoot, 'backend', 'cli', 'server.ts'))) {
    console.error('backend/cli/server.ts is missing: this checkout has no forum server to start.');
    process.exit(1);
  }
  ensureRendererBuild();
  const { parseListeningLine } = await tsImport('../../electron/main/listening-line.ts', import.meta.url);
  const dataDir = userDataDir();
  mkdirSync(dataDir, { recursive: true });
  const port = process.env.FOYER_PORT?.trim() || '0';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'backend/cli/server.ts', '--data', dataDir, '--port', port, '--host', '127.0.0.1'],
    { cwd: repoRoot, stdio: ['inherit', 'pipe', 'inherit'] },
  );
  let announced = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    const address = announced ? null : parseListeningLine(line);
    if (address) {
      announced = true;
      console.log(`Foyer is running at ${address.url}`);
      console.log(`Data folder: ${dataDir}. Press Ctrl+C to stop.`);
    }
  });
  runForwardingSignals(child);
}

const electron = electronBinaryPath();
if (electron) startDesktop(electron);
else await startBrowserMode();
