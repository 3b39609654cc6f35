// The whole email loop with real servers, as a person scripts it: a Foyer server process
// sending through an SMTP sink (the outside world) and receiving on its own SMTP listener.
// An admin PMs an address; the guest replies by email with a friend in Cc, quoting the
// original; the reply is posted trimmed, the friend becomes a staged participant, and the
// admin's next post reaches the friend by email.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../../main';
import { createApiKey } from '../../services/api-keys';
import { createAdmin, replyEmail, waitUntil } from '../../testing/reply-emails';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../testing/smtp-sink';
import { startServerProcess, type RunningServer } from '../../testing/spawn-server';

const dataDir = mkdtempSync(join(tmpdir(), 'foyer-full-loop-'));
let sink: SmtpSink | undefined;
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.stop();
  await sink?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const to = (m: SinkMessage, address: string) =>
  m.envelope.rcptTo.map((a) => a.toLowerCase()).includes(address);

describe('the scripted email loop', () => {
  it('PM to an address → email → reply with Cc by SMTP → trimmed post, staged friend → friend gets the next post', async () => {
    const { ctx, database } = await openContext(dataDir);
    const admin = await createAdmin(ctx);
    const apiKey = await createApiKey(ctx, { userId: null, createdById: admin.id });
    await database.close();

    sink = await startSmtpSink();
    server = await startServerProcess([
      '--data',
      dataDir,
      '--port',
      '0',
      '--smtp-url',
      sink.url,
      '--inbound-smtp-port',
      '0',
      '--public-url',
      'https://forum.foyer.test',
    ]);
    const running = server;
    const smtpPort = Number(
      (
        await waitUntil(
          () => /inbound SMTP listening on 127\.0\.0\.1:(\d+)/.exec(running.output()),
          'the inbound SMTP line',
          20_000,
        )
      )[1],
    );
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${running.url}${path}`, {
        method,
        headers: {
          'Api-Key': apiKey,
          'Api-Username': 'admin',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      // Test code reads Discourse's JSON shapes loosely; the spec tests check them.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (text ? JSON.parse(text) : null) as any;
    };
    const setting = (name: string, value: string) =>
      api('PUT', `/admin/site_settings/${name}`, { [name]: value });

    await setting('reply_by_email_enabled', 'true');
    await setting('reply_by_email_address', 'reply+%{reply_key}@foyer.test');
    await setting('personal_email_time_window_seconds', '0');

    const pm = await api('POST', '/posts.json', {
      title: 'Planning the spring meetup',
      raw: 'Could you host the spring meetup at your place in April?',
      archetype: 'private_message',
      target_recipients: 'guest@example.org',
    });
    const topicId: number = pm.topic_id;

    // 1. The guest gets the PM by email, with a reply address carrying a reply key.
    const invitation = await sink.waitFor((m) => to(m, 'guest@example.org'), 15_000);
    const replyTo = invitation.parsed.replyTo?.[0]?.address ?? '';
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{32}@foyer\.test$/);
    expect(invitation.parsed.text).toContain('host the spring meetup');
    // --public-url names the forum in mail (Message-ID host, sign-up link), not the listening address.
    expect(invitation.parsed.messageId).toMatch(/@forum\.foyer\.test>$/);
    expect(invitation.parsed.text).toContain('https://forum.foyer.test');

    // 2. The guest replies from a mail client: friend in Cc, the original quoted below.
    const quoted = (invitation.parsed.text ?? '')
      .trim()
      .split(/\r?\n/)
      .map((l) => `> ${l}`)
      .join('\n');
    const reply = replyEmail({
      from: 'Gail Guest <guest@example.org>',
      to: replyTo,
      cc: 'Fred Friend <friend@example.org>',
      subject: `Re: ${invitation.parsed.subject ?? ''}`,
      inReplyTo: invitation.parsed.messageId,
      body:
        'Happy to host! I am adding Fred, who will cook.\n\n' +
        `On Tue, 25 Nov 2026 at 10:00, ${invitation.parsed.from?.name ?? 'Foyer'} <${invitation.parsed.from?.address ?? ''}> wrote:\n` +
        quoted,
    });
    const sent = await nodemailer
      .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
      // The guest's MTA hands Foyer only Foyer's own recipient; Fred's copy goes to his server.
      .sendMail({ envelope: { from: 'guest@example.org', to: [replyTo] }, raw: reply.raw });
    expect(sent.response).toMatch(/^250 /);

    // 3. The reply is a post in the PM, with the quoted history trimmed away.
    const guestPost = await waitUntil(async () => {
      const topic = await api('GET', `/t/${topicId}.json`);
      return (topic.post_stream.posts as Array<{ id: number; post_number: number; username: string }>).find(
        (p) => p.post_number > 1 && p.username !== 'admin' && !('action_code' in p && p.action_code),
      );
    }, 'the emailed reply to appear in the topic');
    const { raw } = await api('GET', `/posts/${guestPost.id}.json`);
    // The elided history may follow in a collapsed details block (behaviour.md §3.6); not above it.
    const visible = String(raw).split(/<details|\[details/)[0] ?? '';
    expect(visible).toContain('Happy to host!');
    expect(visible).not.toMatch(/wrote:/);
    expect(visible).not.toContain('host the spring meetup');

    // 4. Fred (only in Cc) is now a staged participant.
    const staged = await api('GET', '/admin/users/list/staged.json?show_emails=true');
    const fred = (staged as Array<{ email?: string; staged?: boolean; username: string }>).find(
      (u) => u.email === 'friend@example.org',
    );
    expect(fred?.staged).toBe(true);

    // 5. The admin writes again; Fred receives it at his own address.
    await api('POST', '/posts.json', { topic_id: topicId, raw: 'Welcome, Fred! The menu is up to you.' });
    const toFred = await sink.waitFor(
      (m) => to(m, 'friend@example.org') && /menu is up to you/.test(m.parsed.text ?? ''),
      15_000,
    );
    expect(toFred.parsed.replyTo?.[0]?.address).toMatch(/^reply\+[0-9a-f]{32}@foyer\.test$/);
    // Fred had the guest's reply in his own inbox already (he was in Cc): it is not sent again,
    // so the admin's post is the only email he got (quoting the reply as context is fine).
    const toFredAll = sink.messages.filter((m) => to(m, 'friend@example.org'));
    expect(toFredAll.map((m) => m.parsed.messageId)).toEqual([toFred.parsed.messageId]);
  }, 60_000);
});
