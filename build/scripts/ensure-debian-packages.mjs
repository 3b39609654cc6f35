// Makes sure the Debian tools the tests need are installed, installing them when we can.
// Usage: node build/scripts/ensure-debian-packages.mjs <tool>...   (tools: chromium, dovecot, xvfb-run)
// As root with apt-get: `apt-get update` + `apt-get install -y <packages>`. Otherwise it
// stops at once (exit 1) and prints the exact command a person has to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Tool -> the file that proves it is installed and the Debian package that provides it. */
const tools = {
  chromium: { file: process.env.CHROMIUM_PATH || '/usr/bin/chromium', pkg: 'chromium' },
  dovecot: { file: '/usr/sbin/dovecot', pkg: 'dovecot-imapd' },
  'xvfb-run': { file: '/usr/bin/xvfb-run', pkg: 'xvfb' },
};
// Package names work too, since that is what people remember.
const aliases = { 'dovecot-imapd': 'dovecot', xvfb: 'xvfb-run' };

const requested = process.argv.slice(2).map((name) => aliases[name] ?? name);
const unknown = requested.filter((name) => !(name in tools));
if (requested.length === 0 || unknown.length > 0) {
  if (unknown.length) console.error(`Unknown tool(s): ${unknown.join(', ')}.`);
  console.error(
    `Usage: node build/scripts/ensure-debian-packages.mjs <tool>...  (${Object.keys(tools).join(', ')})`,
  );
  process.exit(2);
}

const missing = [...new Set(requested)].filter((name) => !existsSync(tools[name].file));
if (missing.length === 0) {
  console.log(`Debian tools present: ${requested.map((name) => tools[name].file).join(', ')}`);
  process.exit(0);
}

const packages = [...new Set(missing.map((name) => tools[name].pkg))];
const manual = `sudo apt-get install -y ${packages.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  const why = !hasApt ? 'apt-get is not available here' : 'this is not running as root';
  console.error(
    `Missing: ${missing.map((name) => tools[name].file).join(', ')} (${why}). Install with:\n  ${manual}`,
  );
  process.exit(1);
}

function run(args, env = process.env) {
  console.log(`$ ${args.join(' ')}`);
  const result = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(
      `"${args.join(' ')}" failed (exit ${result.status ?? result.signal}). Install by hand with:\n  ${manual}`,
    );
    process.exit(1);
  }
}

console.log(`Installing Debian packages for ${missing.join(', ')}: ${packages.join(' ')}`);
run(['apt-get', 'update']);
run(['apt-get', 'install', '-y', ...packages], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });

const stillMissing = missing.filter((name) => !existsSync(tools[name].file));
if (stillMissing.length > 0) {
  console.error(
    `Installed ${packages.join(' ')} but ${stillMissing.map((n) => tools[n].file).join(', ')} is still missing.`,
  );
  process.exit(1);
}
console.log(`Installed: ${packages.join(' ')}`);
