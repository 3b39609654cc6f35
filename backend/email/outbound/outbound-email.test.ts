// behaviour.md §3.1 and §6 A10–A14, H81–82, "differs" 5, 7, 8: the email a PM post
// produces, received by a real SMTP server and parsed as a mail client would.
import { describe, expect, it } from 'vitest';
import { publishPrivateMessagePost } from '../../posts/post-writer';
import type { TestForum } from '../../testing/forum-fixture';
import {
  drainSoon,
  emailLogs,
  NOTIFICATION_EMAIL,
  reply,
  sendPm,
  mailForumPerTest,
  userByEmail,
} from './test-support';
import { replyToAddress, type SmtpSink } from '../../testing/smtp-sink';
import { storeIncomingRaw } from '../inbound/incoming-raws';

let smtp: SmtpSink;
let forum: TestForum;
mailForumPerTest((f, s) => {
  forum = f;
  smtp = s;
});

const HEX32 = /^[0-9a-f]{32}$/;

describe('the email about a PM to a new address (A10, A11)', () => {
  it('sends exactly one letter-like email with a reply key, threading ids and loop guards', async () => {
    const alice = await forum.user({ username: 'alice', name: 'Alice', trustLevel: 4 });
    const res = await sendPm(forum, alice, 'new@x.org');
    expect(smtp.messages).toHaveLength(0); // personal_email_time_window_seconds delays it
    await drainSoon(forum);
    const mails = smtp.to('new@x.org');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;

    expect(mail.parsed.from).toMatchObject({ name: 'Alice via Foyer', address: NOTIFICATION_EMAIL });
    const key = /^reply\+([0-9a-f]+)@foyer\.test$/.exec(replyToAddress(mail))?.[1];
    expect(key).toMatch(HEX32);
    const staged = await userByEmail(forum, 'new@x.org');
    const stored = await forum.ctx.db.selectFrom('post_reply_keys').selectAll().execute();
    expect(stored).toEqual([
      expect.objectContaining({ post_id: res.json.id, user_id: staged.id, reply_key: key }),
    ]);

    expect(mail.parsed.messageId).toBe(`<foyer/post/${res.json.id}@127.0.0.1>`);
    expect(mail.header('in-reply-to')).toBeUndefined();
    expect(mail.header('auto-submitted')).toBe('auto-generated');
    expect(mail.header('x-auto-response-suppress')).toBe('All');
    const siteId = forum.ctx.settings.str('site_id');
    expect(siteId).toMatch(HEX32);
    expect(mail.header('x-foyer-loop')).toBe(siteId);

    // VERP: the template has "+", so the envelope sender carries the log's bounce key.
    const [log] = await emailLogs(forum);
    expect(log).toMatchObject({ status: 'sent', user_id: staged.id, post_id: res.json.id, reply_key: key });
    expect(log!.bounce_key).toMatch(HEX32);
    expect(mail.mailFrom).toBe(`reply+verp-${log!.bounce_key}@foyer.test`);
    expect(log!.message_id).toBe(`foyer/post/${res.json.id}@127.0.0.1`);
    expect(log!.smtp_response).toMatch(/250/);

    // A staged person gets a letter ("differs" 5): no list headers, no site prefix, the post
    // first and then a short note — who wrote, how to answer, signing up, a one-click opt-out.
    for (const h of ['list-id', 'precedence', 'list-archive']) expect(mail.header(h)).toBeUndefined();
    const optOut = /^<(http:\/\/127\.0\.0\.1\/email\/unsubscribe\/[^>]+)>$/.exec(
      mail.header('list-unsubscribe') ?? '',
    );
    expect(optOut?.[1]).toBeDefined();
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.parsed.subject).toBe('Quarterly report');
    const text = mail.parsed.text ?? '';
    expect(text.indexOf('Here is the report we discussed.')).toBeLessThan(
      text.indexOf('Alice wrote to you through Foyer'),
    );
    expect(text).toContain(
      'Alice wrote to you through Foyer. Reply to this email and your answer goes back to the conversation. To see the whole conversation, sign up at http://127.0.0.1/signup with this email address.',
    );
    expect(text).toContain(`unsubscribe with one click: ${optOut?.[1]}`);
    expect(text).not.toMatch(/Visit the message|email settings/i);
    expect(mail.parsed.html).toContain('Here is the report we discussed.');
    expect(mail.parsed.html).toContain(`<a href="${optOut?.[1]}">`);

    // A11: the job again, or a second drain, sends nothing more.
    await drainSoon(forum);
    const { deliverPostEmail } = await import('./deliver-email-job');
    await deliverPostEmail(forum.ctx, {
      kind: 'post',
      emailType: 'user_private_message',
      postId: res.json.id,
      userId: staged.id,
    });
    expect(smtp.to('new@x.org')).toHaveLength(1);
    expect(await emailLogs(forum)).toHaveLength(1);
  });

  it('uses From as Reply-To and the notification address as sender without reply-by-email', async () => {
    await forum.setting('reply_by_email_enabled', 'false');
    const alice = await forum.user({ username: 'alice', name: 'Alice', trustLevel: 4 });
    await sendPm(forum, alice, 'new@x.org');
    await drainSoon(forum);
    const [mail] = smtp.to('new@x.org');
    expect(replyToAddress(mail)).toBe(NOTIFICATION_EMAIL);
    expect(await forum.ctx.db.selectFrom('post_reply_keys').selectAll().execute()).toHaveLength(0);
  });
});

describe('who is emailed about a PM post', () => {
  it('emails a staged participant about every post, even at level regular (A12), and never one who muted it (A13)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const res = await sendPm(forum, alice, 'regular@x.org,muted@x.org');
    await drainSoon(forum);
    const regular = await userByEmail(forum, 'regular@x.org');
    const muted = await userByEmail(forum, 'muted@x.org');
    for (const [u, level] of [
      [regular, 1],
      [muted, 0],
    ] as const)
      await forum.ctx.db
        .updateTable('topic_users')
        .set({ notification_level: level })
        .where('user_id', '=', u.id)
        .where('topic_id', '=', res.json.topic_id)
        .execute();
    await reply(forum, alice, res.json.topic_id, 'A second thought on the report.');
    await drainSoon(forum);
    expect(smtp.to('regular@x.org')).toHaveLength(2);
    expect(smtp.to('muted@x.org')).toHaveLength(1);
  });

  it('emails staged people even when "seen recently" (A14) but real people per email_messages_level', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const always = await forum.user({ username: 'always', email: 'always@x.org' });
    const away = await forum.user({ username: 'away', email: 'away@x.org' });
    const awayGone = await forum.user({ username: 'awaygone', email: 'awaygone@x.org' });
    const never = await forum.user({ username: 'never', email: 'never@x.org' });
    for (const [u, level] of [
      [away, 1],
      [awayGone, 1],
      [never, 2],
    ] as const)
      await forum.ctx.db
        .updateTable('user_options')
        .set({ email_messages_level: level })
        .where('user_id', '=', u.id)
        .execute();
    const seen = new Date().toISOString();
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    await forum.ctx.db
      .updateTable('users')
      .set({ last_seen_at: seen })
      .where('id', 'in', [always.id, away.id])
      .execute();
    await forum.ctx.db
      .updateTable('users')
      .set({ last_seen_at: longAgo })
      .where('id', '=', awayGone.id)
      .execute();
    await sendPm(forum, alice, 'always,away,awaygone,never,staged@x.org');
    const staged = await userByEmail(forum, 'staged@x.org');
    await forum.ctx.db.updateTable('users').set({ last_seen_at: seen }).where('id', '=', staged.id).execute();
    await drainSoon(forum);
    const got = (a: string) => smtp.to(a).length;
    expect([got('always@x.org'), got('away@x.org'), got('awaygone@x.org'), got('never@x.org')]).toEqual([
      1, 0, 1, 0,
    ]);
    expect(got('staged@x.org')).toBe(1);
    expect(smtp.to('alice@example.com')).toHaveLength(0); // never the author
  });

  it('gives members list headers, a one-click unsubscribe, the site subject and a link to the topic', async () => {
    const alice = await forum.user({ username: 'alice', name: 'Alice', trustLevel: 4 });
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    const res = await sendPm(forum, alice, 'bob');
    await reply(forum, alice, res.json.topic_id, 'And one more thing.');
    await drainSoon(forum);
    const [first, second] = smtp.to('bob@x.org');
    expect(first!.parsed.subject).toBe('[Foyer] [PM] Quarterly report');
    expect(second!.parsed.subject).toBe('Re: [Foyer] [PM] Quarterly report');
    expect(second!.header('precedence')).toBe('list');
    expect(second!.raw).toContain('\r\nList-ID: Foyer <foyer.127.0.0.1>\r\n');
    const topicUrl = `http://127.0.0.1/t/quarterly-report/${res.json.topic_id}`;
    expect(second!.header('list-archive')).toBe(`<${topicUrl}>`);
    expect(second!.header('list-unsubscribe')).toMatch(
      /^<http:\/\/127\.0\.0\.1\/email\/unsubscribe\/\d+\.\d+\.[0-9a-f]{32}>$/,
    );
    expect(second!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(second!.parsed.text).toContain(topicUrl);
    expect(second!.parsed.text).toContain('Participants: Alice, bob');
    // Context leaves out the post Bob was already emailed.
    expect(second!.parsed.text).not.toContain('Previous Replies');
  });
});

describe('people who already have the post', () => {
  it('does not email those the receiver names in excludeEmailUserIds, but still notifies them (§3.5)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const res = await sendPm(forum, alice, 'cc@x.org,other@x.org');
    await drainSoon(forum);
    const cc = await userByEmail(forum, 'cc@x.org');
    const topic = await forum.ctx.db
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', res.json.topic_id)
      .executeTakeFirstOrThrow();
    await forum.ctx.db.transaction().execute((db) =>
      publishPrivateMessagePost(db, forum.ctx.settings, {
        topic,
        author: alice,
        raw: 'Sent by email to both, with cc@x.org in Cc.',
        excludeEmailUserIds: [cc.id],
      }),
    );
    await drainSoon(forum);
    expect(smtp.to('cc@x.org')).toHaveLength(1);
    expect(smtp.to('other@x.org')).toHaveLength(2);
    const notes = await forum.ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('user_id', '=', cc.id)
      .execute();
    expect(notes).toHaveLength(2);
  });
});

describe('threading headers (H81, H82)', () => {
  it('points In-Reply-To at the parent and starts References with the first post', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob', email: 'bob@x.org' });
    const first = await sendPm(forum, alice, 'bob,new@x.org');
    const second = await reply(forum, bob, first.json.topic_id, 'Thanks, reading it now.');
    const third = await reply(forum, alice, first.json.topic_id, 'Great, see page 3.', 2);
    await drainSoon(forum);
    const mails = smtp.to('new@x.org');
    expect(mails).toHaveLength(3);
    const id = (postId: number) => `<foyer/post/${postId}@127.0.0.1>`;
    const last = mails.find((m) => m.parsed.messageId === id(third.json.id))!;
    expect(last.header('in-reply-to')).toBe(id(second.json.id));
    expect(last.header('references')?.split(/\s+/)).toEqual([id(first.json.id), id(second.json.id)]);
    expect(last.parsed.subject).toBe('Re: Quarterly report');
    // Staged people see others by name; nobody sees a staged person's address ("differs" 8).
    const bobsMail = smtp.to('bob@x.org').find((m) => m.parsed.messageId === id(third.json.id))!;
    expect(bobsMail.parsed.text).toContain('new (by email)');
    expect(bobsMail.raw).not.toContain('new@x.org');
  });

  it("threads replies to a topic that began as an email under the sender's own Message-ID and subject", async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const first = await sendPm(forum, alice, 'sender@x.org');
    await drainSoon(forum);
    // As the receiver leaves a topic started by email: the first post carries the incoming id.
    const sender = await userByEmail(forum, 'sender@x.org');
    await forum.ctx.db
      .updateTable('posts')
      .set({ outbound_message_id: 'CAF=abc123@mail.x.org', via_email: 1 })
      .where('id', '=', first.json.id)
      .execute();
    const now = new Date().toISOString();
    const record = await forum.ctx.db
      .insertInto('incoming_emails')
      .values({
        message_id: 'CAF=abc123@mail.x.org',
        source: 'smtp',
        subject: 'Help with my order',
        from_address: 'sender@x.org',
        to_addresses: null,
        cc_addresses: null,
        user_id: sender.id,
        post_id: first.json.id,
        topic_id: first.json.topic_id,
        status: 'processed',
        error: null,
        rejection_message: null,
        auth_results: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeIncomingRaw(forum.ctx.db, record.id, 'Subject: Help with my order\r\n\r\nHi');
    await reply(forum, alice, first.json.topic_id, 'We are looking into it.');
    await drainSoon(forum);
    const last = smtp.to('sender@x.org').at(-1)!;
    expect(last.header('in-reply-to')).toBe('<CAF=abc123@mail.x.org>');
    expect(last.header('references')).toBe('<CAF=abc123@mail.x.org>');
    expect(last.parsed.subject).toBe('Re: Help with my order');
  });
});
