// TEMPORARY PLACEHOLDER for the composer helper's module (renderer/composer/, drafts/, outbox/).
// It has the agreed exports so the shell builds and its tests run; the real Lexical composer,
// draft store and outbox replace this file at merge. Keep the exports in step with the
// agreed interface and add nothing the real module will not have.
export type { ComposerTarget } from './placeholder-panel';
export { ComposerPanel, insertQuote, DraftsView, OutboxView, useOutboxCount } from './placeholder-panel';
