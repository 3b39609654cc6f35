// Foyer's own inbound SMTP listener (architecture.md "Email is real"): one of the three
// transports that feed the receiver. It is built for loopback and desktop use: no AUTH, no
// STARTTLS, no queue of its own. A public deployment belongs behind a real MTA (Postfix, …)
// that does TLS, rate limiting and spam filtering and relays to this port or pipes into
// `POST /admin/email/handle_mail`.
//
// Guarantees: recipients we do not serve are refused at RCPT time, so we never accept mail we
// would later have to bounce (no backscatter); a 250 is sent only after the receiver has stored
// the raw message, so an accepted message is never lost; anything that goes wrong before that
// is a 4xx, so the sending MTA keeps the message and retries (RFC 5321 §4.2.5, §4.5.4.1).
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { authenticate, type AuthenticateResult, type DNSResolver } from 'mailauth';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { ForumContext } from '../../services/context';
import type { AuthVerdict } from '../contracts';
import { isAcceptedRecipient } from '../inbound/destinations';
import { receiveEmail } from '../inbound/receive-email';
import { cachingResolver } from './dns-cache';

/** 25 MiB, the common default of public MTAs (Gmail, Postfix's message_size_limit is 10 MiB). */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

export interface SmtpListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxBytes?: number;
  /** DNS for SPF/DKIM/DMARC lookups; Node's resolver when absent. Tests inject one to stay offline. */
  resolver?: DNSResolver;
  /** Our host name in the greeting and in Authentication-Results (authserv-id). */
  name?: string;
  /** Called with unexpected failures (the SMTP client only sees a 4xx). */
  onError?: (error: unknown) => void;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/** An error whose `responseCode` smtp-server sends as the reply code. */
function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtpListener(ctx: ForumContext, opts: SmtpListenerOptions): Promise<SmtpListener> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const name = opts.name ?? hostname();
  const reportError = opts.onError ?? ((e: unknown) => console.error('inbound SMTP:', e));
  const resolver = cachingResolver(opts.resolver);

  const server = new SMTPServer({
    name,
    banner: 'Foyer inbound mail',
    logger: false,
    secure: false,
    // Loopback use only (see the file comment): no TLS, and no AUTH because we never relay.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    // RFC 1870: advertised in EHLO, so a client can give up before sending; oversize DATA is
    // answered 552 (RFC 5321 §4.2.2 "exceeded storage allocation") whatever onData decides.
    size: maxBytes,
    rejectOversized: true,
    maxClients: 100,
    // Idle connections are dropped after this on close(); in-flight DATA gets that long to finish.
    closeTimeout: 5_000,

    onRcptTo(address, _session, callback) {
      isAcceptedRecipient(ctx, address.address).then(
        (accepted) =>
          callback(
            accepted
              ? null
              : // RFC 5321 §4.2.2/§4.2.3: 550 mailbox unavailable; 5.1.1 (RFC 3463) bad destination mailbox.
                smtpError(
                  550,
                  `5.1.1 <${address.address}>: no such recipient here (not a reply or incoming address)`,
                ),
          ),
        (e: unknown) => {
          reportError(e);
          // 451 "local error in processing": a temporary failure, the client retries later.
          callback(smtpError(451, '4.3.0 Temporary failure checking the recipient, try again later'));
        },
      );
    },

    onData(stream, session, callback) {
      collect(stream).then(
        async (raw) => {
          if (raw === null)
            return callback(smtpError(552, `5.3.4 Message exceeds the size limit of ${maxBytes} bytes`));
          try {
            const auth = await verifySender(raw, session, name, resolver);
            const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
            const outcome = await receiveEmail(ctx, raw, { source: 'smtp', auth, envelopeTo });
            callback(null, `2.0.0 Stored as incoming email ${outcome.incomingEmailId} (${outcome.status})`);
          } catch (e) {
            reportError(e);
            // The message was not (or maybe not) stored: a temporary failure keeps it in the
            // sender's queue; a retry that finds it already stored is a harmless duplicate.
            callback(smtpError(451, '4.3.0 Could not store the message, try again later'));
          }
        },
        (e: unknown) => {
          reportError(e);
          callback(smtpError(451, '4.3.0 Error reading the message, try again later'));
        },
      );
    },
  });
  server.on('error', (e) => reportError(e));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  return {
    port,
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closed;
    },
  };
}

/** Reads the DATA stream; null when it went over the size limit (the rest is drained, not kept). */
function collect(stream: SMTPServerDataStream): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
  });
}

/**
 * SPF (RFC 7208) for the client IP and MAIL FROM, DKIM (RFC 6376), and DMARC (RFC 7489) for the
 * From domain, with mailauth. The receiver holds mail that claims a registered user's address
 * and fails DMARC (quality.md, Security). A DNS failure is a verdict (temperror), not a refusal.
 */
async function verifySender(
  raw: Buffer,
  session: SMTPServerSession,
  mta: string,
  resolver: DNSResolver,
): Promise<AuthVerdict> {
  let result: AuthenticateResult;
  try {
    result = await authenticate(raw, {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs,
      sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      mta,
      disableBimi: true,
      resolver,
    });
  } catch (e) {
    return { header: `${mta}; none (verification failed: ${(e as Error).message})` };
  }
  const verdict: AuthVerdict = {};
  const spf = result.spf ? normalise(result.spf.status.result) : undefined;
  if (spf && spf !== 'policy') verdict.spf = spf;
  const dkim = dkimVerdict(result);
  if (dkim) verdict.dkim = dkim;
  const dmarc = result.dmarc ? normalise(result.dmarc.status.result) : undefined;
  if (
    dmarc === 'pass' ||
    dmarc === 'fail' ||
    dmarc === 'none' ||
    dmarc === 'temperror' ||
    dmarc === 'permerror'
  )
    verdict.dmarc = dmarc;
  const at = result.headers.indexOf('Authentication-Results:');
  if (at >= 0) verdict.header = result.headers.slice(at).trim();
  return verdict;
}

type Normalised = NonNullable<AuthVerdict['spf']> | 'policy';

/** mailauth spells a few results its own way ("temperr", "skipped"); map them onto RFC 8601's. */
function normalise(result: string): Normalised | undefined {
  switch (result) {
    case 'temperr':
      return 'temperror';
    case 'skipped':
      return undefined;
    case 'pass':
    case 'fail':
    case 'softfail':
    case 'neutral':
    case 'none':
    case 'temperror':
    case 'permerror':
    case 'policy':
      return result;
    default:
      return undefined;
  }
}

/** One DKIM result for the message: pass if any signature passes, else the first signature's result. */
function dkimVerdict(result: AuthenticateResult): AuthVerdict['dkim'] {
  const rows = result.dkim.results;
  if (rows.length === 0) return 'none';
  if (rows.some((r) => r.status.result === 'pass')) return 'pass';
  const first = rows[0] ? normalise(rows[0].status.result) : undefined;
  return first === 'softfail' ? 'fail' : first;
}
