// Creates and updates categories (Discourse's POST /categories.json and PUT
// /categories/{id}.json, staff only): name and slug unique among siblings, one level of
// nesting, colours as hex, permissions per group (everyone: full means open to all, and no
// "everyone" entry makes the category read-restricted), and incoming addresses (§2.3) that no
// other category or group uses and that are not our reply addresses.
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail } from '../../shared/util/email-address';
import {
  allCategories,
  findCategoryById,
  incomingAddresses,
  PERMISSION_TYPES,
  UNCATEGORIZED_CATEGORY_ID,
  type PermissionType,
} from '../categories/categories-repository';
import type { Db } from '../db/database';
import type { Category, User } from '../db/schema';
import { isOurReplyAddress } from '../email/outbound/reply-addresses';
import { canEditCategories } from '../policy/category-guardian';
import { cook } from '../posts/post-writer';
import { slugify } from '../posts/slug';
import { AUTO_GROUPS, findGroupById, findGroupByName } from '../users/groups-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { flag, text } from './create-group';

const hex = (field: string) =>
  z
    .string({ error: `${field} must be a hex colour like 0088CC.` })
    .trim()
    .transform((s) => s.replace(/^#/, '').toUpperCase())
    .refine((s) => /^([0-9A-F]{3}|[0-9A-F]{6})$/.test(s), {
      error: `${field} must be a hex colour of 3 or 6 digits, like 0088CC.`,
    })
    .optional();

const optionalId = (field: string) =>
  z
    .union([z.number().int().positive(), z.string().trim().regex(/^\d*$/)], {
      error: `${field} must be a category id.`,
    })
    .transform((v) => (v === '' ? null : Number(v)))
    .nullable()
    .optional();

const categoryInput = z.object({
  name: text('name', 50),
  slug: text('slug', 255),
  color: hex('color'),
  text_color: hex('text_color'),
  description: text('description', 10_000).nullable(),
  parent_category_id: optionalId('parent_category_id'),
  position: z
    .union([z.number().int().min(0), z.string().trim().regex(/^\d+$/).transform(Number)], {
      error: 'position must be a whole number from 0.',
    })
    .optional(),
  permissions: z
    .record(z.string(), z.unknown(), { error: 'permissions must map group names to 1, 2 or 3.' })
    .optional(),
  email_in: text('email_in', 1000).nullable(),
  email_in_allow_strangers: flag('email_in_allow_strangers'),
  mailinglist_mirror: flag('mailinglist_mirror'),
});

type CategoryInput = z.infer<typeof categoryInput>;

const PERMISSION_NAMES: Record<string, PermissionType> = {
  full: PERMISSION_TYPES.full,
  create_post: PERMISSION_TYPES.create_post,
  readonly: PERMISSION_TYPES.readonly,
};

function invalid(detail: string): DomainError {
  return new DomainError('invalid_parameters', { detail });
}

function parse(input: unknown): CategoryInput {
  const parsed = categoryInput.safeParse(input ?? {});
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'check the category fields.');
  return parsed.data;
}

interface ResolvedPermissions {
  readRestricted: boolean;
  rows: Array<{ group_id: number; permission_type: PermissionType }>;
}

/**
 * Discourse's Category.resolve_permissions: everyone with full access means no rows at all
 * (open to everybody); any "everyone" entry makes the category readable by all.
 */
async function resolvePermissions(
  db: Db,
  permissions: Record<string, unknown>,
): Promise<ResolvedPermissions> {
  const rows: ResolvedPermissions['rows'] = [];
  let readRestricted = true;
  for (const [key, value] of Object.entries(permissions)) {
    const group = /^\d+$/.test(key) ? await findGroupById(db, Number(key)) : await findGroupByName(db, key);
    if (!group) throw invalid(`permissions names a group "${key}" that does not exist.`);
    const type =
      typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? (PERMISSION_NAMES[value] ?? Number(value))
          : NaN;
    if (type !== 1 && type !== 2 && type !== 3)
      throw invalid(`permissions for "${key}" must be 1 (full), 2 (create_post) or 3 (readonly).`);
    if (group.id === AUTO_GROUPS.everyone) {
      if (type === PERMISSION_TYPES.full) return { readRestricted: false, rows: [] };
      readRestricted = false;
    }
    if (!rows.some((r) => r.group_id === group.id)) rows.push({ group_id: group.id, permission_type: type });
  }
  return { readRestricted, rows };
}

/** Discourse's email_in_validator: valid, unused by any other category or group, not a reply address. */
async function validateEmailIn(
  ctx: ForumContext,
  emailIn: string,
  self: number | null,
): Promise<string | null> {
  const addresses = incomingAddresses(emailIn);
  const bad = emailIn
    .split(/[|,]/)
    .map((a) => a.trim())
    .filter((a) => a && !isValidEmail(a.replace(/^<|>$/g, '')));
  if (bad.length > 0) throw invalid(`email_in has an address that is not valid: "${bad[0]}".`);
  if (addresses.length === 0) return null;
  const categories = await allCategories(ctx.db);
  const groups = await ctx.db.selectFrom('groups').select(['name', 'incoming_email']).execute();
  for (const a of addresses) {
    if (isOurReplyAddress(ctx.settings, a))
      throw invalid(`email_in cannot use "${a}": it is the site's reply address.`);
    const other = categories.find((c) => c.id !== self && incomingAddresses(c.email_in).includes(a));
    if (other) throw invalid(`"${a}" is already the incoming address of the category "${other.name}".`);
    const group = groups.find((g) => incomingAddresses(g.incoming_email).includes(a));
    if (group) throw invalid(`"${a}" is already the incoming address of the group "${group.name}".`);
  }
  return addresses.join('|');
}

async function validateParent(db: Db, parentId: number, self: Category | undefined): Promise<void> {
  const parent = await findCategoryById(db, parentId);
  if (!parent) throw invalid(`parent_category_id ${parentId} is not a category.`);
  if (self && parent.id === self.id) throw invalid('a category cannot be its own parent.');
  if (self?.id === UNCATEGORIZED_CATEGORY_ID) throw invalid('Uncategorized cannot have a parent category.');
  // Discourse's max_category_nesting (2): a parent is a top-level category.
  if (parent.parent_category_id !== null)
    throw invalid(`"${parent.name}" is itself a subcategory; choose a top-level category as the parent.`);
  if (self) {
    const child = await db
      .selectFrom('categories')
      .select('id')
      .where('parent_category_id', '=', self.id)
      .executeTakeFirst();
    if (child) throw invalid(`"${self.name}" has subcategories, so it cannot become a subcategory itself.`);
  }
}

/** Name and slug are unique among the categories sharing a parent (case-insensitive). */
async function siblingClash(
  db: Db,
  parentId: number | null,
  selfId: number | null,
  field: 'name_lower' | 'slug',
  value: string,
) {
  let q = db.selectFrom('categories').select(['id', 'name']).where(field, '=', value);
  q =
    parentId === null
      ? q.where('parent_category_id', 'is', null)
      : q.where('parent_category_id', '=', parentId);
  if (selfId !== null) q = q.where('id', '!=', selfId);
  return q.executeTakeFirst();
}

/** Discourse's ensure_slug: a given slug must be usable and free; an automatic one yields to a clash. */
async function chooseSlug(
  db: Db,
  name: string,
  given: string | undefined,
  parentId: number | null,
  selfId: number | null,
): Promise<string> {
  if (given !== undefined && given.trim() !== '') {
    const slug = slugify(given);
    if (!/[a-z0-9]/i.test(given.normalize('NFKD'))) throw invalid('slug must contain letters or digits.');
    if (/^\d+-category$/.test(slug) && slug !== `${selfId}-category`)
      throw invalid(
        'slug cannot look like "<number>-category"; those are the addresses of categories without a slug.',
      );
    if (await siblingClash(db, parentId, selfId, 'slug', slug))
      throw invalid(`the slug "${slug}" is already in use.`);
    return slug;
  }
  const auto = slugify(name);
  return auto === 'topic' || (await siblingClash(db, parentId, selfId, 'slug', auto)) ? '' : auto;
}

async function writePermissions(db: Db, categoryId: number, resolved: ResolvedPermissions): Promise<void> {
  await db.deleteFrom('category_groups').where('category_id', '=', categoryId).execute();
  const now = nowIso();
  if (resolved.rows.length > 0)
    await db
      .insertInto('category_groups')
      .values(resolved.rows.map((r) => ({ category_id: categoryId, ...r, created_at: now })))
      .execute();
  await db
    .updateTable('categories')
    .set({ read_restricted: resolved.readRestricted ? 1 : 0 })
    .where('id', '=', categoryId)
    .execute();
}

function requireEditor(actor: User): void {
  if (!canEditCategories(actor)) throw new DomainError('invalid_access');
}

async function cookedDescription(
  db: Db,
  description: string | null | undefined,
): Promise<string | null | undefined> {
  if (description === undefined) return undefined;
  if (description === null || description.trim() === '') return null;
  return cook(db, description.trim());
}

export async function createCategory(ctx: ForumContext, actor: User, input: unknown): Promise<Category> {
  requireEditor(actor);
  const c = parse(input);
  const name = c.name?.trim();
  if (!name) throw invalid('name is required: give the category a name of 1 to 50 characters.');
  const parentId = c.parent_category_id ?? null;
  if (parentId !== null) await validateParent(ctx.db, parentId, undefined);
  const permissions = c.permissions ? await resolvePermissions(ctx.db, c.permissions) : undefined;
  const emailIn = c.email_in ? await validateEmailIn(ctx, c.email_in, null) : null;
  const description = await cookedDescription(ctx.db, c.description);
  return ctx.db.transaction().execute(async (db) => {
    if (await siblingClash(db, parentId, null, 'name_lower', name.toLowerCase()))
      throw invalid(`there is already a category called "${name}" here; choose another name.`);
    const now = nowIso();
    const category = await db
      .insertInto('categories')
      .values({
        name,
        name_lower: name.toLowerCase(),
        slug: await chooseSlug(db, name, c.slug, parentId, null),
        ...(c.color ? { color: c.color } : {}),
        ...(c.text_color ? { text_color: c.text_color } : {}),
        description: description ?? null,
        parent_category_id: parentId,
        ...(c.position !== undefined ? { position: c.position } : {}),
        user_id: actor.id,
        email_in: emailIn,
        email_in_allow_strangers: c.email_in_allow_strangers ? 1 : 0,
        mailinglist_mirror: c.mailinglist_mirror ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (permissions) await writePermissions(db, category.id, permissions);
    return (await findCategoryById(db, category.id)) ?? category;
  });
}

export async function updateCategory(
  ctx: ForumContext,
  actor: User,
  id: number,
  input: unknown,
): Promise<Category> {
  requireEditor(actor);
  const existing = await findCategoryById(ctx.db, id);
  if (!existing) throw new DomainError('category_not_found');
  const c = parse(input);
  const name = c.name === undefined ? existing.name : c.name.trim();
  if (!name) throw invalid('name cannot be empty: give the category a name of 1 to 50 characters.');
  const parentId = c.parent_category_id === undefined ? existing.parent_category_id : c.parent_category_id;
  if (parentId !== null && parentId !== existing.parent_category_id)
    await validateParent(ctx.db, parentId, existing);
  if (c.permissions && existing.id === UNCATEGORIZED_CATEGORY_ID)
    throw invalid('Uncategorized is open to everyone; its permissions cannot be changed.');
  const permissions = c.permissions ? await resolvePermissions(ctx.db, c.permissions) : undefined;
  const emailIn =
    c.email_in === undefined
      ? existing.email_in
      : c.email_in
        ? await validateEmailIn(ctx, c.email_in, existing.id)
        : null;
  const description = await cookedDescription(ctx.db, c.description);
  return ctx.db.transaction().execute(async (db) => {
    if (await siblingClash(db, parentId, existing.id, 'name_lower', name.toLowerCase()))
      throw invalid(`there is already a category called "${name}" here; choose another name.`);
    const renamedOrMoved = name !== existing.name || parentId !== existing.parent_category_id;
    const slug =
      c.slug !== undefined || (renamedOrMoved && existing.slug === '')
        ? await chooseSlug(db, name, c.slug, parentId, existing.id)
        : existing.slug;
    await db
      .updateTable('categories')
      .set({
        name,
        name_lower: name.toLowerCase(),
        slug,
        ...(c.color ? { color: c.color } : {}),
        ...(c.text_color ? { text_color: c.text_color } : {}),
        ...(description !== undefined ? { description } : {}),
        parent_category_id: parentId,
        ...(c.position !== undefined ? { position: c.position } : {}),
        email_in: emailIn,
        ...(c.email_in_allow_strangers !== undefined
          ? { email_in_allow_strangers: c.email_in_allow_strangers ? 1 : 0 }
          : {}),
        ...(c.mailinglist_mirror !== undefined ? { mailinglist_mirror: c.mailinglist_mirror ? 1 : 0 } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', existing.id)
      .execute();
    if (permissions) await writePermissions(db, existing.id, permissions);
    const updated = await findCategoryById(db, existing.id);
    if (!updated) throw new DomainError('category_not_found');
    return updated;
  });
}
