// The first screenful survives a restart: the first rows of each folder, the people they name
// and the folder counts are kept in localStorage per account, shown at once on the next start
// and then refreshed from the server (client.md: render from a local cache first). Only list
// data is kept, never message bodies; signing out deletes it.
import { z } from 'zod';
import { listUserSchema, mailboxSchema, topicRowSchema } from '../api/schemas';
import { EMPTY_LIST, useLists } from './list-store';
import { useMailboxes } from './mailbox-store';

const VERSION = 1;
/** Rows kept per folder: a screenful or two, not the mailbox. */
const ROWS_PER_FOLDER = 60;
const WRITE_DELAY_MS = 1000;

const snapshotSchema = z.object({
  version: z.literal(VERSION),
  lists: z.record(z.string(), z.object({ ids: z.array(z.number()), moreUrl: z.string().nullable() })),
  rows: z.array(topicRowSchema),
  users: z.array(listUserSchema),
  mailboxes: z.array(mailboxSchema),
});
type Snapshot = z.infer<typeof snapshotSchema>;

const keyFor = (username: string) => `foyer.cache.${username.toLowerCase()}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

/** Shows the cached folders of this account, if any; the server's answers replace them. */
export function hydrateCache(username: string): void {
  const raw = storage()?.getItem(keyFor(username));
  if (!raw) return;
  let parsed: Snapshot;
  try {
    parsed = snapshotSchema.parse(JSON.parse(raw));
  } catch {
    storage()?.removeItem(keyFor(username));
    return;
  }
  const rows: Record<number, z.infer<typeof topicRowSchema>> = {};
  for (const row of parsed.rows) rows[row.id] = row;
  const users: Record<number, z.infer<typeof listUserSchema>> = {};
  for (const user of parsed.users) users[user.id] = user;
  const lists: Record<string, typeof EMPTY_LIST> = {};
  for (const [id, list] of Object.entries(parsed.lists))
    lists[id] = { ...EMPTY_LIST, ids: list.ids.filter((t) => rows[t]), moreUrl: list.moreUrl };
  useLists.setState((s) => ({ lists, rows, rowsVersion: s.rowsVersion + 1, users }));
  if (parsed.mailboxes.length > 0) useMailboxes.setState({ mailboxes: parsed.mailboxes, countsKnown: true });
}

function snapshot(): Snapshot {
  const { lists, rows, users } = useLists.getState();
  const keptLists: Snapshot['lists'] = {};
  const keptRows = new Map<number, z.infer<typeof topicRowSchema>>();
  for (const [id, list] of Object.entries(lists)) {
    const ids = list.ids.slice(0, ROWS_PER_FOLDER);
    // A folder cut short continues after its last kept row (the keyset cursor is by row).
    const cut = ids.length < list.ids.length;
    keptLists[id] = { ids, moreUrl: cut ? null : list.moreUrl };
    for (const topicId of ids) {
      const row = rows[topicId];
      if (row) keptRows.set(topicId, row);
    }
  }
  const people = new Set(
    [...keptRows.values()].flatMap((r) => [...r.participants, ...r.posters].map((p) => p.user_id)),
  );
  const { countsKnown, mailboxes } = useMailboxes.getState();
  return {
    version: VERSION,
    lists: keptLists,
    rows: [...keptRows.values()],
    users: Object.values(users).filter((u) => people.has(u.id)),
    mailboxes: countsKnown ? mailboxes : [],
  };
}

/** Writes the snapshot a second after changes settle; returns how to stop. */
export function startPersisting(username: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        storage()?.setItem(keyFor(username), JSON.stringify(snapshot()));
      } catch {
        // Full or disabled storage: the cache is an optimisation, never required.
      }
    }, WRITE_DELAY_MS);
  };
  const stopLists = useLists.subscribe(schedule);
  const stopMailboxes = useMailboxes.subscribe(schedule);
  return () => {
    clearTimeout(timer);
    stopLists();
    stopMailboxes();
  };
}

export function forgetCache(username: string): void {
  storage()?.removeItem(keyFor(username));
}
