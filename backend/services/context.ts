// What every service receives: the database and the site settings. Built once in main.ts.
import type { Db } from '../db/database';
import type { SiteSettings } from '../settings/site-settings';

export interface ForumContext {
  db: Db;
  settings: SiteSettings;
}
