// When a post is written, the uploads its raw shows (by short or served URL) are linked to it,
// so everyone who can read the post may fetch them. Only the author's own uploads are linked:
// quoting another PM's file URL never opens that file to a new audience.
import type { Db } from '../db/database';
import { uploadShas } from './short-url';

export async function linkPostUploads(db: Db, postId: number, authorId: number, raw: string): Promise<void> {
  const shas = uploadShas(raw);
  if (shas.length === 0) return;
  const owned = await db
    .selectFrom('uploads')
    .innerJoin('upload_owners', 'upload_owners.upload_id', 'uploads.id')
    .select('uploads.id')
    .where('uploads.sha1', 'in', shas)
    .where('upload_owners.user_id', '=', authorId)
    .execute();
  if (owned.length === 0) return;
  await db
    .insertInto('post_uploads')
    .values(owned.map((u) => ({ post_id: postId, upload_id: u.id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
