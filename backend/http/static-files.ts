// Serves the built renderer at / so a team can use Foyer in a browser, with index.html for
// client-side routes. API paths (*.json and Discourse's prefixes) never fall through to it.
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MISSING_RENDERER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Foyer</title></head>
<body><main><h1>Foyer</h1><p>The forum is running, but the client has not been built yet.
Run <code>npm run build:renderer</code> (or <code>npm start</code>) and reload.</p></main></body></html>`;

export async function registerStatic(app: FastifyInstance, rendererDir: string): Promise<void> {
  const index = join(rendererDir, 'index.html');
  if (existsSync(index)) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
    });
  }
  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (
      path.endsWith('.json') ||
      /^\/(admin|session|posts|t|u|users|groups|topics|notifications|site)\//.test(path)
    ) {
      return reply
        .code(404)
        .send({ errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
    }
    if (existsSync(index)) return reply.type('text/html').sendFile('index.html');
    return reply.type('text/html').send(MISSING_RENDERER);
  });
}
