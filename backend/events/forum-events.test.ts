// The in-process event bus: subscribers run in order and are awaited, can unsubscribe, and
// one that throws is reported without stopping the others.
import { describe, expect, it } from 'vitest';
import type { User } from '../db/schema';
import { ForumEvents } from './forum-events';

const user = { id: 7, username: 'sam' } as User;

describe('ForumEvents', () => {
  it('runs every subscriber once per emit, in order, waiting for each', async () => {
    const events = new ForumEvents();
    const seen: string[] = [];
    events.on('user_unstaged', async ({ user: u }) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`first ${u.id}`);
    });
    events.on('user_unstaged', ({ user: u }) => {
      seen.push(`second ${u.username}`);
    });
    await events.emit('user_unstaged', { user });
    expect(seen).toEqual(['first 7', 'second sam']);
  });

  it('stops calling a subscriber that unsubscribed', async () => {
    const events = new ForumEvents();
    let calls = 0;
    const off = events.on('user_unstaged', () => {
      calls++;
    });
    await events.emit('user_unstaged', { user });
    off();
    await events.emit('user_unstaged', { user });
    expect(calls).toBe(1);
  });

  it('reports a failing subscriber and still runs the rest', async () => {
    const errors: Array<[string, unknown]> = [];
    const events = new ForumEvents((event, error) => errors.push([event, error]));
    let ran = false;
    events.on('user_unstaged', () => {
      throw new Error('welcome bot is down');
    });
    events.on('user_unstaged', () => {
      ran = true;
    });
    await events.emit('user_unstaged', { user });
    expect(ran).toBe(true);
    expect(errors.map(([e, err]) => [e, (err as Error).message])).toEqual([
      ['user_unstaged', 'welcome bot is down'],
    ]);
  });
});
