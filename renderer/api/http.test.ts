// @vitest-environment jsdom
// The renderer's HTTP client as the desktop app and a browser build it: the launch token on
// every request (also those made without axios), and a stable name for the forum to keep local
// data under — the page's forum in a browser, the bundled forum in the desktop app whatever
// port it got at this launch.
import { describe, expect, it } from 'vitest';
import type { FoyerBridge } from '../../shared/ipc/channels';
import { clientHeaders, createHttpClient, forumIdentity } from './http';

const bridge = (url: string) =>
  ({ backend: async () => ({ url, token: 'launch-secret' }) }) as unknown as FoyerBridge;

describe('the HTTP client', () => {
  it('names the desktop forum the same at every launch, and a served forum by its origin', async () => {
    const first = await createHttpClient(bridge('http://127.0.0.1:41234'));
    const next = await createHttpClient(bridge('http://127.0.0.1:50111'));
    expect(forumIdentity(first)).toBe(forumIdentity(next));
    const browser = await createHttpClient(undefined);
    expect(forumIdentity(browser, 'https://forum.example.org/#/inbox')).toBe('https://forum.example.org');
    expect(forumIdentity(browser, 'https://other.example.org/')).not.toBe(
      forumIdentity(browser, 'https://forum.example.org/'),
    );
  });

  it('hands its identity headers to requests made without axios, not its Accept', async () => {
    const desktop = await createHttpClient(bridge('http://127.0.0.1:41234'));
    Object.assign(desktop.defaults.headers, { 'Api-Key': 'k', 'Api-Username': 'alice' });
    const headers = clientHeaders(desktop);
    expect(headers).toMatchObject({
      'X-Foyer-Launch-Token': 'launch-secret',
      'X-Requested-With': 'XMLHttpRequest',
      'Api-Key': 'k',
      'Api-Username': 'alice',
    });
    expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain('accept');
  });
});
