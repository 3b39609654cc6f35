// React views of the outbox: its entries and their count, refreshed on every outbox change
// (including changes made by other tabs, which the outbox relays).
import { useEffect, useState } from 'react';
import { useComposerServices } from '../composer/services';
import type { OutboxEntry } from '../drafts/local-db';

export function useOutboxEntries(): OutboxEntry[] | null {
  const services = useComposerServices();
  const [entries, setEntries] = useState<OutboxEntry[] | null>(null);
  useEffect(() => {
    if (!services) return;
    let live = true;
    const load = () => void services.outbox.list().then((list) => live && setEntries(list));
    load();
    const unsubscribe = services.outbox.subscribe((e) => e.type === 'changed' && load());
    return () => {
      live = false;
      unsubscribe();
    };
  }, [services]);
  return entries;
}

/** Messages not yet delivered (waiting out Undo, queued offline, or failed). */
export function useOutboxCount(): number {
  return useOutboxEntries()?.length ?? 0;
}

/** The current time, updated every `ms` while mounted: for countdowns. */
export function useNow(ms = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
