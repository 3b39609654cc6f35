// getSite, getSiteBasicInfo and the admin site-settings routes: listing, changing (JSON and
// form-encoded), refusals, and a change taking effect at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingDefinitions } from '../../settings/definitions';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

function putForm(url: string, payload: string, username = 'admin') {
  return forum.app.inject({
    method: 'PUT',
    url,
    headers: {
      'api-key': forum.apiKey,
      'api-username': username,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload,
  });
}

describe('getSite and getSiteBasicInfo', () => {
  it('serves the site constants and the groups each viewer may see', async () => {
    const member = await forum.user({ username: 'mike' });
    await forum.group('team');
    await forum.group('secret', { members: [member], visibilityLevel: 2 });
    const anon = await forum.as(null).get('/site.json');
    expect(anon.status).toBe(200);
    await assertMatchesSpec('getSite', anon.json);
    expect(anon.json.notification_types).toMatchObject({ private_message: 6, invited_to_private_message: 7 });
    expect(anon.json.post_types).toEqual({ regular: 1, moderator_action: 2, small_action: 3, whisper: 4 });
    expect(anon.json.groups.map((g: { name: string }) => g.name)).toEqual(['team']);
    const outsider = await forum.user({ username: 'oscar' });
    const asOutsider = await forum.as(outsider).get('/site.json');
    await assertMatchesSpec('getSite', asOutsider.json);
    expect(asOutsider.json.groups.map((g: { name: string }) => g.name)).not.toContain('secret');
    const asMember = await forum.as(member).get('/site.json');
    await assertMatchesSpec('getSite', asMember.json);
    expect(asMember.json.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['secret', 'team', 'trust_level_0']),
    );
  });

  it('lists the categories each viewer may see, with their permission and subcategory parent', async () => {
    const member = await forum.user({ username: 'mike' });
    const team = await forum.group('team', { members: [member] });
    const support = await testCategory(forum, { name: 'Support' });
    const billing = await testCategory(forum, { name: 'Billing', parent_category_id: support.id });
    await testCategory(forum, { name: 'Team room', permissions: { [team.name]: 1 } });
    const anon = await forum.as(null).get('/site.json');
    await assertMatchesSpec('getSite', anon.json);
    const names = (json: { categories: Array<{ name: string }> }) => json.categories.map((c) => c.name);
    expect(names(anon.json)).toEqual(['Uncategorized', 'Support', 'Billing']);
    expect(anon.json).toMatchObject({
      uncategorized_category_id: 1,
      top_menu_items: ['latest', 'categories'],
    });
    expect(anon.json.archetypes).toEqual([{ id: 'regular', name: 'Regular Topic', options: [] }]);
    const asMember = await forum.as(member).get('/site.json');
    await assertMatchesSpec('getSite', asMember.json);
    expect(names(asMember.json)).toEqual(['Uncategorized', 'Support', 'Billing', 'Team room']);
    const byName = (n: string) => asMember.json.categories.find((c: { name: string }) => c.name === n);
    expect(byName('Billing')).toMatchObject({
      id: billing.id,
      parent_category_id: support.id,
      permission: 1,
    });
    expect(byName('Support')).toMatchObject({ has_children: true, topic_url: `/c/support/${support.id}` });
    expect(byName('Team room')).toMatchObject({ read_restricted: true, permission: 1 });
    expect(anon.json.categories.find((c: { name: string }) => c.name === 'Support').permission).toBe(3);
  });

  it('takes the title and description from site settings', async () => {
    await forum.setting('title', 'Acme Mail');
    await forum.setting('site_description', 'Where Acme talks.');
    const res = await forum.as(null).get('/site/basic-info.json');
    expect(res.status).toBe(200);
    await assertMatchesSpec('getSiteBasicInfo', res.json);
    expect(res.json).toMatchObject({ title: 'Acme Mail', description: 'Where Acme talks.' });
  });
});

describe('site settings (admin)', () => {
  it('lists every setting with its default and current value', async () => {
    await forum.setting('max_allowed_message_recipients', '12');
    const res = await forum.as('admin').get('/admin/site_settings.json');
    expect(res.status).toBe(200);
    const rows = res.json.site_settings as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.setting)).toEqual(Object.keys(settingDefinitions));
    expect(rows.find((r) => r.setting === 'max_allowed_message_recipients')).toEqual({
      setting: 'max_allowed_message_recipients',
      description: settingDefinitions.max_allowed_message_recipients.description,
      default: '30',
      type: 'integer',
      value: '12',
      category: 'posting',
      preview: null,
      secret: false,
      placeholder: null,
      mandatory_values: null,
      requires_confirmation: null,
    });
    const filtered = await forum.as('admin').get('/admin/site_settings.json?filter=staged');
    const names = filtered.json.site_settings.map((r: { setting: string }) => r.setting);
    expect(names).toContain('enable_staged_users');
    expect(names).toEqual(Object.keys(settingDefinitions).filter((n) => n.includes('staged')));
  });

  it('changes a setting from JSON or a form, with or without .json', async () => {
    const json = await forum.as('admin').put('/admin/site_settings/title', { title: 'From JSON' });
    expect(json.status).toBe(200);
    expect(json.raw.body).toBe('');
    expect(forum.ctx.settings.str('title')).toBe('From JSON');
    const form = await putForm(
      '/admin/site_settings/max_allowed_message_recipients.json',
      'max_allowed_message_recipients=7',
    );
    expect(form.statusCode).toBe(200);
    expect(forum.ctx.settings.int('max_allowed_message_recipients')).toBe(7);
    await forum.as('admin').put('/admin/site_settings/enable_staged_users', { enable_staged_users: false });
    const listed = (await forum.as('admin').get('/admin/site_settings.json')).json.site_settings;
    expect(listed.find((r: { setting: string }) => r.setting === 'enable_staged_users').value).toBe('false');
  });

  it('refuses unknown settings, bad values and non-admins, saying what to fix', async () => {
    const unknown = await forum.as('admin').put('/admin/site_settings/no_such_thing', { no_such_thing: '1' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0]).toMatch(/no site setting called "no_such_thing"/);
    const bad = await forum
      .as('admin')
      .put('/admin/site_settings/enable_staged_users', { enable_staged_users: 'maybe' });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0]).toBe('Invalid value for enable_staged_users: use true or false.');
    const low = await forum
      .as('admin')
      .put('/admin/site_settings/max_allowed_message_recipients', { max_allowed_message_recipients: 0 });
    expect(low.json.errors[0]).toMatch(/smallest allowed value is 1/);
    const missing = await forum.as('admin').put('/admin/site_settings/title', { value: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0]).toMatch(/field called "title"/);

    const mod = await forum.user({ username: 'mod', moderator: true });
    const plain = await forum.user({ username: 'plain' });
    const staged = await forum.stagedUser('guest@x.org');
    for (const viewer of [null, plain.username, mod.username, staged.username]) {
      expect((await forum.as(viewer).get('/admin/site_settings.json')).status, String(viewer)).toBe(403);
      expect((await forum.as(viewer).put('/admin/site_settings/title', { title: 'Hacked' })).status).toBe(
        403,
      );
    }
    expect((await putForm('/admin/site_settings/title', 'title=Hacked', plain.username)).statusCode).toBe(
      403,
    );
    expect(forum.ctx.settings.str('title')).toBe('Foyer');
  });

  it('takes effect at once: with enable_staged_users off, a PM to an address is refused', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const pm = {
      title: 'Hello there',
      raw: 'Writing to an address.',
      archetype: 'private_message',
      target_recipients: 'x@example.org',
    };
    expect((await forum.as(alice).post('/posts.json', pm)).status).toBe(200);
    await forum.as('admin').put('/admin/site_settings/enable_staged_users', { enable_staged_users: 'false' });
    const refused = await forum.as(alice).post('/posts.json', { ...pm, target_recipients: 'y@example.org' });
    expect(refused.status).toBe(422);
    expect(refused.json.errors[0]).toMatch(/enable_staged_users/);
  });
});
