// Where the Electron executable is, without triggering electron@45's lazy download:
// `require('electron')` downloads the binary on first use and throws offline
// (handbook toolchain.md §1.1/§1.2), so we read the files it would read instead.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the Electron executable, or null when it has not been downloaded. */
export function electronBinaryPath() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // electron is not installed at all
  }
  const pathFile = path.join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  // Same override electron's index.js honours, for binaries installed by hand.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, executable || 'electron')
    : executable && path.join(dir, 'dist', executable);
  return candidate && existsSync(candidate) ? candidate : null;
}

export function hasElectronBinary() {
  return electronBinaryPath() !== null;
}
