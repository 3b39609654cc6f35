// Bundles the desktop shell and the backend with esbuild:
//   electron/main/index.ts    -> electron/dist/main.cjs     (main process, CommonJS)
//   electron/preload/index.ts -> electron/dist/preload.cjs  (sandboxed preload: one file, CommonJS)
//   backend/cli/server.ts     -> dist/backend/server.mjs    (the forum, shipped as an extra resource)
// `electron` is provided by the runtime and native modules cannot be bundled, so both stay
// external. Usage: node build/scripts/build-electron.mjs [--no-backend]
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const at = (...parts) => path.join(repoRoot, ...parts);

/** Modules with compiled parts: loaded from node_modules at run time (see electron-builder.json). */
export const nativeModules = ['better-sqlite3'];

const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' };

const targets = {
  main: {
    ...common,
    entryPoints: [at('electron/main/index.ts')],
    outfile: at('electron/dist/main.cjs'),
    platform: 'node',
    format: 'cjs',
    // Electron 45 embeds Node 22 or later.
    target: 'node22',
    external: ['electron', ...nativeModules],
  },
  preload: {
    ...common,
    entryPoints: [at('electron/preload/index.ts')],
    outfile: at('electron/dist/preload.cjs'),
    // A sandboxed preload has no Node built-ins (only a small `require('electron')`), so
    // bundle as for a browser: esbuild then fails loudly if one sneaks in.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
  },
  backend: {
    ...common,
    entryPoints: [at('backend/cli/server.ts')],
    outfile: at('dist/backend/server.mjs'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...nativeModules],
    // CommonJS dependencies bundled into an ES module still call require() and read
    // __dirname; give them the real ones.
    banner: {
      js: [
        "import { createRequire as __foyerCreateRequire } from 'node:module';",
        "import { fileURLToPath as __foyerFileURLToPath } from 'node:url';",
        'const require = __foyerCreateRequire(import.meta.url);',
        'const __filename = __foyerFileURLToPath(import.meta.url);',
        "const __dirname = __foyerFileURLToPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
  },
};

const skipBackend = process.argv.includes('--no-backend');
const wanted = Object.entries(targets).filter(([name]) => !(skipBackend && name === 'backend'));

rmSync(at('electron/dist'), { recursive: true, force: true });
if (!skipBackend) rmSync(at('dist/backend'), { recursive: true, force: true });

try {
  for (const [name, options] of wanted) {
    const started = performance.now();
    await build(options);
    const ms = Math.round(performance.now() - started);
    console.log(`built ${name}: ${path.relative(repoRoot, options.outfile)} (${ms} ms)`);
  }
} catch (error) {
  // esbuild has already printed the located errors.
  console.error(`build-electron failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  process.exit(1);
}
