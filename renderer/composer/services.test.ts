// @vitest-environment jsdom
// Two people on one browser: the composer's services follow the signed-in account. Signing out
// stops the first account's outbox (nothing it holds leaves under the next session), the next
// account sees none of its drafts or queued messages, and signing back in finds them all.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { setHttpClient } from '../api/client';
import { FakeForum } from '../api/testing/fake-forum';
import { emptyDraft } from '../drafts/draft-content';
import { useSendSettings } from '../outbox/send-settings';
import { useSession } from '../stores/session-store';
import { closeComposerServices, loadComposerServices } from './services';

const alice = { id: 1, username: 'alice', name: 'Alice', admin: false, groups: [] };
const bob = { id: 2, username: 'bob', name: 'Bob', admin: false, groups: [] };

function signIn(user: typeof alice | null): void {
  useSession.setState({ status: user ? 'signed-in' : 'signed-out', user });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

afterEach(async () => {
  signIn(null);
  await closeComposerServices();
});

describe('composer services per account', () => {
  it("never shows or sends one account's drafts and outbox to the next", async () => {
    const forum = new FakeForum();
    setHttpClient(forum.http());
    useSendSettings.getState().setUndoSeconds(0);

    signIn(alice);
    const hers = await loadComposerServices();
    const target = { kind: 'reply' as const, topicId: 5, title: 'Budget' };
    hers.drafts.change('topic_5', { ...emptyDraft(target), reply: "Alice's unsent reply" });
    await hers.drafts.flush();
    forum.offline = true;
    const draftKey = 'new_private_message_1';
    await hers.outbox.enqueue({
      draftKey,
      content: { ...emptyDraft({ kind: 'new', draftKey }), title: 'For Bob', reply: 'Queued offline' },
      fields: {
        title: 'For Bob',
        raw: 'Queued offline',
        archetype: 'private_message',
        target_recipients: 'bob',
      },
    });
    expect(await hers.outbox.count()).toBe(1);

    signIn(null);
    await settle();
    // The connection comes back after she signed out: her outbox must stay put.
    forum.offline = false;
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(forum.posts).toEqual([]);
    await expect(loadComposerServices()).rejects.toThrow(/Nobody is signed in/);

    signIn(bob);
    const his = await loadComposerServices();
    expect(his).not.toBe(hers);
    expect(await his.outbox.list()).toEqual([]);
    expect(await his.drafts.get('topic_5')).toBeUndefined();
    const { items } = await his.drafts.list();
    expect(items.filter((i) => i.source !== 'server')).toEqual([]);
    window.dispatchEvent(new Event('online'));
    await his.outbox.drain();
    expect(forum.posts).toEqual([]);

    // Signing out keeps her data: back in, her draft is there and her message goes out.
    signIn(null);
    await settle();
    signIn(alice);
    const again = await loadComposerServices();
    expect((await again.drafts.get('topic_5'))?.content.reply).toBe("Alice's unsent reply");
    await expect.poll(() => forum.posts.map((p) => p.fields.raw)).toEqual(['Queued offline']);
  });
});
