// The `?` dialog: every keyboard shortcut, read from the same registry the keys use.
import { describeKeys } from '../../keyboard/keymap';
import { listAppCommands } from '../../keyboard/app-commands';
import { useUi } from '../../stores/ui-store';
import { Dialog } from './Dialog';

export const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

export function CheatSheet() {
  const open = useUi((s) => s.dialog === 'cheatsheet');
  const close = () => useUi.getState().setDialog(null);
  const commands = open ? listAppCommands().filter((c) => c.shortcuts.length > 0) : [];
  return (
    <Dialog open={open} onClose={close} labelledBy="cheatsheet-title" className="cheatsheet">
      <h2 id="cheatsheet-title">Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {commands.map((c) => (
            <tr key={c.id}>
              <td>
                {c.shortcuts.map((keys, i) => (
                  <span key={i}>
                    {i > 0 && ' or '}
                    <kbd>{describeKeys(keys, isMac())}</kbd>
                  </span>
                ))}
              </td>
              <td>{c.title}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Shortcuts are off while you type in a field or the editor (except Ctrl/⌘+K).</p>
      <button type="button" autoFocus onClick={close}>
        Close
      </button>
    </Dialog>
  );
}
