// The forum's HTTP API as the client uses it: Discourse's routes and shapes (plus Foyer's
// /foyer/* additions), every response parsed with zod. No state lives here; stores and
// commands call these functions.
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { ApiError, apiFailure } from './api-error';
import {
  currentUserSchema,
  errorBodySchema,
  mailboxesSchema,
  searchResultSchema,
  setupStateSchema,
  topicListSchema,
  topicPostsSchema,
  topicSchema,
  type CurrentUser,
  type Mailbox,
  type Post,
  type SearchResult,
  type Topic,
  type TopicList,
} from './schemas';

const OK_OR_404 = { validateStatus: (status: number) => status === 200 || status === 404 };

/** null when this server has no first-run setup endpoint (treated as "already set up"). */
export async function fetchSetupState(http: AxiosInstance, signal?: AbortSignal): Promise<boolean | null> {
  const response = await http.get<unknown>('/foyer/setup.json', { signal, ...OK_OR_404 });
  if (response.status === 404) return null;
  return setupStateSchema.parse(response.data).needs_setup;
}

export interface SetupForm {
  name: string;
  username: string;
  email: string;
  password: string;
}

export async function completeSetup(http: AxiosInstance, form: SetupForm): Promise<CurrentUser> {
  try {
    const response = await http.post<unknown>('/foyer/setup.json', form);
    return z.object({ current_user: currentUserSchema }).parse(response.data).current_user;
  } catch (error) {
    throw apiFailure(error, 'First-run setup');
  }
}

/** The signed-in user, or null: Discourse answers 404 when nobody is signed in. */
export async function fetchCurrentUser(
  http: AxiosInstance,
  signal?: AbortSignal,
): Promise<CurrentUser | null> {
  const response = await http.get<unknown>('/session/current.json', { signal, ...OK_OR_404 });
  if (response.status === 404) return null;
  return z.object({ current_user: currentUserSchema }).parse(response.data).current_user;
}

export async function logIn(http: AxiosInstance, login: string, password: string): Promise<void> {
  let data: unknown;
  try {
    data = (await http.post<unknown>('/session.json', { login, password })).data;
  } catch (error) {
    throw apiFailure(error, 'Signing in');
  }
  // Discourse answers a wrong password with HTTP 200 and { error }.
  const failure = errorBodySchema.safeParse(data);
  if (failure.success && failure.data.error) throw new ApiError(failure.data.error, 200);
}

export async function logOut(http: AxiosInstance, username: string): Promise<void> {
  await http.delete(`/session/${encodeURIComponent(username)}.json`);
}

/** null when the server has no /foyer/mailboxes.json (the client then shows the standard folders). */
export async function fetchMailboxes(http: AxiosInstance, signal?: AbortSignal): Promise<Mailbox[] | null> {
  const response = await http.get<unknown>('/foyer/mailboxes.json', { signal, ...OK_OR_404 });
  if (response.status === 404) return null;
  return mailboxesSchema.parse(response.data).mailboxes;
}

/** Discourse writes more_topics_url without ".json"; ask for JSON explicitly. */
export function jsonUrl(url: string): string {
  const [path = '', query] = url.split(/\?(.*)/s);
  const withExt = path.endsWith('.json') ? path : `${path}.json`;
  return query ? `${withExt}?${query}` : withExt;
}

export async function fetchTopicList(
  http: AxiosInstance,
  url: string,
  signal?: AbortSignal,
): Promise<TopicList> {
  try {
    return topicListSchema.parse((await http.get<unknown>(jsonUrl(url), { signal })).data);
  } catch (error) {
    throw apiFailure(error, 'Loading this mailbox');
  }
}

/**
 * A thread with its allowed users and groups (Discourse's PM details; Foyer sends them when asked,
 * with `staged` for people taking part by email, and their address to staff only).
 */
export async function fetchTopic(http: AxiosInstance, id: number, signal?: AbortSignal): Promise<Topic> {
  try {
    const url = `/t/${id}.json?include_allowed_users=true`;
    return topicSchema.parse((await http.get<unknown>(url, { signal })).data);
  } catch (error) {
    throw apiFailure(error, 'Loading this conversation');
  }
}

/** Posts by id (Discourse's getSpecificPostsFromTopic), for the parts of a long thread not in the first chunk. */
export async function fetchPosts(
  http: AxiosInstance,
  topicId: number,
  postIds: readonly number[],
  signal?: AbortSignal,
): Promise<Post[]> {
  if (postIds.length === 0) return [];
  const params = new URLSearchParams();
  for (const id of postIds) params.append('post_ids[]', String(id));
  try {
    const response = await http.get<unknown>(`/t/${topicId}/posts.json?${params}`, { signal });
    return topicPostsSchema.parse(response.data).post_stream.posts;
  } catch (error) {
    throw apiFailure(error, 'Loading messages');
  }
}

/** Discourse's read tracking: milliseconds spent on each post; the highest number read moves the read position. */
export async function postTimings(
  http: AxiosInstance,
  topicId: number,
  postNumbers: readonly number[],
): Promise<void> {
  const timings: Record<string, number> = {};
  for (const n of postNumbers) timings[String(n)] = 1000;
  try {
    await http.post('/topics/timings', { topic_id: topicId, topic_time: 1000, timings });
  } catch (error) {
    throw apiFailure(error, 'Marking as read');
  }
}

export async function setArchived(
  http: AxiosInstance,
  topicId: number,
  archived: boolean,
  groupName?: string,
): Promise<void> {
  const path = archived ? 'archive-message' : 'move-to-inbox';
  try {
    await http.put(`/t/${topicId}/${path}.json`, groupName ? { group_name: groupName } : {});
  } catch (error) {
    throw apiFailure(error, archived ? 'Archiving' : 'Moving to the inbox');
  }
}

export type Invitee = { user: string } | { email: string } | { group: string };

export async function invite(http: AxiosInstance, topicId: number, who: Invitee): Promise<void> {
  try {
    if ('group' in who) await http.post(`/t/${topicId}/invite-group.json`, { group: who.group });
    else await http.post(`/t/${topicId}/invite.json`, who);
  } catch (error) {
    throw apiFailure(error, 'Adding a participant');
  }
}

/** Whether a group by this name exists and is visible (usernames and group names share one namespace). */
export async function groupExists(http: AxiosInstance, name: string): Promise<boolean> {
  const response = await http.get(`/groups/${encodeURIComponent(name)}.json`, {
    validateStatus: (status) => status === 200 || status === 404 || status === 403,
  });
  return response.status === 200;
}

export async function search(http: AxiosInstance, q: string, signal?: AbortSignal): Promise<SearchResult> {
  try {
    const response = await http.get<unknown>('/search.json', { params: { q }, signal });
    return searchResultSchema.parse(response.data);
  } catch (error) {
    throw apiFailure(error, 'Search');
  }
}
