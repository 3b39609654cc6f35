// `npm run server -- --data <dir> --port <port> [--host 127.0.0.1]`: runs the forum on a data
// folder and prints "Foyer forum listening on http://<host>:<port>" once it accepts requests.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createForum } from '../main';
import { portOption, readOptions, requireOption, UsageError } from './options';

const FLAGS = ['data', 'port', 'host', 'launch-token', 'renderer-dir'] as const;
const USAGE =
  'usage: npm run server -- --data <dir> --port <port> [--host 127.0.0.1] [--launch-token <hex>] [--renderer-dir <dir>]';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = readOptions(process.argv.slice(2), FLAGS);
  const dataDir = resolve(requireOption(values, 'data'));
  const port = portOption(values.port, 'port', 4200);
  const host = values.host ?? '127.0.0.1';
  const forum = await createForum({
    dataDir,
    rendererDir: resolve(values['renderer-dir'] ?? join(repoRoot, 'renderer', 'dist')),
    ...(values['launch-token'] ? { launchToken: values['launch-token'] } : {}),
  });
  await forum.app.listen({ port, host });
  const address = forum.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  console.log(`Foyer forum listening on http://${shownHost}:${actualPort} (data: ${dataDir})`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Received ${signal}: shutting down.`);
    forum.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE')
    console.error(`error: the port is already in use; choose another with --port (0 picks a free one).`);
  else console.error(`error: ${err.message ?? String(e)}`);
  process.exit(1);
});
