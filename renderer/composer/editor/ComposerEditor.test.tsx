// @vitest-environment jsdom
// The editor on its own: links with Ctrl/Cmd+K, @mention autocomplete, keyboard send.
import '../testing/ui-test-setup';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectAllIn, typeInto } from '../testing/editor-driver';
import { ComposerEditor, type ComposerEditorProps } from './ComposerEditor';

afterEach(cleanup);

function renderEditor(overrides: Partial<ComposerEditorProps> = {}) {
  const state = { markdown: '' };
  const props: ComposerEditorProps = {
    initialMarkdown: '',
    onChange: (read) => (state.markdown = read()),
    subscribeReplace: () => () => {},
    onSubmit: vi.fn(),
    upload: async () => {
      throw new Error('no uploads here');
    },
    onUploadStatus: () => {},
    searchMentions: async (term) =>
      [
        { username: 'alice', name: 'Alice Liddell' },
        { username: 'alfred', name: null },
      ].filter((u) => u.username.startsWith(term)),
    label: 'Message',
    ...overrides,
  };
  render(<ComposerEditor {...props} />);
  return { state, props, box: screen.getByRole('textbox', { name: 'Message' }) };
}

describe('composer editor', () => {
  it('starts from the draft markdown', () => {
    const { box } = renderEditor({ initialMarkdown: 'Hello **there**\n\n- one\n- two' });
    expect(box.querySelector('strong, .composer-bold')).toHaveTextContent('there');
    expect(box.querySelectorAll('li')).toHaveLength(2);
  });

  it('adds a link to the selection with Ctrl+K', async () => {
    const user = userEvent.setup();
    const { box, state } = renderEditor();
    box.focus();
    typeInto(box, 'the guide');
    selectAllIn(box);
    await user.keyboard('{Control>}k{/Control}');
    const address = screen.getByRole('textbox', { name: 'Link address' });
    await user.type(address, 'example.org/guide{Enter}');
    await waitFor(() => expect(state.markdown).toBe('[the guide](https://example.org/guide)'));
    expect(screen.queryByRole('textbox', { name: 'Link address' })).not.toBeInTheDocument();
  });

  it('suggests people after @ and writes the chosen @username', async () => {
    const user = userEvent.setup();
    const { box, state } = renderEditor();
    box.focus();
    typeInto(box, 'Thanks @al');
    const option = await screen.findByRole('option', { name: '@alice — Alice Liddell' });
    expect(screen.getByRole('listbox', { name: 'Mention someone' })).toBeInTheDocument();
    await user.pointer({ target: option, keys: '[MouseLeft]' });
    await waitFor(() => expect(state.markdown).toBe('Thanks @alice'));
    act(() => typeInto(box, 'for this'));
    await waitFor(() => expect(state.markdown).toBe('Thanks @alice for this'));
    expect(screen.queryByRole('listbox', { name: 'Mention someone' })).not.toBeInTheDocument();
  });

  it('makes the selection bold and italic with Ctrl+B and Ctrl+I', async () => {
    const user = userEvent.setup();
    const { box, state } = renderEditor();
    box.focus();
    typeInto(box, 'urgent');
    selectAllIn(box);
    await user.keyboard('{Control>}b{/Control}');
    await waitFor(() => expect(state.markdown).toBe('**urgent**'));
    await user.keyboard('{Control>}i{/Control}');
    await waitFor(() => expect(state.markdown).toBe('***urgent***'));
    expect(screen.getByRole('button', { name: 'Italic' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('moves through the toolbar with the arrow keys', async () => {
    const user = userEvent.setup();
    renderEditor();
    screen.getByRole('button', { name: 'Bold' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('button', { name: 'Italic' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(screen.getByRole('button', { name: 'Attach file' })).toHaveFocus();
  });

  it('sends with Cmd+Enter too', async () => {
    const user = userEvent.setup();
    const { box, props } = renderEditor();
    typeInto(box, 'done');
    box.focus();
    await user.keyboard('{Meta>}{Enter}{/Meta}');
    expect(props.onSubmit).toHaveBeenCalledTimes(1);
  });
});
