// @vitest-environment jsdom
// Choosing between two versions of a draft, or merging them by hand.
import '../composer/testing/ui-test-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictResolver } from './ConflictResolver';
import { emptyDraft, type DraftContent } from './draft-content';

afterEach(cleanup);

const target = { kind: 'new' as const, draftKey: 'new_private_message_1' };
const laptop: DraftContent = {
  ...emptyDraft(target),
  title: 'Offsite',
  recipients: [{ kind: 'user', value: 'alice' }],
  reply: 'Laptop paragraph.',
};
const phone: DraftContent = {
  ...emptyDraft(target),
  title: 'Offsite plans',
  recipients: [
    { kind: 'user', value: 'Alice' },
    { kind: 'email', value: 'bob@example.org' },
  ],
  reply: 'Phone paragraph.',
};

describe('conflict resolver', () => {
  it('shows both versions with their recipients and subject', () => {
    render(<ConflictResolver local={laptop} other={phone} onResolve={() => {}} />);
    expect(screen.getByLabelText('Version on this device')).toHaveTextContent('To: alice');
    expect(screen.getByLabelText('Version on the other device')).toHaveTextContent(
      /To: Alice, bob@example\.org\s+Subject: Offsite plans\s+Phone paragraph\./,
    );
  });

  it('merges by hand: both texts to edit, recipients joined', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(<ConflictResolver local={laptop} other={phone} onResolve={onResolve} />);
    await user.click(screen.getByRole('button', { name: 'Merge both' }));
    const merged = screen.getByRole('textbox', { name: 'Merged text' });
    expect(merged).toHaveValue('Laptop paragraph.\n\nPhone paragraph.');
    await user.type(merged, ' Done.');
    await user.click(screen.getByRole('button', { name: 'Use merged text' }));
    expect(onResolve).toHaveBeenCalledWith({
      ...laptop,
      recipients: [
        { kind: 'user', value: 'alice' },
        { kind: 'email', value: 'bob@example.org' },
      ],
      reply: 'Laptop paragraph.\n\nPhone paragraph. Done.',
    });
  });

  it('says when the other device discarded or sent it', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(<ConflictResolver local={laptop} other={null} onResolve={onResolve} />);
    expect(screen.getByText('It was discarded or sent there.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Keep this device’s version' }));
    expect(onResolve).toHaveBeenCalledWith(laptop);
  });
});
