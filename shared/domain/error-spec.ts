// The shape of one entry of the error catalog (errors.ts), shared by its family files.

export type ErrorParams = Record<string, string | number>;

export interface ErrorSpec {
  status: number;
  /** Discourse's `error_type` field. */
  errorType: string;
  message: (p: ErrorParams) => string;
  /**
   * For incoming-email failures: whether the sender gets a rejection email (at most one per
   * sender, code and day; never to a bounce or our own address) or nothing.
   */
  rejection?: 'reply' | 'none';
}

/** Parameter `k` as message text; '' when it is missing. */
export const paramText = (p: ErrorParams, k: string): string => String(p[k] ?? '');
