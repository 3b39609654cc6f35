// Topic lists show an excerpt of the first post; computing it per row on every list request
// cost more than the list query itself, so it is stored when the first post is written.
import { sql, type Kysely } from 'kysely';
import { excerptFromCooked } from '../../cook/excerpt';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('topics').addColumn('excerpt', 'text').execute();
  const firsts = await sql<{
    topic_id: number;
    cooked: string;
  }>`SELECT topic_id, cooked FROM posts WHERE post_number = 1`.execute(db);
  for (const row of firsts.rows) {
    await sql`UPDATE topics SET excerpt = ${excerptFromCooked(row.cooked)} WHERE id = ${row.topic_id}`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('topics').dropColumn('excerpt').execute();
}
