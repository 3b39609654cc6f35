// Fans committed live events out to the open event streams. Each stream has a cursor (the last
// event id it was sent) and a reader; on every wake-up the hub asks the database, per stream,
// for the newer events that reader may know about: authorization is in the SQL, with the same
// rule as canSeeTopic (allowed user, member of an allowed group, or admin), so a PM's events
// never reach someone outside it. Wake-ups come from writers in this process (at once) and from
// a slow poll that catches writes by other processes (the admin CLI).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/database';
import type { LiveEvent, User } from '../db/schema';
import { groupIdsOfUser } from '../users/groups-repository';
import { isStaff } from '../users/users-repository';
import { liveEventsWritten } from './record-event';

/** The ring: events older than this, or beyond this many, are dropped; a client behind them resyncs. */
export const RING_MAX_EVENTS = 10_000;
export const RING_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

export interface LiveSubscriber {
  user: User;
  /** Id of the last event this subscriber has been sent (or skipped past). */
  cursor: number;
  send(events: LiveEvent[]): void;
}

export class LiveEventHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private pumping: Promise<void> | undefined;
  private again = false;
  private readonly poll: NodeJS.Timeout;
  private readonly prune: NodeJS.Timeout;
  private readonly wake = () => this.pump();

  constructor(
    private readonly db: Db,
    opts: { pollMs?: number; pruneMs?: number } = {},
  ) {
    liveEventsWritten.on('written', this.wake);
    this.poll = setInterval(() => {
      if (this.subscribers.size > 0) this.pump();
    }, opts.pollMs ?? 1000);
    this.prune = setInterval(() => void this.pruneRing().catch(() => undefined), opts.pruneMs ?? 5 * 60_000);
    this.poll.unref();
    this.prune.unref();
  }

  add(sub: LiveSubscriber): void {
    this.subscribers.add(sub);
    this.pump();
  }

  remove(sub: LiveSubscriber): void {
    this.subscribers.delete(sub);
  }

  close(): void {
    liveEventsWritten.off('written', this.wake);
    clearInterval(this.poll);
    clearInterval(this.prune);
    this.subscribers.clear();
  }

  /** The id of the newest event ever written (0 for none), whether or not it is still in the ring. */
  async lastEventId(): Promise<number> {
    const row = await sql<{
      seq: number;
    }>`SELECT seq FROM sqlite_sequence WHERE name = 'live_events'`.execute(this.db);
    return Number(row.rows[0]?.seq ?? 0);
  }

  /**
   * Where a reconnecting client resumes: after `lastSeen` when every event since is still in
   * the ring, otherwise null (it must resync: reload what it shows).
   */
  async resumeFrom(lastSeen: number): Promise<number | null> {
    const newest = await this.lastEventId();
    if (lastSeen > newest) return null;
    if (lastSeen === newest) return lastSeen;
    const oldest = await this.db
      .selectFrom('live_events')
      .select((eb) => eb.fn.min('id').as('id'))
      .executeTakeFirst();
    const first = oldest?.id ?? newest + 1;
    return lastSeen >= first - 1 ? lastSeen : null;
  }

  async pruneRing(now = Date.now()): Promise<void> {
    const newest = await this.lastEventId();
    await this.db
      .deleteFrom('live_events')
      .where((eb) =>
        eb.or([
          eb('id', '<=', newest - RING_MAX_EVENTS),
          eb('created_at', '<', new Date(now - RING_MAX_AGE_MS).toISOString()),
        ]),
      )
      .execute();
  }

  /** Runs one delivery round now, or right after the one in progress. */
  pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.deliver()
      .catch((e: unknown) => console.error('live events:', e))
      .finally(() => {
        this.pumping = undefined;
        if (this.again) {
          this.again = false;
          this.pump();
        }
      });
  }

  /** Resolves when no delivery round is running (tests). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async deliver(): Promise<void> {
    if (this.subscribers.size === 0) return;
    const newest = await this.lastEventId();
    for (const sub of [...this.subscribers]) {
      while (sub.cursor < newest && this.subscribers.has(sub)) {
        const events = await this.visibleEvents(sub.user, sub.cursor, newest);
        if (events.length > 0) sub.send(events);
        // Events the reader may not see are skipped past, not re-read on every round.
        sub.cursor = events.length === BATCH ? events[events.length - 1]!.id : newest;
      }
    }
  }

  private async visibleEvents(user: User, after: number, upTo: number): Promise<LiveEvent[]> {
    const groups = await groupIdsOfUser(this.db, user);
    const staff = isStaff(user);
    return this.db
      .selectFrom('live_events as e')
      .selectAll()
      .where('e.id', '>', after)
      .where('e.id', '<=', upTo)
      .where((eb) => {
        const aboutTopic: Expression<SqlBool>[] = [eb('e.user_id', 'is', null), eb('e.group_id', 'is', null)];
        aboutTopic.push(eb('e.topic_id', 'is not', null));
        if (!staff) aboutTopic.push(eb('e.staff_only', '=', 0));
        if (!user.admin) {
          const allowed: Expression<SqlBool>[] = [
            eb.exists(
              eb
                .selectFrom('topic_allowed_users as tau')
                .select('tau.id')
                .whereRef('tau.topic_id', '=', 'e.topic_id')
                .where('tau.user_id', '=', user.id),
            ),
          ];
          if (groups.length > 0)
            allowed.push(
              eb.exists(
                eb
                  .selectFrom('topic_allowed_groups as tag')
                  .select('tag.id')
                  .whereRef('tag.topic_id', '=', 'e.topic_id')
                  .where('tag.group_id', 'in', groups),
              ),
            );
          aboutTopic.push(eb.or(allowed));
        }
        const audiences: Expression<SqlBool>[] = [eb('e.user_id', '=', user.id), eb.and(aboutTopic)];
        if (groups.length > 0)
          audiences.push(eb.and([eb('e.user_id', 'is', null), eb('e.group_id', 'in', groups)]));
        return eb.or(audiences);
      })
      .orderBy('e.id')
      .limit(BATCH)
      .execute();
  }
}
