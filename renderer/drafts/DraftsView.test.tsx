// @vitest-environment jsdom
// The Drafts list merges this device's drafts with the forum's and opens or discards them.
import 'fake-indexeddb/auto';
import '../composer/testing/ui-test-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installComposerServices, type ComposerTestRig } from '../composer/testing/composer-services';
import { emptyDraft, serializeDraftData } from './draft-content';
import { DraftsView } from './DraftsView';

let rig: ComposerTestRig | null = null;
afterEach(() => {
  cleanup();
  rig?.dispose();
  rig = null;
});

describe('Drafts view', () => {
  it('lists local and forum drafts together and opens one', async () => {
    rig = await installComposerServices({ syncDelayMs: 60_000 }); // keep the local one unsynced
    const phoneKey = 'new_private_message_1700000000000';
    rig.forum.saveDraftElsewhere(
      phoneKey,
      serializeDraftData({
        ...emptyDraft({ kind: 'new', draftKey: phoneKey }),
        title: 'Started on the phone',
        recipients: [{ kind: 'email', value: 'ann@example.org' }],
        reply: 'Dear Ann,',
      }),
    );
    const reply = { kind: 'reply' as const, topicId: 9, title: 'Offsite' };
    rig.services.drafts.change('topic_9', { ...emptyDraft(reply), reply: 'I can **host** it.' });
    // Compose starts a bare "new" target; the draft is stored under its own key.
    const localKey = 'new_private_message_1700000000001';
    rig.services.drafts.change(localKey, { ...emptyDraft({ kind: 'new' }), title: 'Written here' });
    await rig.services.drafts.flush();

    const onOpen = vi.fn();
    const user = userEvent.setup();
    render(<DraftsView onOpen={onOpen} />);
    const list = await screen.findByRole('list');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    const phone = within(list).getByRole('heading', { name: 'Started on the phone' }).closest('li')!;
    expect(phone).toHaveTextContent('To: ann@example.org');
    expect(phone).toHaveTextContent('from another device');
    const local = within(list).getByRole('heading', { name: 'Re: Offsite' }).closest('li')!;
    expect(local).toHaveTextContent('I can host it.');
    expect(local).toHaveTextContent('not on the forum yet');

    await user.click(within(phone).getByRole('button', { name: 'Open draft Started on the phone' }));
    expect(onOpen).toHaveBeenCalledWith({ kind: 'new', draftKey: phoneKey });
    await user.click(within(local).getByRole('button', { name: 'Open draft Re: Offsite' }));
    expect(onOpen).toHaveBeenLastCalledWith(reply);
    await user.click(within(list).getByRole('button', { name: 'Open draft Written here' }));
    expect(onOpen).toHaveBeenLastCalledWith({ kind: 'new', draftKey: localKey });
  });

  it('discards a draft after confirmation', async () => {
    rig = await installComposerServices();
    const reply = { kind: 'reply' as const, topicId: 9, title: 'Offsite' };
    rig.services.drafts.change('topic_9', { ...emptyDraft(reply), reply: 'never mind' });
    await rig.services.drafts.flush();
    const user = userEvent.setup();
    render(<DraftsView onOpen={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Discard draft Re: Offsite' }));
    await user.click(screen.getByRole('button', { name: 'Confirm discarding draft Re: Offsite' }));
    expect(await screen.findByText('No drafts.')).toBeInTheDocument();
    expect(await rig.services.drafts.get('topic_9')).toBeUndefined();
  });
});
