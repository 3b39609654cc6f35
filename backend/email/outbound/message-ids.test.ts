// behaviour.md §3.1 "Message-ID / threading": our ids and every historical Discourse format.
import { describe, expect, it } from 'vitest';
import { messageIdHost, parseOurMessageId, postMessageId, stableMessageId } from './message-ids';

const host = 'forum.example.com';

describe('message ids', () => {
  it('builds and recognises the stable per-post id', () => {
    expect(postMessageId(123, host)).toBe('<foyer/post/123@forum.example.com>');
    expect(parseOurMessageId(postMessageId(123, host), host)).toEqual({ postId: 123 });
    expect(parseOurMessageId('foyer/post/123@FORUM.example.com', host)).toEqual({ postId: 123 });
  });

  it("recognises Discourse's historical formats", () => {
    expect(parseOurMessageId('<discourse/post/7@forum.example.com>', host)).toEqual({ postId: 7 });
    expect(parseOurMessageId('<topic/5/9@forum.example.com>', host)).toEqual({ topicId: 5, postId: 9 });
    expect(parseOurMessageId('<topic/5/9.a1b2c3d4e5f6@forum.example.com>', host)).toEqual({
      topicId: 5,
      postId: 9,
    });
    expect(parseOurMessageId('<topic/5@forum.example.com>', host)).toEqual({ topicId: 5 });
    expect(parseOurMessageId('<topic/5.0123456789abcdef01234567@forum.example.com>', host)).toEqual({
      topicId: 5,
    });
  });

  it("ignores other hosts' ids and lookalikes", () => {
    expect(parseOurMessageId('<foyer/post/1@elsewhere.org>', host)).toBeUndefined();
    expect(parseOurMessageId('<CAF=abc@mail.gmail.com>', host)).toBeUndefined();
    expect(parseOurMessageId('<foyer/post/x@forum.example.com>', host)).toBeUndefined();
    expect(parseOurMessageId('<foyer/post/0@forum.example.com>', host)).toBeUndefined();
    expect(parseOurMessageId('', host)).toBeUndefined();
  });

  it("uses the post's stored id (the incoming one for email posts) before generating ours", () => {
    expect(stableMessageId({ id: 4, outbound_message_id: 'CAF=xyz@mail.x.org' }, host)).toBe(
      '<CAF=xyz@mail.x.org>',
    );
    expect(stableMessageId({ id: 4, outbound_message_id: null }, host)).toBe(
      '<foyer/post/4@forum.example.com>',
    );
    expect(messageIdHost('http://127.0.0.1:4200')).toBe('127.0.0.1');
    expect(messageIdHost('not a url')).toBe('localhost');
  });
});
