// The list and mailbox stores against a real forum (started as a process, as the desktop app
// does; seeded through its admin path and public API): keyset paging through
// more_topics_url, refresh without losing the scrolled-in pages, and folder counts.
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setHttpClient } from '../api/client';
import { startBackend, type RunningBackend } from '../../e2e/support/start-backend';
import { account, ForumSeed } from '../../e2e/support/forum-seed';
import { EMPTY_LIST, mergeFirstPage, useLists } from './list-store';
import { useMailboxes } from './mailbox-store';
import { useSession } from './session-store';

const MESSAGES = 65; // the forum pages by 30: three pages, the last one partial

let backend: RunningBackend;
let seed: ForumSeed;
const topicIds: number[] = [];

beforeAll(async () => {
  backend = await startBackend({ skipRendererBuild: true });
  seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  for (let i = 1; i <= MESSAGES; i++)
    topicIds.push((await seed.sendMessage('bob', 'alice', `Message ${i}`, `Body number ${i}.`)).topic_id);
  setHttpClient(
    axios.create({
      baseURL: backend.url,
      headers: { ...seed.apiHeaders('alice'), Accept: 'application/json' },
    }),
  );
  const me = await seed.request<{ current_user: { id: number } }>('alice', 'GET', '/session/current.json');
  useSession.setState({
    status: 'signed-in',
    user: { id: me.current_user.id, username: 'alice', name: 'Alice Admin', admin: true, groups: [] },
  });
}, 180_000);

afterAll(async () => {
  await backend?.stop();
});

const inbox = () => useLists.getState().lists['inbox'] ?? EMPTY_LIST;
const titles = (ids: number[]) => ids.map((id) => useLists.getState().rows[id]?.title);

describe('list store paging', () => {
  it('loads the first page, then follows the keyset cursor to the end', async () => {
    await useLists.getState().loadFirstPage('inbox');
    expect(inbox().ids).toHaveLength(30);
    expect(inbox().moreUrl).toMatch(/before=/);
    expect(titles(inbox().ids.slice(0, 2))).toEqual(['Message 65', 'Message 64']);

    // Two scroll events at once ask for the same page only once.
    await Promise.all([useLists.getState().loadNextPage('inbox'), useLists.getState().loadNextPage('inbox')]);
    expect(inbox().ids).toHaveLength(60);
    await useLists.getState().loadNextPage('inbox');
    expect(inbox().ids).toHaveLength(MESSAGES);
    expect(inbox().moreUrl).toBeNull();
    expect(new Set(inbox().ids).size).toBe(MESSAGES);
    expect(inbox().ids).toEqual([...topicIds].reverse());

    // At the end, asking for more does nothing.
    await useLists.getState().loadNextPage('inbox');
    expect(inbox().ids).toHaveLength(MESSAGES);
  });

  it('a refresh puts a new thread on top and keeps the pages already scrolled in', async () => {
    const fresh = await seed.sendMessage('bob', 'alice', 'Brand new', 'Just arrived.');
    await useLists.getState().loadFirstPage('inbox');
    expect(inbox().ids).toHaveLength(MESSAGES + 1);
    expect(inbox().ids[0]).toBe(fresh.topic_id);
    expect(inbox().moreUrl).toBeNull();

    // A reply bumps an old thread to the top without duplicating it.
    await seed.reply('bob', topicIds[0]!, 'Bumping the oldest.');
    await useLists.getState().loadFirstPage('inbox');
    expect(inbox().ids[0]).toBe(topicIds[0]);
    expect(inbox().ids).toHaveLength(MESSAGES + 1);
    expect(new Set(inbox().ids).size).toBe(MESSAGES + 1);
  });

  it('mergeFirstPage restarts when the fresh page no longer overlaps the loaded list', () => {
    const old = { ...EMPTY_LIST, ids: [1, 2, 3, 4], moreUrl: '/x?before=4' };
    expect(mergeFirstPage(old, [9, 8], '/x?before=8')).toEqual({ ids: [9, 8], moreUrl: '/x?before=8' });
    expect(mergeFirstPage(old, [9, 2], '/x?before=2')).toEqual({ ids: [9, 2, 3, 4], moreUrl: '/x?before=4' });
    expect(mergeFirstPage(old, [9, 1], null)).toEqual({ ids: [9, 1], moreUrl: null });
  });
});

describe('mailbox counts', () => {
  it('come from the server and follow reads', async () => {
    await useMailboxes.getState().load();
    const state = useMailboxes.getState();
    expect(state.mailboxes.map((m) => m.id).slice(0, 4)).toEqual(['inbox', 'sent', 'archive', 'drafts']);
    if (!state.countsKnown) {
      console.log('mailbox counts not checked: the backend has no /foyer/mailboxes.json yet');
      return;
    }
    const inboxBox = () => useMailboxes.getState().mailboxes.find((m) => m.id === 'inbox');
    expect(inboxBox()?.total).toBe(MESSAGES + 1);
    expect(inboxBox()?.new).toBe(MESSAGES + 1);

    await seed.request('alice', 'POST', '/topics/timings', {
      topic_id: topicIds[5],
      topic_time: 1000,
      timings: { 1: 1000 },
    });
    await useMailboxes.getState().load();
    expect(inboxBox()?.new).toBe(MESSAGES);
    expect(inboxBox()?.total).toBe(MESSAGES + 1);
  });
});
