// Updates a group (Discourse's PUT /groups/{id}.json): owners and admins change its profile
// and levels; admins also change its mail settings — incoming addresses and the group's own
// mailbox for sending (behaviour.md §2.2, §4.2). Automatic groups only take their levels and
// bio, as in Discourse. The mailbox password is write-only: no API ever returns it.
import { z } from 'zod';
import type { Updateable } from 'kysely';
import type { Group, GroupsTable, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail, normalizeEmail } from '../../shared/util/email-address';
import { exposesPassword, parseSslMode, SMTP_SSL_MODES } from '../email/outbound/group-mailbox';
import { cook } from '../posts/post-writer';
import { canManageGroup } from '../policy/guardian';
import { isNameTaken, validateUsername } from '../users/username';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { emptyToNull, flag, groupProfileFields, text } from './create-group';

const nullableText = (field: string, max: number) => z.union([text(field, max), z.null()]).optional();

const port = z
  .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number), z.null(), z.literal('')], {
    error: 'smtp_port must be a port number (465 for ssl_tls, 587 for starttls).',
  })
  .transform((v) => (v === '' ? null : v))
  .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 65535), {
    error: 'smtp_port must be between 1 and 65535.',
  })
  .optional();

const sslModeError = `smtp_ssl_mode must be one of ${Object.keys(SMTP_SSL_MODES).join(', ')} (or 0, 1, 2).`;
const sslMode = z
  .union([z.number(), z.string()], { error: sslModeError })
  .transform((v, c) => {
    const n = parseSslMode(v);
    if (n === undefined) {
      c.addIssue({ code: 'custom', message: sslModeError });
      return z.NEVER;
    }
    return n;
  })
  .optional();

const profileInput = z.object({
  name: z.string({ error: 'group[name] must be text.' }).trim().optional(),
  ...groupProfileFields,
});

const mailInput = z.object({
  incoming_email: nullableText('incoming_email', 1000),
  allow_unknown_sender_topic_replies: flag('allow_unknown_sender_topic_replies'),
  smtp_enabled: flag('smtp_enabled'),
  imap_enabled: flag('imap_enabled'),
  smtp_server: nullableText('smtp_server', 255),
  smtp_port: port,
  smtp_ssl_mode: sslMode,
  email_username: nullableText('email_username', 254),
  // "" keeps the saved password (clients cannot show it, so they send the field empty); null clears it.
  email_password: nullableText('email_password', 255),
  email_from_alias: nullableText('email_from_alias', 100),
});

/** The fields Discourse lets anyone who may edit an automatic group change. */
const AUTOMATIC_FIELDS = new Set([
  'name',
  'visibility_level',
  'mentionable_level',
  'messageable_level',
  'default_notification_level',
  'bio_raw',
]);

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('invalid_parameters', {
      detail: parsed.error.issues[0]?.message ?? 'check group[...]',
    });
  return parsed.data;
}

const given = (fields: Record<string, unknown>) => Object.keys(fields).filter((k) => fields[k] !== undefined);

/** An address list, pipe-separated as Discourse stores it; each must be a valid address. */
function addressList(value: string | null, field: string): string[] {
  if (value === null) return [];
  const list = value
    .split('|')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = list.find((a) => !isValidEmail(a));
  if (bad)
    throw new DomainError('invalid_parameters', {
      detail: `${field} must be email addresses separated by "|"; "${bad}" is not an address.`,
    });
  return list.map(normalizeEmail);
}

/** §2.2: a group's addresses (incoming and mailbox) belong to that group alone. */
async function assertAddressesFree(ctx: ForumContext, group: Group, addresses: string[]): Promise<void> {
  if (addresses.length === 0) return;
  const others = await ctx.db
    .selectFrom('groups')
    .select(['name', 'incoming_email', 'email_username'])
    .where('id', '!=', group.id)
    .where((eb) => eb.or([eb('incoming_email', 'is not', null), eb('email_username', 'is not', null)]))
    .execute();
  for (const other of others) {
    const theirs = new Set(
      [...(other.incoming_email ?? '').split('|'), other.email_username ?? '']
        .map((a) => a.trim())
        .filter(Boolean)
        .map(normalizeEmail),
    );
    const clash = addresses.find((a) => theirs.has(a));
    if (clash)
      throw new DomainError('invalid_parameters', {
        detail: `${clash} already belongs to the group "${other.name}"; each group needs its own addresses.`,
      });
  }
}

async function mailChanges(
  ctx: ForumContext,
  group: Group,
  m: z.infer<typeof mailInput>,
): Promise<Updateable<GroupsTable>> {
  const set: Updateable<GroupsTable> = {};
  if (m.incoming_email !== undefined)
    set.incoming_email = addressList(m.incoming_email, 'incoming_email').join('|') || null;
  if (m.allow_unknown_sender_topic_replies !== undefined)
    set.allow_unknown_sender_topic_replies = m.allow_unknown_sender_topic_replies ? 1 : 0;
  if (m.smtp_enabled !== undefined) set.smtp_enabled = m.smtp_enabled ? 1 : 0;
  if (m.imap_enabled !== undefined) set.imap_enabled = m.imap_enabled ? 1 : 0;
  if (m.smtp_server !== undefined) set.smtp_server = emptyToNull(m.smtp_server ?? undefined);
  if (m.smtp_port !== undefined) set.smtp_port = m.smtp_port;
  if (m.smtp_ssl_mode !== undefined) set.smtp_ssl_mode = m.smtp_ssl_mode;
  if (m.email_username !== undefined) {
    const username = emptyToNull(m.email_username ?? undefined);
    if (username !== null && !isValidEmail(username))
      throw new DomainError('invalid_parameters', {
        detail: `email_username is the group's mailbox address; "${username}" is not an email address.`,
      });
    set.email_username = username === null ? null : normalizeEmail(username);
  }
  if (m.email_password === null) set.email_password = null;
  else if (m.email_password) set.email_password = m.email_password;
  if (m.email_from_alias !== undefined) set.email_from_alias = emptyToNull(m.email_from_alias ?? undefined);

  const after = { ...group, ...set } as Group;
  if (after.smtp_enabled) {
    const missing = (['smtp_server', 'smtp_port', 'email_username', 'email_password'] as const).filter(
      (k) => !after[k],
    );
    if (missing.length > 0)
      throw new DomainError('invalid_parameters', {
        detail: `smtp_enabled needs ${missing.join(', ')}; set them in the same request or first.`,
      });
  }
  if (
    after.smtp_server &&
    after.email_password &&
    exposesPassword({ host: after.smtp_server, sslMode: after.smtp_ssl_mode })
  )
    throw new DomainError('invalid_parameters', {
      detail: `smtp_ssl_mode none would send the mailbox password to ${after.smtp_server} in clear text; use ssl_tls (usually port 465) or starttls (usually port 587).`,
    });
  if (after.imap_enabled && !after.smtp_enabled)
    throw new DomainError('invalid_parameters', {
      detail: 'imap_enabled needs smtp_enabled: a group reads its mailbox only once it also sends from it.',
    });
  const addresses = [
    ...(set.incoming_email !== undefined ? addressList(after.incoming_email, 'incoming_email') : []),
    ...(set.email_username ? [set.email_username] : []),
  ];
  await assertAddressesFree(ctx, group, addresses);
  return set;
}

export async function updateGroup(
  ctx: ForumContext,
  actor: User,
  group: Group,
  input: unknown,
): Promise<Group> {
  // Admins may edit automatic groups' levels too; owners only their own custom group.
  if (!actor.admin && !(await canManageGroup(ctx.db, actor, group))) throw new DomainError('invalid_access');
  const fields = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const p = parse(profileInput, fields);
  const m = parse(mailInput, fields);
  if (given(m).length > 0 && !actor.admin)
    throw new DomainError('invalid_access', {
      detail: `only admins change a group's mail settings (${given(m).join(', ')})`,
    });
  if (group.automatic) {
    const refused = given(p).filter((k) => !AUTOMATIC_FIELDS.has(k));
    if (refused.length > 0 || given(m).length > 0)
      throw new DomainError('invalid_parameters', {
        detail: `an automatic group only takes ${[...AUTOMATIC_FIELDS].join(', ')}; remove ${[...refused, ...given(m)].join(', ')}.`,
      });
  }

  const set: Updateable<GroupsTable> = {};
  if (p.name !== undefined && p.name.toLowerCase() !== group.name_lower) {
    if (!actor.admin || group.automatic) throw new DomainError('invalid_access');
    const { settings } = ctx;
    if (!validateUsername(p.name, settings.int('min_username_length'), settings.int('max_username_length')))
      throw new DomainError('group_name_invalid');
    if (await isNameTaken(ctx.db, p.name)) throw new DomainError('group_name_taken', { name: p.name });
    set.name = p.name;
    set.name_lower = p.name.toLowerCase();
  }
  if (p.full_name !== undefined) set.full_name = emptyToNull(p.full_name);
  if (p.title !== undefined) set.title = emptyToNull(p.title);
  if (p.bio_raw !== undefined) {
    set.bio_raw = emptyToNull(p.bio_raw);
    set.bio_cooked = set.bio_raw === null ? null : await cook(ctx.db, set.bio_raw);
  }
  for (const k of [
    'visibility_level',
    'members_visibility_level',
    'messageable_level',
    'mentionable_level',
    'default_notification_level',
  ] as const)
    if (p[k] !== undefined) set[k] = p[k];
  for (const k of [
    'primary_group',
    'public_admission',
    'public_exit',
    'allow_membership_requests',
    'publish_read_state',
  ] as const)
    if (p[k] !== undefined) set[k] = p[k] ? 1 : 0;
  Object.assign(set, await mailChanges(ctx, group, m));
  if (Object.keys(set).length === 0) return group;
  return ctx.db
    .updateTable('groups')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', group.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
