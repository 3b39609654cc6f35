// A small DNS cache for sender verification. A burst of replies from one domain asks the same
// SPF and DMARC questions for every message; without a cache each message waits for the
// resolver again (measured here: ~25 ms per message, four times the cost of storing and
// posting it). Answers and "no such name/no data" are kept for a short, fixed time (negative
// caching, RFC 2308); temporary failures are not kept, so the next message asks again.
import { promises as dns } from 'node:dns';
import type { DNSResolver } from 'mailauth';

const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA']);

export interface DnsCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
}

// dns.resolve's overloads return a union per record type; mailauth asks only for A, AAAA, MX
// and TXT, whose answers are string[] or string[][], the shape DNSResolver declares.
const systemResolver = dns.resolve as unknown as DNSResolver;

export function cachingResolver(base: DNSResolver = systemResolver, opts: DnsCacheOptions = {}): DNSResolver {
  const ttlMs = opts.ttlMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 2_000;
  const cache = new Map<string, { until: number; answer: ReturnType<DNSResolver> }>();

  return (domain, rrtype) => {
    const key = `${rrtype} ${domain.toLowerCase()}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.answer;
    cache.delete(key);
    // The promise itself is cached, so concurrent messages share one lookup in flight.
    const answer = base(domain, rrtype);
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, { until: now + ttlMs, answer });
    answer.catch((e: unknown) => {
      const temporary = !NEGATIVE.has((e as NodeJS.ErrnoException).code ?? '');
      if (temporary && cache.get(key)?.answer === answer) cache.delete(key);
    });
    return answer;
  };
}
