/**
 * markdown-it's per-render `env`, handed to every rule of one render (its 14.x types leave it
 * `any`): plugins read their per-call context from it under keys only they write.
 */
export type Env = Record<PropertyKey, unknown>;
