// The built client served by the forum: files at /, index.html for the client's own routes when
// a browser asks for a page, JSON 404s for the API and missing assets; and `npm run server`
// saying whether it found a built client.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createForum, type Forum } from '../main';
import { startServerProcess } from '../testing/spawn-server';

let forum: Forum;
let dataDir: string;
let rendererDir: string;
const HTML = { accept: 'text/html,application/xhtml+xml' };

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'foyer-static-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'foyer-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Foyer client</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  forum = await createForum({ dataDir, rendererDir });
});
afterEach(async () => {
  await forum.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  forum.app.inject({ method: 'GET', url, headers });

describe('serving the client', () => {
  it('serves index.html at / and for client routes, and the assets', async () => {
    for (const url of ['/', '/inbox', '/mailbox/group:support', '/thread/12?post=3']) {
      const res = await get(url, HTML);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('Foyer client');
    }
    const js = await get('/assets/app.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it('keeps API paths, missing assets and non-page requests as JSON 404s', async () => {
    for (const url of [
      '/foyer/nope',
      '/drafts/x/y',
      '/t/abc/def/ghi',
      '/assets/missing.js',
      '/nothing.json',
    ]) {
      const res = await get(url, HTML);
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error_type: 'not_found' });
    }
    expect((await get('/inbox', { accept: 'application/json' })).statusCode).toBe(404);
    expect((await get('/foyer/setup.json')).json()).toEqual({ needs_setup: true });
  });
});

describe('npm run server', () => {
  it('says how to build the client when there is none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'foyer-no-renderer-'));
    const server = await startServerProcess([
      '--data',
      dataDir + '-srv',
      '--port',
      '0',
      '--renderer-dir',
      empty,
    ]);
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(server.output()).toContain('run npm run build:renderer');
      const res = await fetch(`${server.url}/`, { headers: HTML });
      expect(await res.text()).toContain('npm run build:renderer');
    } finally {
      await server.stop();
      rmSync(empty, { recursive: true, force: true });
      rmSync(dataDir + '-srv', { recursive: true, force: true });
    }
  });

  it('serves a built client at / and says so', async () => {
    const server = await startServerProcess([
      '--data',
      dataDir + '-srv2',
      '--port',
      '0',
      '--renderer-dir',
      rendererDir,
    ]);
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(server.output()).toContain(`Serving the Foyer client from ${rendererDir}`);
      const res = await fetch(`${server.url}/inbox`, { headers: HTML });
      expect(await res.text()).toContain('Foyer client');
    } finally {
      await server.stop();
      rmSync(dataDir + '-srv2', { recursive: true, force: true });
    }
  });
});
