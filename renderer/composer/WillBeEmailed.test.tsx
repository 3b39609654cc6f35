// @vitest-environment jsdom
// Who will be emailed, shown before Send: for a reply in a thread with people taking part by
// email (they get every post), and for a group whose members get email by their settings —
// from the forum's preview, with the typed addresses shown at once and kept when it fails.
import 'fake-indexeddb/auto';
import './testing/ui-test-setup';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ComposerPanel } from './ComposerPanel';
import type { ComposerTarget } from './composer-target';
import { installComposerServices, type ComposerTestRig } from './testing/composer-services';
import { emailedLabels } from './WillBeEmailed';

let rig: ComposerTestRig | null = null;
afterEach(() => {
  cleanup();
  rig?.dispose();
  rig = null;
});

function renderPanel(target: ComposerTarget) {
  return render(<ComposerPanel target={target} onSent={vi.fn()} onClose={vi.fn()} />);
}

const user = (username: string, reason: string, extra: Record<string, unknown> = {}) => ({
  id: username.length,
  username,
  name: username[0]!.toUpperCase() + username.slice(1),
  staged: false,
  reason,
  via_group: null,
  ...extra,
});

describe('"Will be emailed" in the composer', () => {
  it('names the staged participants of the thread when replying, and who opted out', async () => {
    rig = await installComposerServices();
    rig.forum.emailPreview = (params) =>
      params.topic_id === 7
        ? {
            email_preview: {
              users: [user('carol', 'by_email', { staged: true }), user('bob', 'when_away')],
              emails: [],
              hidden_groups: [],
              opted_out: [{ id: 9, username: 'staged9', name: 'friend' }],
            },
          }
        : null;
    renderPanel({ kind: 'reply', topicId: 7, title: 'Boat rental' });
    expect(await screen.findByText('Will be emailed: Carol (by email), Bob (when away)')).toBeInTheDocument();
    expect(screen.getByText('Not emailed, opted out of all mail: friend')).toBeInTheDocument();
    expect(rig.forum.requestsTo('GET', '/foyer/email-preview.json')[0]?.params).toEqual({ topic_id: 7 });
  });

  it('asks again as recipients change, for a group and typed addresses', async () => {
    rig = await installComposerServices();
    rig.forum.groups = [{ name: 'support', full_name: 'Support' }];
    rig.forum.emailPreview = (params) => {
      const to = String(params.target_recipients).split(',');
      return {
        email_preview: {
          users: to.includes('support') ? [user('sam', 'email_preference', { via_group: 'support' })] : [],
          emails: to.filter((r) => r.includes('@')),
          hidden_groups: [],
          opted_out: [],
        },
      };
    };
    const person = userEvent.setup();
    renderPanel({ kind: 'new' });
    const to = await screen.findByRole('combobox', { name: 'To' });
    await person.type(to, 'new@example.org,');
    // The typed address at once, before the forum answers.
    expect(screen.getByText('Will be emailed: new@example.org')).toBeInTheDocument();
    await person.type(to, 'support{Enter}');
    expect(await screen.findByText('Will be emailed: Sam (support), new@example.org')).toBeInTheDocument();
    const asked = rig.forum.requestsTo('GET', '/foyer/email-preview.json').map((r) => r.params);
    expect(asked.at(-1)).toEqual({ target_recipients: 'new@example.org,support' });
  });

  it('keeps the typed addresses when the forum cannot be asked', async () => {
    rig = await installComposerServices();
    rig.forum.failNext('GET', '/foyer/email-preview.json', 422, ['There is no user named nobody_here.']);
    const person = userEvent.setup();
    renderPanel({ kind: 'new' });
    await person.type(await screen.findByRole('combobox', { name: 'To' }), 'nobody_here,x@example.org,');
    await waitFor(() => expect(rig!.forum.requestsTo('GET', '/foyer/email-preview.json')).toHaveLength(1));
    expect(screen.getByText('Will be emailed: x@example.org')).toBeInTheDocument();
  });

  it('labels each reason', () => {
    const labels = emailedLabels(
      {
        users: [
          user('una', 'group_mailbox', { staged: true, via_group: null }),
          { ...user('tom', 'email_preference'), name: '' },
        ],
        emails: ['a@b.c'],
        hidden_groups: [{ id: 4, name: 'board' }],
        opted_out: [],
      },
      ['a@b.c'],
    );
    expect(labels.emailed).toEqual([
      "Una (by email, from the group's mailbox)",
      'tom',
      'members of board, by their own settings',
      'a@b.c',
    ]);
  });
});
