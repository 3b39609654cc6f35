// Composition root of the forum: open the database, load settings, build the HTTP app.
import type { FastifyInstance } from 'fastify';
import { openDatabase, type OpenedDatabase } from './db/database';
import { buildApp } from './http/app';
import type { ForumContext } from './services/context';
import { SiteSettings } from './settings/site-settings';

export interface Forum {
  ctx: ForumContext;
  app: FastifyInstance;
  database: OpenedDatabase;
  close(): Promise<void>;
}

export interface ForumOptions {
  dataDir: string;
  launchToken?: string;
  rendererDir?: string;
  logger?: boolean;
}

export async function openContext(dataDir: string): Promise<{ ctx: ForumContext; database: OpenedDatabase }> {
  const database = await openDatabase(dataDir);
  const settings = new SiteSettings(database.db);
  await settings.load();
  return { ctx: { db: database.db, settings }, database };
}

export async function createForum(opts: ForumOptions): Promise<Forum> {
  const { ctx, database } = await openContext(opts.dataDir);
  const app = await buildApp({
    ctx,
    ...(opts.launchToken ? { launchToken: opts.launchToken } : {}),
    ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
    logger: opts.logger ?? false,
  });
  await app.ready();
  return {
    ctx,
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
