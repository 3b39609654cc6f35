// The composer's parts, wired once per app: the HTTP client, the IndexedDB, the draft store and
// the outbox (started so queued messages leave even when no composer is open). The shell can
// configure them (another account, tests); otherwise they are created on first use.
import type { AxiosInstance } from 'axios';
import { useEffect, useState } from 'react';
import { connect } from '../api/client';
import { uploadFile, type UploadedFile } from '../api/uploads';
import { onLiveEvent } from '../live/live-sync';
import { searchMentionableUsers, searchRecipients, type RecipientSuggestion } from '../api/users-search';
import { DraftStore } from '../drafts/draft-store';
import { openComposerDb } from '../drafts/local-db';
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
  };
}

let current: Promise<ComposerServices> | null = null;
const listeners = new Set<() => void>();

/** Replaces the services (another account, or a test); null goes back to the defaults. */
export function configureComposerServices(services: ComposerServices | null): void {
  current = services ? Promise.resolve(services) : null;
  for (const listener of listeners) listener();
}

async function createDefaultServices(): Promise<ComposerServices> {
  // The app's one HTTP client (renderer/api/client.ts), so a client set for another account is used here too.
  const getHttp = () => connect();
  const db = await openComposerDb();
  const drafts = new DraftStore({ db, getHttp });
  const outbox = new Outbox({ db, getHttp, drafts, undoMs: undoWindowMs });
  drafts.start(window);
  outbox.start(window);
  void linkDesktopPreference();
  // Another device saved a draft: pull it (or find the conflict) without waiting for a sync pass.
  onLiveEvent((event) => {
    if (event.type === 'draft' && event.draft_key) void drafts.sync.pull(event.draft_key);
  });
  return { ...httpComposerServices(getHttp), drafts, outbox };
}

export function loadComposerServices(): Promise<ComposerServices> {
  return (current ??= createDefaultServices());
}

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
    void loadComposerServices().then((s) => live && setServices(s));
    return () => {
      live = false;
    };
  }, [generation]);
  return services;
}
