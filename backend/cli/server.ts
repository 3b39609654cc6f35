// `npm run server -- --data <dir> --port <port> [--host 127.0.0.1]`: runs the forum on a data
// folder and prints "Foyer forum listening on http://<host>:<port>" once it accepts requests.
// The email loop's transports are opt-in flags: --smtp-url (outgoing), --inbound-smtp-port and
// --imap-url (incoming); each also reads its FOYER_* environment variable.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reprocessPendingIncoming } from '../email/inbound/receive-email';
import { deliverPendingMail } from '../email/outbound/deliver-pending-mail';
import { createSmtpTransport } from '../email/outbound/smtp-transport';
import type { ImapPoller, ImapTarget } from '../email/transports/imap-poller';
import type { SmtpListener } from '../email/transports/smtp-listener';
import { createForum } from '../main';
import { rendererBuilt } from '../http/static-files';
import type { ForumContext, MailTransport } from '../services/context';
import { portOption, readOptions, requireOption, UsageError } from './options';

const FLAGS = [
  'data',
  'port',
  'host',
  'launch-token',
  'renderer-dir',
  'smtp-url',
  'public-url',
  'inbound-smtp-port',
  'imap-url',
] as const;
const USAGE =
  'usage: npm run server -- --data <dir> --port <port> [--host 127.0.0.1] [--launch-token <hex>] [--renderer-dir <dir>]\n' +
  '       [--smtp-url smtp://user:pass@host:587] [--public-url https://forum.example.com]\n' +
  '       [--inbound-smtp-port <port>] [--imap-url imap://user:pass@host:143/INBOX]';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function urlOption(
  value: string | undefined,
  flag: string,
  protocols: string[],
  example: string,
): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${flag} must be a URL like ${example}.`);
  }
  if (!protocols.includes(url.protocol))
    throw new UsageError(
      `--${flag} must start with ${protocols.map((p) => p + '//').join(' or ')} (like ${example}).`,
    );
  return value;
}

function mailTransportOption(value: string | undefined): MailTransport | null {
  const url = urlOption(value, 'smtp-url', ['smtp:', 'smtps:'], 'smtp://user:password@mail.example.com:587');
  if (url === undefined) return null;
  try {
    return createSmtpTransport(url);
  } catch (e) {
    throw new UsageError(`--smtp-url: ${(e as Error).message}`);
  }
}

/**
 * Recovery at start: incoming mail stored but not processed before a crash (or kill -9), and
 * outgoing mail kept while no server was configured. A failure here is reported, not fatal:
 * the records stay as they are for the next start.
 */
async function startupMailWork(ctx: ForumContext): Promise<void> {
  try {
    const finished = await reprocessPendingIncoming(ctx);
    if (finished.length > 0)
      console.log(`Finished ${finished.length} incoming email(s) left half-done by the last run.`);
  } catch (e) {
    console.error('error: could not finish the incoming emails left by the last run:', e);
  }
  if (!ctx.mail) return;
  // Sending can take a while (a slow or unreachable server): it runs beside the transports.
  deliverPendingMail(ctx).then(
    (r) => {
      if (r.sent + r.skipped + r.failed > 0)
        console.log(
          `Kept outgoing mail: ${r.sent} sent, ${r.skipped} skipped, ${r.failed} left for later${r.error ? ` (${r.error})` : ''}.`,
        );
    },
    (e: unknown) =>
      console.error('error: could not send the outgoing mail kept while no SMTP server was configured:', e),
  );
}

async function main(): Promise<void> {
  const { values } = readOptions(process.argv.slice(2), FLAGS);
  const dataDir = resolve(requireOption(values, 'data'));
  const port = portOption(values.port, 'port', 4200);
  const host = values.host ?? '127.0.0.1';
  const publicUrl = urlOption(
    values['public-url'],
    'public-url',
    ['http:', 'https:'],
    'https://forum.example.com',
  );
  const inboundPort =
    values['inbound-smtp-port'] === undefined
      ? undefined
      : portOption(values['inbound-smtp-port'], 'inbound-smtp-port', 0);
  // The inbound transports (and their SMTP/IMAP/DKIM libraries) load only when asked for.
  const imapUrl = values['imap-url'];
  const imap = imapUrl === undefined ? undefined : await import('../email/transports/imap-poller');
  let imapTarget: ImapTarget | undefined;
  if (imap && imapUrl !== undefined) {
    try {
      imapTarget = imap.parseImapUrl(imapUrl);
    } catch (e) {
      throw new UsageError(`--imap-url: ${(e as Error).message}`);
    }
  }
  const mail = mailTransportOption(values['smtp-url']);

  const rendererDir = resolve(values['renderer-dir'] ?? join(repoRoot, 'renderer', 'dist'));
  const forum = await createForum({
    dataDir,
    rendererDir,
    ...(values['launch-token'] ? { launchToken: values['launch-token'] } : {}),
    ...(publicUrl ? { baseUrl: publicUrl.replace(/\/+$/, '') } : {}),
    mail,
    runJobs: true,
  });
  await forum.app.listen({ port, host });
  const address = forum.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  // Links in emails point here unless --public-url says where people reach the forum.
  if (!publicUrl) forum.ctx.baseUrl = `http://${shownHost}:${actualPort}`;
  console.log(`Foyer forum listening on http://${shownHost}:${actualPort} (data: ${dataDir})`);
  console.log(
    rendererBuilt(rendererDir)
      ? `Serving the Foyer client from ${rendererDir} at http://${shownHost}:${actualPort}/`
      : `No built client in ${rendererDir}: run npm run build:renderer to serve Foyer in a browser at /.`,
  );

  // Mail stored before a crash or while no outgoing server was configured is picked up first.
  await startupMailWork(forum.ctx);
  forum.jobs.poke();

  let listener: SmtpListener | undefined;
  let poller: ImapPoller | undefined;
  if (inboundPort !== undefined) {
    const { startSmtpListener } = await import('../email/transports/smtp-listener');
    listener = await startSmtpListener(forum.ctx, { host, port: inboundPort });
    console.log(`Foyer inbound SMTP listening on ${shownHost}:${listener.port}`);
  }
  if (imap && imapUrl !== undefined && imapTarget) {
    const target = imapTarget;
    poller = imap.startImapPoller(forum.ctx, {
      url: imapUrl,
      onError: (e) =>
        console.error(`IMAP ${target.user}@${target.host}:${target.port}: ${(e as Error).message ?? e}`),
    });
    console.log(
      `Foyer reading mail from imap${target.secure ? 's' : ''}://${target.host}:${target.port}/${target.mailbox}`,
    );
  }

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Received ${signal}: shutting down.`);
    // Transports first, so nothing new arrives while the job runner and database close.
    Promise.all([listener?.close(), poller?.close()])
      .then(() => forum.close())
      .then(
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
    console.error(
      `error: a port is already in use; choose another with --port or --inbound-smtp-port (0 picks a free one).`,
    );
  else console.error(`error: ${err.message ?? String(e)}`);
  process.exit(1);
});
