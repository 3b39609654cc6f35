// A group's mail settings through Discourse's updateGroup (PUT /groups/{id}.json) and its
// "test settings" call: admins set the group's mailbox (behaviour.md §2.2); its password is
// write-only — no response carries it, to staff or anyone (quality.md Security).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group, User } from '../../db/schema';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink';

const MAILBOX = { user: 'support@shop.test', pass: 'mailbox-secret' };

let forum: TestForum;
let sink: SmtpSink;
let owner: User;
let moderator: User;
let support: Group;

beforeEach(async () => {
  forum = await startTestForum();
  sink = await startSmtpSink({ auth: MAILBOX });
  owner = await forum.user({ username: 'olivia' });
  moderator = await forum.user({ username: 'mod', moderator: true });
  support = await forum.group('support', { owners: [owner] });
});
afterEach(async () => {
  await forum.destroy();
  await sink.stop();
});

const mailSettings = () => ({
  name: 'support',
  incoming_email: 'help@shop.test',
  smtp_server: '127.0.0.1',
  smtp_port: sink.port,
  smtp_ssl_mode: 'none',
  email_username: MAILBOX.user,
  email_password: MAILBOX.pass,
  email_from_alias: 'Shop Support',
  smtp_enabled: true,
});

async function stored() {
  return forum.ctx.db.selectFrom('groups').selectAll().where('id', '=', support.id).executeTakeFirstOrThrow();
}

describe('updateGroup with mail settings', () => {
  it('lets an admin set the mailbox; getGroup shows it to admins without the password', async () => {
    const res = await forum.as('admin').put(`/groups/${support.id}.json`, { group: mailSettings() });
    expect(res.status).toBe(200);
    await assertMatchesSpec('updateGroup', res.json);
    expect(res.json).toEqual({ success: 'OK' });
    expect(await stored()).toMatchObject({
      incoming_email: 'help@shop.test',
      smtp_enabled: 1,
      smtp_server: '127.0.0.1',
      smtp_port: sink.port,
      smtp_ssl_mode: 0,
      email_username: MAILBOX.user,
      email_password: MAILBOX.pass,
      email_from_alias: 'Shop Support',
    });

    const asAdmin = await forum.as('admin').get('/groups/support.json');
    await assertMatchesSpec('getGroup', asAdmin.json);
    expect(asAdmin.json.group).toMatchObject({
      smtp_enabled: true,
      smtp_server: '127.0.0.1',
      smtp_port: String(sink.port),
      smtp_ssl_mode: 0,
      email_username: MAILBOX.user,
      email_from_alias: 'Shop Support',
      email_password: null,
    });
    for (const viewer of ['admin', moderator, owner, null] as const) {
      const shown = await forum.as(viewer).get('/groups/support.json');
      expect(JSON.stringify(shown.json)).not.toContain(MAILBOX.pass);
      const listed = await forum.as(viewer).get('/groups.json');
      expect(JSON.stringify(listed.json)).not.toContain(MAILBOX.pass);
    }
    const asOwner = await forum.as(owner).get('/groups/support.json');
    await assertMatchesSpec('getGroup', asOwner.json);
    expect(asOwner.json.group).toMatchObject({
      smtp_enabled: false,
      smtp_server: null,
      email_username: null,
    });
  });

  it('keeps the saved password when the field comes back empty, and clears it on null', async () => {
    await forum.as('admin').put(`/groups/${support.id}.json`, { group: mailSettings() });
    const kept = await forum.as('admin').put(`/groups/${support.id}.json`, {
      group: { name: 'support', email_password: '', email_from_alias: 'Help desk' },
    });
    expect(kept.status).toBe(200);
    expect(await stored()).toMatchObject({ email_password: MAILBOX.pass, email_from_alias: 'Help desk' });
    const cleared = await forum.as('admin').put(`/groups/${support.id}.json`, {
      group: { name: 'support', smtp_enabled: false, email_password: null },
    });
    expect(cleared.status).toBe(200);
    expect(await stored()).toMatchObject({ email_password: null, smtp_enabled: 0 });
  });

  it("lets the owner edit the group's profile but not its mail settings", async () => {
    const profile = await forum.as(owner).put(`/groups/${support.id}.json`, {
      group: { name: 'support', full_name: 'Customer support', default_notification_level: 2 },
    });
    expect(profile.status).toBe(200);
    expect(await stored()).toMatchObject({ full_name: 'Customer support', default_notification_level: 2 });
    const mail = await forum.as(owner).put(`/groups/${support.id}.json`, { group: mailSettings() });
    expect(mail.status).toBe(403);
    expect((await stored()).smtp_enabled).toBe(0);
    const stranger = await forum.user({ username: 'stranger' });
    expect(
      (await forum.as(stranger).put(`/groups/${support.id}.json`, { group: { name: 'support' } })).status,
    ).toBe(403);
    expect(
      (await forum.as(null).put(`/groups/${support.id}.json`, { group: { name: 'support' } })).status,
    ).toBe(403);
  });

  it('refuses incomplete or unsafe mailbox settings with a message saying what to fix', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { smtp_enabled: true, smtp_server: 'mail.shop.test' },
        /smtp_enabled needs smtp_port, email_username, email_password/,
      ],
      [
        { ...mailSettings(), smtp_server: 'mail.shop.test', smtp_ssl_mode: 'none' },
        /clear text; use ssl_tls .* or starttls/,
      ],
      [{ smtp_ssl_mode: 'tls' }, /smtp_ssl_mode must be one of none, ssl_tls, starttls/],
      [{ smtp_port: 70000 }, /smtp_port must be between 1 and 65535/],
      [{ email_username: 'not an address' }, /"not an address" is not an email address/],
      [{ incoming_email: 'help@shop.test|nope' }, /"nope" is not an address/],
      [{ imap_enabled: true }, /imap_enabled needs smtp_enabled/],
    ];
    for (const [fields, message] of cases) {
      const res = await forum
        .as('admin')
        .put(`/groups/${support.id}.json`, { group: { name: 'support', ...fields } });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.json.errors[0]).toMatch(message);
    }
    expect((await stored()).smtp_enabled).toBe(0);
  });

  it('refuses an address that already belongs to another group', async () => {
    const other = await forum.group('sales');
    await forum.ctx.db
      .updateTable('groups')
      .set({ incoming_email: 'sales@shop.test' })
      .where('id', '=', other.id)
      .execute();
    const res = await forum.as('admin').put(`/groups/${support.id}.json`, {
      group: { ...mailSettings(), email_username: 'Sales@Shop.test' },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatch(/sales@shop\.test already belongs to the group "sales"/);
  });
});

describe('test_email_settings', () => {
  it("logs in to the group's SMTP server with the given settings, and reports a refused login", async () => {
    await forum.as('admin').put(`/groups/${support.id}.json`, { group: mailSettings() });
    const ok = await forum.as('admin').post(`/groups/${support.id}/test_email_settings.json`, {
      protocol: 'smtp',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ success: 'OK' });
    const wrong = await forum.as('admin').post(`/groups/${support.id}/test_email_settings.json`, {
      protocol: 'smtp',
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0]).toMatch(/could not log in to 127\.0\.0\.1:\d+ as support@shop\.test/);
    expect(sink.messages).toHaveLength(0);
    const owners = await forum.as(owner).post(`/groups/${support.id}/test_email_settings.json`, {
      protocol: 'smtp',
    });
    expect(owners.status).toBe(403);
  });
});
