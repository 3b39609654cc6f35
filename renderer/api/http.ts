// The renderer's one HTTP client. In a browser the page is served by the forum itself, so
// relative URLs reach it. Inside the desktop app the preload bridge names the loopback
// backend and its per-launch token, which the backend demands on every request.
// Responses are parsed with zod: the renderer trusts no shape it has not checked.
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { FoyerBridge } from '../../shared/ipc/channels';

declare global {
  interface Window {
    /** Present only inside the desktop app (electron/preload). */
    foyer?: FoyerBridge;
  }
}

export async function createHttpClient(
  bridge: FoyerBridge | undefined = window.foyer,
): Promise<AxiosInstance> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    // Discourse treats requests without it as page loads in places; its own client sends it.
    'X-Requested-With': 'XMLHttpRequest',
  };
  if (!bridge) return axios.create({ headers, timeout: 15_000 });
  const { url, token } = await bridge.backend();
  return axios.create({
    baseURL: url,
    headers: { ...headers, 'X-Foyer-Launch-Token': token },
    timeout: 15_000,
  });
}

/**
 * Which forum this client talks to, as a stable name for local data kept per forum (drafts,
 * outbox): its origin, except for the desktop app's own bundled forum (the one that demands a
 * launch token), whose port changes at every launch while the forum stays the same.
 */
export function forumIdentity(client: AxiosInstance, page: string = window.location.href): string {
  if (typeof client.defaults.headers['X-Foyer-Launch-Token'] === 'string') return 'desktop-bundled-forum';
  return new URL(client.defaults.baseURL ?? '/', page).origin;
}

/** axios keeps per-method defaults beside the headers themselves; those are not headers. */
const METHOD_BUCKETS = new Set(['common', 'delete', 'get', 'head', 'post', 'put', 'patch', 'options']);
/** These describe one request's body and wanted answer, not who is asking. */
const PER_REQUEST = new Set(['accept', 'content-type']);

/**
 * The headers this client sends with every request (the desktop app's launch token, an API key,
 * X-Requested-With), for requests made without axios: the live event stream reads its
 * response as it arrives, which axios in a browser cannot do.
 */
export function clientHeaders(client: AxiosInstance): Record<string, string> {
  const all = client.defaults.headers as unknown as Record<string, unknown>;
  const common = (all.common ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...common, ...all })) {
    const lower = name.toLowerCase();
    if (typeof value === 'string' && !METHOD_BUCKETS.has(lower) && !PER_REQUEST.has(lower)) out[name] = value;
  }
  return out;
}

const siteInfoSchema = z.object({ title: z.string(), description: z.string().nullish() });
export type SiteInfo = z.infer<typeof siteInfoSchema>;

export async function fetchSiteInfo(http: AxiosInstance, signal?: AbortSignal): Promise<SiteInfo> {
  const response = await http.get<unknown>('/site/basic-info.json', { signal });
  return siteInfoSchema.parse(response.data);
}
