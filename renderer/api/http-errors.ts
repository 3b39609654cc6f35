// One reading of a failed request for the composer's stores: was it the network (try again
// later, same idempotency key), the server (try again later) or our request (4xx: a person has
// to change something, so stop and show Discourse's message)?
import { isAxiosError } from 'axios';
import { z } from 'zod';

export type RequestFailure =
  | { kind: 'network'; message: string }
  | { kind: 'server'; status: number; message: string }
  | { kind: 'rejected'; status: number; message: string; body: unknown };

const discourseErrorBody = z.object({ errors: z.array(z.string()).min(1) }).loose();

export function classifyRequestError(error: unknown): RequestFailure {
  if (!isAxiosError(error) || !error.response) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'network', message: `Could not reach the forum (${message}).` };
  }
  const { status, data } = error.response;
  const parsed = discourseErrorBody.safeParse(data);
  const message = parsed.success ? parsed.data.errors.join(' ') : `The forum answered ${status}.`;
  // 408 and 429 are "not now", not "not ever": retry them like server errors.
  if (status >= 500 || status === 408 || status === 429) return { kind: 'server', status, message };
  return { kind: 'rejected', status, message, body: data };
}

/** Whether retrying the same request later can succeed. */
export function isRetryable(failure: RequestFailure): boolean {
  return failure.kind !== 'rejected';
}
