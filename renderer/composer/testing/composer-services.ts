// Test-only: the composer's real stores on a fresh fake-indexeddb database, talking to a
// FakeForum, installed as the app's composer services.
import { FakeForum } from '../../api/testing/fake-forum';
import { DraftStore } from '../../drafts/draft-store';
import { openComposerDb } from '../../drafts/local-db';
import { Outbox } from '../../outbox/outbox';
import { configureComposerServices, httpComposerServices, type ComposerServices } from '../services';

let count = 0;

export type ComposerTestRig = {
  forum: FakeForum;
  services: ComposerServices;
  dbName: string;
  /** A "reload": new stores on the same database, as after restarting the app. */
  reload(): Promise<ComposerServices>;
  dispose(): void;
};

export async function installComposerServices(
  opts: { forum?: FakeForum; undoMs?: number; dbName?: string; syncDelayMs?: number } = {},
): Promise<ComposerTestRig> {
  const forum = opts.forum ?? new FakeForum();
  const dbName = opts.dbName ?? `composer-ui-${++count}`;
  const closers: Array<() => void> = [];
  const build = async () => {
    const db = await openComposerDb(dbName);
    const getHttp = async () => forum.http();
    const isOnline = () => !forum.offline;
    const drafts = new DraftStore({ db, getHttp, isOnline, syncDelayMs: opts.syncDelayMs ?? 50 });
    const outbox = new Outbox({
      db,
      getHttp,
      drafts,
      isOnline,
      locks: null,
      undoMs: () => opts.undoMs ?? 300,
    });
    const stopOutbox = outbox.start(window);
    closers.push(() => {
      stopOutbox();
      drafts.sync.cancelAll();
      db.close();
    });
    const services: ComposerServices = { ...httpComposerServices(getHttp), drafts, outbox };
    configureComposerServices(services);
    return services;
  };
  const services = await build();
  return {
    forum,
    services,
    dbName,
    reload: async () => {
      for (const close of closers.splice(0)) close();
      return build();
    },
    dispose: () => {
      for (const close of closers.splice(0)) close();
      configureComposerServices(null);
    },
  };
}
