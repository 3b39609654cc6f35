// Discourse's admin email routes for received mail (architecture.md "Email is real"): piping a
// raw email in (POST /admin/email/handle_mail, what Discourse's mail-receiver uses), the received
// and rejected lists, one record with its raw text, releasing mail held for DMARC review — all
// staff only, because raw mail and staged users' addresses are (quality.md "Security"). Plus
// GET /uploads/…, which serves an email's attachment to staff and to people who can see a
// post that shows it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../shared/domain/errors';
import type { Db } from '../../db/database';
import type { IncomingEmail, User } from '../../db/schema';
import { releaseHeldEmail } from '../../email/inbound/dmarc-hold';
import { describeError, receiveEmail } from '../../email/inbound/receive-email';
import { inboundDb } from '../../email/inbound/types';
import { canSeeTopic } from '../../policy/guardian';
import type { ForumContext } from '../../services/context';
import { findUserById, isStaff } from '../../users/users-repository';
import { bodyOf, idParam, param, queryOf, requireActor, requireStaff } from '../route-helpers';
import { basicUser } from '../serializers/user-summary';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

function handleMailBody(req: FastifyRequest): Buffer {
  const body = bodyOf(req);
  const encoded = body.email_encoded;
  if (typeof encoded === 'string' && encoded.trim() !== '') {
    // A form post that did not percent-encode "+" turns it into a space; base64 has no spaces.
    const clean = encoded.replace(/ /g, '+').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean))
      throw new DomainError('invalid_parameters', { detail: 'email_encoded must be base64 (RFC 4648).' });
    return Buffer.from(clean, 'base64');
  }
  if (typeof body.email === 'string' && body.email !== '') return Buffer.from(body.email, 'utf8');
  throw new DomainError('invalid_parameters', {
    detail: 'send the raw email base64-encoded in email_encoded (or as text in email).',
  });
}

function pageOf(q: Record<string, unknown>): { offset: number; limit: number } {
  const num = (v: unknown, d: number) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : d);
  return { offset: num(q.offset, 0), limit: Math.min(MAX_PAGE, Math.max(1, num(q.limit, DEFAULT_PAGE))) };
}

async function postUrl(db: Db, row: IncomingEmail): Promise<string | undefined> {
  if (row.post_id === null) return undefined;
  const p = await db
    .selectFrom('posts')
    .innerJoin('topics', 'topics.id', 'posts.topic_id')
    .select(['topics.slug', 'topics.id', 'posts.post_number'])
    .where('posts.id', '=', row.post_id)
    .executeTakeFirst();
  return p ? `/t/${p.slug}/${p.id}/${p.post_number}` : undefined;
}

async function listRow(db: Db, row: IncomingEmail) {
  const user = row.user_id === null ? undefined : await findUserById(db, row.user_id);
  const url = await postUrl(db, row);
  return {
    id: row.id,
    created_at: row.created_at,
    from_address: row.from_address,
    to_addresses: row.to_addresses,
    cc_addresses: row.cc_addresses,
    subject: row.subject,
    error: row.error,
    status: row.status,
    ...(url ? { post_url: url } : {}),
    ...(user ? { user: basicUser(user) } : {}),
  };
}

async function list(ctx: ForumContext, req: FastifyRequest, errored: boolean) {
  requireStaff(req);
  const q = queryOf(req);
  const { offset, limit } = pageOf(q);
  let query = ctx.db.selectFrom('incoming_emails').selectAll();
  query = errored ? query.where('error', 'is not', null) : query.where('error', 'is', null);
  // Discourse's filters: substrings of from, to, subject and error.
  const like = (v: unknown) => `%${String(v).replace(/[\\%_]/g, '\\$&')}%`;
  for (const [field, column] of [
    ['from', 'from_address'],
    ['to', 'to_addresses'],
    ['subject', 'subject'],
    ['error', 'error'],
  ] as const) {
    const v = q[field];
    if (typeof v === 'string' && v.trim() !== '')
      query = query.where((eb) => eb(eb.fn('lower', [eb.ref(column)]), 'like', like(v.trim().toLowerCase())));
  }
  // Foyer's exact filter: the mail one account sent in (a staged user's email history).
  if (typeof q.user_id === 'string' && /^\d{1,9}$/.test(q.user_id))
    query = query.where('user_id', '=', Number(q.user_id));
  const rows = await query.orderBy('id', 'desc').offset(offset).limit(limit).execute();
  const out = [];
  for (const row of rows) out.push(await listRow(ctx.db, row));
  return out;
}

async function serveUpload(ctx: ForumContext, req: FastifyRequest, reply: FastifyReply) {
  const file = param(req, 'file');
  if (!/^[0-9a-f]{40}(\.[a-z0-9]{1,10})?$/.test(file)) throw new DomainError('not_found');
  const actor: User = requireActor(req);
  const upload = await ctx.db
    .selectFrom('uploads')
    .selectAll()
    .where('url', '=', `/uploads/${file}`)
    .executeTakeFirst();
  if (!upload) throw new DomainError('not_found');
  const uploadedIt = await ctx.db
    .selectFrom('upload_owners')
    .select('user_id')
    .where('upload_id', '=', upload.id)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  if (!isStaff(actor) && !uploadedIt) {
    const topics = await inboundDb(ctx.db)
      .selectFrom('post_uploads')
      .innerJoin('posts', 'posts.id', 'post_uploads.post_id')
      .innerJoin('topics', 'topics.id', 'posts.topic_id')
      .selectAll('topics')
      .where('post_uploads.upload_id', '=', upload.id)
      .where('posts.deleted_at', 'is', null)
      .execute();
    let allowed = false;
    for (const t of topics) if (!allowed && (await canSeeTopic(ctx.db, actor, t))) allowed = true;
    // Not found rather than forbidden: whether an upload exists is itself private.
    if (!allowed) throw new DomainError('not_found');
  }
  const path = join(ctx.dataDir, 'uploads', file);
  if (!existsSync(path)) throw new DomainError('not_found');
  // Only raster images render inline; anything else (HTML, SVG, PDF…) is a download, and the
  // sandbox CSP keeps a sniffed document from running script on our origin.
  const inline = /^image\/(png|jpe?g|gif|webp|avif|heic|heif)$/.test(upload.mime_type);
  const name = encodeURIComponent(upload.original_filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return reply
    .header('Content-Type', inline ? upload.mime_type : 'application/octet-stream')
    .header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, max-age=31536000, immutable')
    .send(createReadStream(path));
}

export function registerAdminIncomingEmailRoutes(app: FastifyInstance, ctx: ForumContext): void {
  const handleMail = async (req: FastifyRequest, reply: FastifyReply) => {
    requireStaff(req);
    if (!ctx.settings.bool('manual_polling_enabled'))
      return reply.code(403).send({
        errors: [
          'Receiving email through handle_mail is turned off: an admin must turn on the manual_polling_enabled site setting.',
        ],
        error_type: 'invalid_access',
      });
    const outcome = await receiveEmail(ctx, handleMailBody(req), { source: 'handle_mail' });
    return {
      status: outcome.status,
      incoming_email_id: outcome.incomingEmailId,
      ...(outcome.errorCode ? { error: outcome.errorCode } : {}),
      ...(outcome.postId !== undefined ? { post_id: outcome.postId } : {}),
      ...(outcome.topicId !== undefined ? { topic_id: outcome.topicId } : {}),
    };
  };
  app.post('/admin/email/handle_mail', handleMail);
  app.post('/admin/email/handle_mail.json', handleMail);

  app.get('/admin/email/received.json', (req) => list(ctx, req, false));
  app.get('/admin/email/rejected.json', (req) => list(ctx, req, true));

  app.get('/admin/email/incoming/:id.json', async (req) => {
    requireStaff(req);
    const row = await inboundDb(ctx.db)
      .selectFrom('incoming_emails')
      .leftJoin('incoming_email_raws', 'incoming_email_raws.incoming_email_id', 'incoming_emails.id')
      .selectAll('incoming_emails')
      .select('incoming_email_raws.raw')
      .where('incoming_emails.id', '=', idParam(req))
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found');
    return {
      ...(await listRow(ctx.db, row)),
      message_id: row.message_id,
      source: row.source,
      error_description: describeError(row.error),
      rejection_message: row.rejection_message,
      is_auto_generated: row.is_auto_generated === 1,
      is_bounce: row.is_bounce === 1,
      auth_results: row.auth_results,
      post_id: row.post_id,
      topic_id: row.topic_id,
      updated_at: row.updated_at,
      raw: row.raw ?? '',
    };
  });

  app.put('/admin/email/incoming/:id/release.json', async (req) => {
    requireStaff(req);
    const outcome = await releaseHeldEmail(ctx, idParam(req));
    return {
      status: outcome.status,
      incoming_email_id: outcome.incomingEmailId,
      ...(outcome.errorCode ? { error: outcome.errorCode } : {}),
      ...(outcome.postId !== undefined ? { post_id: outcome.postId } : {}),
      ...(outcome.topicId !== undefined ? { topic_id: outcome.topicId } : {}),
    };
  });

  app.get('/uploads/:file', (req, reply) => serveUpload(ctx, req, reply));
}
