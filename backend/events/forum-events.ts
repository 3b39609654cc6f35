// A small in-process event bus, Discourse's DiscourseEvent: things that happen to the forum
// (an account unstaged, …) announced to whoever subscribed. Events are emitted after the
// change has committed, so a subscriber sees the new state; a failing subscriber is reported
// and does not undo the change or stop the others.
import type { User } from '../db/schema';

export interface ForumEventMap {
  /** A staged user became a real account (behaviour.md §1.4; §6 G 80: fired once). */
  user_unstaged: { user: User };
}

export type ForumEventName = keyof ForumEventMap;
type Listener<K extends ForumEventName> = (payload: ForumEventMap[K]) => void | Promise<void>;

export class ForumEvents {
  private readonly listeners = new Map<ForumEventName, Set<Listener<ForumEventName>>>();

  constructor(private readonly onError: (event: string, error: unknown) => void = defaultOnError) {}

  /** Subscribes; the returned function unsubscribes. */
  on<K extends ForumEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<ForumEventName>);
    return () => set.delete(listener as Listener<ForumEventName>);
  }

  /** Runs every subscriber in turn and waits for them. */
  async emit<K extends ForumEventName>(event: K, payload: ForumEventMap[K]): Promise<void> {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        await listener(payload);
      } catch (e) {
        this.onError(event, e);
      }
    }
  }
}

function defaultOnError(event: string, error: unknown): void {
  console.error(`event ${event}: a subscriber failed:`, error);
}
