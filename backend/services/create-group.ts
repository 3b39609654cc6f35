// Creates a custom group (Discourse's POST /admin/groups.json), admins only. Group names
// share one namespace with usernames, because @mentions and PM recipients can name either.
import { z } from 'zod';
import type { Group, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { cook } from '../posts/post-writer';
import { ALIAS_LEVELS } from '../users/groups-repository';
import { isNameTaken, validateUsername } from '../users/username';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { nameList, VISIBILITY_LEVELS } from './group-membership';

export const aliasLevels = Object.values(ALIAS_LEVELS) as number[];
export const visibilityLevels = Object.values(VISIBILITY_LEVELS) as number[];

/** An integer from JSON or from form text, limited to the values Discourse accepts. */
export const level = (field: string, allowed: readonly number[]) =>
  z
    .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], {
      error: `${field} must be one of ${allowed.join(', ')}.`,
    })
    .refine((n) => allowed.includes(n), { error: `${field} must be one of ${allowed.join(', ')}.` })
    .optional();

export const flag = (field: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')], {
      error: `${field} must be true or false.`,
    })
    .optional();

export const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .max(max, { error: `${field} must be at most ${max} characters.` })
    .optional();

/** The profile fields a group is created with and edited by (PUT /groups/{id}.json). */
export const groupProfileFields = {
  full_name: text('full_name', 100),
  bio_raw: text('bio_raw', 3000),
  title: text('title', 100),
  visibility_level: level('visibility_level', visibilityLevels),
  members_visibility_level: level('members_visibility_level', visibilityLevels),
  messageable_level: level('messageable_level', aliasLevels),
  mentionable_level: level('mentionable_level', aliasLevels),
  default_notification_level: level('default_notification_level', [0, 1, 2, 3]),
  primary_group: flag('primary_group'),
  public_admission: flag('public_admission'),
  public_exit: flag('public_exit'),
  allow_membership_requests: flag('allow_membership_requests'),
  publish_read_state: flag('publish_read_state'),
};

const groupInput = z.object({
  name: z.string({ error: 'group[name] is required.' }).trim().min(1, { error: 'group[name] is required.' }),
  usernames: z.unknown().optional(),
  owner_usernames: z.unknown().optional(),
  ...groupProfileFields,
});

export const emptyToNull = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);

export async function createGroup(ctx: ForumContext, actor: User, input: unknown): Promise<Group> {
  if (!actor.admin) throw new DomainError('invalid_access');
  const parsed = groupInput.safeParse(input ?? {});
  if (!parsed.success)
    throw new DomainError('invalid_parameters', {
      detail: parsed.error.issues[0]?.message ?? 'check group[...]',
    });
  const g = parsed.data;
  const { settings } = ctx;
  if (!validateUsername(g.name, settings.int('min_username_length'), settings.int('max_username_length')))
    throw new DomainError('group_name_invalid');
  const owners = nameList(g.owner_usernames, 'owner_usernames');
  const members = nameList(g.usernames, 'usernames');
  const bioRaw = emptyToNull(g.bio_raw);
  const bioCooked = bioRaw === null ? null : await cook(ctx.db, bioRaw);

  return ctx.db.transaction().execute(async (db) => {
    if (await isNameTaken(db, g.name)) throw new DomainError('group_name_taken', { name: g.name });
    const wanted = [...new Set([...owners, ...members].map((u) => u.toLowerCase()))];
    const users = wanted.length
      ? await db.selectFrom('users').selectAll().where('username_lower', 'in', wanted).execute()
      : [];
    const missing = wanted.filter((w) => !users.some((u) => u.username_lower === w));
    if (missing.length > 0)
      throw new DomainError('invalid_parameters', {
        detail: `there is no user called ${missing.map((m) => `"${m}"`).join(', ')}; check usernames and owner_usernames.`,
      });
    const now = nowIso();
    const group = await db
      .insertInto('groups')
      .values({
        name: g.name,
        name_lower: g.name.toLowerCase(),
        full_name: emptyToNull(g.full_name),
        automatic: 0,
        // Discourse's defaults for a new group: public, nobody may message or mention it.
        messageable_level: g.messageable_level ?? ALIAS_LEVELS.nobody,
        mentionable_level: g.mentionable_level ?? ALIAS_LEVELS.nobody,
        visibility_level: g.visibility_level ?? VISIBILITY_LEVELS.public,
        members_visibility_level: g.members_visibility_level ?? VISIBILITY_LEVELS.public,
        incoming_email: null,
        default_notification_level: g.default_notification_level ?? 3,
        public_admission: g.public_admission ? 1 : 0,
        public_exit: g.public_exit ? 1 : 0,
        allow_membership_requests: g.allow_membership_requests ? 1 : 0,
        bio_raw: bioRaw,
        bio_cooked: bioCooked,
        title: emptyToNull(g.title),
        grant_trust_level: null,
        primary_group: g.primary_group ? 1 : 0,
        has_messages: 0,
        publish_read_state: g.publish_read_state ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const ownerSet = new Set(owners.map((o) => o.toLowerCase()));
    for (const u of users) {
      await db
        .insertInto('group_users')
        .values({
          group_id: group.id,
          user_id: u.id,
          owner: ownerSet.has(u.username_lower) ? 1 : 0,
          notification_level: group.default_notification_level,
          created_at: now,
        })
        .execute();
    }
    return group;
  });
}
