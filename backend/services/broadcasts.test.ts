// Broadcast with private replies (issue 4, behaviour.md "Where Foyer differs" 6): a workshop
// announcement to 30 addresses is 30 emails; a participant's reply by email reaches only the
// organisers; someone added later finds every earlier announcement when they sign up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../db/schema';
import { receiveEmail } from '../email/inbound/receive-email';
import { drainSoon, startMailForum, userByEmail } from '../email/outbound/test-support';
import type { TestForum } from '../testing/forum-fixture';
import { replyEmail } from '../testing/reply-emails';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink';

let smtp: SmtpSink;
let forum: TestForum;
let lead: User;
let colleague: User;
beforeEach(async () => {
  smtp = await startSmtpSink();
  forum = await startMailForum(smtp);
  lead = await forum.user({ username: 'lead', name: 'Lena Lead', trustLevel: 4 });
  colleague = await forum.user({ username: 'colleague', name: 'Colin', trustLevel: 4 });
  await forum.group('organisers', { members: [lead, colleague] });
});
afterEach(async () => {
  await forum.destroy();
  await smtp.stop();
});

const attendees = Array.from({ length: 30 }, (_, i) => `attendee${i + 1}@conf.example`);

function replyAddress(mail: { parsed: { replyTo?: Array<{ address?: string }> } }): string {
  return mail.parsed.replyTo?.[0]?.address ?? '';
}

async function workshop(participants = attendees.join(',')) {
  const res = await forum.as(lead).post('/foyer/broadcasts.json', {
    group_name: 'organisers',
    title: 'Spring workshop 2027',
    participants,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.broadcast as { id: number; participant_count: number };
}

describe('a workshop broadcast', () => {
  it('sends one email per participant, and a reply by email reaches only the organisers', async () => {
    const series = await workshop();
    expect(series.participant_count).toBe(30);

    const sent = await forum.as(lead).post(`/foyer/broadcasts/${series.id}/announcements.json`, {
      title: 'Room change for Thursday',
      raw: 'The Thursday session moves to room 4B. Reply if you need a hand getting there.',
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.announcement.sent_count).toBe(30);
    await drainSoon(forum);

    // 30 emails, one to each attendee, none to the organisers, each with its own reply address.
    expect(smtp.messages).toHaveLength(30);
    for (const address of attendees) {
      const mails = smtp.to(address);
      expect(mails, address).toHaveLength(1);
      expect(mails[0]!.parsed.subject).toBe('Room change for Thursday');
      expect(mails[0]!.parsed.to?.map((t) => ('address' in t ? t.address : ''))).toEqual([address]);
      expect(replyAddress(mails[0]!)).toMatch(/^reply\+[0-9a-f]{32}@foyer\.test$/);
    }
    expect(smtp.to('colleague@example.com')).toHaveLength(0);
    // The organisers are not pinged thirty times for their own announcement.
    const colleagueNotes = await forum.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', colleague.id)
      .execute();
    expect(colleagueNotes).toHaveLength(0);

    // Attendee 7 replies by email.
    const seventh = smtp.to('attendee7@conf.example')[0]!;
    const { raw } = replyEmail({
      from: 'Seven <attendee7@conf.example>',
      to: replyAddress(seventh),
      subject: 'Re: Room change for Thursday',
      body: 'Thanks! I use a wheelchair: is 4B step-free?',
      ...(seventh.parsed.messageId ? { inReplyTo: seventh.parsed.messageId } : {}),
    });
    const before = smtp.messages.length;
    const outcome = await receiveEmail(forum.ctx, Buffer.from(raw), { source: 'handle_mail' });
    expect(outcome.postId, JSON.stringify(outcome)).toBeDefined();
    const post = await forum.ctx.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', outcome.postId!)
      .executeTakeFirstOrThrow();
    expect(post.raw).toContain('is 4B step-free?');

    // The conversation is the attendee's own with the organisers: the colleague (a member of
    // the organiser group, not the author) can read it and was notified; no other attendee can.
    const seven = await userByEmail(forum, 'attendee7@conf.example');
    const eight = await userByEmail(forum, 'attendee8@conf.example');
    expect((await forum.as(colleague).get(`/t/${post.topic_id}.json`)).status).toBe(200);
    expect((await forum.as(eight).get(`/t/${post.topic_id}.json`)).status).toBe(403);
    const allowed = await forum.ctx.db
      .selectFrom('topic_allowed_users')
      .select('user_id')
      .where('topic_id', '=', post.topic_id)
      .execute();
    expect(allowed.map((a) => a.user_id).sort()).toEqual([lead.id, seven.id].sort());
    const reached = await forum.ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('topic_id', '=', post.topic_id)
      .where('post_number', '=', post.post_number)
      .execute();
    expect(reached.map((r) => r.user_id).sort()).toEqual([lead.id, colleague.id].sort());

    // No attendee hears about it by email.
    await drainSoon(forum);
    const after = smtp.messages.slice(before);
    expect(after.flatMap((m) => m.envelope.rcptTo).filter((a) => a.endsWith('@conf.example'))).toEqual([]);
  });

  it('a participant added later gets the earlier announcements unmailed and sees them after sign-up', async () => {
    const series = await workshop('early@conf.example');
    for (const title of ['Welcome to the workshop', 'Reading list'])
      await forum.as(lead).post(`/foyer/broadcasts/${series.id}/announcements.json`, {
        title,
        raw: `${title}: details inside.`,
      });
    await drainSoon(forum);
    expect(smtp.messages).toHaveLength(2);

    const added = await forum.as(colleague).post(`/foyer/broadcasts/${series.id}/participants.json`, {
      participants: 'late@conf.example, early@conf.example',
    });
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    expect(added.json.added_count).toBe(1);
    await drainSoon(forum);
    expect(smtp.to('late@conf.example')).toHaveLength(0); // history, not news

    // The next announcement reaches both by email.
    await forum.as(lead).post(`/foyer/broadcasts/${series.id}/announcements.json`, {
      title: 'Final schedule',
      raw: 'The final schedule is attached.',
    });
    await drainSoon(forum);
    expect(smtp.to('late@conf.example').map((m) => m.parsed.subject)).toEqual(['Final schedule']);

    // Late signs up with the address: same account, and all three announcements are in the inbox.
    const staged = await userByEmail(forum, 'late@conf.example');
    const signup = await forum.as(null).post('/users.json', {
      name: 'Laura Late',
      username: 'laura',
      email: 'late@conf.example',
      password: 'a-long-enough-password',
    });
    expect(signup.status, JSON.stringify(signup.json)).toBe(200);
    const account = await userByEmail(forum, 'late@conf.example');
    expect(account.id).toBe(staged.id);
    expect(account.staged).toBe(0);
    // Activation (the emailed link) is tested with sign-up; here the account is simply confirmed.
    await forum.ctx.db.updateTable('users').set({ active: 1 }).where('id', '=', account.id).execute();
    const inbox = await forum.as('laura').get('/topics/private-messages/laura.json');
    expect(inbox.status).toBe(200);
    const titles = (inbox.json.topic_list.topics as Array<{ title: string }>).map((t) => t.title).sort();
    expect(titles).toEqual(['Final schedule', 'Reading list', 'Welcome to the workshop']);
  });

  it('is run by the organisers only, shows addresses to staff only, and refuses groups as participants', async () => {
    const series = await workshop('someone@conf.example');
    const outsider = await forum.user({ username: 'outsider', trustLevel: 2 });
    expect((await forum.as(outsider).get(`/foyer/broadcasts/${series.id}.json`)).status).toBe(404);
    const hijack = await forum.as(outsider).post(`/foyer/broadcasts/${series.id}/announcements.json`, {
      title: 'Not mine to send',
      raw: 'This should never go out.',
    });
    expect(hijack.status).toBe(404);
    expect((await forum.as(outsider).get('/foyer/broadcasts.json')).json.broadcasts).toEqual([]);
    expect((await forum.as(colleague).get('/foyer/broadcasts.json')).json.broadcasts).toEqual([
      expect.objectContaining({
        id: series.id,
        title: 'Spring workshop 2027',
        group_name: 'organisers',
        participant_count: 1,
        announcement_count: 0,
      }),
    ]);
    const notOrganiser = await forum.as(outsider).post('/foyer/broadcasts.json', {
      group_name: 'organisers',
      title: 'A series of my own',
    });
    expect(notOrganiser.status).toBe(404);

    const shown = await forum.as(colleague).get(`/foyer/broadcasts/${series.id}.json`);
    expect(shown.json.broadcast.participants).toEqual([
      expect.objectContaining({ staged: true, name: 'someone' }),
    ]);
    expect(JSON.stringify(shown.json)).not.toContain('someone@conf.example');
    const staff = await forum.as('admin').get(`/foyer/broadcasts/${series.id}.json`);
    expect(staff.json.broadcast.participants[0].email).toBe('someone@conf.example');

    const withGroup = await forum.as(lead).post(`/foyer/broadcasts/${series.id}/participants.json`, {
      participants: 'organisers',
    });
    expect(withGroup.status).toBe(400);
    expect(withGroup.json.errors[0]).toContain('participants are people');
  });
});
