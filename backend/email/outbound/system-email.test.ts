// Rejection replies and other notices (behaviour.md §3.7, §3.9): same queue, log and checks as
// notifications, marked as automatic answers (RFC 3834 §5.2), at most one per incoming email.
import { describe, expect, it } from 'vitest';
import type { TestForum } from '../../testing/forum-fixture';
import { enqueueSystemEmail } from './system-email';
import { drainSoon, emailLogs, mailForumPerTest } from './test-support';
import type { SmtpSink } from '../../testing/smtp-sink';

let smtp: SmtpSink;
let forum: TestForum;
mailForumPerTest((f, s) => {
  forum = f;
  smtp = s;
});

const rejection = {
  emailType: 'email_reject_bad_destination',
  to: 'stranger@x.org',
  subject: 'Email issue -- Bad destination',
  text: 'We could not tell where your email should go.',
  inReplyTo: '<CAF=their-mail@x.org>',
  references: ['<CAF=earlier@x.org>'],
  incomingEmailId: 42,
};

describe('system emails', () => {
  it('sends one auto-replied answer threaded under the incoming email, however often it is enqueued', async () => {
    await enqueueSystemEmail(forum.ctx.db, rejection);
    await enqueueSystemEmail(forum.ctx.db, { ...rejection, to: 'Stranger@X.org' });
    await drainSoon(forum);
    await drainSoon(forum);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.parsed.from).toMatchObject({ name: 'Foyer', address: 'noreply@foyer.test' });
    expect(mail!.header('auto-submitted')).toBe('auto-replied');
    expect(mail!.header('x-auto-response-suppress')).toBe('All');
    expect(mail!.header('x-foyer-loop')).toBe(forum.ctx.settings.str('site_id'));
    expect(mail!.header('in-reply-to')).toBe('<CAF=their-mail@x.org>');
    expect(mail!.header('references')).toBe('<CAF=earlier@x.org> <CAF=their-mail@x.org>');
    expect(mail!.mailFrom).toMatch(/^reply\+verp-[0-9a-f]{32}@foyer\.test$/);
    expect(await emailLogs(forum)).toEqual([
      expect.objectContaining({
        status: 'sent',
        email_type: 'email_reject_bad_destination',
        incoming_email_id: 42,
        post_id: null,
      }),
    ]);
  });

  it('counts toward the daily cap by address when there is no account', async () => {
    await forum.setting('max_emails_per_day_per_user', '1');
    await enqueueSystemEmail(forum.ctx.db, rejection);
    await enqueueSystemEmail(forum.ctx.db, { ...rejection, incomingEmailId: 43 });
    await drainSoon(forum);
    expect(smtp.messages).toHaveLength(1);
    expect((await emailLogs(forum)).map((l) => l.skipped_reason)).toEqual([null, 'exceeded_emails_limit']);
  });
});
