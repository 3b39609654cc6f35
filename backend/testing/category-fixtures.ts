// Categories for tests, made through the same service the API uses (as an admin), so a test
// category has exactly the rows a real one has.
import type { Category } from '../db/schema';
import { createCategory } from '../services/save-category';
import type { TestForum } from './forum-fixture';

export async function testCategory(forum: TestForum, fields: Record<string, unknown>): Promise<Category> {
  const admin = await forum.ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  return createCategory(forum.ctx, admin, fields);
}
