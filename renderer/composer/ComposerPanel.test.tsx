// @vitest-environment jsdom
// The composer as a person uses it, against the real draft store and outbox on fake-indexeddb
// and a fake forum: writing, who gets email, sending with Undo, keyboard, quotes, attachments,
// drafts that survive a reload, and a conflict with another device.
import 'fake-indexeddb/auto';
import './testing/ui-test-setup';
import { DRAG_DROP_PASTE } from '@lexical/rich-text';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeDraftData, emptyDraft } from '../drafts/draft-content';
import { useToasts } from '../stores/toast-store';
import { insertQuote } from './active-composer';
import { ComposerPanel } from './ComposerPanel';
import type { ComposerTarget } from './composer-target';
import { editorOf, selectAllIn, typeInto } from './testing/editor-driver';
import { installComposerServices, type ComposerTestRig } from './testing/composer-services';

let rig: ComposerTestRig | null = null;
afterEach(() => {
  cleanup();
  rig?.dispose();
  rig = null;
});

const reply: ComposerTarget = { kind: 'reply', topicId: 7, title: 'Budget 2025', replyToPostNumber: 2 };

function renderPanel(target: ComposerTarget) {
  const onSent = vi.fn();
  const onClose = vi.fn();
  const view = render(<ComposerPanel target={target} onSent={onSent} onClose={onClose} />);
  return { ...view, onSent, onClose };
}

const messageBox = () => screen.findByRole('textbox', { name: 'Message' });

async function savedReply(key: string): Promise<string | undefined> {
  await rig!.services.drafts.flush();
  return (await rig!.services.drafts.get(key))?.content.reply;
}

describe('composer panel', () => {
  it('sends a new message to a user and an address, showing who will be emailed first', async () => {
    rig = await installComposerServices();
    rig.forum.users = [{ username: 'alice', name: 'Alice Liddell' }];
    const user = userEvent.setup();
    const { onSent } = renderPanel({ kind: 'new' });

    const to = await screen.findByRole('combobox', { name: 'To' });
    await user.type(to, 'alice,bob@example.org{Enter}');
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Recipients' })).getAllByRole('listitem')).toHaveLength(
        2,
      ),
    );
    expect(screen.getByText('Will be emailed: bob@example.org')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Lunch plans');
    typeInto(await messageBox(), 'See you at noon');

    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/Sending in \d s/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument();

    await waitFor(() => expect(onSent).toHaveBeenCalledTimes(1), { timeout: 3_000 });
    const [post] = rig.forum.posts;
    expect(onSent).toHaveBeenCalledWith({ topicId: post!.topicId, postNumber: 1 });
    expect(post!.fields).toMatchObject({
      title: 'Lunch plans',
      raw: 'See you at noon',
      archetype: 'private_message',
      target_recipients: 'alice,bob@example.org',
    });
    expect(rig.forum.requestsTo('POST', '/posts.json')[0]?.headers['idempotency-key']).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect((await rig.services.drafts.list()).items).toEqual([]);
  });

  it('Undo brings the message back into the composer and nothing is sent', async () => {
    rig = await installComposerServices({ undoMs: 5_000 });
    const user = userEvent.setup();
    renderPanel({ kind: 'new' });
    await user.type(await screen.findByRole('combobox', { name: 'To' }), 'bob@example.org{Enter}');
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Second thoughts');
    typeInto(await messageBox(), 'Maybe not');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await user.click(await screen.findByRole('button', { name: 'Undo' }));

    expect(await screen.findByRole('textbox', { name: 'Subject' })).toHaveValue('Second thoughts');
    expect(await messageBox()).toHaveTextContent('Maybe not');
    expect(screen.getByText('Will be emailed: bob@example.org')).toBeInTheDocument();
    expect(await rig.services.outbox.count()).toBe(0);
    expect(rig.forum.posts).toHaveLength(0);
  });

  it('sends a reply with Ctrl+Enter', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    const { onSent } = renderPanel(reply);
    expect(await screen.findByRole('heading', { name: 'Reply to Budget 2025' })).toBeInTheDocument();
    const box = await messageBox();
    typeInto(box, 'Approved.');
    box.focus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onSent).toHaveBeenCalled(), { timeout: 3_000 });
    expect(rig.forum.posts[0]?.fields).toMatchObject({
      topic_id: 7,
      reply_to_post_number: 2,
      raw: 'Approved.',
      draft_key: 'topic_7',
    });
    expect(rig.forum.posts[0]?.fields.title).toBeUndefined();
  });

  it('says what is missing instead of sending', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    renderPanel({ kind: 'new' });
    await user.type(await screen.findByRole('combobox', { name: 'To' }), 'not an address!{Enter}');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = within(screen.getByRole('alert'));
    expect(alert.getByText('Fix or remove the recipients that cannot be sent to.')).toBeInTheDocument();
    expect(alert.getByText('Add a subject.')).toBeInTheDocument();
    expect(alert.getByText('Write a message before sending.')).toBeInTheDocument();
    expect(await rig.services.outbox.count()).toBe(0);
  });

  it('formats with the toolbar and saves Discourse markdown', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    renderPanel(reply);
    const box = await messageBox();
    typeInto(box, 'important');
    selectAllIn(box);
    await user.click(screen.getByRole('button', { name: 'Bold' }));
    expect(screen.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Bulleted list' }));
    await waitFor(async () => expect(await savedReply('topic_7')).toBe('- **important**'));
  });

  it('keeps the draft through a reload', async () => {
    rig = await installComposerServices();
    const first = renderPanel(reply);
    typeInto(await messageBox(), 'Half a thought');
    await new Promise((resolve) => setTimeout(resolve, 400)); // no explicit save: the 300 ms write
    first.unmount();

    await act(async () => {
      await rig!.reload();
    });
    renderPanel(reply);
    expect(await messageBox()).toHaveTextContent('Half a thought');
  });

  it('inserts attributed quotes at the caret, several per reply', async () => {
    rig = await installComposerServices();
    // The shell opens a reply and quotes at once: the quote waits for the composer.
    insertQuote({ username: 'alice', postNumber: 3, topicId: 7, text: 'We ship on Friday.' });
    renderPanel(reply);
    const box = await messageBox();
    await waitFor(() => expect(box.querySelector('blockquote')).not.toBeNull());
    // The quote leaves an empty line for the answer; it is not saved as trailing blank lines.
    await waitFor(async () =>
      expect(await savedReply('topic_7')).toBe(
        '[quote="alice, post:3, topic:7"]\nWe ship on Friday.\n[/quote]',
      ),
    );
    typeInto(box, 'Agreed.');
    act(() => insertQuote({ username: 'bob', postNumber: 4, topicId: 7, text: 'Budget is tight.' }));
    typeInto(box, 'We can trim.');

    expect(within(box).getByLabelText('alice wrote (post 3)')).toHaveTextContent('We ship on Friday.');
    expect(within(box).getByLabelText('bob wrote (post 4)')).toHaveTextContent('Budget is tight.');
    await waitFor(async () =>
      expect(await savedReply('topic_7')).toBe(
        '[quote="alice, post:3, topic:7"]\nWe ship on Friday.\n[/quote]\n\nAgreed.\n\n' +
          '[quote="bob, post:4, topic:7"]\nBudget is tight.\n[/quote]\n\nWe can trim.',
      ),
    );
  });

  it('uploads pasted files and inserts them as Discourse markdown', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    renderPanel(reply);
    const box = await messageBox();
    // The editor's plugins (the draft's content, the paste handler) start in effects that may
    // run after the box shows when the machine is busy: wait until a paste of nothing is handled.
    await waitFor(() => {
      let handled = false;
      act(() => {
        handled = editorOf(box).dispatchCommand(DRAG_DROP_PASTE, []);
      });
      expect(handled).toBe(true);
    });
    typeInto(box, 'See ');
    act(() => {
      editorOf(box).dispatchCommand(DRAG_DROP_PASTE, [new File(['png'], 'photo.png', { type: 'image/png' })]);
    });
    await waitFor(() =>
      expect(within(box).getByRole('img', { name: 'Image: photo.png' })).toBeInTheDocument(),
    );
    await user.upload(
      screen.getByLabelText('Choose files to attach'),
      new File(['pdf'], 'notes.pdf', { type: 'application/pdf' }),
    );
    await waitFor(() =>
      expect(within(box).getByRole('img', { name: 'Attachment: notes.pdf' })).toBeInTheDocument(),
    );
    expect(await savedReply('topic_7')).toBe(
      'See ![photo.png](upload://u1.png) [notes.pdf|attachment](upload://u2.pdf)',
    );
    expect(rig.forum.requestsTo('POST', '/uploads.json')).toHaveLength(2);
  });

  it('shows both versions when another device changed the draft, and uses the one picked', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    rig.forum.saveDraftElsewhere(
      'topic_7',
      serializeDraftData({ ...emptyDraft(reply), reply: 'Written on the phone' }),
    );
    rig.forum.offline = true;
    renderPanel(reply);
    typeInto(await messageBox(), 'Written on the laptop');
    await rig.services.drafts.flush();
    rig.forum.offline = false;
    await act(() => rig!.services.drafts.sync.syncAll());

    const conflict = await screen.findByRole('region', {
      name: 'This draft was also changed on another device',
    });
    expect(within(conflict).getByLabelText('Version on this device')).toHaveTextContent(
      'Written on the laptop',
    );
    expect(within(conflict).getByLabelText('Version on the other device')).toHaveTextContent(
      'Written on the phone',
    );
    await user.click(within(conflict).getByRole('button', { name: 'Use the other device’s version' }));

    await waitFor(async () => expect(await messageBox()).toHaveTextContent('Written on the phone'));
    expect(screen.queryByRole('region', { name: /changed on another device/ })).not.toBeInTheDocument();
    // The laptop text is still one click away.
    await user.click(screen.getByRole('button', { name: 'Earlier versions' }));
    const versions = await screen.findByRole('region', { name: 'Earlier versions' });
    expect(versions).toHaveTextContent('Written on the laptop');
  });

  it('discards at once and offers Undo, which brings the draft back', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    const { onClose } = renderPanel(reply);
    typeInto(await messageBox(), 'Not worth sending');
    await rig.services.drafts.flush();
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(await rig.services.drafts.get('topic_7')).toBeUndefined();

    const toast = useToasts.getState().toasts.at(-1)!;
    expect(toast).toMatchObject({ message: 'Draft discarded.', action: { label: 'Undo' } });
    act(() => toast.action!.run());
    await waitFor(async () => expect(await savedReply('topic_7')).toBe('Not worth sending'));
  });

  it('restores an earlier version', async () => {
    rig = await installComposerServices();
    const user = userEvent.setup();
    renderPanel(reply);
    const box = await messageBox();
    typeInto(box, 'First version');
    await rig.services.drafts.flush();
    selectAllIn(box);
    typeInto(box, 'Rewritten completely');
    await rig.services.drafts.flush();

    await user.click(screen.getByRole('button', { name: 'Earlier versions' }));
    const versions = await screen.findByRole('region', { name: 'Earlier versions' });
    const item = within(versions).getByText('First version').closest('li')!;
    await user.click(within(item).getByRole('button', { name: /Restore version from/ }));
    await waitFor(() => expect(box).toHaveTextContent('First version'));
    expect(await savedReply('topic_7')).toBe('First version');
  });
});
