// Sending posts: Discourse's POST /posts.json, made safe to retry with an Idempotency-Key header
// (the same key on every attempt, so a lost response never makes a second post), and Foyer's
// send-later endpoint, which the backend executes even while the app is closed.
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

/** The fields of Discourse's POST /posts.json that the composer sends. */
export type PostFields = {
  raw: string;
  title?: string;
  /** Usernames, group names and email addresses in one comma list. */
  target_recipients?: string;
  archetype?: 'private_message';
  topic_id?: number;
  reply_to_post_number?: number;
  draft_key?: string;
};

const createdPost = z.object({ id: z.number(), topic_id: z.number(), post_number: z.number() }).loose();

export type CreatedPost = { postId: number; topicId: number; postNumber: number };

export async function createPost(
  http: AxiosInstance,
  fields: PostFields,
  idempotencyKey: string,
): Promise<CreatedPost> {
  const response = await http.post<unknown>('/posts.json', fields, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  const post = createdPost.parse(response.data);
  return { postId: post.id, topicId: post.topic_id, postNumber: post.post_number };
}

const scheduledPost = z
  .object({
    id: z.number(),
    send_at: z.string(),
    title: z.string().nullish(),
    raw: z.string().nullish(),
    target_recipients: z.string().nullish(),
    topic_id: z.number().nullish(),
    /** scheduled, or failed (the forum refused it at send time; `error` says why). */
    status: z.string().nullish(),
    error: z.string().nullish(),
  })
  .loose();

export type ScheduledPost = z.infer<typeof scheduledPost>;

/**
 * POST /foyer/scheduled-posts.json: the backend sends it at `sendAt`. The Idempotency-Key works as
 * for POST /posts.json: a retry with the same key gets the same scheduled post back.
 */
export async function schedulePost(
  http: AxiosInstance,
  fields: PostFields,
  sendAt: string,
  idempotencyKey: string,
): Promise<ScheduledPost> {
  const response = await http.post<unknown>(
    '/foyer/scheduled-posts.json',
    { ...fields, send_at: sendAt },
    { headers: { 'Idempotency-Key': idempotencyKey } },
  );
  // Accept both Discourse's wrapped style ({ scheduled_post: … }) and a bare object.
  const wrapped = z.object({ scheduled_post: scheduledPost }).safeParse(response.data);
  return wrapped.success ? wrapped.data.scheduled_post : scheduledPost.parse(response.data);
}

export async function listScheduledPosts(
  http: AxiosInstance,
  signal?: AbortSignal,
): Promise<ScheduledPost[]> {
  const response = await http.get<unknown>('/foyer/scheduled-posts.json', { signal });
  return z.object({ scheduled_posts: z.array(scheduledPost) }).parse(response.data).scheduled_posts;
}

export async function cancelScheduledPost(http: AxiosInstance, id: number): Promise<void> {
  await http.delete(`/foyer/scheduled-posts/${id}.json`);
}
