// Discourse's POST /uploads.json for the composer: size and extension checked against
// max_attachment_size_kb and authorized_extensions (blocked names and types as for email
// attachments), stored once per content in the same store as email attachments, and recorded
// as the uploader's so they can show it before sending and link it into their posts.
import type { Upload, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { extensionOf, findOrCreateUpload, humanSize, isBlocked } from '../email/inbound/attachments';
import type { ForumContext } from '../services/context';
import { nowIso } from '../util/clock';

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

const list = (value: string): string[] =>
  value
    .split('|')
    .map((s) => s.trim().toLowerCase().replace(/^\./, ''))
    .filter(Boolean);

export function maxUploadBytes(ctx: ForumContext): number {
  return ctx.settings.int('max_attachment_size_kb') * 1024;
}

export async function createComposerUpload(
  ctx: ForumContext,
  actor: User,
  file: { name: string; type: string; bytes: Buffer },
): Promise<Upload> {
  const filename =
    file.name
      .replace(/[\\/\r\n\0]/g, '_')
      .trim()
      .slice(0, 255) || 'upload';
  const max = maxUploadBytes(ctx);
  if (file.bytes.length === 0) throw new DomainError('validation_failed', { detail: 'The file is empty.' });
  if (file.bytes.length > max) throw new DomainError('upload_too_large', { max: humanSize(max) });
  const extension = extensionOf(filename);
  const allowed = list(ctx.settings.str('authorized_extensions'));
  const mime =
    (extension && MIME_BY_EXTENSION[extension]) || file.type.toLowerCase() || 'application/octet-stream';
  if (!allowed.includes('*') && !(extension && allowed.includes(extension)))
    throw new DomainError('upload_extension_not_allowed', { allowed: allowed.join(', ') });
  if (isBlocked(ctx.settings, filename, mime))
    throw new DomainError('upload_extension_not_allowed', { allowed: allowed.join(', ') });
  const { id } = await findOrCreateUpload(ctx.db, ctx.dataDir, actor.id, filename, mime, file.bytes);
  await ctx.db
    .insertInto('upload_owners')
    .values({ upload_id: id, user_id: actor.id, created_at: nowIso() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const upload = await ctx.db
    .selectFrom('uploads')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  // The same bytes uploaded again under another name keep the stored row; answer with this name.
  return { ...upload, original_filename: filename };
}
