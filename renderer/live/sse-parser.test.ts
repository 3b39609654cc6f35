// The event-stream parser, checked against the cases the WHATWG spec spells out.
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('yields events at blank lines, with ids carried forward', () => {
    const parser = new SseParser();
    const events = parser.push('id: 1\ndata: {"type":"post_created"}\n\ndata: second\n\n');
    expect(events).toEqual([
      { lastEventId: '1', event: 'message', data: '{"type":"post_created"}' },
      { lastEventId: '1', event: 'message', data: 'second' },
    ]);
    expect(parser.currentLastEventId).toBe('1');
  });

  it('joins multi-line data, honours event names, skips comments', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\nevent: ping\ndata: a\ndata: b\n\n')).toEqual([
      { lastEventId: '', event: 'ping', data: 'a\nb' },
    ]);
  });

  it('handles chunks split anywhere, including inside CRLF', () => {
    const parser = new SseParser();
    const text = 'id: 7\r\ndata: hello\r\n\r\n';
    const events = [...text].flatMap((ch) => parser.push(ch));
    expect(events).toEqual([{ lastEventId: '7', event: 'message', data: 'hello' }]);
  });

  it('drops an event without data and reads retry', () => {
    const parser = new SseParser('5');
    expect(parser.push('event: x\n\nretry: 2500\n')).toEqual([]);
    expect(parser.retryMs).toBe(2500);
    expect(parser.currentLastEventId).toBe('5');
  });
});

describe('SseParser resume point', () => {
  it('moves the last event id only when an event completes, including id-only blocks', () => {
    const parser = new SseParser();
    parser.push('retry: 2000\n: connected\nid: 41\n\n');
    expect(parser.currentLastEventId).toBe('41');
    parser.push('id: 42\ndata: {"type":"post_created"}\n');
    // The connection could drop here: resuming must not skip event 42.
    expect(parser.currentLastEventId).toBe('41');
    expect(parser.push('\n')).toEqual([
      { lastEventId: '42', event: 'message', data: '{"type":"post_created"}' },
    ]);
  });
});
