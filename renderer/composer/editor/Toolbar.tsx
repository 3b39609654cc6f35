// The formatting toolbar: every button has an accessible name and shows its state (aria-pressed).
// Shortcuts: Ctrl/Cmd+B bold, Ctrl/Cmd+I italic, Ctrl/Cmd+K link.
import { $createCodeNode, $isCodeNode } from '@lexical/code';
import { $createLinkNode, $isLinkNode, $toggleLink } from '@lexical/link';
import {
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  ListNode,
  REMOVE_LIST_COMMAND,
} from '@lexical/list';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createQuoteNode, $isQuoteNode, DRAG_DROP_PASTE } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $findMatchingParent, $getNearestNodeOfType } from '@lexical/utils';
import {
  $getRoot,
  $createParagraphNode,
  $createTextNode,
  $getSelection,
  $isRangeSelection,
  $isRootOrShadowRoot,
  $setSelection,
  FORMAT_TEXT_COMMAND,
  type LexicalNode,
  type RangeSelection,
} from 'lexical';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

type Block = 'paragraph' | 'bullet' | 'number' | 'code' | 'quote' | 'other';
type ToolbarState = { bold: boolean; italic: boolean; code: boolean; link: boolean; block: Block };

const initialState: ToolbarState = {
  bold: false,
  italic: false,
  code: false,
  link: false,
  block: 'paragraph',
};

function $blockOf(node: LexicalNode): Block {
  const list = $getNearestNodeOfType(node, ListNode);
  if (list) return list.getListType() === 'number' ? 'number' : 'bullet';
  const block = $findMatchingParent(node, (n) => {
    const parent = n.getParent();
    return parent !== null && $isRootOrShadowRoot(parent);
  });
  if (!block) return 'paragraph';
  if ($isCodeNode(block)) return 'code';
  if ($isQuoteNode(block)) return 'quote';
  return block.getType() === 'paragraph' ? 'paragraph' : 'other';
}

function $readState(): ToolbarState {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return initialState;
  const anchor = selection.anchor.getNode();
  return {
    bold: selection.hasFormat('bold'),
    italic: selection.hasFormat('italic'),
    code: selection.hasFormat('code'),
    link: $isLinkNode(anchor.getParent()) || $isLinkNode(anchor),
    block: $blockOf(anchor),
  };
}

export function Toolbar({
  linkFormOpen,
  setLinkFormOpen,
}: {
  linkFormOpen: boolean;
  setLinkFormOpen(open: boolean): void;
}) {
  const [editor] = useLexicalComposerContext();
  const [state, setState] = useState(initialState);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(
    () => editor.registerUpdateListener(({ editorState }) => setState(editorState.read($readState))),
    [editor],
  );

  const toggleBlock = (block: 'code' | 'quote') =>
    editor.update(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return;
      if (state.block === block) $setBlocksType(selection, () => $createParagraphNode());
      else $setBlocksType(selection, () => (block === 'code' ? $createCodeNode() : $createQuoteNode()));
    });

  const toggleList = (type: 'bullet' | 'number') => {
    if (state.block === type) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else
      editor.dispatchCommand(
        type === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND,
        undefined,
      );
  };

  const format = (f: 'bold' | 'italic' | 'code') => () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, f);
  const formatButtons: Array<{
    label: string;
    title?: string;
    pressed: boolean;
    expanded?: boolean;
    run(): void;
    face: ReactNode;
  }> = [
    { label: 'Bold', title: 'Bold (Ctrl+B)', pressed: state.bold, run: format('bold'), face: <b>B</b> },
    {
      label: 'Italic',
      title: 'Italic (Ctrl+I)',
      pressed: state.italic,
      run: format('italic'),
      face: <i>I</i>,
    },
    {
      label: 'Link',
      title: 'Link (Ctrl+K)',
      pressed: state.link,
      expanded: linkFormOpen,
      run: () => setLinkFormOpen(!linkFormOpen),
      face: 'Link',
    },
    {
      label: 'Bulleted list',
      pressed: state.block === 'bullet',
      run: () => toggleList('bullet'),
      face: '•≡',
    },
    {
      label: 'Numbered list',
      pressed: state.block === 'number',
      run: () => toggleList('number'),
      face: '1≡',
    },
    { label: 'Inline code', pressed: state.code, run: format('code'), face: '</>' },
    { label: 'Code block', pressed: state.block === 'code', run: () => toggleBlock('code'), face: '{ }' },
    { label: 'Block quote', pressed: state.block === 'quote', run: () => toggleBlock('quote'), face: '❝' },
  ];

  return (
    <div className="composer-toolbar-wrap">
      <div
        className="composer-toolbar"
        role="toolbar"
        aria-label="Formatting"
        onKeyDown={moveFocusWithArrows}
      >
        {formatButtons.map((b) => (
          <button
            key={b.label}
            type="button"
            aria-label={b.label}
            title={b.title}
            aria-pressed={b.pressed}
            aria-expanded={b.expanded}
            // Pressing a button must not take the caret or selection out of the text.
            onMouseDown={(e) => e.preventDefault()}
            onClick={b.run}
          >
            {b.face}
          </button>
        ))}
        <button type="button" aria-label="Attach file" onClick={() => fileInput.current?.click()}>
          Attach
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Choose files to attach"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) editor.dispatchCommand(DRAG_DROP_PASTE, files);
            e.target.value = '';
          }}
        />
      </div>
      {linkFormOpen && <LinkForm onDone={() => setLinkFormOpen(false)} />}
    </div>
  );
}

/** WAI-ARIA toolbar pattern: Left/Right (and Home/End) move between the buttons. */
function moveFocusWithArrows(event: KeyboardEvent<HTMLDivElement>): void {
  const buttons = [...event.currentTarget.querySelectorAll('button')];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (index < 0) return;
  const next =
    event.key === 'ArrowRight'
      ? (index + 1) % buttons.length
      : event.key === 'ArrowLeft'
        ? (index - 1 + buttons.length) % buttons.length
        : event.key === 'Home'
          ? 0
          : event.key === 'End'
            ? buttons.length - 1
            : -1;
  if (next < 0) return;
  event.preventDefault();
  buttons[next]?.focus();
}

/** Add, change or remove the link on the selection; with nothing selected, inserts the address. */
function LinkForm({ onDone }: { onDone(): void }) {
  const [editor] = useLexicalComposerContext();
  const id = useId();
  const saved = useRef<RangeSelection | null>(null);
  const [url, setUrl] = useState(() =>
    editor.getEditorState().read(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return '';
      saved.current = selection.clone();
      const node = selection.anchor.getNode();
      const link = $isLinkNode(node) ? node : node.getParent();
      return $isLinkNode(link) ? link.getURL() : '';
    }),
  );

  const apply = (href: string | null) => {
    editor.update(() => {
      if (saved.current?.anchor.getNode().isAttached()) $setSelection(saved.current.clone());
      const current = $getSelection();
      // No caret to work with (focus was never in the text): the link goes at the end.
      const selection = $isRangeSelection(current) ? current : $getRoot().selectEnd();
      if (href && selection.isCollapsed() && !$isLinkNode(selection.anchor.getNode().getParent())) {
        selection.insertNodes([$createLinkNode(href).append($createTextNode(href))]);
      } else {
        $toggleLink(href);
      }
    });
    onDone();
    editor.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = url.trim();
    if (!trimmed) return apply(null);
    apply(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('/') ? trimmed : `https://${trimmed}`);
  };

  return (
    <form
      className="composer-link-form"
      aria-label="Link"
      // "example.org" is fine here (https:// is added), but not to the browser's URL check.
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
          editor.focus();
        }
      }}
    >
      <label htmlFor={`${id}-url`}>Link address</label>
      <input
        id={`${id}-url`}
        type="url"
        autoFocus
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder="https://…"
      />
      <button type="submit">Apply link</button>
      <button type="button" onClick={() => apply(null)}>
        Remove link
      </button>
      <button
        type="button"
        onClick={() => {
          onDone();
          editor.focus();
        }}
      >
        Cancel
      </button>
    </form>
  );
}
