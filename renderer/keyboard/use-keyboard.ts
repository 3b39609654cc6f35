// Listens for the keyboard map on the whole document while the mail client is shown.
// Plain keys are ignored while typing; Enter is left to buttons and links that own it.
import { useEffect } from 'react';
import { useUi } from '../stores/ui-store';
import { runAppCommand } from './app-commands';
import { createKeyInterpreter } from './keymap';

/** Enter on these activates them; it must not also open a thread. */
function ownsEnter(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('[role="option"]')) return false;
  return Boolean(target.closest('button, a[href], summary, [role="button"], [role="link"]'));
}

export function useKeyboard(): void {
  useEffect(() => {
    const interpret = createKeyInterpreter();
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      const dialog = useUi.getState().dialog;
      const result = interpret(event);
      if (result.kind === 'pending') {
        if (!dialog) event.preventDefault();
        return;
      }
      if (result.kind !== 'command') return;
      // A dialog owns the keyboard, except for the chord that toggles the palette.
      if (dialog && result.command !== 'palette') return;
      if (result.command === 'open' && ownsEnter(event.target)) return;
      if (result.command === 'palette' && dialog === 'palette') {
        event.preventDefault();
        useUi.getState().setDialog(null);
        return;
      }
      event.preventDefault();
      runAppCommand(result.command);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
