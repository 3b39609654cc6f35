// The composer's parts, wired once per signed-in account: the HTTP client, the account's own
// IndexedDB, the draft store and the outbox (started so queued messages leave even when no
// composer is open). Signing out stops them; another account gets its own. The shell can
// configure them (tests); otherwise they are created on first use.
import type { AxiosInstance } from 'axios';
import { useEffect, useState } from 'react';
import { connect } from '../api/client';
import { forumIdentity } from '../api/http';
import { fetchEmailPreview, type EmailPreview, type EmailPreviewQuery } from '../api/email-preview';
import { uploadFile, type UploadedFile } from '../api/uploads';
import { onLiveEvent } from '../live/live-sync';
import { searchMentionableUsers, searchRecipients, type RecipientSuggestion } from '../api/users-search';
import { DraftStore } from '../drafts/draft-store';
import { openAccountComposerDb } from '../drafts/local-db';
import { useSession } from '../stores/session-store';
import { Outbox } from '../outbox/outbox';
import { linkDesktopPreference, undoWindowMs } from '../outbox/send-settings';

export type ComposerServices = {
  getHttp: () => Promise<AxiosInstance>;
  drafts: DraftStore;
  outbox: Outbox;
  searchRecipients(term: string, signal: AbortSignal): Promise<RecipientSuggestion[]>;
  searchMentions(
    term: string,
    signal: AbortSignal,
  ): Promise<Array<{ username: string; name: string | null }>>;
  upload(file: File, signal?: AbortSignal): Promise<UploadedFile>;
  previewEmails(query: EmailPreviewQuery, signal: AbortSignal): Promise<EmailPreview>;
};

/** The request-level services built on an HTTP client (shared by the default set and tests). */
export function httpComposerServices(getHttp: () => Promise<AxiosInstance>) {
  return {
    getHttp,
    searchRecipients: async (term: string, signal: AbortSignal) =>
      searchRecipients(await getHttp(), term, signal),
    searchMentions: async (term: string, signal: AbortSignal) =>
      searchMentionableUsers(await getHttp(), term, signal),
    upload: async (file: File, signal?: AbortSignal) => uploadFile(await getHttp(), file, signal),
    previewEmails: async (query: EmailPreviewQuery, signal: AbortSignal) =>
      fetchEmailPreview(await getHttp(), query, signal),
  };
}

type Installed = {
  /** The account they belong to; null for services configured by the shell or a test. */
  userId: number | null;
  services: Promise<ComposerServices>;
  close: () => Promise<void>;
};

let current: Installed | null = null;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

/** Replaces the services (another account, or a test); null goes back to the defaults. */
export function configureComposerServices(services: ComposerServices | null): void {
  const previous = current;
  current = services
    ? { userId: null, services: Promise.resolve(services), close: async () => undefined }
    : null;
  if (previous) void previous.close();
  changed();
}

async function createDefaultServices(userId: number): Promise<{
  services: ComposerServices;
  close: () => Promise<void>;
}> {
  // The app's one HTTP client (renderer/api/client.ts), so a client set for another account is used here too.
  const getHttp = () => connect();
  const db = await openAccountComposerDb({ forum: forumIdentity(await getHttp()), userId });
  const drafts = new DraftStore({ db, getHttp });
  const outbox = new Outbox({ db, getHttp, drafts, undoMs: undoWindowMs });
  const stopDrafts = drafts.start(window);
  const stopOutbox = outbox.start(window);
  void linkDesktopPreference();
  // Another device saved a draft: pull it (or find the conflict) without waiting for a sync pass.
  const stopLive = onLiveEvent((event) => {
    if (event.type === 'draft' && event.draft_key) void drafts.sync.pull(event.draft_key);
  });
  const close = async () => {
    stopLive();
    stopOutbox();
    // Typed text reaches this account's database before it closes; it stays there for next time.
    await drafts.flush().catch(() => undefined);
    stopDrafts();
    db.close();
  };
  return { services: { ...httpComposerServices(getHttp), drafts, outbox }, close };
}

/** Stops the signed-in account's outbox and draft sync and closes its database (data kept). */
export async function closeComposerServices(): Promise<void> {
  const previous = current;
  current = null;
  if (previous) await previous.close();
  changed();
}

/** The signed-in account's services; another account gets its own, never these. */
export function loadComposerServices(): Promise<ComposerServices> {
  const userId = useSession.getState().user?.id ?? null;
  if (current && (current.userId === null || current.userId === userId)) return current.services;
  if (userId === null) return Promise.reject(new Error('Nobody is signed in.'));
  if (current) void current.close();
  const created = createDefaultServices(userId);
  const installed: Installed = {
    userId,
    services: created.then((c) => c.services),
    close: () => created.then((c) => c.close()).catch(() => undefined),
  };
  current = installed;
  // A database that would not open is tried again on the next call.
  created.catch(() => {
    if (current === installed) current = null;
  });
  return installed.services;
}

// Signing out (or in as someone else) stops this account's outbox at once: nothing it holds may
// leave under another person's session.
useSession.subscribe((state, previous) => {
  if (state.user?.id !== previous.user?.id && current && current.userId !== null) {
    void closeComposerServices();
  }
});

/** The services once ready (opening IndexedDB takes a moment), else null. */
export function useComposerServices(): ComposerServices | null {
  const [services, setServices] = useState<ComposerServices | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    listeners.add(bump);
    return () => {
      listeners.delete(bump);
    };
  }, []);
  useEffect(() => {
    let live = true;
    loadComposerServices().then(
      (s) => live && setServices(s),
      // Nobody signed in (or the database would not open): nothing to show.
      () => live && setServices(null),
    );
    return () => {
      live = false;
    };
  }, [generation]);
  return services;
}
