// @vitest-environment jsdom
// Who is in a thread, from what the forum says about each allowed user: people taking part by
// email are badged "by email" with the promise of the full history on sign-up (or "opted out"),
// staff see their address, and nobody is marked by email without the forum saying so.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchTopic } from '../../api/forum-api';
import { topicSchema, type Post } from '../../api/schemas';
import { Participants, threadPeople } from './Participants';

afterEach(cleanup);

function topic(details: Record<string, unknown>) {
  return topicSchema.parse({
    id: 9,
    title: 'Boat rental',
    posts_count: 2,
    highest_post_number: 2,
    post_stream: { posts: [] },
    details,
  });
}

const post = (user_id: number, username: string, extra: Partial<Post> = {}): Post => ({
  id: user_id * 10,
  username,
  name: username,
  created_at: '2026-11-20T10:00:00Z',
  cooked: '<p>Hi</p>',
  post_number: 1,
  post_type: 1,
  user_id,
  ...extra,
});

function personItem(name: string) {
  const region = screen.getByRole('region', { name: 'Participants' });
  return within(region)
    .getAllByRole('listitem')
    .find((li) => li.textContent?.includes(name))!;
}

describe('thread participants', () => {
  it('marks the people the forum says take part by email, including one who never wrote', () => {
    const t = topic({
      participants: [{ id: 1, username: 'alice', name: 'Alice' }],
      allowed_users: [
        { id: 1, username: 'alice', name: 'Alice' },
        { id: 7, username: 'carol', name: 'carol', staged: true },
        { id: 8, username: 'friend', name: 'friend', staged: true, email_opted_out: true },
      ],
      allowed_groups: [{ id: 3, name: 'support' }],
    });
    const people = threadPeople(t, [post(1, 'alice'), post(5, 'sam')]);
    expect(people.map((p) => [p.username, p.staged])).toEqual([
      ['alice', false],
      ['carol', true],
      ['friend', true],
      ['sam', false],
    ]);
    render(<Participants topic={t} people={people} canInvite={false} />);
    expect(personItem('carol')).toHaveTextContent('by email');
    expect(personItem('carol')).toHaveTextContent('sees the full history on sign-up');
    expect(personItem('friend')).toHaveTextContent('opted out');
    expect(personItem('friend')).not.toHaveTextContent('sees the full history');
    expect(personItem('Alice')).not.toHaveTextContent('by email');
    expect(personItem('sam')).not.toHaveTextContent('by email');
    expect(personItem('support')).toHaveTextContent('group');
    expect(screen.queryByText(/@/)).toBeNull();
  });

  it("shows a staged participant's address when the forum sent it (staff)", () => {
    const t = topic({
      allowed_users: [
        { id: 7, username: 'carol', name: 'Carol', staged: true, email: 'carol@outside.example' },
      ],
    });
    render(<Participants topic={t} people={threadPeople(t, [])} canInvite={false} />);
    expect(personItem('Carol')).toHaveTextContent('carol@outside.example');
  });

  it('asks the forum for the allowed users when loading a thread', async () => {
    const urls: string[] = [];
    const http = axios.create({
      adapter: async (config) => {
        urls.push(config.url ?? '');
        const data = {
          id: 9,
          title: 'Boat rental',
          posts_count: 1,
          highest_post_number: 1,
          post_stream: { posts: [] },
          details: { allowed_users: [{ id: 7, username: 'carol', name: 'carol', staged: true }] },
        };
        return { data, status: 200, statusText: 'OK', headers: {}, config };
      },
    });
    const loaded = await fetchTopic(http, 9);
    expect(urls).toEqual(['/t/9.json?include_allowed_users=true']);
    expect(threadPeople(loaded, [])[0]).toMatchObject({ username: 'carol', staged: true });
  });

  it('marks a poster by email from their posts in a topic without allowed users', () => {
    const t = topic({ participants: [{ id: 7, username: 'carol', name: 'Carol' }] });
    const people = threadPeople(t, [post(7, 'carol', { staged: true, via_email: true })]);
    expect(people).toEqual([
      { id: 7, username: 'carol', name: 'carol', staged: true, optedOut: false, email: null },
    ]);
  });
});
