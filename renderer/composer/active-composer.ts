// insertQuote() is called by the thread view, which does not hold the composer. The open
// composer registers here; a quote sent while none is ready (the shell is opening a reply) waits
// briefly for it rather than being lost or landing in some later, unrelated composer.
import type { QuoteSource } from './markdown/discourse-markdown';

type QuoteHandler = (quote: QuoteSource) => void;

const PENDING_QUOTE_TTL_MS = 5_000;
let active: QuoteHandler | null = null;
let pending: Array<{ quote: QuoteSource; at: number }> = [];

export function registerQuoteTarget(handler: QuoteHandler): () => void {
  active = handler;
  const fresh = pending.filter((p) => Date.now() - p.at < PENDING_QUOTE_TTL_MS);
  pending = [];
  for (const p of fresh) handler(p.quote);
  return () => {
    if (active === handler) active = null;
  };
}

/** Inserts `[quote="username, post:N, topic:T"]…[/quote]` at the caret of the open composer. */
export function insertQuote(quote: QuoteSource): void {
  if (active) active(quote);
  else pending.push({ quote, at: Date.now() });
}
