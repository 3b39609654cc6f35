// Authorization of the incoming-email admin routes and of uploads (quality.md "Security":
// raw mail is staff-only; an upload is served to staff and to people who can see a post
// showing it), plus the shapes Discourse's admin client reads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { fixture, fixtureWith, upstreamWorld, type UpstreamWorld } from '../../email/inbound/test-support';

let forum: TestForum;
let world: UpstreamWorld;
beforeEach(async () => {
  forum = await startTestForum();
  world = await upstreamWorld(forum);
});
afterEach(async () => {
  await forum.destroy();
});

const encoded = (name: string) => ({ email_encoded: fixture(name).toString('base64') });

describe('POST /admin/email/handle_mail', () => {
  it('is refused to anonymous and ordinary users, accepted from staff', async () => {
    expect((await forum.as(null).post('/admin/email/handle_mail', encoded('text_reply'))).status).toBe(403);
    expect(
      (await forum.as(world.author).post('/admin/email/handle_mail', encoded('text_reply'))).status,
    ).toBe(403);
    const mod = await forum.user({ username: 'moddy', moderator: true });
    const res = await forum.as(mod).post('/admin/email/handle_mail.json', encoded('text_reply'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'processed',
      incoming_email_id: expect.any(Number),
      post_id: expect.any(Number),
    });
    expect(await forum.ctx.db.selectFrom('incoming_emails').select('id').execute()).toHaveLength(1);
  });

  it('answers 403 naming manual_polling_enabled when it is off, and stores nothing', async () => {
    await forum.setting('manual_polling_enabled', 'false');
    const res = await forum.as('admin').post('/admin/email/handle_mail', encoded('text_reply'));
    expect(res.status).toBe(403);
    expect(res.json.errors[0]).toContain('manual_polling_enabled');
    expect(await forum.ctx.db.selectFrom('incoming_emails').select('id').execute()).toHaveLength(0);
  });

  it('accepts the raw email in "email" and reports a duplicate', async () => {
    const raw = fixture('html_reply').toString('utf8');
    const first = await forum.as('admin').post('/admin/email/handle_mail', { email: raw });
    const second = await forum.as('admin').post('/admin/email/handle_mail', { email: raw });
    expect(second.json).toEqual({ ...first.json, status: 'duplicate' });
  });

  it('answers 400 without an email, and for email_encoded that is not base64', async () => {
    expect((await forum.as('admin').post('/admin/email/handle_mail', {})).status).toBe(400);
    expect((await forum.as('admin').post('/admin/email/handle_mail', { email_encoded: '%%%' })).status).toBe(
      400,
    );
  });
});

describe('received, rejected and one incoming email', () => {
  beforeEach(async () => {
    await forum.as('admin').post('/admin/email/handle_mail', encoded('text_reply'));
    await forum.as('admin').post('/admin/email/handle_mail', encoded('no_body'));
  });

  it("lists received and rejected mail to staff only, in Discourse's row shape", async () => {
    for (const path of ['/admin/email/received.json', '/admin/email/rejected.json']) {
      expect((await forum.as(null).get(path)).status).toBe(403);
      expect((await forum.as(world.author).get(path)).status).toBe(403);
    }
    const received = await forum.as('admin').get('/admin/email/received.json');
    expect(received.json).toEqual([
      expect.objectContaining({
        from_address: 'discourse@bar.com',
        to_addresses: 'reply+4f97315cc828096c9cb34c6f1a0d6fe8@bar.com',
        error: null,
        post_url: expect.stringMatching(/^\/t\/[^/]+\/\d+\/2$/),
        user: expect.objectContaining({ username: 'foobar' }),
      }),
    ]);
    const rejected = await forum.as('admin').get('/admin/email/rejected.json?offset=0&limit=10');
    expect(rejected.json).toEqual([
      expect.objectContaining({ from_address: 'foo@bar.com', error: 'email_no_body' }),
    ]);
    expect(Object.keys(rejected.json[0])).toEqual(
      expect.arrayContaining([
        'id',
        'created_at',
        'from_address',
        'to_addresses',
        'cc_addresses',
        'subject',
        'error',
      ]),
    );
  });

  it('shows one record with its raw to staff only', async () => {
    const [row] = (await forum.as('admin').get('/admin/email/received.json')).json;
    const path = `/admin/email/incoming/${row.id}.json`;
    expect((await forum.as(null).get(path)).status).toBe(403);
    expect((await forum.as(world.replier).get(path)).status).toBe(403);
    const res = await forum.as('admin').get(path);
    expect(res.status).toBe(200);
    expect(res.json.raw).toBe(fixture('text_reply').toString('utf8'));
    expect((await forum.as('admin').get('/admin/email/incoming/999999.json')).status).toBe(404);
  });
});

describe('PUT /admin/email/incoming/{id}/release.json', () => {
  it('releases held mail for staff only', async () => {
    const raw = fixtureWith('dmarc_fail', { 'To: category@bar.com': 'To: team@bar.com' });
    const held = await forum
      .as('admin')
      .post('/admin/email/handle_mail', { email_encoded: raw.toString('base64') });
    expect(held.json.status).toBe('held');
    const path = `/admin/email/incoming/${held.json.incoming_email_id}/release.json`;
    expect((await forum.as(world.author).put(path)).status).toBe(403);
    const res = await forum.as('admin').put(path);
    expect(res.json).toMatchObject({ status: 'processed', post_id: expect.any(Number) });
    expect((await forum.as('admin').put(path)).status).toBe(400);
  });
});

describe('GET /uploads/…', () => {
  it('serves an email attachment to participants and staff, not to others', async () => {
    await forum.setting('authorized_extensions', 'txt|png');
    const res = await forum.as('admin').post('/admin/email/handle_mail', encoded('inline_attachment'));
    expect(res.json.status).toBe('processed');
    const upload = await forum.ctx.db.selectFrom('uploads').selectAll().executeTakeFirstOrThrow();
    const outsider = await forum.user({ username: 'outsider' });
    expect((await forum.as(null).get(upload.url)).status).toBe(403);
    expect((await forum.as(outsider).get(upload.url)).status).toBe(404);
    const own = await forum.as(world.replier).get(upload.url);
    expect(own.status).toBe(200);
    expect(own.raw.headers['x-content-type-options']).toBe('nosniff');
    expect((await forum.as('admin').get(upload.url)).status).toBe(200);
    expect((await forum.as('admin').get('/uploads/not-a-sha.png')).status).toBe(404);
  });
});
