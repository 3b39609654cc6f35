// @vitest-environment jsdom
// The Outbox view: what waits, why a send failed, and Retry / Edit / Discard; plus the count
// the shell shows and messages scheduled on the forum.
import 'fake-indexeddb/auto';
import '../composer/testing/ui-test-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { installComposerServices, type ComposerTestRig } from '../composer/testing/composer-services';
import { emptyDraft } from '../drafts/draft-content';
import { OutboxView } from './OutboxView';
import { useOutboxCount } from './use-outbox';

let rig: ComposerTestRig | null = null;
afterEach(() => {
  cleanup();
  rig?.dispose();
  rig = null;
});

function Count() {
  return <p>Outbox: {useOutboxCount()}</p>;
}

const message = (title: string) => {
  const draftKey = `new_private_message_${title.length}`;
  return {
    draftKey,
    content: { ...emptyDraft({ kind: 'new' as const, draftKey }), title, reply: `About ${title}` },
    fields: {
      title,
      raw: `About ${title}`,
      archetype: 'private_message' as const,
      target_recipients: 'nobody-here',
    },
  };
};

describe('Outbox view', () => {
  it('shows why a send failed and retries it', async () => {
    rig = await installComposerServices({ undoMs: 0 });
    rig.forum.failNext('POST', '/posts.json', 422, ['There is no user or group named nobody-here.']);
    await rig.services.outbox.enqueue(message('Plans'));
    const user = userEvent.setup();
    render(
      <>
        <Count />
        <OutboxView />
      </>,
    );
    const item = (await screen.findByRole('heading', { name: 'Plans' })).closest('li')!;
    await waitFor(() =>
      expect(within(item).getByRole('alert')).toHaveTextContent(
        'Not sent: There is no user or group named nobody-here.',
      ),
    );
    expect(screen.getByText('Outbox: 1')).toBeInTheDocument();

    await user.click(within(item).getByRole('button', { name: 'Retry: Plans' }));
    await waitFor(() => expect(screen.getByText('Outbox: 0')).toBeInTheDocument());
    expect(rig.forum.posts).toHaveLength(1);
    expect(screen.getByText('Nothing waiting to be sent.')).toBeInTheDocument();
  });

  it('Edit reopens the message in a composer; Discard drops it', async () => {
    rig = await installComposerServices({ undoMs: 0 });
    rig.forum.failNext('POST', '/posts.json', 403, ['You cannot message that group.']);
    rig.forum.failNext('POST', '/posts.json', 403, ['You cannot message that group.']);
    await rig.services.outbox.enqueue(message('Keep'));
    await rig.services.outbox.enqueue(message('Drop me'));
    const user = userEvent.setup();
    render(<OutboxView />);
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));

    await user.click(screen.getByRole('button', { name: 'Discard Drop me' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Drop me' })).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Edit Keep' }));
    expect(await screen.findByRole('textbox', { name: 'Subject' })).toHaveValue('Keep');
    expect(await screen.findByRole('textbox', { name: 'Message' })).toHaveTextContent('About Keep');
    expect(await rig.services.outbox.count()).toBe(0);
    expect(rig.forum.posts).toHaveLength(0);
  });

  it('lists messages scheduled on the forum and cancels one', async () => {
    rig = await installComposerServices({ undoMs: 0 });
    await rig.services.outbox.enqueue({ ...message('Monday memo'), sendAt: '2030-01-07T08:00:00.000Z' });
    await waitFor(() => expect(rig!.forum.scheduled).toHaveLength(1));
    const user = userEvent.setup();
    render(<OutboxView />);
    const id = rig.forum.scheduled[0]!.id;
    const row = (await screen.findByText('Monday memo')).closest('li')!;
    await user.click(within(row).getByRole('button', { name: 'Cancel scheduled Monday memo' }));
    expect(rig.forum.requestsTo('DELETE', `/foyer/scheduled-posts/${id}.json`)).toHaveLength(1);
    await waitFor(() => expect(screen.getByText('No scheduled messages.')).toBeInTheDocument());
  });
});
