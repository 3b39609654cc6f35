// An incremental parser for text/event-stream (WHATWG HTML §9.2.6 "Interpreting an event
// stream"): fed decoded chunks as they arrive, it yields complete events. Written instead
// of using EventSource because EventSource cannot send the desktop app's launch-token header.

export interface ServerSentEvent {
  /** The last event id seen so far (the stream's, not necessarily this event's own). */
  lastEventId: string;
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  /** The `id:` field of the event being read; it becomes the stream's id only when that event completes. */
  private idBuffer = '';
  private lastEventId = '';
  /** The server's requested reconnection delay (the `retry:` field), if any. */
  retryMs: number | undefined;

  constructor(initialLastEventId = '') {
    this.lastEventId = initialLastEventId;
    this.idBuffer = initialLastEventId;
  }

  get currentLastEventId(): string {
    return this.lastEventId;
  }

  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    // A line ends at CRLF, LF or CR; a CR at the very end may be the first half of a CRLF.
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // a comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
    }
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    // Committed here, at the blank line, even without data (an id-only block moves the resume
    // point); never earlier, so a connection lost mid-event resumes before that event.
    this.lastEventId = this.idBuffer;
    const data = this.data;
    const event = this.eventType || 'message';
    this.data = [];
    this.eventType = '';
    if (data.length === 0) return undefined;
    return { lastEventId: this.lastEventId, event, data: data.join('\n') };
  }
}
