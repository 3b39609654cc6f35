// Categories through the API (behaviour.md §2.3, §5.5): listing, showing, creating and updating
// (staff only), group permissions deciding who sees a category, and incoming addresses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
let member: User;
let outsider: User;
let moderator: User;

beforeEach(async () => {
  forum = await startTestForum();
  member = await forum.user({ username: 'mike' });
  outsider = await forum.user({ username: 'oscar' });
  moderator = await forum.user({ username: 'mod', moderator: true });
  await forum.group('team', { members: [member] });
});
afterEach(async () => {
  await forum.destroy();
});

const names = (list: Array<{ name: string }>) => list.map((c) => c.name);

describe('listCategories', () => {
  it('starts with Uncategorized (id 1) and matches the spec for every viewer', async () => {
    for (const viewer of [null, member, 'admin']) {
      const res = await forum.as(viewer).get('/categories.json');
      expect(res.status).toBe(200);
      await assertMatchesSpec('listCategories', res.json);
      expect(res.json.category_list.categories).toEqual([
        expect.objectContaining({
          id: 1,
          name: 'Uncategorized',
          slug: 'uncategorized',
          is_uncategorized: true,
        }),
      ]);
    }
    const anon = await forum.as(null).get('/categories.json');
    expect(anon.json.category_list).toMatchObject({ can_create_category: false, can_create_topic: false });
    const admin = await forum.as('admin').get('/categories.json');
    expect(admin.json.category_list).toMatchObject({ can_create_category: true, can_create_topic: true });
  });

  it('shows a read-restricted category only to its groups and admins', async () => {
    await testCategory(forum, { name: 'Team room', permissions: { team: 1 } });
    await testCategory(forum, { name: 'Announcements', permissions: { everyone: 3, staff: 1 } });
    for (const [viewer, expected] of [
      [null, ['Uncategorized', 'Announcements']],
      [outsider, ['Uncategorized', 'Announcements']],
      [member, ['Uncategorized', 'Team room', 'Announcements']],
      ['admin', ['Uncategorized', 'Team room', 'Announcements']],
    ] as const) {
      const res = await forum.as(viewer).get('/categories.json');
      await assertMatchesSpec('listCategories', res.json);
      expect(names(res.json.category_list.categories)).toEqual(expected);
    }
    const asMember = await forum.as(member).get('/categories.json');
    const byName = (n: string) =>
      asMember.json.category_list.categories.find((c: { name: string }) => c.name === n);
    expect(byName('Team room')).toMatchObject({ read_restricted: true, permission: 1 });
    expect(byName('Announcements')).toMatchObject({ read_restricted: false, permission: 3 });
  });

  it('hangs subcategories off their parent, with include_subcategories listing them', async () => {
    const parent = await testCategory(forum, { name: 'Support' });
    const child = await testCategory(forum, { name: 'Billing', parent_category_id: parent.id });
    const plain = await forum.as(member).get('/categories.json');
    await assertMatchesSpec('listCategories', plain.json);
    const support = plain.json.category_list.categories.find((c: { id: number }) => c.id === parent.id);
    expect(support).toMatchObject({ has_children: true, subcategory_count: 1, subcategory_ids: [child.id] });
    expect(names(plain.json.category_list.categories)).not.toContain('Billing');
    const nested = await forum.as(member).get('/categories.json?include_subcategories=true');
    await assertMatchesSpec('listCategories', nested.json);
    const withList = nested.json.category_list.categories.find((c: { id: number }) => c.id === parent.id);
    expect(withList.subcategory_list).toEqual([expect.objectContaining({ id: child.id, name: 'Billing' })]);
  });
});

describe('createCategory and updateCategory', () => {
  it('lets staff create a category with permissions and an incoming address', async () => {
    const res = await forum.as('admin').post('/categories.json', {
      name: 'Feedback',
      color: '#ff0000',
      text_color: 'ffffff',
      description: 'Tell us what you **think**.',
      permissions: { team: 1, everyone: 3 },
      email_in: 'Feedback@Example.com | ideas@example.com',
      email_in_allow_strangers: true,
    });
    expect(res.status).toBe(200);
    await assertMatchesSpec('createCategory', res.json);
    expect(res.json.category).toMatchObject({
      name: 'Feedback',
      slug: 'feedback',
      color: 'FF0000',
      text_color: 'FFFFFF',
      read_restricted: false,
      email_in: 'feedback@example.com|ideas@example.com',
      email_in_allow_strangers: true,
      description_text: 'Tell us what you think.',
    });
    expect(res.json.category.description).toContain('<strong>think</strong>');
    expect(res.json.category.group_permissions).toEqual(
      expect.arrayContaining([
        { permission_type: 1, group_name: 'team' },
        { permission_type: 3, group_name: 'everyone' },
      ]),
    );
    // A moderator is staff too.
    const byMod = await forum
      .as(moderator)
      .post('/categories.json', { name: 'Mod notes', permissions: { staff: 1 } });
    expect(byMod.status).toBe(200);
    expect(byMod.json.category.read_restricted).toBe(true);
  });

  it('refuses non-staff, anonymous callers and bad input with a message saying what to fix', async () => {
    expect((await forum.as(member).post('/categories.json', { name: 'Mine' })).status).toBe(403);
    expect((await forum.as(null).post('/categories.json', { name: 'Mine' })).status).toBe(403);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /name is required/],
      [{ name: 'x'.repeat(51) }, /at most 50/],
      [{ name: 'Colours', color: 'red' }, /hex colour/],
      [{ name: 'Perms', permissions: { nosuchgroup: 1 } }, /nosuchgroup/],
      [{ name: 'Perms', permissions: { team: 7 } }, /1 \(full\), 2 \(create_post\) or 3/],
      [{ name: 'Mail', email_in: 'not an address' }, /not valid/],
      [{ name: 'Uncategorized' }, /already a category called/],
      [{ name: 'Child', parent_category_id: 999 }, /not a category/],
    ];
    for (const [body, message] of cases) {
      const res = await forum.as('admin').post('/categories.json', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors[0]).toMatch(message);
    }
  });

  it('keeps incoming addresses unique across categories and groups', async () => {
    await testCategory(forum, { name: 'Sales', email_in: 'sales@example.com' });
    const group = await forum.group('support');
    await forum.ctx.db
      .updateTable('groups')
      .set({ incoming_email: 'help@example.com' })
      .where('id', '=', group.id)
      .execute();
    await forum.setting('reply_by_email_address', 'reply+%{reply_key}@example.com');
    for (const [address, message] of [
      ['SALES@example.com', /category "Sales"/],
      ['help@example.com', /group "support"/],
      ['reply@example.com', /reply address/],
    ] as const) {
      const res = await forum.as('admin').post('/categories.json', { name: 'Other', email_in: address });
      expect(res.status).toBe(400);
      expect(res.json.errors[0]).toMatch(message);
    }
  });

  it('updates fields, permissions and the parent, and refuses a second nesting level', async () => {
    const top = await testCategory(forum, { name: 'Support' });
    const cat = await testCategory(forum, { name: 'Billing' });
    const res = await forum.as('admin').put(`/categories/${cat.id}.json`, {
      name: 'Invoices',
      parent_category_id: top.id,
      permissions: { team: 2, staff: 1 },
      email_in: 'invoices@example.com',
    });
    expect(res.status).toBe(200);
    // Discourse names a subcategory's parent (BasicCategorySerializer) though its spec leaves
    // parent_category_id out of this closed object; the rest must match.
    const { parent_category_id: parentId, ...rest } = res.json.category;
    expect(parentId).toBe(top.id);
    await assertMatchesSpec('updateCategory', { ...res.json, category: rest });
    expect(res.json.category).toMatchObject({
      name: 'Invoices',
      slug: 'billing',
      parent_category_id: top.id,
      read_restricted: true,
      email_in: 'invoices@example.com',
    });
    const grandchild = await forum
      .as('admin')
      .post('/categories.json', { name: 'Deep', parent_category_id: cat.id });
    expect(grandchild.status).toBe(400);
    expect(grandchild.json.errors[0]).toMatch(/subcategory/);
    expect((await forum.as(member).put(`/categories/${cat.id}.json`, { name: 'Hijack' })).status).toBe(403);
    expect((await forum.as('admin').put('/categories/999.json', { name: 'Ghost' })).status).toBe(404);
    const uncategorized = await forum.as('admin').put('/categories/1.json', { permissions: { staff: 1 } });
    expect(uncategorized.status).toBe(400);
  });

  it('gives a category whose name makes no slug an "<id>-category" address', async () => {
    const cat = await testCategory(forum, { name: '日本語' });
    expect(cat.slug).toBe('');
    const shown = await forum.as(member).get(`/c/${cat.id}-category/${cat.id}/show.json`);
    expect(shown.status).toBe(200);
    expect(shown.json.category).toMatchObject({ id: cat.id, slug: '' });
  });
});

describe('getCategory', () => {
  it('shows a visible category; a hidden one is not found, exactly like a missing one', async () => {
    const open = await testCategory(forum, { name: 'General' });
    const secret = await testCategory(forum, {
      name: 'Team room',
      permissions: { team: 1 },
      email_in: 'team-room@example.com',
    });
    const res = await forum.as(outsider).get(`/c/${open.id}/show.json`);
    expect(res.status).toBe(200);
    await assertMatchesSpec('getCategory', res.json);
    expect(res.json.category).toMatchObject({ id: open.id, permission: 1, notification_level: 1 });
    const missing = await forum.as(outsider).get('/c/999/show.json');
    for (const viewer of [null, outsider]) {
      const hidden = await forum.as(viewer).get(`/c/${secret.id}/show.json`);
      expect(hidden.status).toBe(404);
      expect(hidden.json).toEqual(missing.json);
    }
    const asMember = await forum.as(member).get(`/c/team-room/${secret.id}/show.json`);
    await assertMatchesSpec('getCategory', asMember.json);
    // Only those who may edit the category see its addresses and group permissions.
    expect(asMember.json.category).toMatchObject({ email_in: null, group_permissions: [] });
    const asAdmin = await forum.as('admin').get(`/c/${secret.id}/show.json`);
    expect(asAdmin.json.category).toMatchObject({
      email_in: 'team-room@example.com',
      group_permissions: [{ permission_type: 1, group_name: 'team' }],
    });
  });
});
