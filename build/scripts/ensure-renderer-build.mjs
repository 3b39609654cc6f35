// Builds the renderer only when renderer/dist is missing or older than its sources, so
// `npm start` and the e2e fixture never serve a stale page and never rebuild needlessly.
// Usage: node build/scripts/ensure-renderer-build.mjs [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const builtIndex = path.join(repoRoot, 'renderer', 'dist', 'index.html');
const sourceDirs = ['renderer', 'shared'].map((dir) => path.join(repoRoot, dir));
const skipped = new Set([path.join(repoRoot, 'renderer', 'dist'), path.join(repoRoot, 'node_modules')]);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skipped.has(full)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or null when renderer/dist is up to date. */
export function rendererBuildReason() {
  if (!existsSync(builtIndex)) return 'renderer/dist/index.html is missing';
  const built = statSync(builtIndex).mtimeMs;
  const changed = sourceDirs.find((dir) => newestMtime(dir) > built);
  return changed ? `${path.relative(repoRoot, changed)}/ changed since the last build` : null;
}

/** Runs `vite build --config renderer/vite.config.ts` when needed; throws if the build fails. */
export function ensureRendererBuild({ force = false, log = console.log } = {}) {
  const reason = force ? 'forced' : rendererBuildReason();
  if (!reason) return false;
  log(`Building the renderer (${reason})…`);
  const require = createRequire(import.meta.url);
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [viteBin, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `vite build --config renderer/vite.config.ts failed (exit ${result.status ?? result.signal}).`,
    );
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (!ensureRendererBuild({ force: process.argv.includes('--force') }))
      console.log('Renderer build is up to date.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
