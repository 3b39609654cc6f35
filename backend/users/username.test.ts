import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../testing/forum-fixture';
import { suggestUsername, validateUsername } from './username';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

describe('usernames', () => {
  it("follows Discourse's rules", () => {
    expect(validateUsername('alice')).toBe(true);
    expect(validateUsername('al')).toBe(false);
    expect(validateUsername('a..b')).toBe(false);
    expect(validateUsername('alice.json')).toBe(false);
    expect(validateUsername('-alice')).toBe(false);
    expect(validateUsername('alice_')).toBe(false);
  });

  it('suggests a free name from an address, avoiding users and groups', async () => {
    expect(await suggestUsername(forum.ctx.db, 'new@x.org')).toBe('new');
    await forum.user({ username: 'new' });
    expect(await suggestUsername(forum.ctx.db, 'new@x.org')).toBe('new1');
    await forum.group('support');
    expect(await suggestUsername(forum.ctx.db, 'support@y.org')).toBe('support1');
    expect(await suggestUsername(forum.ctx.db, 'J.@x.org')).toBe('J11');
    expect(await suggestUsername(forum.ctx.db, 'Zoë Ünicode')).toBe('Zoe_Unicode');
  });
});
