// Serves the built renderer at / so a team can use Foyer in a browser. Client-side routes
// (/inbox, /t/12 in the app's own router…) get index.html when a browser asks for a page: a
// GET that accepts text/html, for a path with no file extension outside the API. API paths
// (*.json, Discourse's and Foyer's prefixes) and missing assets stay JSON 404s.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MISSING_RENDERER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Foyer</title></head>
<body><main><h1>Foyer</h1><p>The forum is running, but the client has not been built yet.
Run <code>npm run build:renderer</code> (or <code>npm start</code>) and reload.</p></main></body></html>`;

/** First path segments that belong to the API (Discourse's and Foyer's), never to the client. */
const API_PREFIX =
  /^\/(admin|session|posts|t|u|users|groups|topics|notifications|site|foyer|drafts|uploads|search|email|letter_avatar_proxy)(\/|$)/;

export function rendererBuilt(rendererDir: string): boolean {
  return existsSync(join(rendererDir, 'index.html'));
}

/** Whether a request not matched by any route is a browser asking for one of the client's pages. */
export function isClientPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '';
  if (API_PREFIX.test(path)) return false;
  // A last segment with an extension is a file (an asset, a .json): missing means 404.
  if (/\.[A-Za-z0-9]{1,8}$/.test(path)) return false;
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}

export async function registerStatic(app: FastifyInstance, rendererDir: string): Promise<void> {
  const built = rendererBuilt(rendererDir);
  if (built) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
    });
  }
  app.get('/*', async (req, reply) => {
    if (!isClientPage(req))
      return reply
        .code(404)
        .send({ errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
    if (built) return reply.type('text/html').sendFile('index.html');
    return reply.type('text/html').send(MISSING_RENDERER);
  });
  if (!built) app.get('/', async (_req, reply) => reply.type('text/html').send(MISSING_RENDERER));
}
