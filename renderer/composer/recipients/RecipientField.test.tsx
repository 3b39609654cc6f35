// @vitest-environment jsdom
// The "To" field as a person uses it: typing, picking suggestions, pasting lists, fixing mistakes.
import '../testing/ui-test-setup';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecipientSuggestion } from '../../api/users-search';
import { RecipientField } from './RecipientField';
import type { RecipientChip } from './recipient-entries';

const directory: RecipientSuggestion[] = [
  { kind: 'user', name: 'alice', displayName: 'Alice Liddell' },
  { kind: 'user', name: 'alfred', displayName: null },
  { kind: 'group', name: 'all-staff', displayName: 'Everyone on staff' },
];

async function search(term: string): Promise<RecipientSuggestion[]> {
  return directory.filter((d) => d.name.startsWith(term.toLowerCase()));
}

let latest: RecipientChip[] = [];
function Harness({ initial = [] }: { initial?: RecipientChip[] }) {
  const [chips, setChips] = useState<RecipientChip[]>(initial);
  latest = chips;
  return <RecipientField chips={chips} onChange={setChips} search={search} searchDelayMs={0} />;
}

const chipTexts = () =>
  within(screen.queryByRole('list', { name: 'Recipients' }) ?? document.createElement('ul'))
    .queryAllByRole('listitem')
    .map((li) => li.textContent?.replace('×', '').trim());

afterEach(cleanup);

describe('recipient field', () => {
  it('is one field labelled "To"', () => {
    render(<Harness />);
    expect(screen.getByRole('combobox', { name: 'To' })).toBeInTheDocument();
  });

  it('turns a typed address into a chip marked "will be emailed"', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByRole('combobox', { name: 'To' }), 'Bob@Example.org{Enter}');
    expect(chipTexts()).toEqual(['bob@example.org (will be emailed)']);
    expect(latest).toEqual([{ value: 'bob@example.org', kind: 'email' }]);
  });

  it('makes two chips from a pasted "a@x.org, b@y.org"', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('combobox', { name: 'To' }));
    await user.paste('a@x.org, b@y.org');
    expect(chipTexts()).toEqual(['a@x.org (will be emailed)', 'b@y.org (will be emailed)']);
    expect(screen.getByRole('combobox', { name: 'To' })).toHaveValue('');
  });

  it('reads addresses pasted from a mail client', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('combobox', { name: 'To' }));
    await user.paste('"Lee, Ann" <ann@x.org>; @alice\ncarol@y.org');
    await waitFor(() =>
      expect(chipTexts()).toEqual(['ann@x.org (will be emailed)', 'alice', 'carol@y.org (will be emailed)']),
    );
  });

  it('explains entries that are not a valid username or address', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'To' });
    await user.type(input, 'bob@@nowhere{Enter}');
    await user.type(input, 'not valid!{Enter}');
    await user.type(input, 'zed{Enter}');
    await waitFor(() => expect(latest.map((c) => c.kind)).toEqual(['invalid', 'invalid', 'invalid']));
    expect(screen.getByText('“bob@@nowhere” is not a valid email address.')).toBeInTheDocument();
    expect(screen.getByText('“not valid!” is not a valid username or address.')).toBeInTheDocument();
    expect(
      screen.getByText('“zed” is not a valid username or address: no user or group has that name.'),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/not a valid email address/);
  });

  it('checks a typed username against the forum', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByRole('combobox', { name: 'To' }), 'alfred,');
    await waitFor(() => expect(latest).toEqual([{ value: 'alfred', kind: 'user', displayName: null }]));
  });

  it('picks a suggestion with the arrow keys and Enter', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByRole('combobox', { name: 'To' });
    await user.type(input, 'al');
    const listbox = await screen.findByRole('listbox', { name: 'Suggested recipients' });
    await waitFor(() => expect(within(listbox).getAllByRole('option')).toHaveLength(3));
    expect(input).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(within(listbox).getByRole('option', { selected: true })).toHaveTextContent('all-staff');
    await user.keyboard('{Enter}');
    expect(chipTexts()).toEqual(['all-staff (group)']);
    expect(latest[0]).toMatchObject({ kind: 'group', value: 'all-staff' });
  });

  it('offers to email a typed address and picks it with a click', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByRole('combobox', { name: 'To' }), 'dana@example.org');
    await user.click(screen.getByRole('option', { name: 'Email dana@example.org (will be emailed)' }));
    expect(latest).toEqual([{ value: 'dana@example.org', kind: 'email' }]);
  });

  it('removes the last chip with Backspace, and any chip with its button', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        initial={[
          { value: 'alice', kind: 'user' },
          { value: 'b@y.org', kind: 'email' },
          { value: 'all-staff', kind: 'group' },
        ]}
      />,
    );
    await user.click(screen.getByRole('combobox', { name: 'To' }));
    await user.keyboard('{Backspace}');
    expect(chipTexts()).toEqual(['alice', 'b@y.org (will be emailed)']);
    await user.click(screen.getByRole('button', { name: 'Remove alice' }));
    expect(chipTexts()).toEqual(['b@y.org (will be emailed)']);
  });

  it('does not add the same recipient twice', async () => {
    const user = userEvent.setup();
    render(<Harness initial={[{ value: 'a@x.org', kind: 'email' }]} />);
    await user.click(screen.getByRole('combobox', { name: 'To' }));
    await user.paste('A@x.org, b@y.org');
    expect(chipTexts()).toEqual(['a@x.org (will be emailed)', 'b@y.org (will be emailed)']);
  });
});
