// Discourse's POST /groups/{id}/test_email_settings.json for SMTP: log in to the server with
// the settings an admin is about to save (behaviour.md §2.2 "settings must be tested before
// saving"). Fields left out are taken from the group; the saved password is used when none
// is given, since no API shows it.
import { z } from 'zod';
import type { Group } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { errorText } from '../email/outbound/email-log';
import { exposesPassword, parseSslMode, verifyMailbox } from '../email/outbound/group-mailbox';

const input = z.object({
  protocol: z.literal('smtp', {
    error: 'protocol must be smtp: Foyer groups do not read their mailbox over IMAP.',
  }),
  host: z.string().trim().min(1).optional(),
  port: z.union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)]).optional(),
  ssl_mode: z.union([z.number(), z.string().trim()]).optional(),
  username: z.string().trim().min(1).optional(),
  password: z.string().min(1).optional(),
});

function sslModeOf(v: number | string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = parseSslMode(v);
  if (n === undefined)
    throw new DomainError('invalid_parameters', { detail: 'ssl_mode must be none, ssl_tls or starttls.' });
  return n;
}

export async function testGroupMailbox(group: Group, body: Record<string, unknown>): Promise<void> {
  const parsed = input.safeParse(body);
  if (!parsed.success)
    throw new DomainError('invalid_parameters', {
      detail: parsed.error.issues[0]?.message ?? 'check protocol, host, port, ssl_mode, username, password.',
    });
  const p = parsed.data;
  const settings = {
    host: p.host ?? group.smtp_server ?? '',
    port: p.port ?? group.smtp_port ?? 0,
    sslMode: sslModeOf(p.ssl_mode, group.smtp_ssl_mode),
    username: p.username ?? group.email_username ?? '',
    password: p.password ?? group.email_password ?? '',
  };
  const missing = Object.entries({
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
  })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0)
    throw new DomainError('invalid_parameters', {
      detail: `give ${missing.join(', ')} to test the mailbox.`,
    });
  if (exposesPassword(settings))
    throw new DomainError('invalid_parameters', {
      detail: `ssl_mode none would send the password to ${settings.host} in clear text; use ssl_tls or starttls.`,
    });
  try {
    await verifyMailbox(settings);
  } catch (e) {
    throw new DomainError('invalid_parameters', {
      detail: `could not log in to ${settings.host}:${settings.port} as ${settings.username}: ${errorText(e)}`,
    });
  }
}
