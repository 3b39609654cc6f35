// One way to turn any failed request into a message a person can act on: the server's own
// Discourse error text when it sent one, otherwise what went wrong and what to do.
import axios from 'axios';
import { errorBodySchema } from './schemas';

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or undefined when no answer arrived. */
    readonly status: number | undefined,
    /** The server has no such endpoint yet (an older or partial backend). */
    readonly missing = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isAbort(error: unknown): boolean {
  return axios.isCancel(error) || (error instanceof DOMException && error.name === 'AbortError');
}

export function toApiError(error: unknown, what = 'The request'): ApiError {
  if (error instanceof ApiError) return error;
  if (axios.isAxiosError(error)) {
    const status = error.response?.status;
    const body = errorBodySchema.safeParse(error.response?.data);
    const serverText = body.success ? (body.data.errors?.join(' ') ?? body.data.error) : undefined;
    if (serverText) return new ApiError(serverText, status, status === 404);
    if (status === 404) return new ApiError(`${what} is not available on this server.`, 404, true);
    if (status !== undefined) return new ApiError(`${what} failed (HTTP ${status}). Try again.`, status);
    return new ApiError(
      'Cannot reach the forum. Check that it is running and your connection, then retry.',
      undefined,
    );
  }
  return new ApiError(error instanceof Error ? error.message : String(error), undefined);
}

/**
 * Whether the same request can succeed later (no answer, a server error, or "not now": 408,
 * 429), so it is retried with the same idempotency key; otherwise (4xx) a person has to change
 * something, and the server's message says what.
 */
export function isRetryable(error: ApiError): boolean {
  const { status } = error;
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

/** What a request function throws: an abort stays an abort (callers ignore those), anything else an ApiError. */
export function apiFailure(error: unknown, what?: string): unknown {
  return isAbort(error) ? error : toApiError(error, what);
}
