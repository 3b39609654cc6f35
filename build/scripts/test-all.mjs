// What `npm test` runs: every check, in order, stopping at the first failure so the
// message at the bottom of the output is the one to act on. Prints a summary either way.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repoRoot, 'node_modules', '.bin');

const steps = [
  {
    name: 'Debian packages (chromium, dovecot-imapd)',
    command: ['node', 'build/scripts/ensure-debian-packages.mjs', 'chromium', 'dovecot'],
  },
  { name: 'Lint', command: ['eslint', '.'] },
  { name: 'Formatting', command: ['prettier', '--check', '.'], fix: 'npm run format' },
  { name: 'Type check', command: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'Unit tests', command: ['vitest', 'run'] },
  { name: 'Renderer build', command: ['vite', 'build', '--config', 'renderer/vite.config.ts'] },
  { name: 'Browser end-to-end tests', command: ['playwright', 'test'] },
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];

for (const [index, step] of steps.entries()) {
  const label = `[${index + 1}/${steps.length}] ${step.name}`;
  const shown = step.command.join(' ');
  console.log(`\n=== ${label}: ${shown}`);
  const started = Date.now();
  const program = step.command[0] === 'node' ? process.execPath : step.command[0];
  const result = spawnSync(program, step.command.slice(1), {
    cwd: repoRoot,
    stdio: 'inherit',
    // node_modules/.bin first, like npm scripts; Windows needs a shell for .cmd shims.
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    shell: process.platform === 'win32',
  });
  const ms = Date.now() - started;
  const ok = result.status === 0;
  results.push({ label, ok, ms });
  if (!ok) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    printSummary();
    console.error(`\nnpm test stopped at ${label} (${why}).`);
    console.error(
      `Fix the problem reported above, then re-run \`${shown}\` alone or \`npm test\` for everything.`,
    );
    if (step.fix) console.error(`Hint: \`${step.fix}\` fixes most formatting problems.`);
    process.exit(1);
  }
}

printSummary();
console.log('\nAll checks passed.');

function printSummary() {
  console.log('\nSummary:');
  for (const { label, ok, ms } of results)
    console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label}  (${seconds(ms)})`);
  for (const [index, step] of steps.entries()) {
    if (index >= results.length) console.log(`  skip  [${index + 1}/${steps.length}] ${step.name}`);
  }
}
