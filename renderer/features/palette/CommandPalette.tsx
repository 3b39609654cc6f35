// Ctrl/Cmd+K: every command with its shortcut (so the palette teaches the keys), filtered
// as you type, arrows to choose, Enter to run.
import { useMemo, useState } from 'react';
import { describeKeys } from '../../keyboard/keymap';
import { listAppCommands, type AppCommand } from '../../keyboard/app-commands';
import { useUi } from '../../stores/ui-store';
import { isMac } from './CheatSheet';
import { Dialog } from './Dialog';

export function filterCommands(commands: AppCommand[], query: string): AppCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  return commands.filter((c) => {
    const text = `${c.title} ${c.shortcuts.map((k) => describeKeys(k)).join(' ')}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function CommandPalette() {
  const open = useUi((s) => s.dialog === 'palette');
  return open ? <PaletteBody /> : null;
}

function PaletteBody() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const commands = useMemo(() => listAppCommands().filter((c) => c.id !== 'palette'), []);
  const shown = filterCommands(commands, query);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const close = () => useUi.getState().setDialog(null);

  function run(command: AppCommand | undefined) {
    if (!command) return;
    close();
    // After the dialog has closed and returned focus, so the command can move focus itself.
    setTimeout(() => command.run(), 0);
  }

  return (
    <Dialog open onClose={close} labelledBy="palette-title" className="palette">
      <h2 id="palette-title" className="sr-only">
        Command palette
      </h2>
      <input
        className="palette-input"
        role="combobox"
        aria-label="Type a command"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-autocomplete="list"
        aria-activedescendant={shown[activeIndex] ? `palette-${shown[activeIndex].id}` : undefined}
        placeholder="Type a command…"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((activeIndex + 1) % Math.max(1, shown.length));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((activeIndex - 1 + shown.length) % Math.max(1, shown.length));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(shown[activeIndex]);
          }
        }}
      />
      <ul id="palette-list" role="listbox" aria-label="Commands" className="palette-list">
        {shown.map((command, i) => (
          <li
            key={command.id}
            id={`palette-${command.id}`}
            role="option"
            aria-selected={i === activeIndex}
            className={i === activeIndex ? 'active' : undefined}
            onMouseMove={() => setActive(i)}
            onClick={() => run(command)}
          >
            <span>{command.title}</span>
            {command.shortcuts[0] && <kbd>{describeKeys(command.shortcuts[0], isMac())}</kbd>}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">No command matches “{query}”.</li>}
      </ul>
    </Dialog>
  );
}
