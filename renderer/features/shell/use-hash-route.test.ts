// Deep links into folders and threads.
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './use-hash-route';

describe('hash routes', () => {
  it('round-trip folders (group ones included) and threads', () => {
    for (const [mailboxId, topicId] of [
      ['inbox', null],
      ['archive', 42],
      ['group:support', 7],
      ['group:support:archive', null],
    ] as const) {
      expect(parseHash(formatHash(mailboxId, topicId))).toEqual({ mailboxId, topicId });
    }
  });

  it('ignores anything else', () => {
    expect(parseHash('')).toBeNull();
    expect(parseHash('#/')).toBeNull();
    expect(parseHash('#/inbox/t/abc')).toBeNull();
    expect(parseHash('#/%E0%A4%A')).toBeNull();
  });
});
