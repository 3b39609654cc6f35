// @vitest-environment jsdom
// A restart shows the last first screenful at once: folders' first rows, their people and
// the counts come back from localStorage for the same account only, and sign-out forgets them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TopicRow } from '../api/schemas';
import { EMPTY_LIST, useLists } from './list-store';
import { useMailboxes } from './mailbox-store';
import { forgetCache, hydrateCache, startPersisting } from './persist-cache';

const row = (id: number): TopicRow => ({
  id,
  title: `Thread ${id}`,
  posts_count: 1,
  highest_post_number: 1,
  created_at: '2026-11-20T10:00:00Z',
  unseen: id === 100,
  posters: [{ user_id: 2 }],
  participants: [{ user_id: 2 }],
});

afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe('persisted list cache', () => {
  it('writes the first rows after changes settle and restores them for the same account', () => {
    vi.useFakeTimers();
    const stop = startPersisting('Alice');
    const ids = Array.from({ length: 100 }, (_, i) => 100 - i);
    const rows: Record<number, TopicRow> = {};
    for (const id of ids) rows[id] = row(id);
    useLists.setState({
      lists: { inbox: { ...EMPTY_LIST, ids, moreUrl: '/topics/private-messages/alice?page=1&before=x' } },
      rows,
      users: { 2: { id: 2, username: 'bob', name: 'Bob' }, 9: { id: 9, username: 'unrelated' } },
    });
    useMailboxes.setState({
      countsKnown: true,
      mailboxes: [{ id: 'inbox', title: 'Inbox', unread: 0, new: 1, total: 100 }],
    });
    vi.advanceTimersByTime(1500);
    stop();

    useLists.setState({ lists: {}, rows: {}, users: {} });
    useMailboxes.setState({ countsKnown: false, mailboxes: [] });
    hydrateCache('bob'); // another account sees nothing
    expect(useLists.getState().lists).toEqual({});

    hydrateCache('alice');
    const inbox = useLists.getState().lists['inbox'];
    expect(inbox?.ids).toEqual(ids.slice(0, 60));
    // Cut short, so no cursor: the next page comes from a fresh first page.
    expect(inbox?.moreUrl).toBeNull();
    expect(useLists.getState().rows[100]?.unseen).toBe(true);
    expect(useLists.getState().rows[3]).toBeUndefined();
    expect(Object.keys(useLists.getState().users)).toEqual(['2']);
    expect(useMailboxes.getState().mailboxes[0]?.new).toBe(1);

    forgetCache('alice');
    useLists.setState({ lists: {}, rows: {}, users: {} });
    hydrateCache('alice');
    expect(useLists.getState().lists).toEqual({});
  });

  it('ignores a damaged cache', () => {
    localStorage.setItem('foyer.cache.alice', '{"version":1,"lists":');
    hydrateCache('alice');
    expect(localStorage.getItem('foyer.cache.alice')).toBeNull();
  });
});
