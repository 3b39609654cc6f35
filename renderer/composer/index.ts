// The composer's public interface for the app shell: the composer panel, quote insertion, the
// Drafts and Outbox views and the outbox count. Everything else is internal.
export type { ComposerTarget } from './composer-target';
export { ComposerPanel } from './ComposerPanel';
export { insertQuote } from './active-composer';
export { DraftsView } from '../drafts/DraftsView';
export { OutboxView } from '../outbox/OutboxView';
export { useOutboxCount } from '../outbox/use-outbox';
// For the shell's settings screen and for a second account: optional.
export { useSendSettings } from '../outbox/send-settings';
export { UndoSendSetting } from '../outbox/UndoSendSetting';
export { configureComposerServices } from './services';
