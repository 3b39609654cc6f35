// Discourse's POST /uploads.json (multipart: file, type=composer). The body is read into memory
// (bounded by max_attachment_size_kb, refused early by Content-Length) and parsed with the
// multipart parser built into Node (undici's FormData); @fastify/multipart would stream it
// instead but is not a dependency. Files are served by the existing GET /uploads/:file.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { Upload } from '../../db/schema';
import { humanSize } from '../../email/inbound/attachments';
import type { ForumContext } from '../../services/context';
import { createComposerUpload, maxUploadBytes } from '../../uploads/composer-upload';
import { shortUrl } from '../../uploads/short-url';
import { requireActor } from '../route-helpers';

/** Room for the multipart framing and the small fields around the file. */
const FRAMING_BYTES = 64 * 1024;
/** Whatever the setting says, no single request body is held beyond this. */
const HARD_BODY_LIMIT = 512 * 1024 * 1024;

export function uploadJson(u: Upload) {
  const short = shortUrl(u.sha1, u.extension);
  return {
    id: u.id,
    url: u.url,
    original_filename: u.original_filename,
    filesize: u.filesize,
    // Discourse sends null for files that are not images.
    width: u.width,
    height: u.height,
    thumbnail_width: u.width,
    thumbnail_height: u.height,
    extension: u.extension ?? '',
    short_url: short,
    short_path: `/uploads/short-url/${short.slice('upload://'.length)}`,
    retain_hours: null,
    human_filesize: humanSize(u.filesize),
    dominant_color: null,
    thumbnail: null,
  };
}

async function formOf(req: FastifyRequest): Promise<FormData> {
  const type = req.headers['content-type'] ?? '';
  try {
    return await new Response(new Uint8Array(req.body as Buffer), {
      headers: { 'content-type': type },
    }).formData();
  } catch {
    throw new DomainError('invalid_parameters', {
      detail: 'send the file as multipart/form-data with a "file" field and type=composer.',
    });
  }
}

export function registerUploadRoutes(app: FastifyInstance, ctx: ForumContext): void {
  // Scoped: only this route accepts multipart bodies.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: HARD_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    // A too-large upload is refused from its Content-Length, before its bytes are read.
    scope.addHook('preParsing', async (req) => {
      const length = Number(req.headers['content-length'] ?? 0);
      const max = maxUploadBytes(ctx);
      if (length > max + FRAMING_BYTES) throw new DomainError('upload_too_large', { max: humanSize(max) });
    });
    scope.post('/uploads.json', async (req) => {
      const actor = requireActor(req);
      if (!Buffer.isBuffer(req.body))
        throw new DomainError('invalid_parameters', {
          detail: 'send the file as multipart/form-data with a "file" field and type=composer.',
        });
      const form = await formOf(req);
      const type = form.get('type') ?? 'composer';
      if (type !== 'composer')
        throw new DomainError('validation_failed', {
          detail: 'Foyer accepts composer uploads only: send type=composer.',
        });
      const file = form.get('file');
      if (!file || typeof file === 'string')
        throw new DomainError('validation_failed', {
          detail: 'file is required: attach the file as the "file" field.',
        });
      const upload = await createComposerUpload(ctx, actor, {
        name: file.name,
        type: file.type,
        bytes: Buffer.from(await file.arrayBuffer()),
      });
      return uploadJson(upload);
    });
  });
}
