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

const siteInfoSchema = z.object({ title: z.string(), description: z.string().nullish() });
export type SiteInfo = z.infer<typeof siteInfoSchema>;

export async function fetchSiteInfo(http: AxiosInstance, signal?: AbortSignal): Promise<SiteInfo> {
  const response = await http.get<unknown>('/site/basic-info.json', { signal });
  return siteInfoSchema.parse(response.data);
}
