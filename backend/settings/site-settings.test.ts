import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../testing/forum-fixture';
import { SiteSettings } from './site-settings';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

describe('site settings', () => {
  it("has Discourse's defaults", () => {
    const s = forum.ctx.settings;
    expect(s.bool('enable_staged_users')).toBe(true);
    expect(s.int('max_allowed_message_recipients')).toBe(30);
    expect(s.str('min_trust_to_send_email_messages')).toBe('4');
    expect(s.bool('allow_changing_staged_user_tracking')).toBe(false);
    expect(s.groupIds('send_email_messages_allowed_groups')).toEqual([1, 2, 14]);
  });

  it('validates by type, stores overrides, and another process sees them after load()', async () => {
    const s = forum.ctx.settings;
    await expect(s.set('max_allowed_message_recipients', '0')).rejects.toThrow(/smallest allowed value is 1/);
    await expect(s.set('enable_staged_users', 'maybe')).rejects.toThrow(/true or false/);
    await expect(s.set('no_such_setting', 'x')).rejects.toThrow(/no site setting called "no_such_setting"/);
    await expect(s.set('send_email_messages_allowed_groups', 'admins')).rejects.toThrow(/group ids/);
    await s.set('max_allowed_message_recipients', '5');
    const other = new SiteSettings(forum.ctx.db);
    await other.load();
    expect(other.int('max_allowed_message_recipients')).toBe(5);
  });
});
