// Attachments of an incoming email become uploads (behaviour.md §3.6 "Attachments", §6 B 32–35):
// stored once per content under <dataDir>/uploads/<sha1>.<ext>, inline images replace their
// `cid:` reference (or Gmail's "[image: name]" placeholder), files already in the topic are
// not added again, blocked names and types (signatures, vCards, winmail.dat) are dropped, and
// files that cannot be accepted are noted in the post so nobody thinks they arrived.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { access, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attachment } from 'postal-mime';
import type { Db } from '../../db/database';
import type { SiteSettings } from '../../settings/site-settings';
import { nowIso } from '../../util/clock';
import { inboundDb } from './types';
import { imageSize } from '../../uploads/image-size';

export interface StoredAttachment {
  uploadId: number;
  url: string;
  filename: string;
}

export interface AttachmentResult {
  raw: string;
  uploads: StoredAttachment[];
  /** Every attachment that was not accepted, and why. */
  failures: Array<{ filename: string; reason: string }>;
}

const MIME_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
  'message/rfc822': 'eml',
};

const list = (value: string): string[] =>
  value
    .split('|')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(value);
}

export function isBlocked(settings: SiteSettings, filename: string, mimeType: string): boolean {
  if (list(settings.str('blocked_attachment_filenames')).some((p) => globMatch(p, filename))) return true;
  return list(settings.str('blocked_attachment_content_types')).some((p) => globMatch(p, mimeType));
}

/** Attachments that would be kept: report parts and blocked names or types do not count. */
export function keptAttachmentCount(settings: SiteSettings, attachments: readonly Attachment[]): number {
  return attachments.filter((a) => {
    const mime = a.mimeType.toLowerCase();
    if (mime === 'message/delivery-status' || mime === 'text/rfc822-headers') return false;
    return !isBlocked(settings, a.filename ?? '', mime);
  }).length;
}

export function extensionOf(filename: string): string | undefined {
  const m = /\.([a-z0-9]{1,10})$/i.exec(filename.trim());
  return m?.[1]?.toLowerCase();
}

function displayName(a: Attachment, index: number): string {
  const name = (a.filename ?? '').replace(/[\\/\r\n\0]/g, '_').trim();
  if (name) return name.slice(0, 255);
  const ext = MIME_EXTENSIONS[a.mimeType.toLowerCase()];
  return `attachment-${index + 1}${ext ? `.${ext}` : ''}`;
}

const bytesOf = (content: Attachment['content']): Buffer =>
  typeof content === 'string'
    ? Buffer.from(content, 'base64')
    : Buffer.from(content instanceof Uint8Array ? content : new Uint8Array(content));

const cidOf = (a: Attachment): string | undefined => a.contentId?.replace(/^<|>$/g, '').trim() || undefined;

export const isImage = (mime: string): boolean => /^image\/(png|jpe?g|gif|webp|heic|heif|avif)$/i.test(mime);

/** A file name as literal markdown text (names come from strangers). */
const md = (s: string): string => s.replace(/[\\`*_[\]()<>#!|~]/g, '\\$&');

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** Writes the file once: same content, same name, so a retry or a duplicate is a no-op. */
async function storeFile(dataDir: string, name: string, bytes: Buffer): Promise<void> {
  const dir = join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  try {
    await access(path);
    return;
  } catch {
    // not there yet
  }
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/** The upload for these bytes: the existing one with the same content, or a new stored file. */
export async function findOrCreateUpload(
  db: Db,
  dataDir: string,
  userId: number,
  filename: string,
  mimeType: string,
  bytes: Buffer,
): Promise<{ id: number; url: string }> {
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  const existing = await db
    .selectFrom('uploads')
    .select(['id', 'url'])
    .where('sha1', '=', sha1)
    .executeTakeFirst();
  if (existing) return existing;
  const ext = extensionOf(filename) ?? MIME_EXTENSIONS[mimeType.toLowerCase()];
  const stored = ext ? `${sha1}.${ext}` : sha1;
  await storeFile(dataDir, stored, bytes);
  const url = `/uploads/${stored}`;
  const size = isImage(mimeType) ? imageSize(bytes) : undefined;
  const row = await db
    .insertInto('uploads')
    .values({
      user_id: userId,
      original_filename: filename,
      filesize: bytes.length,
      mime_type: mimeType.toLowerCase(),
      sha1,
      extension: ext ?? null,
      url,
      width: size?.width ?? null,
      height: size?.height ?? null,
      created_at: nowIso(),
    })
    .returning(['id', 'url'])
    .executeTakeFirstOrThrow();
  return row;
}

async function alreadyInTopic(db: Db, topicId: number | undefined, uploadId: number): Promise<boolean> {
  if (topicId === undefined) return false;
  const row = await inboundDb(db)
    .selectFrom('post_uploads')
    .innerJoin('posts', 'posts.id', 'post_uploads.post_id')
    .select('posts.id')
    .where('post_uploads.upload_id', '=', uploadId)
    .where('posts.topic_id', '=', topicId)
    .where('posts.deleted_at', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}

export interface AttachmentInput {
  dataDir: string;
  userId: number;
  /** The topic replied to; undefined for a new topic. */
  topicId: number | undefined;
  raw: string;
  /** Email to a group address: allow_all_attachments_for_group_messages applies. */
  groupMessage: boolean;
}

export async function processAttachments(
  db: Db,
  settings: SiteSettings,
  attachments: readonly Attachment[],
  input: AttachmentInput,
): Promise<AttachmentResult> {
  let raw = input.raw;
  const uploads: StoredAttachment[] = [];
  const failures: AttachmentResult['failures'] = [];
  const allowed = list(settings.str('authorized_extensions'));
  const anyType =
    allowed.includes('*') ||
    (input.groupMessage && settings.bool('allow_all_attachments_for_group_messages'));
  const maxBytes = settings.int('max_attachment_size_kb') * 1024;
  const appended: string[] = [];
  for (const [index, a] of attachments.entries()) {
    const mime = a.mimeType.toLowerCase();
    // Parts of a delivery report are not files anyone attached.
    if (mime === 'message/delivery-status' || mime === 'text/rfc822-headers') continue;
    const filename = displayName(a, index);
    if (isBlocked(settings, filename, mime)) continue;
    const bytes = bytesOf(a.content);
    if (bytes.length === 0) continue;
    if (bytes.length > maxBytes) {
      failures.push({ filename, reason: `it is larger than ${humanSize(maxBytes)}` });
      continue;
    }
    const ext = extensionOf(filename) ?? MIME_EXTENSIONS[mime];
    if (!anyType && !(ext && allowed.includes(ext))) {
      failures.push({ filename, reason: 'files of this type are not allowed' });
      continue;
    }
    const upload = await findOrCreateUpload(db, input.dataDir, input.userId, filename, mime, bytes);
    uploads.push({ uploadId: upload.id, url: upload.url, filename });
    const cid = cidOf(a);
    const image = isImage(mime);
    if (cid && raw.includes(`cid:${cid}`)) {
      raw = raw.split(`cid:${cid}`).join(upload.url);
      continue;
    }
    const placeholder = `[image: ${a.filename ?? ''}]`;
    if (image && a.filename && raw.includes(placeholder)) {
      raw = raw.replace(placeholder, `![${md(filename)}](${upload.url})`);
      continue;
    }
    if (await alreadyInTopic(db, input.topicId, upload.id)) continue;
    if (appended.includes(upload.url)) continue;
    appended.push(upload.url);
    raw += image
      ? `\n\n![${md(filename)}](${upload.url})`
      : `\n\n[${md(filename)}](${upload.url}) (${humanSize(bytes.length)})`;
  }
  for (const f of failures) raw += `\n\n*(Attachment ${md(f.filename)} missing)*`;
  return { raw, uploads, failures };
}

/** Links a post to the uploads it shows, for GET /uploads access checks. */
export async function linkUploads(
  db: Db,
  postId: number,
  uploads: readonly StoredAttachment[],
): Promise<void> {
  for (const u of uploads)
    await inboundDb(db)
      .insertInto('post_uploads')
      .values({ post_id: postId, upload_id: u.uploadId })
      .onConflict((oc) => oc.doNothing())
      .execute();
}
