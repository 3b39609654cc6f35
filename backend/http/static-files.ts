// Serves the built renderer at / so a team can use Foyer in a browser. Client-side routes
// (/inbox, /t/12 in the app's own router…) get index.html when a browser asks for a page: a
// GET that accepts text/html, for a path with no file extension outside the API. API paths
// (*.json, Discourse's and Foyer's prefixes) and missing assets stay JSON 404s. The pages the
// account emails link to (activation, password reset, invite) are client pages too, although
// they sit under API prefixes: a GET of them only shows the page, which acts on a click.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const MISSING_RENDERER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Foyer</title></head>
<body><main><h1>Foyer</h1><p>The forum is running, but the client has not been built yet.
Run <code>npm run build:renderer</code> (or <code>npm start</code>) and reload.</p></main></body></html>`;

/** First path segments that belong to the API (Discourse's and Foyer's), never to the client. */
const API_PREFIX =
  /^\/(admin|session|posts|t|u|users|groups|topics|notifications|site|foyer|drafts|uploads|search|email|letter_avatar_proxy)(\/|$)/;

/** The links of backend/services/account-emails.ts (and Discourse's /users/ spelling). */
const ACCOUNT_PAGE = /^\/(?:(?:u|users)\/(?:activate-account|password-reset)|invites)\/[A-Za-z0-9_-]+$/;

export function isAccountPage(path: string): boolean {
  return ACCOUNT_PAGE.test(path);
}

export function rendererBuilt(rendererDir: string): boolean {
  return existsSync(join(rendererDir, 'index.html'));
}

/** Whether a request not matched by any route is a browser asking for one of the client's pages. */
export function isClientPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '';
  const wantsHtml = /\btext\/html\b/.test(String(req.headers.accept ?? ''));
  if (isAccountPage(path)) return wantsHtml;
  if (API_PREFIX.test(path)) return false;
  // A last segment with an extension is a file (an asset, a .json): missing means 404.
  if (/\.[A-Za-z0-9]{1,8}$/.test(path)) return false;
  return wantsHtml;
}

/**
 * The build refers to its assets relatively (vite base './', for the desktop app), so a page
 * deeper than the root gets a <base> pointing back up to it; relative, so a forum behind a
 * path prefix keeps working.
 */
export function withBaseHref(html: string, path: string): string {
  const depth = path.split('/').length - 2;
  if (depth <= 0) return html;
  const base = `<base href="${'../'.repeat(depth)}">`;
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${base}`)
    : base + html;
}

async function sendClientPage(req: FastifyRequest, reply: FastifyReply, rendererDir: string) {
  const path = req.url.split('?')[0] ?? '/';
  if (isAccountPage(path))
    // The token is in the address: keep it out of caches and of Referer headers.
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  return reply.type('text/html; charset=utf-8').send(withBaseHref(html, path));
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
    if (built) return sendClientPage(req, reply, rendererDir);
    return reply.type('text/html').send(MISSING_RENDERER);
  });
  if (!built) app.get('/', async (_req, reply) => reply.type('text/html').send(MISSING_RENDERER));
}
