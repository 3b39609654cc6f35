// An in-memory sliding-window rate limiter (Discourse's RateLimiter, per process): at most
// `max` hits per key within `windowMs`. Enough for a desktop forum with one backend process;
// a limit that must survive restarts counts rows in the database instead (max_invites_per_day).
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit; returns the seconds to wait when the limit was already reached (no hit recorded). */
  hit(key: string, now = Date.now()): number | undefined {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return undefined;
  }

  private prune(now: number): void {
    for (const [key, times] of this.hits)
      if (times.every((t) => t <= now - this.windowMs)) this.hits.delete(key);
  }
}
