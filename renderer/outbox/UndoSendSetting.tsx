// The undo-send window as a setting a person can change (0 turns undo off).
import { useId } from 'react';
import { MAX_UNDO_SECONDS, useSendSettings } from './send-settings';

export function UndoSendSetting() {
  const id = useId();
  const seconds = useSendSettings((s) => s.undoSeconds);
  const set = useSendSettings((s) => s.setUndoSeconds);
  return (
    <div className="undo-send-setting">
      <label htmlFor={id}>Undo send window (seconds)</label>
      <input
        id={id}
        type="number"
        min={0}
        max={MAX_UNDO_SECONDS}
        step={1}
        value={seconds}
        onChange={(e) => e.target.value !== '' && set(Number(e.target.value))}
      />
    </div>
  );
}
