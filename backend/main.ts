// Composition root of the forum: open the database, load settings, wire outgoing mail and
// the job runner, build the HTTP app.
import type { FastifyInstance } from 'fastify';
import { openDatabase, type OpenedDatabase } from './db/database';
import { buildApp } from './http/app';
import { jobHandlers, recurringJobs } from './jobs/handlers';
import { JobRunner } from './jobs/runner';
import type { ForumContext, MailTransport } from './services/context';
import { SiteSettings } from './settings/site-settings';
import { ForumEvents } from './events/forum-events';

export interface Forum {
  ctx: ForumContext;
  app: FastifyInstance;
  database: OpenedDatabase;
  jobs: JobRunner;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Public URL for links in emails; the server sets it to its listening address when not given. */
  baseUrl?: string;
  mail?: MailTransport | null;
}

export interface ForumOptions extends ContextOptions {
  dataDir: string;
  launchToken?: string;
  rendererDir?: string;
  logger?: boolean;
  /** Run due jobs in the background (the server does; tests drain the queue themselves). */
  runJobs?: boolean;
}

export async function openContext(
  dataDir: string,
  opts: ContextOptions = {},
): Promise<{ ctx: ForumContext; database: OpenedDatabase }> {
  const database = await openDatabase(dataDir);
  const settings = new SiteSettings(database.db);
  await settings.load();
  return {
    ctx: {
      db: database.db,
      settings,
      baseUrl: opts.baseUrl ?? 'http://127.0.0.1',
      mail: opts.mail ?? null,
      dataDir,
      events: new ForumEvents(),
    },
    database,
  };
}

export async function createForum(opts: ForumOptions): Promise<Forum> {
  const { ctx, database } = await openContext(opts.dataDir, opts);
  const jobs = new JobRunner(ctx, {
    handlers: jobHandlers,
    recurring: recurringJobs,
    onError: (job, e) => {
      if (opts.logger !== false) console.error(`job ${job.id} (${job.type}) failed:`, e);
    },
  });
  const app = await buildApp({
    ctx,
    ...(opts.launchToken ? { launchToken: opts.launchToken } : {}),
    ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
    logger: opts.logger ?? false,
  });
  await app.ready();
  if (opts.runJobs) jobs.start();
  return {
    ctx,
    app,
    database,
    jobs,
    async close() {
      await jobs.stop();
      await app.close();
      await database.close();
    },
  };
}
