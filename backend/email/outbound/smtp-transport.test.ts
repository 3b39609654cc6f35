// The outgoing server URL and its TLS policy (smtp-transport.ts header comment).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain/errors';
import { createSmtpTransport, parseSmtpUrl } from './smtp-transport';
import { startSmtpSink } from '../../testing/smtp-sink';

describe('parseSmtpUrl', () => {
  it('reads smtp:// and smtps:// with defaults and percent-encoded credentials', () => {
    expect(parseSmtpUrl('smtp://mail.example.com')).toEqual({
      secure: false,
      host: 'mail.example.com',
      port: 587,
      requireTLS: false,
      ignoreTLS: false,
    });
    expect(parseSmtpUrl('smtps://me%40x.org:p%3Ass%2Fw@mail.example.com')).toEqual({
      secure: true,
      host: 'mail.example.com',
      port: 465,
      auth: { user: 'me@x.org', pass: 'p:ss/w' },
      requireTLS: false,
      ignoreTLS: false,
    });
  });

  it('requires STARTTLS before sending a password over a network, and skips it on loopback', () => {
    expect(parseSmtpUrl('smtp://u:p@mail.example.com:25')).toMatchObject({
      port: 25,
      requireTLS: true,
      ignoreTLS: false,
    });
    expect(parseSmtpUrl('smtp://u:p@127.0.0.1:2525')).toMatchObject({ requireTLS: false, ignoreTLS: true });
    expect(parseSmtpUrl('smtp://localhost:25')).toMatchObject({ ignoreTLS: true });
    expect(parseSmtpUrl('smtp://[::1]:25')).toMatchObject({ host: '::1', ignoreTLS: true });
  });

  it.each([
    ['not a url', /is not a URL/],
    ['http://mail.example.com', /not smtp:\/\/ or smtps:\/\//],
    ['smtp://mail.example.com:0', /invalid port/],
    ['smtp://user@mail.example.com', /no password/],
    ['smtp://mail.example.com/path', /path or query/],
    ['smtp://mail.example.com?tls=off', /path or query/],
  ])('refuses %s with an error that says what to do', (url, message) => {
    try {
      parseSmtpUrl(url);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('invalid_parameters');
      expect((e as DomainError).message).toMatch(message);
      expect((e as DomainError).message).toMatch(/smtps?:\/\/user:password@host/);
    }
  });
});

describe('createSmtpTransport', () => {
  it('delivers to a loopback server without TLS and reports its response', async () => {
    const smtp = await startSmtpSink();
    try {
      const mail = createSmtpTransport(smtp.url);
      const res = await mail.send({
        from: '"Foyer" <noreply@foyer.test>',
        to: 'someone@x.org',
        subject: 'Hello',
        text: 'Body',
        messageId: '<test-1@foyer.test>',
        headers: { 'X-Foyer-Loop': 'abc' },
        envelope: { from: 'bounce@foyer.test', to: ['someone@x.org'] },
      });
      expect(res.response).toMatch(/^250/);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({ mailFrom: 'bounce@foyer.test', rcptTo: ['someone@x.org'] });
      expect(smtp.messages[0]!.header('x-foyer-loop')).toBe('abc');
    } finally {
      await smtp.stop();
    }
  });
});
