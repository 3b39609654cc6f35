// @mentions: typing "@" and a few letters suggests forum users (Discourse's user search); picking
// one writes "@username " — plain Discourse markdown, which the forum turns into a mention.
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  LexicalTypeaheadMenuPlugin,
  MenuOption,
  useBasicTypeaheadTriggerMatch,
} from '@lexical/react/LexicalTypeaheadMenuPlugin';
import type { TextNode } from 'lexical';
import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';

class MentionOption extends MenuOption {
  constructor(
    readonly username: string,
    readonly name: string | null,
  ) {
    super(username);
  }
}

type MentionSearch = (
  term: string,
  signal: AbortSignal,
) => Promise<Array<{ username: string; name: string | null }>>;

export function MentionsPlugin({ search, delayMs = 150 }: { search: MentionSearch; delayMs?: number }) {
  const [editor] = useLexicalComposerContext();
  const [query, setQuery] = useState<string | null>(null);
  const [options, setOptions] = useState<MentionOption[]>([]);
  const trigger = useBasicTypeaheadTriggerMatch('@', { minLength: 1, maxLength: 60 });

  useEffect(() => {
    if (!query) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      search(query, controller.signal)
        .then(
          (users) =>
            !controller.signal.aborted &&
            setOptions(users.slice(0, 8).map((u) => new MentionOption(u.username, u.name))),
        )
        .catch(() => setOptions([]));
    }, delayMs);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [query, search, delayMs]);

  const onSelect = useCallback(
    (option: MentionOption, textNode: TextNode | null, closeMenu: () => void) => {
      editor.update(() => {
        if (textNode) {
          const mention = textNode.setTextContent(`@${option.username} `);
          mention.select();
        }
        closeMenu();
      });
    },
    [editor],
  );

  return (
    <LexicalTypeaheadMenuPlugin<MentionOption>
      onQueryChange={setQuery}
      onSelectOption={onSelect}
      triggerFn={trigger}
      options={options}
      menuRenderFn={(anchor, { selectedIndex, selectOptionAndCleanUp, setHighlightedIndex }) =>
        anchor.current && options.length > 0
          ? createPortal(
              <ul className="composer-mentions" role="listbox" aria-label="Mention someone">
                {options.map((option, i) => (
                  <li
                    key={option.key}
                    ref={(el) => option.setRefElement(el)}
                    role="option"
                    aria-selected={selectedIndex === i}
                    onMouseEnter={() => setHighlightedIndex(i)}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      selectOptionAndCleanUp(option);
                    }}
                  >
                    @{option.username}
                    {option.name ? ` — ${option.name}` : ''}
                  </li>
                ))}
              </ul>,
              anchor.current,
            )
          : null
      }
    />
  );
}
