// @vitest-environment jsdom
// The message list as a person meets it: a listbox whose rows say who, what and whether it
// is unread; only the rows in view are mounted even for 100k threads; a click opens.
import '../../test/layout';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopicRow } from '../../api/schemas';
import { EMPTY_LIST, useLists } from '../../stores/list-store';
import { useUi } from '../../stores/ui-store';
import { MessageList } from './MessageList';

function row(id: number, extra: Partial<TopicRow> = {}): TopicRow {
  return {
    id,
    title: `Thread ${id}`,
    fancy_title: null,
    excerpt: `Excerpt of thread ${id}`,
    posts_count: 1,
    highest_post_number: 1,
    created_at: '2026-11-20T10:00:00Z',
    last_posted_at: '2026-11-20T10:00:00Z',
    bumped_at: '2026-11-20T10:00:00Z',
    unseen: false,
    last_read_post_number: 1,
    unread_posts: 0,
    last_poster_username: 'bob',
    posters: [{ user_id: 2, extras: null }],
    participants: [{ user_id: 2, extras: null }],
    ...extra,
  };
}

function fill(count: number, moreUrl: string | null = null, rows: Record<number, TopicRow> = {}) {
  const ids = Array.from({ length: count }, (_, i) => count - i);
  const all: Record<number, TopicRow> = {};
  for (const id of ids) all[id] = rows[id] ?? row(id);
  useLists.setState({
    lists: { inbox: { ...EMPTY_LIST, ids, moreUrl, refreshedAt: Date.now() } },
    rows: all,
    users: {
      2: { id: 2, username: 'bob', name: 'Bob Builder' },
      3: { id: 3, username: 'carol', name: '', staged: true },
    },
  });
}

beforeEach(() => useUi.setState({ mailboxId: 'inbox', selectedId: null, openId: null, searchQuery: '' }));
afterEach(() => cleanup());

describe('MessageList', () => {
  it('mounts only the rows in view for 100k threads', () => {
    fill(100_000);
    render(<MessageList mailboxId="inbox" />);
    const options = within(screen.getByRole('listbox', { name: 'Inbox messages' })).getAllByRole('option');
    expect(options.length).toBeGreaterThan(5);
    expect(options.length).toBeLessThanOrEqual(60);
    expect(options[0]).toHaveAccessibleName(/Thread 100000/);
    expect(options[0]).toHaveAttribute('aria-posinset', '1');
    expect(options[0]).toHaveAttribute('aria-setsize', '100000');
  });

  it('shows who, subject, excerpt and unread state; email-only people are marked', () => {
    fill(2, null, {
      2: row(2, { unseen: true, participants: [{ user_id: 3, extras: null }] }),
    });
    render(<MessageList mailboxId="inbox" />);
    const [first, second] = screen.getAllByRole('option');
    expect(first).toHaveTextContent('carol');
    expect(first).toHaveTextContent('by email');
    expect(first).toHaveTextContent('Unread');
    expect(first).toHaveClass('unread');
    expect(second).toHaveTextContent('Bob Builder');
    expect(second).toHaveTextContent('Thread 1');
    expect(second).toHaveTextContent('Excerpt of thread 1');
    expect(second).not.toHaveClass('unread');
  });

  it('marks the selection with aria-selected and opens a thread on click', async () => {
    fill(3);
    useUi.setState({ selectedId: 2 });
    render(<MessageList mailboxId="inbox" />);
    const selected = screen.getByRole('option', { selected: true });
    expect(selected).toHaveAccessibleName(/Thread 2/);
    expect(selected).toHaveAttribute('tabindex', '0');
    await userEvent.click(screen.getByRole('option', { name: /Thread 3/ }));
    expect(useUi.getState().openId).toBe(3);
    expect(screen.getByRole('option', { selected: true })).toHaveAccessibleName(/Thread 3/);
  });

  it('says when a folder is empty', () => {
    useLists.setState({ lists: { inbox: { ...EMPTY_LIST } }, rows: {}, users: {} });
    render(<MessageList mailboxId="inbox" />);
    expect(screen.getByText('No messages in Inbox.')).toBeInTheDocument();
  });
});
