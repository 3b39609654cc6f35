// Keyboard inside the editor: Ctrl/Cmd+Enter sends, Ctrl/Cmd+K opens the link form. Bold and
// italic (Ctrl/Cmd+B, Ctrl/Cmd+I) are Lexical's own rich-text shortcuts.
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { COMMAND_PRIORITY_HIGH, KEY_ENTER_COMMAND, KEY_MODIFIER_COMMAND } from 'lexical';
import { useEffect } from 'react';

export function ComposerKeysPlugin({ onSubmit, onLink }: { onSubmit(): void; onLink(): void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          KEY_ENTER_COMMAND,
          (event) => {
            if (!event || !(event.ctrlKey || event.metaKey)) return false;
            // defaultPrevented tells the panel's own Ctrl+Enter handler this one was handled.
            event.preventDefault();
            onSubmit();
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          KEY_MODIFIER_COMMAND,
          (event) => {
            if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'k')
              return false;
            event.preventDefault();
            onLink();
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
      ),
    [editor, onSubmit, onLink],
  );
  return null;
}
