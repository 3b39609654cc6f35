// Recipient autocomplete: Discourse's GET /u/search/users.json with groups. Staged (email-only)
// people are never returned by design (no address-to-account oracle), so the recipient field
// treats anything shaped like an address as an email recipient itself.
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

const searchResponse = z
  .object({
    users: z.array(z.object({ username: z.string(), name: z.string().nullish() }).loose()).default([]),
    groups: z.array(z.object({ name: z.string(), full_name: z.string().nullish() }).loose()).default([]),
  })
  .loose();

export type RecipientSuggestion =
  | { kind: 'user'; name: string; displayName: string | null }
  | { kind: 'group'; name: string; displayName: string | null };

export async function searchRecipients(
  http: AxiosInstance,
  term: string,
  signal?: AbortSignal,
): Promise<RecipientSuggestion[]> {
  const response = await http.get<unknown>('/u/search/users.json', {
    params: { term, include_groups: true, include_messageable_groups: true },
    signal,
  });
  const body = searchResponse.parse(response.data);
  return [
    ...body.users.map((u) => ({ kind: 'user' as const, name: u.username, displayName: u.name ?? null })),
    ...body.groups.map((g) => ({ kind: 'group' as const, name: g.name, displayName: g.full_name ?? null })),
  ];
}

/** Mention autocomplete uses the same search, users only. */
export async function searchMentionableUsers(
  http: AxiosInstance,
  term: string,
  signal?: AbortSignal,
): Promise<Array<{ username: string; name: string | null }>> {
  const response = await http.get<unknown>('/u/search/users.json', { params: { term }, signal });
  return searchResponse
    .parse(response.data)
    .users.map((u) => ({ username: u.username, name: u.name ?? null }));
}
