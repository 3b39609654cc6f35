// Reply and VERP addresses from reply_by_email_address (behaviour.md §3.1, §3.8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import {
  isOurReplyAddress,
  replyAddressFor,
  replyByEmailUsable,
  replyKeyFromAddress,
  verpBounceAddress,
} from './reply-addresses';
import { getOrCreateReplyKey } from './reply-keys';

let forum: TestForum;
beforeAll(async () => {
  forum = await startTestForum();
});
afterAll(async () => {
  await forum.destroy();
});

const KEY = '0123456789abcdef0123456789abcdef';

describe('reply addresses', () => {
  it('fills the template and finds the key again, VERP included', async () => {
    const s = forum.ctx.settings;
    expect(replyByEmailUsable(s)).toBe(false);
    await forum.setting('reply_by_email_address', 'reply+%{reply_key}@foyer.test');
    await forum.setting(
      'alternative_reply_by_email_addresses',
      'old-%{reply_key}@legacy.test|plain@other.test',
    );
    await forum.setting('reply_by_email_enabled', 'true');
    expect(replyByEmailUsable(s)).toBe(true);
    expect(replyAddressFor(s, KEY)).toBe(`reply+${KEY}@foyer.test`);
    expect(verpBounceAddress(s, KEY)).toBe(`reply+verp-${KEY}@foyer.test`);
    expect(replyKeyFromAddress(s, `<Reply+${KEY.toUpperCase()}@Foyer.test>`)).toEqual({
      key: KEY,
      verp: false,
    });
    expect(replyKeyFromAddress(s, `reply+verp-${KEY}@foyer.test`)).toEqual({ key: KEY, verp: true });
    expect(replyKeyFromAddress(s, `old-${KEY}@legacy.test`)).toEqual({ key: KEY, verp: false });
    expect(replyKeyFromAddress(s, `reply+${KEY.slice(1)}@foyer.test`)).toBeUndefined();
    expect(replyKeyFromAddress(s, `reply+${KEY}@foyer.test.evil.org`)).toBeUndefined();
  });

  it('recognises every reply address with or without a key, and nothing else', () => {
    const s = forum.ctx.settings;
    for (const a of [
      'reply@foyer.test',
      'reply+@foyer.test',
      `reply+${KEY}@foyer.test`,
      'plain@other.test',
      'old-@legacy.test',
    ])
      expect(isOurReplyAddress(s, a)).toBe(true);
    for (const a of ['replyx@foyer.test', 'someone@foyer.test', 'reply@foyer.test.org', 'plain+x@other.test'])
      expect(isOurReplyAddress(s, a)).toBe(false);
  });

  it('uses no VERP address for a template without "+"', async () => {
    await forum.setting('reply_by_email_address', 'reply-%{reply_key}@foyer.test');
    expect(verpBounceAddress(forum.ctx.settings, KEY)).toBeUndefined();
  });

  it('keeps one reply key per (post, user), reused', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    const res = await forum.as(alice).post('/posts.json', {
      title: 'Keys test',
      raw: 'Body of the message.',
      archetype: 'private_message',
      target_recipients: 'bob',
    });
    const postId = res.json.id as number;
    const k1 = await getOrCreateReplyKey(forum.ctx.db, postId, bob.id);
    expect(k1).toMatch(/^[0-9a-f]{32}$/);
    expect(await getOrCreateReplyKey(forum.ctx.db, postId, bob.id)).toBe(k1);
    expect(await getOrCreateReplyKey(forum.ctx.db, postId, alice.id)).not.toBe(k1);
  });
});
