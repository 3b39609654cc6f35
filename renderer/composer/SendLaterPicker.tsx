// "Send later": a few common times and an exact one. The backend sends it at that time, so it
// goes out even while this app is closed.
import { useId, useState, type FormEvent } from 'react';

function at(base: Date, days: number, hour: number): Date {
  const d = new Date(base);
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  return d;
}

export function sendLaterPresets(now: Date): Array<{ label: string; at: Date }> {
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { label: 'In 1 hour', at: new Date(now.getTime() + 60 * 60_000) },
    { label: 'Tomorrow morning', at: at(now, 1, 8) },
    { label: 'Monday morning', at: at(now, daysToMonday, 8) },
  ];
}

/** `datetime-local` wants local time without a zone. */
function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function SendLaterPicker({
  onSchedule,
  onCancel,
}: {
  onSchedule(sendAt: Date): void;
  onCancel(): void;
}) {
  const id = useId();
  const [now] = useState(() => new Date());
  const [custom, setCustom] = useState(() => toLocalInput(new Date(now.getTime() + 2 * 60 * 60_000)));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = new Date(custom);
    if (Number.isNaN(when.getTime())) return setError('Enter a date and time.');
    if (when.getTime() <= Date.now()) return setError('Pick a time in the future.');
    onSchedule(when);
  };

  return (
    <form className="send-later" aria-label="Send later" onSubmit={submit}>
      <ul className="send-later-presets">
        {sendLaterPresets(now).map((p) => (
          <li key={p.label}>
            <button type="button" onClick={() => onSchedule(p.at)}>
              {p.label} (
              {p.at.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })})
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor={`${id}-at`}>Send at</label>
      <input
        id={`${id}-at`}
        type="datetime-local"
        value={custom}
        min={toLocalInput(now)}
        onChange={(e) => setCustom(e.target.value)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit">Schedule</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
