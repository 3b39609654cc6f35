// Mail that claims to come from a registered user but fails DMARC is held for staff review,
// not published (quality.md "Security"; behaviour.md §2.1 email_in_authserv_id). The verdict
// comes from our own SMTP listener (mailauth) or, for mail that reached us another way, from an
// Authentication-Results header (RFC 8601) added by the mail server named in
// email_in_authserv_id. Only the topmost such header counts: headers below it were written
// before the message reached that server and may be forged (RFC 8601 §5).
import type { User } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import type { SiteSettings } from '../../settings/site-settings';
import type { AuthVerdict, ReceiveOutcome } from '../contracts';
import { headerValues, type ParsedEmail } from './parse-email';
import { processStoredEmail } from './receive-email';

type Dmarc = NonNullable<AuthVerdict['dmarc']>;
type Spf = NonNullable<AuthVerdict['spf']>;
type Dkim = NonNullable<AuthVerdict['dkim']>;

const DMARC: readonly Dmarc[] = ['pass', 'fail', 'none', 'temperror', 'permerror'];
const SPF: readonly Spf[] = ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'];
const DKIM: readonly Dkim[] = ['pass', 'fail', 'none', 'neutral', 'temperror', 'permerror', 'policy'];

const pick = <T extends string>(allowed: readonly T[], v: string | undefined): T | undefined =>
  v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

/** RFC 8601 §2.2: `authserv-id [version] *(";" resinfo)`; comments in parentheses are ignored. */
export function parseAuthenticationResults(value: string): { authservId: string; verdict: AuthVerdict } {
  const text = value.replace(/\([^()]*\)/g, ' ');
  const [head = '', ...rest] = text.split(';');
  const authservId = (head.trim().split(/\s+/)[0] ?? '').toLowerCase();
  const results = new Map<string, string>();
  for (const part of rest) {
    const m = /^\s*([a-z0-9_-]+)\s*=\s*([a-z]+)/i.exec(part);
    // The first result of a method wins (several DKIM signatures: any pass is reported first by MTAs).
    if (m?.[1] && m[2] && !results.has(m[1].toLowerCase()))
      results.set(m[1].toLowerCase(), m[2].toLowerCase());
  }
  const dmarc = pick(DMARC, results.get('dmarc'));
  const spf = pick(SPF, results.get('spf'));
  const dkim = pick(DKIM, results.get('dkim'));
  return {
    authservId,
    verdict: {
      ...(dmarc ? { dmarc } : {}),
      ...(spf ? { spf } : {}),
      ...(dkim ? { dkim } : {}),
      header: value,
    },
  };
}

/** The listener's verdict when given; else the topmost Authentication-Results of our trusted server. */
export function authVerdictFor(
  settings: SiteSettings,
  email: Pick<ParsedEmail, 'headers'>,
  fromListener: AuthVerdict | undefined,
): AuthVerdict | undefined {
  if (fromListener) return fromListener;
  const trusted = settings.str('email_in_authserv_id').trim().toLowerCase();
  if (!trusted) return undefined;
  for (const value of headerValues(email, 'authentication-results')) {
    const parsed = parseAuthenticationResults(value);
    if (parsed.authservId === trusted) return parsed.verdict;
  }
  return undefined;
}

/** Held: the sender is a registered (non-staged) user and DMARC failed. */
export function shouldHold(sender: User | undefined, verdict: AuthVerdict | undefined): boolean {
  return Boolean(sender && !sender.staged && verdict?.dmarc === 'fail');
}

/** Staff release a held email: it is processed now as if it had passed (§ quality.md Security). */
export async function releaseHeldEmail(ctx: ForumContext, incomingEmailId: number): Promise<ReceiveOutcome> {
  return processStoredEmail(ctx, incomingEmailId, { release: true });
}
