// Admins rewrite texts such as the first-contact letter ("differs" 5) through Discourse's
// site-text routes: read, override (placeholders checked), revert; each change in the staff log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteTextDefinitions } from '../../settings/site-texts';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

const ID = 'system_messages.foyer_first_contact';
const URL = `/admin/customize/site_texts/${ID}.json`;

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

describe('site texts', () => {
  it('shows the default, takes an override with known placeholders, and reverts to the default', async () => {
    const shown = await forum.as('admin').get(URL);
    expect(shown.status).toBe(200);
    expect(shown.json.site_text).toMatchObject({
      id: ID,
      value: siteTextDefinitions[ID].default,
      overridden: false,
      can_revert: false,
      has_interpolation_keys: true,
    });
    expect(shown.json.site_text.interpolation_keys).toEqual(
      expect.arrayContaining(['sender', 'site_title', 'topic_title', 'signup_url', 'unsubscribe_url']),
    );

    const value = '%{sender} asked %{site_title} to pass this on. Unsubscribe: %{unsubscribe_url}';
    const put = await forum.as('admin').put(URL, { site_text: { value } });
    expect(put.status).toBe(200);
    expect(put.json.site_text).toMatchObject({ id: ID, value, overridden: true, can_revert: true });
    expect((await forum.as('admin').get(URL)).json.site_text.value).toBe(value);
    const listed = await forum.as('admin').get('/admin/customize/site_texts.json?overridden=true');
    expect(listed.json.site_texts.map((t: { id: string }) => t.id)).toEqual([ID]);

    const reverted = await forum.as('admin').delete(URL);
    expect(reverted.status).toBe(200);
    expect(reverted.json.site_text).toMatchObject({
      value: siteTextDefinitions[ID].default,
      overridden: false,
    });
    const log = await forum.ctx.db.selectFrom('user_histories').selectAll().orderBy('id').execute();
    expect(log.map((l) => [l.action, l.context])).toEqual([
      ['change_site_text', ID],
      ['change_site_text', ID],
    ]);
  });

  it('refuses unknown placeholders and empty text, saying what to fix', async () => {
    const bad = await forum.as('admin').put(URL, { site_text: { value: 'Hello %{recipient_email}' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatch(/%\{recipient_email\}.*can use %\{sender\}/);
    const empty = await forum.as('admin').put(URL, { site_text: { value: '  ' } });
    expect(empty.status).toBe(400);
    expect(empty.json.errors[0]).toMatch(/site_text\[value\]/);
    expect((await forum.as('admin').get(URL)).json.site_text.overridden).toBe(false);
  });

  it('is for admins only, and unknown ids are 404', async () => {
    const moderator = await forum.user({ username: 'mod', moderator: true });
    const user = await forum.user({ username: 'someone' });
    for (const who of [moderator, user, null]) {
      expect((await forum.as(who).get(URL)).status).toBe(403);
      expect((await forum.as(who).put(URL, { site_text: { value: 'x' } })).status).toBe(403);
      expect((await forum.as(who).delete(URL)).status).toBe(403);
    }
    expect((await forum.as('admin').get('/admin/customize/site_texts/no.such.text.json')).status).toBe(404);
  });
});
